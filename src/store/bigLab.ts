// A big lab on the page: the worker holds its session (src/worker/big.ts), the page holds this store — the
// recipe (the lab's YAML and the steps applied since, as plain data), the view the worker last sent, the
// route text of the nodes shown, the packet and its hops, the terminal's lines. Every change is a new
// recipe sent to the worker; undo and redo move between recipes. A change made while the worker is still
// building the previous one abandons that build: the worker is terminated and a fresh one builds the newest
// recipe from the YAML (a synchronous build cannot be interrupted any other way).

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { EncapMode } from '../core/model/scenario';
import { createBusyStore, type Answer, type BusyStore, type LabWorkerClient } from '../worker/client';
import type { BigStep, BigView, PacketArgs, PictureAsk, Recipe, Request, WalkView } from '../worker/protocol';

type Body<T> = T extends unknown ? Omit<T, 'id' | 'gen'> : never;

export interface TermLine {
  prompt: string;
  line: string;
  out: string;
}

export interface BigLabState {
  /** the lab on screen */
  recipe: Recipe;
  /** the newest lab asked for (the one on screen when nothing is building); history is kept against it */
  target: Recipe;
  past: Recipe[];
  future: Recipe[];
  view: BigView;
  /** the nodes whose route text is shown, and that text */
  shown: string[];
  routes: Record<string, string>;
  packet: PacketArgs;
  walk?: WalkView;
  /** the last failed change or request, shown (role alert); the lab stays as it was */
  error?: string;
  term: TermLine[];
  /** encapsulation modes asked for and still building, shown at once */
  want?: { ipip?: EncapMode; vxlan?: EncapMode };
  /** the picture's real cards: the packet's endpoints and path, and the node groups opened */
  picture: PictureAsk;
  /** the worker's progress, for the busy line */
  busy: BusyStore;
  /** the lab's worker: the page's panels ask it too (store/bigPanels.ts) */
  worker: LabWorkerClient;
  /** the `s=` value of the link the lab opened from (its address keeps it, with the edits) */
  link?: string;
  /** the packet the link itself gives (the address writes the packet only when it differs) */
  basePacket: PacketArgs;

  setEncap(encap: 'ipip' | 'vxlan', mode: EncapMode): Promise<void>;
  undo(): Promise<void>;
  redo(): Promise<void>;
  show(node: string): Promise<void>;
  setPacket(p: Partial<PacketArgs>): void;
  send(): Promise<void>;
  run(target: { node: string } | { pod: string }, line: string): Promise<void>;
  dismissError(): void;
  /** opens a node group of the picture into its node cards, or folds it again */
  toggleGroup(id: string): Promise<void>;
}

export type BigLabStore = StoreApi<BigLabState>;

export interface BigLabInit {
  yaml: string;
  file: string;
  view: BigView;
  packet?: Partial<PacketArgs>;
  /** the `s=` value of the link the lab opened from: its address is this plus its edits (ui/bigUrl.ts) */
  link?: string;
  /** steps already applied in the worker (the edits of its address, replayed); Undo goes back through them */
  steps?: BigStep[];
  /** shown at once (an edit of the address that no longer applies) */
  error?: string;
  /** the packet of the address's edits, over the link's own (`packet`) */
  editsPacket?: Partial<PacketArgs>;
}

export function createBigLabStore(init: BigLabInit, worker: LabWorkerClient): BigLabStore {
  const busy = createBusyStore();
  /** a build (open) is in flight: a newer change abandons it rather than waiting behind it */
  let building = false;
  let pending = 0;
  const [from = '', to = ''] = init.view.samplePods;
  const first = Object.keys(init.view.routes);
  const basePacket: PacketArgs = { from, to, protocol: 'icmp', port: 80, size: 56, ...init.packet };
  const steps = init.steps ?? [];
  const start: Recipe = { yaml: init.yaml, file: init.file, steps };
  const before = steps.map((_, i): Recipe => ({ ...start, steps: steps.slice(0, i) }));

  return createStore<BigLabState>()((set, get) => {
    /** one request to the worker, with the busy line; a superseded answer is undefined */
    const ask = async (req: Body<Request>, build: boolean): Promise<Answer | undefined> => {
      if (build) {
        if (building) worker.terminate();
        worker.supersede();
        building = true;
      }
      if (!pending++ || build) busy.setState({ stage: build ? 'build' : 'read', since: performance.now() });
      const a = await worker.call(req, { progress: (stage) => busy.setState({ stage }) });
      if (!--pending) busy.setState({ stage: undefined });
      if (a.kind === 'superseded') return undefined;
      if (build) building = false;
      return a;
    };
    /**
     * Moves the lab to `recipe` (a change, undo or redo). History moves at once — a second change made while
     * the first still builds goes on top of it, and undo works from there — while the view changes only when
     * the worker has built the newest target. A failure puts target and history back as they were.
     */
    const goTo = async (recipe: Recipe, history: Pick<BigLabState, 'past' | 'future'>) => {
      const before = get();
      const undo = { target: before.target, past: before.past, future: before.future };
      set({ target: recipe, ...history });
      const a = await ask({ kind: 'open', recipe, show: get().shown, picture: get().picture }, true);
      if (!a || get().target !== recipe) return;
      if (a.kind !== 'view') return set({ ...undo, want: undefined, error: a.kind === 'failed' ? a.message : `unexpected answer ${a.kind}` });
      set({ recipe, view: sameNodes(get().view, a.view), routes: a.view.routes, walk: undefined, error: undefined, want: undefined });
    };
    const redraw = async (picture: PictureAsk) => {
      set({ picture });
      const a = await ask({ kind: 'picture', recipe: get().target, picture }, false);
      if (a?.kind === 'picture' && get().picture === picture) set({ view: { ...get().view, model: a.model } });
      else if (a?.kind === 'failed') set({ error: a.message });
    };
    const step = (s: BigStep) => {
      const st = get();
      if (s.kind === 'encap') set({ want: { ...st.want, [s.encap]: s.mode } });
      return goTo({ ...st.target, steps: [...st.target.steps, s] }, { past: [...st.past, st.target], future: [] });
    };

    return {
      recipe: start,
      target: start,
      past: before,
      link: init.link,
      ...(init.error ? { error: init.error } : {}),
      future: [],
      view: init.view,
      shown: first,
      routes: init.view.routes,
      packet: { ...basePacket, ...init.editsPacket },
      basePacket,
      term: [],
      busy,
      worker,
      picture: { keep: [], open: [] },

      setEncap: (encap, mode) => step({ kind: 'encap', encap, mode }),
      undo() {
        const s = get();
        const prev = s.past[s.past.length - 1];
        if (prev) set({ want: undefined });
        return prev ? goTo(prev, { past: s.past.slice(0, -1), future: [s.target, ...s.future] }) : Promise.resolve();
      },
      redo() {
        const s = get();
        const next = s.future[0];
        if (next) set({ want: undefined });
        return next ? goTo(next, { past: [...s.past, s.target], future: s.future.slice(1) }) : Promise.resolve();
      },
      async show(node) {
        const shown = [node];
        set({ shown });
        const a = await ask({ kind: 'routes', recipe: get().target, nodes: shown }, false);
        if (a?.kind === 'routes') set({ routes: a.routes });
        else if (a?.kind === 'failed') set({ error: a.message });
      },
      setPacket: (p) => set({ packet: { ...get().packet, ...p } }),
      async send() {
        const a = await ask({ kind: 'walk', recipe: get().target, packet: get().packet }, false);
        if (a?.kind === 'walk') {
          set({ walk: a.walk, error: undefined });
          // the packet's nodes and pods become real cards in the picture
          await redraw({ ...get().picture, keep: [...new Set(a.walk.hops.map((h) => h.ns))] });
        } else if (a?.kind === 'failed') set({ walk: undefined, error: a.message });
      },
      toggleGroup(id) {
        const open = get().picture.open;
        return redraw({ ...get().picture, open: open.includes(id) ? open.filter((g) => g !== id) : [...open, id] });
      },
      async run(target, line) {
        const a = await ask({ kind: 'run', recipe: get().target, target, line }, false);
        if (!a) return;
        const prompt = 'node' in target ? `root@${target.node}:~#` : `${target.pod} #`;
        if (a.kind !== 'ran') return set({ error: a.kind === 'failed' ? a.message : `unexpected answer ${a.kind}` });
        const s = get();
        const term = [...s.term, { prompt, line, out: a.out }].slice(-50);
        // a write (kubectl apply …) changed the lab in the worker: it becomes a step of the recipe
        if (a.step && a.view) {
          const recipe = { ...s.target, steps: [...s.target.steps, a.step] };
          set({ term, recipe, target: recipe, past: [...s.past, s.target], future: [], view: sameNodes(s.view, a.view) });
          if (s.shown[0]) await get().show(s.shown[0]);
        }
        else set({ term });
      },
      dismissError: () => set({ error: undefined }),
    };
  });
}

/** The new view, keeping the old node list when it is the same list: the page's node picker (up to 2,000
 *  options) then does not render again after an edit that added or removed no node. */
function sameNodes(old: BigView, next: BigView): BigView {
  const a = old.nodes;
  const b = next.nodes;
  return a.length === b.length && a.every((n, i) => n === b[i]) ? { ...next, nodes: a } : next;
}
