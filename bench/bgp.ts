// BGP convergence from scratch for 500 nodes: a node-to-node mesh, and route reflection (two reflectors with
// a shared cluster ID, every other node a client of both). Times the whole story — the converged control plane
// (sessions + routes, as computeBgp builds them inside buildCluster) and the event stream, counted as it is
// generated (no event is kept). Called by `npm run bench` (bench/run.ts) or on its own: `npx tsx bench/bgp.ts`.

import type { Scenario } from '../src/core/model/scenario';
import { buildCluster } from '../src/core/resolve';
import { bgpEvents, computeBgp, countEvents } from '../src/core/bgp';
import { generateCluster } from './generate';

export interface BgpBench {
  /** mesh: converge (computeBgp on the resolved nodes) + generate and count every event, median ms */
  mesh500_ms: number;
  /** BGP messages (OPEN, KEEPALIVE, UPDATE, WITHDRAW, NOTIFICATION) in the mesh's convergence */
  mesh500_msgs: number;
  rr500_ms: number;
  rr500_msgs: number;
  /** the converged control plane alone (computeBgp), median ms */
  mesh500_converge_ms: number;
  rr500_converge_ms: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const round = (x: number) => Math.round(x * 10) / 10;

function reflectors(s: Scenario): Scenario {
  const ip = (name: string) => s.topology.nodes.find((n) => n.name === name)!.interfaces[0].ip;
  s.bgpConfigurations.push({ name: 'default', nodeToNodeMeshEnabled: false, asNumber: 64512 });
  for (const rr of ['node-1', 'node-2']) {
    s.calicoNodes.push({ name: rr, labels: { 'route-reflector': 'true' }, bgp: { ipv4Address: ip(rr), routeReflectorClusterID: '244.0.0.1' } });
  }
  s.bgpPeers.push({ name: 'peer-with-route-reflectors', nodeSelector: 'all()', peerSelector: "route-reflector == 'true'" });
  return s;
}

function measure(scenario: Scenario, runs: number): { ms: number; msgs: number; convergeMs: number } {
  const state = buildCluster(scenario);
  const backend = scenario.cluster.calico.networkingBackend;
  const total: number[] = [];
  const converge: number[] = [];
  let msgs = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const bgp = computeBgp({ scenario, nodes: state.nodes, backend });
    const t1 = performance.now();
    // The events of a fresh state (its own model, not the one cached beside `state`).
    const fresh = { ...state, bgp: bgp.state };
    const c = countEvents(bgpEvents(undefined, fresh));
    const t2 = performance.now();
    converge.push(t1 - t0);
    total.push(t2 - t0);
    msgs = c.messages;
  }
  return { ms: round(median(total)), msgs, convergeMs: round(median(converge)) };
}

export async function bgpBenchmarks(runs = 3): Promise<BgpBench> {
  const mesh = measure(generateCluster({ nodes: 500, podsPerNode: 2, ipipMode: 'Always' }), runs);
  const rr = measure(reflectors(generateCluster({ nodes: 500, podsPerNode: 2, ipipMode: 'Always' })), runs);
  return {
    mesh500_ms: mesh.ms,
    mesh500_msgs: mesh.msgs,
    rr500_ms: rr.ms,
    rr500_msgs: rr.msgs,
    mesh500_converge_ms: mesh.convergeMs,
    rr500_converge_ms: rr.convergeMs,
  };
}

export default bgpBenchmarks;

if (import.meta.url === `file://${process.argv[1]}`) {
  void bgpBenchmarks().then((f) => console.log(JSON.stringify(f)));
}
