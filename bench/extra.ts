// Figures beyond the state build: packet walks on the same 1,000-node state, and the modules later issues
// add (BGP convergence, policy matrix) when present.
import type { ClusterState } from '../src/core/model/cluster';
import { walk } from '../src/core/walk';
import { worldOf } from '../src/core/tools';
import { buildTopoModel } from '../src/view/model';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}
const round = (x: number) => Math.round(x * 1000) / 1000;

export async function extraBenchmarks(state: ClusterState): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const world = worldOf(state);
  const pods = state.pods;
  const pair = (i: number) => {
    // deterministic spread of (source, destination) pairs across the cluster
    const a = pods[(i * 7919) % pods.length];
    const b = pods[(i * 104729 + 13) % pods.length];
    return { from: { pod: `${a.namespace}/${a.name}` }, to: { pod: `${b.namespace}/${b.name}` } };
  };
  let t0 = performance.now();
  walk(world, { ...pair(0), protocol: 'icmp' });
  out.walk_first_ms = round(performance.now() - t0); // builds the world's indexes once
  for (let i = 1; i <= 300; i++) walk(world, { ...pair(i), protocol: 'icmp' }); // warm every node touched
  const times: number[] = [];
  for (let i = 1; i <= 300; i++) {
    t0 = performance.now();
    walk(world, { ...pair(i), protocol: 'icmp' });
    times.push(performance.now() - t0);
  }
  out.walk_ms = round(median(times));

  // topo_model_1k_ms: the picture's model of the 1,000-node state, drawn in node groups (view/aggregate.ts),
  // built from nothing: each run gets a fresh copy of the state object, so nothing cached for an earlier one
  // is reused. The packet's endpoints are real cards, as in the app after a pick.
  const keep = new Set([pods[0].ns, pods[pods.length - 1].ns]);
  buildTopoModel({ ...state }, { maxPods: Infinity, keepPods: keep });
  const topo: number[] = [];
  for (let i = 0; i < 5; i++) {
    const copy = { ...state };
    t0 = performance.now();
    buildTopoModel(copy, { maxPods: Infinity, keepPods: keep });
    topo.push(performance.now() - t0);
  }
  out.topo_model_1k_ms = round(median(topo));
  for (const [key, path] of [
    ['bgp', './bgp'],
    ['policy', './policy-bench'],
    ['open', './open-bench'],
  ] as const) {
    try {
      const mod = (await import(path)) as Record<string, unknown>;
      const fn = Object.values(mod).find((v) => typeof v === 'function' && /Bench|bench/.test((v as { name: string }).name)) as (() => Promise<Record<string, number>>) | undefined;
      if (fn) Object.assign(out, await fn());
    } catch (e) {
      console.error(`bench: ${key} figures unavailable: ${(e as Error).message}`);
    }
  }
  return out;
}
