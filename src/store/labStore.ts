// One vanilla zustand store per lab instance (several embeds on a page never share state): a thin wrapper
// over a core session (core/session). Every change — a toggle, undo/redo, an import, a lab step's run, a
// terminal write command — is a session action; the store records the outcome (the new session, its
// diff and source, the state before for the route panels) and keeps what is the app's own: the history,
// the packet and its cursor, pins and the convergence playback. It never computes networking itself.

import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClusterState } from '../core/model/cluster';
import type { LabError } from '../core/model/errors';
import type { Scenario } from '../core/model/scenario';
import type { Hop, WalkResult } from '../core/model/packet';
import type * as Tools from '../core/tools';
import { apply as applyAction, openText } from '../core/session/session';
import type { Action, ChangeSource, Diff, Edit, Outcome, Session } from '../core/session/types';
import type { ConvStep } from '../core/bgp/timeline';

export type Protocol = 'icmp' | 'tcp' | 'udp';

export interface PacketSpec {
  /** "namespace/pod", a node name, or an IP */
  from: string;
  to: string;
  protocol: Protocol;
  port: number;
  size: number;
}

export interface HistoryEntry {
  label: string;
  scenario: Scenario;
  /** set when the step replaced the whole lab (a preset, an import): undo brings the old lab back with them */
  lab?: LabIdentity;
}

/** What names a loaded lab besides its scenario: the picker's preset, the file, and what Reset returns to. */
export interface LabIdentity {
  presetName: string;
  fileName: string;
  base: Scenario;
  baseText: string;
}

/** The last change, as the session reported it: every view of "what changed" reads this one record. */
export interface Change {
  seq: number;
  label: string;
  /** the state before the change (route panels diff against it) */
  prev?: ClusterState;
  /** the resources it added, updated and removed */
  diff: Diff;
  /** who asked: 'ui', 'lab-step', 'import', 'terminal', 'undo', … */
  source: ChangeSource;
}

/** How a lab player's run comes into the store (the packet stays when it can). */
export interface RunMeta {
  label: string;
  diff: Diff;
  presetName: string;
  fileName: string;
}

/** The convergence animation of the last edit (the BGP panel's "Play convergence"): its steps and where it is. */
export interface Convergence {
  /** change.seq it belongs to */
  seq: number;
  steps: ConvStep[];
  /** the step shown (its message is travelling / has arrived); -1 before the first */
  cursor: number;
  playing: boolean;
  /** reduced motion: every step listed at once, nothing moves */
  instant: boolean;
}

export interface LabState {
  presetName: string;
  fileName: string;
  /** the scenario as loaded ("Reset lab" returns to it) */
  base: Scenario;
  baseText: string;
  /** the core session everything below is read from */
  session: Session;
  scenario: Scenario;
  state: ClusterState;
  warnings: string[];
  past: HistoryEntry[];
  future: HistoryEntry[];
  change: Change;
  /** errors of the last failed load/edit, shown (role alert) without losing the lab */
  errors: string[];
  /** after importing a cluster's dumps: what the import assumed, lacked or dropped. It belongs to the imported
   *  lab (`base`): undoing the import hides it, redoing shows it again, the next load drops it. */
  importReport?: { files: string[]; notes: { code: string; message: string }[]; base: Scenario };
  packet: PacketSpec;
  walk?: WalkResult;
  walkError?: string;
  /** index into stepsOf(walk) */
  cursor: number;
  playing: boolean;
  speed: number;
  /** Send starts playing the walk at once (a class watches it move); off, Send stops at hop 1 */
  autoplay: boolean;
  /** namespaces whose route panel stays open */
  pinned: string[];
  convergence?: Convergence;

  loadText(text: string, fileName: string, presetName?: string): boolean;
  /** loads a scenario imported from a cluster's dumps (an undoable load, like loadText) and keeps its report */
  loadImported(text: string, report: { files: string[]; notes: { code: string; message: string }[] }): boolean;
  dismissImportReport(): void;
  /** a typed edit (source 'ui') or any session action (`{kind: 'manifests', text, source: 'terminal'}`) */
  apply(change: Edit | Action): boolean;
  /** shows a session computed elsewhere (the lab player's run for a step): over an edited lab an undoable
   *  step, else a fresh history */
  openRun(session: Session, meta: RunMeta): void;
  undo(): void;
  redo(): void;
  reset(): void;
  dismissErrors(): void;
  setError(message: string): void;
  setPacket(p: Partial<PacketSpec>): void;
  /** click on a pod or node: first pick is the source, second the destination (then the packet is sent) */
  pick(endpoint: string): void;
  /** walks the packet; synchronous once the walk code has loaded (see toolsReady), else right after */
  send(): Promise<void>;
  clearWalk(): void;
  setCursor(i: number): void;
  step(delta: number): void;
  setPlaying(on: boolean): void;
  setSpeed(x: number): void;
  setAutoplay(on: boolean): void;
  togglePin(nsId: string): void;
  /** starts (or clears, with undefined) the convergence animation; patches it while it plays */
  setConvergence(c: Convergence | undefined): void;
  patchConvergence(p: Partial<Convergence>): void;
}

export type LabStore = StoreApi<LabState>;

export interface Step {
  hop: Hop;
  leg: 'request' | 'reply';
  /** index over request + reply */
  i: number;
}

const stepCache = new WeakMap<WalkResult, Step[]>();

/** The request's hops then the reply's, as one list the cursor moves over. */
export function stepsOf(w: WalkResult | undefined): Step[] {
  if (!w) return [];
  let s = stepCache.get(w);
  if (!s) {
    s = [...w.hops.map((hop) => ({ hop, leg: 'request' as const })), ...(w.reply?.hops ?? []).map((hop) => ({ hop, leg: 'reply' as const }))].map((x, i) => ({ ...x, i }));
    stepCache.set(w, s);
  }
  return s;
}

export interface StoreInit {
  text: string;
  fileName: string;
  presetName: string;
  packet?: Partial<PacketSpec>;
  cursor?: number;
  /** Send plays the walk at once (default true) */
  autoplay?: boolean;
  /** an error to show at start (a bad shared URL that fell back to the default lab) */
  error?: string;
}

const DEFAULT_PACKET: PacketSpec = { from: '', to: '', protocol: 'icmp', port: 80, size: 56 };

/** A source and destination for the first packet: the first pod, and the first pod on another node. */
export function defaultEndpoints(state: ClusterState): { from: string; to: string } {
  const a = state.pods[0];
  if (!a) return { from: state.nodes[0]?.name ?? '', to: state.nodes[1]?.name ?? '' };
  const b = state.pods.find((p) => p.node !== a.node) ?? state.pods.find((p) => p !== a);
  return { from: `${a.namespace}/${a.name}`, to: b ? `${b.namespace}/${b.name}` : (state.nodes.find((n) => n.name !== a.node)?.name ?? '') };
}

function endpointExists(state: ClusterState, e: string): boolean {
  if (!e) return false;
  if (e.includes('/')) return state.pods.some((p) => `${p.namespace}/${p.name}` === e);
  return state.nodes.some((n) => n.name === e) || /^\d+\.\d+\.\d+\.\d+$/.test(e);
}

// The walk, the wire format and policy enforcement (core/tools) are not needed to draw a lab, only to send
// a packet: they load in the background as soon as a store exists, keeping them out of the first paint.
let tools: typeof Tools | undefined;
let toolsLoading: Promise<typeof Tools> | undefined;
/** Resolves once packets can be walked (tests and embed hosts may await it). */
export function toolsReady(): Promise<typeof Tools> {
  toolsLoading ??= import('../core/tools').then((m) => (tools = m));
  return toolsLoading;
}

function walkFor(state: ClusterState, p: PacketSpec): { walk?: WalkResult; walkError?: string } {
  if (!tools) return { walk: undefined, walkError: undefined };
  try {
    return {
      walk: tools.runWalk(state, {
        from: p.from,
        to: p.to,
        protocol: p.protocol,
        ...(p.protocol !== 'icmp' ? { port: p.port } : {}),
        size: p.size,
        reply: true,
      }),
      walkError: undefined,
    };
  } catch (e) {
    return { walk: undefined, walkError: (e as Error).message };
  }
}

/** An edit's error: "CODE: detail" (located ones with their file:line). */
function errorText(e: LabError): string {
  if (e.loc) return e.message;
  return e.code ? `${e.code}: ${e.detail}` : e.detail;
}

export function createLabStore(init: StoreInit): LabStore {
  const first = openText(init.text, init.fileName);
  if (!first.session) throw new Error(first.errors.map((e) => e.message).join('\n') || `${init.fileName}: could not be loaded`);
  const s0 = first.session;
  const packet0: PacketSpec = { ...DEFAULT_PACKET, ...init.packet };
  const sent = init.packet?.from && init.packet?.to && endpointExists(s0.state, init.packet.from) && endpointExists(s0.state, init.packet.to);
  void toolsReady();
  const w0 = sent ? walkFor(s0.state, packet0) : {};
  if (!packet0.from || !packet0.to) Object.assign(packet0, defaultEndpoints(s0.state));

  // pick() alternates source/destination; the stage is per store (closure), never module-wide
  let pickStage: 'from' | 'to' = 'from';
  const store = createStore<LabState>()((set, get) => {
    /** the session's fields as the store shows them */
    const view = (session: Session) => ({ session, scenario: session.scenario, state: session.state });
    const identity = (s: LabState): LabIdentity => ({ presetName: s.presetName, fileName: s.fileName, base: s.base, baseText: s.baseText });

    /** records a successful change: keeps the packet where it can (re-walking it), diffs against the state before */
    const commit = (o: Outcome, extra: Partial<LabState> = {}) => {
      const s = get();
      const state = o.session.state;
      let packet = s.packet;
      let walkPart: { walk?: WalkResult; walkError?: string } = { walk: undefined, walkError: undefined };
      if (!endpointExists(state, packet.from) || !endpointExists(state, packet.to)) packet = { ...packet, ...defaultEndpoints(state) };
      else if (s.walk) walkPart = walkFor(state, packet);
      const steps = stepsOf(walkPart.walk).length;
      set({
        ...view(o.session),
        errors: [],
        packet,
        ...walkPart,
        cursor: Math.min(s.cursor, Math.max(0, steps - 1)),
        playing: false,
        pinned: s.pinned.filter((id) => id in state.netns),
        change: { seq: s.change.seq + 1, label: o.label, prev: s.state, diff: o.diff, source: o.source },
        convergence: undefined,
        ...extra,
      });
    };

    /** runs one action through the session; a failure keeps the lab and says why */
    const run = (action: Action, history: (o: Outcome) => Partial<LabState>): boolean => {
      const o = applyAction(get().session, action);
      if (!o.ok) {
        set({ errors: [`${o.label}: ${o.errors.map(errorText).join('; ')} — the lab is unchanged.`] });
        return false;
      }
      commit(o, history(o));
      return true;
    };

    return {
      presetName: init.presetName,
      fileName: init.fileName,
      base: s0.scenario,
      baseText: init.text,
      ...view(s0),
      warnings: first.warnings.map((w) => w.message),
      past: [],
      future: [],
      change: { seq: 0, label: 'load', diff: first.diff, source: 'load' },
      errors: init.error ? [init.error] : [],
      packet: packet0,
      ...w0,
      cursor: w0.walk ? Math.max(0, Math.min(init.cursor ?? 0, stepsOf(w0.walk).length - 1)) : 0,
      playing: false,
      speed: 1,
      autoplay: init.autoplay ?? true,
      pinned: [],

      loadText(text, fileName, presetName) {
        const r = applyAction(get().session, { kind: 'load', text, file: fileName, source: 'import' });
        if (!r.ok) {
          set({ errors: [`Could not load ${fileName}; the current lab is unchanged.`, ...r.errors.map((e) => e.message)] });
          return false;
        }
        const state = r.session.state;
        // Loading over an edited lab is an undoable step: the edited lab goes on the history with its name,
        // so Undo brings it back (an unedited preset is one pick away and needs no entry).
        const prev = get();
        const edited = prev.scenario !== prev.base || prev.past.length > 0;
        const keep: HistoryEntry[] = edited ? [...prev.past, { label: `load ${presetName || fileName}`, scenario: prev.scenario, lab: identity(prev) }] : [];
        set({
          importReport: undefined,
          presetName: presetName ?? '',
          fileName,
          base: r.session.scenario,
          baseText: text,
          ...view(r.session),
          warnings: r.warnings.map((w) => w.message),
          past: keep,
          future: [],
          errors: [],
          packet: { ...get().packet, ...defaultEndpoints(state) },
          walk: undefined,
          walkError: undefined,
          cursor: 0,
          playing: false,
          pinned: [],
          change: { seq: get().change.seq + 1, label: r.label, diff: r.diff, source: r.source },
          convergence: undefined,
        });
        return true;
      },

      apply(change) {
        const s = get();
        const action: Action = 'kind' in change ? change : { kind: 'edit', edit: change, source: 'ui' };
        return run(action, (o) => ({ past: [...s.past, { label: o.label, scenario: s.scenario }], future: [] }));
      },

      openRun(session, meta) {
        const s = get();
        const state = session.state;
        const keep = endpointExists(state, s.packet.from) && endpointExists(state, s.packet.to);
        // A guided lab (or its next step) opened over an edited lab is an undoable step, as a preset or an
        // import is: the edited lab goes on the history with its name. From one unedited step to the next
        // there is nothing to lose, so no entry.
        const edited = s.scenario !== s.base || s.past.length > 0;
        set({
          presetName: meta.presetName,
          fileName: meta.fileName,
          base: session.scenario,
          ...view(session),
          warnings: session.warnings.map((w) => w.message),
          past: edited ? [...s.past, { label: meta.label, scenario: s.scenario, lab: identity(s) }] : [],
          future: [],
          errors: [],
          packet: keep ? s.packet : { ...s.packet, ...defaultEndpoints(state) },
          walk: undefined,
          walkError: undefined,
          cursor: 0,
          playing: false,
          pinned: s.pinned.filter((id) => id in state.netns),
          change: { seq: s.change.seq + 1, label: meta.label, prev: s.state, diff: meta.diff, source: 'lab-step' },
          convergence: undefined,
        });
      },

      undo() {
        const s = get();
        const last = s.past[s.past.length - 1];
        if (!last) return;
        const ok = run({ kind: 'scenario', scenario: last.scenario, label: `undo ${last.label}`, source: 'undo' }, () => ({
          past: s.past.slice(0, -1),
          future: [{ label: last.label, scenario: s.scenario, ...(last.lab ? { lab: identity(s) } : {}) }, ...s.future],
        }));
        if (ok && last.lab) set({ ...last.lab });
      },

      redo() {
        const s = get();
        const next = s.future[0];
        if (!next) return;
        const ok = run({ kind: 'scenario', scenario: next.scenario, label: `redo ${next.label}`, source: 'redo' }, () => ({
          past: [...s.past, { label: next.label, scenario: s.scenario, ...(next.lab ? { lab: identity(s) } : {}) }],
          future: s.future.slice(1),
        }));
        if (ok && next.lab) set({ ...next.lab });
      },

      reset() {
        const s = get();
        // no previous state: the preset's own numbering comes back
        run({ kind: 'scenario', scenario: s.base, label: 'reset lab', source: 'reset', fresh: true }, () => ({ past: [...s.past, { label: 'reset lab', scenario: s.scenario }], future: [] }));
      },

      loadImported(text, report) {
        const ok = get().loadText(text, 'imported.yaml', '');
        if (ok) set({ importReport: { ...report, base: get().base } });
        return ok;
      },
      dismissImportReport: () => set({ importReport: undefined }),
      dismissErrors: () => set({ errors: [] }),
      setError: (message) => set({ errors: [message] }),

      setPacket(p) {
        set({ packet: { ...get().packet, ...p } });
      },

      pick(endpoint) {
        const s = get();
        const p = s.packet;
        if (pickStage === 'from' || s.walk) {
          pickStage = 'to';
          set({ packet: { ...p, from: endpoint, to: '' }, walk: undefined, walkError: undefined, cursor: 0, playing: false });
          return;
        }
        if (endpoint === p.from) return;
        pickStage = 'from';
        set({ packet: { ...p, to: endpoint } });
        get().send();
      },

      send() {
        const run = () => {
          const s = get();
          const w = walkFor(s.state, s.packet);
          set({ ...w, cursor: 0, playing: s.autoplay && stepsOf(w.walk).length > 1 });
        };
        if (tools) {
          run();
          return Promise.resolve();
        }
        return toolsReady().then(run);
      },

      clearWalk: () => set({ walk: undefined, walkError: undefined, cursor: 0, playing: false }),

      setCursor(i) {
        const n = stepsOf(get().walk).length;
        // jumping to a hop stops the animation there
        set({ cursor: Math.max(0, Math.min(n - 1, i)), playing: false });
      },

      step(delta) {
        const s = get();
        const n = stepsOf(s.walk).length;
        const c = Math.max(0, Math.min(n - 1, s.cursor + delta));
        set({ cursor: c, playing: s.playing && c < n - 1 });
      },

      setPlaying(on) {
        const s = get();
        const n = stepsOf(s.walk).length;
        if (!n) return;
        set({ playing: on, cursor: on && s.cursor >= n - 1 ? 0 : s.cursor });
      },

      setSpeed: (x) => set({ speed: x }),
      setAutoplay: (on) => set({ autoplay: on }),

      setConvergence: (c) => set({ convergence: c }),
      patchConvergence(p) {
        const c = get().convergence;
        if (c) set({ convergence: { ...c, ...p } });
      },

      togglePin(nsId) {
        const p = get().pinned;
        set({ pinned: p.includes(nsId) ? p.filter((x) => x !== nsId) : [...p, nsId] });
      },
    };
  });
  // A shared link that carries a packet: walk it as soon as the walk code is there, at the linked hop.
  if (sent && !w0.walk) {
    void toolsReady().then(() => {
      const s = store.getState();
      const w = walkFor(s.state, s.packet);
      store.setState({ ...w, cursor: w.walk ? Math.max(0, Math.min(init.cursor ?? 0, stepsOf(w.walk).length - 1)) : 0 });
    });
  }
  return store;
}
