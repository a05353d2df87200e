// The convergence animation's clock: while a convergence plays, the next message after CONV_STEP_MS,
// stopping at the last. One clock for the page (the BGP panel's Play and a lab step both start
// convergences; either may be on screen or not), so it lives with the page, not with a panel.
import { useEffect } from 'react';
import { useStore } from 'zustand';
import type { LabStore } from '../store/labStore';
import { CONV_STEP_MS } from '../view/convergence';

export function useConvergenceClock(store: LabStore): void {
  const conv = useStore(store, (s) => s.convergence);
  useEffect(() => {
    if (!conv || !conv.playing) return;
    const timer = setTimeout(() => {
      const c = store.getState().convergence;
      if (!c || c.seq !== conv.seq) return;
      const next = c.cursor + 1;
      store.getState().patchConvergence({ cursor: Math.min(next, c.steps.length - 1), playing: next < c.steps.length - 1 });
    }, conv.cursor < 0 ? 50 : CONV_STEP_MS);
    return () => clearTimeout(timer);
  }, [store, conv?.cursor, conv?.playing, conv?.seq]);
}
