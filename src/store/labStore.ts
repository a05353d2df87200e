// One vanilla zustand store per lab instance (several embeds on a page never share state). The store
// holds the scenario text and the core's outputs; it never computes networking itself.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { loadLab, type LabLoad } from '../core/lab';

export interface LabState {
  presetName: string;
  fileName: string;
  text: string;
  /** the last good load (never replaced by a failing one) */
  lab: LabLoad;
  /** errors of the last attempted load, shown without losing the lab */
  errors: string[];
  loadText(text: string, fileName: string, presetName?: string): boolean;
}

export type LabStore = StoreApi<LabState>;

export function createLabStore(initial: { text: string; fileName: string; presetName: string }): LabStore {
  const first = loadLab(initial.text, initial.fileName);
  return createStore<LabState>()((set) => ({
    presetName: initial.presetName,
    fileName: initial.fileName,
    text: initial.text,
    lab: first,
    errors: first.errors.map((e) => e.message),
    loadText(text, fileName, presetName) {
      const r = loadLab(text, fileName);
      if (r.errors.length || !r.state) {
        set({ errors: r.errors.map((e) => e.message) });
        return false;
      }
      set({ text, fileName, presetName: presetName ?? '', lab: r, errors: [] });
      return true;
    },
  }));
}
