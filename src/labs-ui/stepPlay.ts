// A lab step on the picture (loaded with the labs engine, never with the first paint): the packet the step
// sends or checks becomes the app's walk, drops included, and a step that changed BGP plays its convergence
// first (the messages along the sessions, each FIB change marked on its route panel), then the packet.
import { stepPacket, type LabStep } from '../core/labs';
import { bgpEvents } from '../core/bgp';
import type { ClusterState } from '../core/model/cluster';
import { stepsOf, type LabStore } from '../store/labStore';
import { convergenceTimeline } from '../view/convergence';

export interface StepPlayOptions {
  /** animate (a step just applied); otherwise show the step's packet at its last hop, still */
  play: boolean;
  /** prefers-reduced-motion: the convergence is listed at once, nothing travels */
  reduced: boolean;
}

/** Shows `step` (applied on `state`, now in the store) on the picture. Returns a cancel for a pending play. */
export function playStep(store: LabStore, state: ClusterState, step: LabStep | undefined, opts: StepPlayOptions): () => void {
  const p = step ? stepPacket(state, step) : undefined;
  if (p) {
    const a = p.args;
    const last = Math.max(0, stepsOf(p.walk).length - 1);
    store.setState({
      packet: { ...store.getState().packet, from: a.from, to: a.to, protocol: a.protocol ?? 'icmp', ...(a.port !== undefined ? { port: a.port } : {}), size: a.size ?? (a.protocol === 'tcp' ? 0 : 56) },
      walk: p.walk,
      walkError: undefined,
      cursor: opts.play ? 0 : last,
      playing: false,
    });
  }
  if (!opts.play) return () => {};
  const s = store.getState();
  const steps = s.change.prev ? convergenceTimeline(bgpEvents(s.change.prev, s.state)).steps : [];
  const go = () => {
    const now = store.getState();
    if (p && now.walk === p.walk && now.autoplay && stepsOf(p.walk).length > 1) now.setPlaying(true);
  };
  if (!steps.length || opts.reduced) {
    if (steps.length) store.getState().setConvergence({ seq: s.change.seq, steps, cursor: steps.length - 1, playing: false, instant: true });
    go();
    return () => {};
  }
  // the packet waits for the routes it will use: it plays when the convergence has run its course
  store.getState().setConvergence({ seq: s.change.seq, steps, cursor: -1, playing: true, instant: false });
  const unsub = store.subscribe((now) => {
    const c = now.convergence;
    if (c && c.seq === s.change.seq && c.playing) return;
    unsub();
    if (c && c.seq === s.change.seq) go();
  });
  return unsub;
}
