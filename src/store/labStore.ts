// One vanilla zustand store per lab instance (several embeds on a page never share state). The store holds
// the scenario, the core's outputs for it, the edit history and the packet cursor; it never computes
// networking itself: every change is a Scenario edit followed by the core's rebuild, every packet a core walk.

import { createStore, type StoreApi } from 'zustand/vanilla';
import { loadLab, rebuild } from '../core/lab';
import type { ClusterState } from '../core/model/cluster';
import type { Scenario } from '../core/model/scenario';
import type { Hop, WalkResult } from '../core/model/packet';
import type * as Tools from '../core/tools';
import type { Edit } from './edits';
import type { ConvStep } from '../view/convergence';

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
}

export interface Change {
  seq: number;
  label: string;
  /** the state before the change (route panels diff against it) */
  prev?: ClusterState;
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
  scenario: Scenario;
  state: ClusterState;
  warnings: string[];
  past: HistoryEntry[];
  future: HistoryEntry[];
  change: Change;
  /** errors of the last failed load/edit, shown (role alert) without losing the lab */
  errors: string[];
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
  apply(edit: Edit): boolean;
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

function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) {
    const x = e as { code?: string; message: string; detail?: string };
    return x.code ? `${x.code}: ${x.detail ?? x.message}` : x.message;
  }
  return String(e);
}

export function createLabStore(init: StoreInit): LabStore {
  const first = loadLab(init.text, init.fileName);
  if (!first.state || !first.scenario) throw new Error(first.errors.map((e) => e.message).join('\n') || `${init.fileName}: could not be loaded`);
  const packet0: PacketSpec = { ...DEFAULT_PACKET, ...init.packet };
  const sent = init.packet?.from && init.packet?.to && endpointExists(first.state, init.packet.from) && endpointExists(first.state, init.packet.to);
  void toolsReady();
  const w0 = sent ? walkFor(first.state, packet0) : {};
  if (!packet0.from || !packet0.to) Object.assign(packet0, defaultEndpoints(first.state));

  // pick() alternates source/destination; the stage is per store (closure), never module-wide
  let pickStage: 'from' | 'to' = 'from';
  const store = createStore<LabState>()((set, get) => {
    /** installs a new scenario + state, keeps the packet where it can, records the change for diffs */
    const install = (scenario: Scenario, state: ClusterState, label: string, extra: Partial<LabState> = {}) => {
      const s = get();
      let packet = s.packet;
      let walkPart: { walk?: WalkResult; walkError?: string } = { walk: undefined, walkError: undefined };
      if (!endpointExists(state, packet.from) || !endpointExists(state, packet.to)) packet = { ...packet, ...defaultEndpoints(state) };
      else if (s.walk) walkPart = walkFor(state, packet);
      const steps = stepsOf(walkPart.walk).length;
      set({
        scenario,
        state,
        errors: [],
        packet,
        ...walkPart,
        cursor: Math.min(s.cursor, Math.max(0, steps - 1)),
        playing: false,
        pinned: s.pinned.filter((id) => id in state.netns),
        change: { seq: s.change.seq + 1, label, prev: s.state },
        convergence: undefined,
        ...extra,
      });
    };

    const rebuildTo = (scenario: Scenario, label: string, prev: ClusterState | undefined, extra: (ok: true) => Partial<LabState>): boolean => {
      const r = rebuild(scenario, prev);
      if (!r.state) {
        set({ errors: [`${label}: ${errorText(r.error)} — the lab is unchanged.`] });
        return false;
      }
      install(scenario, r.state, label, extra(true));
      return true;
    };

    return {
      presetName: init.presetName,
      fileName: init.fileName,
      base: first.scenario!,
      baseText: init.text,
      scenario: first.scenario!,
      state: first.state!,
      warnings: first.warnings.map((w) => w.message),
      past: [],
      future: [],
      change: { seq: 0, label: 'load' },
      errors: init.error ? [init.error] : [],
      packet: packet0,
      ...w0,
      cursor: w0.walk ? Math.max(0, Math.min(init.cursor ?? 0, stepsOf(w0.walk).length - 1)) : 0,
      playing: false,
      speed: 1,
      autoplay: init.autoplay ?? true,
      pinned: [],

      loadText(text, fileName, presetName) {
        const r = loadLab(text, fileName);
        if (r.errors.length || !r.state || !r.scenario) {
          set({ errors: [`Could not load ${fileName}; the current lab is unchanged.`, ...(r.errors.length ? r.errors.map((e) => e.message) : [])] });
          return false;
        }
        const state = r.state;
        set({
          presetName: presetName ?? '',
          fileName,
          base: r.scenario,
          baseText: text,
          scenario: r.scenario,
          state,
          warnings: r.warnings.map((w) => w.message),
          past: [],
          future: [],
          errors: [],
          packet: { ...get().packet, ...defaultEndpoints(state) },
          walk: undefined,
          walkError: undefined,
          cursor: 0,
          playing: false,
          pinned: [],
          change: { seq: get().change.seq + 1, label: `load ${fileName}` },
          convergence: undefined,
        });
        return true;
      },

      apply(edit) {
        const s = get();
        let next: Scenario;
        try {
          next = edit.apply(s.scenario);
        } catch (e) {
          set({ errors: [`${edit.label}: ${errorText(e)} — the lab is unchanged.`] });
          return false;
        }
        return rebuildTo(next, edit.label, s.state, () => ({ past: [...s.past, { label: edit.label, scenario: s.scenario }], future: [] }));
      },

      undo() {
        const s = get();
        const last = s.past[s.past.length - 1];
        if (!last) return;
        rebuildTo(last.scenario, `undo ${last.label}`, s.state, () => ({ past: s.past.slice(0, -1), future: [{ label: last.label, scenario: s.scenario }, ...s.future] }));
      },

      redo() {
        const s = get();
        const next = s.future[0];
        if (!next) return;
        rebuildTo(next.scenario, `redo ${next.label}`, s.state, () => ({ past: [...s.past, { label: next.label, scenario: s.scenario }], future: s.future.slice(1) }));
      },

      reset() {
        const s = get();
        // no previous state: the preset's own numbering comes back
        rebuildTo(s.base, 'reset lab', undefined, () => ({ past: [...s.past, { label: 'reset lab', scenario: s.scenario }], future: [] }));
      },

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
