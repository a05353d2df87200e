// On a phone the lab player cannot sit beside the app: the labs shell hands it to the app instead, which
// puts it right under the picture (the step beside the packet it plays). Elsewhere the slot is empty and
// the shell keeps the player in its own column.
import { createContext, type ReactNode } from 'react';

export const LabPanelSlot = createContext<ReactNode>(null);

