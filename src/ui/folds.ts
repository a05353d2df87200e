// Which side columns of the workspace are folded into the dock, decided by the labs shell (it knows whether
// a lab panel sits beside the app and whether presenter mode is on) and read by the app and the lab panel.
// Why fold: at a laptop size the lab panel, the settings column and the Send column left the picture about
// 330 px wide. While a lab is open the lab drives the settings, so they fold into a dock tab and the modes
// and Send sit at the top of the lab panel; below WIDE_SEND the Send form and the hop list fold too.
import { createContext, useContext } from 'react';
import { mediaHook } from './useNarrow';

export type Folds = {
  /** the lab settings column is a dock tab */
  settings: boolean;
  /** the Send form and the hop list are a dock tab; the lab panel carries the playback controls */
  send: boolean;
  /** the dock starts folded to its tab row (presenter mode on a short screen); a tab opens it */
  dock: boolean;
};

export const NO_FOLDS: Folds = { settings: false, send: false, dock: false };
export const FoldContext = createContext<Folds>(NO_FOLDS);
export const useFolds = () => useContext(FoldContext);

/** At least this wide (CSS px) the Send column stays beside the picture with a lab open (not in presenter
 *  mode). */
export const WIDE_SEND = '(min-width: 1800px)';

/** Presenter mode folds the Send column at every width: the pinned controls atop the lab panel already hold
 *  the modes, Send, the playback and the verdict, so a Send column beside the picture only repeated them —
 *  at 1920×1080 with a lab it held the picture to 865 px. (With no lab chosen the lab panel is slim: just
 *  those controls and the picker, labs.css `[data-nolab]`.) */
export function foldsFor(o: { labs: boolean; present: boolean; narrow: boolean; wideSend: boolean; short?: boolean }): Folds {
  // phones have their own one-column layout (useNarrow); nothing beside the app without a lab panel
  if (o.narrow || !(o.labs || o.present)) return NO_FOLDS;
  return { settings: true, send: o.present || !o.wideSend, dock: o.present && !!o.short };
}

/** Below this height presenter mode folds the dock to its tab row: at 1280×720 with A+ the route tables under
 *  the picture left it ~240 px tall, less than one node card at the presenter's type size (cards were cut in
 *  half). 1280×800, 1366×768 and 1024×768 projectors are below it too; 1920×1080 and 1920×1200 keep the dock. */
export const SHORT_PRESENT = '(max-height: 860px)';

export const useWideSend = mediaHook(WIDE_SEND);
export const useShortScreen = mediaHook(SHORT_PRESENT);
