// The big-lab page's panels (BGP, policy, inspector): what each asked the lab worker and its answer. The
// worker holds the lab; a panel sends its question with the lab's recipe and shows the plain answer.
//
// A newer question supersedes the older one of the same panel: while one is in the worker, a second waits
// and a third replaces the second, and the first's answer is dropped when a newer one waits — so at most one
// stale question costs the worker time, however fast the user clicks. An answer for a lab that is no longer
// the one asked for (an edit, an undo, a terminal write came in between) is asked again for the new lab, and
// a panel with a question re-asks when the lab on screen changes (compare, seconds of rebuilding at 1,000
// nodes, is dropped instead and asked for again with its button).

import { createStore, type StoreApi } from 'zustand/vanilla';
import { createBusyStore, type BusyStore } from '../worker/client';
import type { BgpView, CompareView, InspectView, MatrixView, PanelAnswer, PanelAsk, PanelName } from '../worker/panelProtocol';
import type { BigLabStore } from './bigLab';

export interface PanelSlot<T> {
  /** the newest question (shown at once, answered later) */
  ask?: PanelAsk;
  answer?: T;
  /** a refusal (E123, an unknown pod): one line, shown in the panel */
  error?: string;
  /** the worker's time on the answer */
  ms?: number;
}

export interface BigPanelsState {
  bgp: PanelSlot<BgpView>;
  explain: PanelSlot<string>;
  matrix: PanelSlot<MatrixView>;
  inspect: PanelSlot<InspectView>;
  compare: PanelSlot<CompareView>;
  /** each panel's progress line (nothing for 300 ms) */
  busy: Record<PanelName, BusyStore>;
  ask(a: PanelAsk): Promise<void>;
  /** forgets a panel's question and answer (the inspector's close) */
  clear(panel: PanelName): void;
}

export type BigPanelsStore = StoreApi<BigPanelsState>;

const valueOf = (a: PanelAnswer): unknown => (a.panel === 'bgp' ? a.bgp : a.panel === 'explain' ? a.text : a.panel === 'matrix' ? a.matrix : a.panel === 'inspect' ? a.inspect : a.compare);

export function createBigPanelsStore(lab: BigLabStore): BigPanelsStore {
  const names: PanelName[] = ['bgp', 'explain', 'matrix', 'inspect', 'compare'];
  const busy = Object.fromEntries(names.map((n) => [n, createBusyStore()])) as Record<PanelName, BusyStore>;
  const inFlight = new Set<PanelName>();
  /** the question waiting behind the one in the worker, per panel */
  const waiting = new Map<PanelName, PanelAsk>();

  const store = createStore<BigPanelsState>()((set, get) => {
    const run = async (first: PanelAsk) => {
      const name = first.panel;
      inFlight.add(name);
      busy[name].setState({ stage: 'work', since: performance.now() });
      let cur: PanelAsk | undefined = first;
      while (cur) {
        const recipe = lab.getState().target;
        const a = await lab.getState().worker.call({ kind: 'panel', recipe, ask: cur }, { progress: (stage) => busy[name].setState({ stage }) });
        const next = waiting.get(name);
        waiting.delete(name);
        if (next) {
          cur = next;
          continue;
        }
        // dropped by a newer build, or answered for a lab that is not the newest: ask again for that one —
        // but a compare (a rebuild or two, seconds at 1,000 nodes) waits to be asked
        if (a.kind === 'superseded' || lab.getState().target !== recipe) {
          if (name !== 'compare') continue;
          set({ compare: {} });
          break;
        }
        if (get()[name].ask !== cur) break;
        if (a.kind === 'panel') set({ [name]: { ask: cur, answer: valueOf(a.answer), ms: a.ms } } as Partial<BigPanelsState>);
        else set({ [name]: { ask: cur, error: a.kind === 'failed' ? a.message : `unexpected answer ${a.kind}` } } as Partial<BigPanelsState>);
        cur = undefined;
      }
      inFlight.delete(name);
      busy[name].setState({ stage: undefined });
    };
    return {
      bgp: {},
      explain: {},
      matrix: {},
      inspect: {},
      compare: {},
      busy,
      ask(a) {
        set({ [a.panel]: { ...get()[a.panel], ask: a } } as Partial<BigPanelsState>);
        if (inFlight.has(a.panel)) {
          waiting.set(a.panel, a);
          return Promise.resolve();
        }
        return run(a);
      },
      clear(panel) {
        waiting.delete(panel);
        set({ [panel]: {} } as Partial<BigPanelsState>);
      },
    };
  });

  // the lab on screen changed: every panel with a question asks it of the new lab; a compare's answer is
  // dropped instead (it is asked for with a button: rebuilding twice after every edit would hold the worker)
  lab.subscribe((s, prev) => {
    if (s.recipe === prev.recipe) return;
    if (!inFlight.has('compare')) store.getState().clear('compare');
    for (const n of names) {
      if (n === 'compare') continue;
      const q = store.getState()[n].ask;
      if (q && !inFlight.has(n)) void store.getState().ask(q);
    }
  });
  return store;
}
