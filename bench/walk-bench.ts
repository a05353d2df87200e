// Benchmark of the packet walk on a large world: 1,000 Calico IPIP nodes on one segment, 30 pods each
// (≈31,000 namespaces, 1,032 routes per node). Run: npx tsx bench/walk-bench.ts
// Reports the one-time index build (first walk) and the cost of repeated walks with warm indexes.

import type { Link, NetNS, Route } from '../src/core/model/kernel';
import { calicoPod, lo, nic } from '../test/support/kernel-worlds';
import { traceroute } from '../src/core/walk/traceroute';
import { walk } from '../src/core/walk/walk';
import type { World } from '../src/core/walk/world';

const NODES = 1000;
const PODS = 30;

const nodeIp = (i: number) => `10.0.${(i + 10) >> 8}.${(i + 10) & 255}`;
const block = (i: number) => `10.244.${(i * 64) >> 8}.${(i * 64) & 255}`;
const blockIp = (i: number, k: number) => {
  const n = i * 64 + k;
  return `10.244.${n >> 8}.${n & 255}`;
};

function buildWorld(): World {
  // remote block routes are the same objects on every node (immutable, as a builder may share them)
  const remote: Route[] = [];
  for (let j = 0; j < NODES; j++) {
    remote.push({ type: 'unicast', dst: `${block(j)}/26`, via: nodeIp(j), dev: 'tunl0', proto: 12, scope: 'universe', onlink: true, owner: 'bird' });
  }
  const list: NetNS[] = [];
  for (let i = 0; i < NODES; i++) {
    const links: Link[] = [
      lo(),
      nic(2, 'eth0', `${nodeIp(i)}/16`, 'lan', `52:54:00:00:${((i >> 8) & 255).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`),
      { ifindex: 3, name: 'tunl0', kind: 'ipip', mtu: 1480, addrs: [{ ip: blockIp(i, 0), prefixLen: 32, scope: 'global' }], up: true },
    ];
    const routes: Route[] = [
      { type: 'unicast', dst: '0.0.0.0/0', via: '10.0.0.1', dev: 'eth0', proto: 4, scope: 'universe', owner: 'topology' },
      { type: 'unicast', dst: '10.0.0.0/16', dev: 'eth0', proto: 2, scope: 'link', src: nodeIp(i), owner: 'kernel' },
      { type: 'blackhole', dst: `${block(i)}/26`, proto: 12, scope: 'universe', owner: 'bird' },
      ...remote.filter((_, j) => j !== i),
    ];
    const node: NetNS = { id: `node/n${i}`, kind: 'node', name: `n${i}`, links, routes, neigh: [], fdb: [], forwarding: true };
    list.push(node);
    for (let k = 1; k <= PODS; k++) {
      list.push(calicoPod(node, 'default', `p${i}-${k}`, blockIp(i, k), `cali${String(i).padStart(5, '0')}${String(k).padStart(6, '0')}`, { mtu: 1480 }));
    }
  }
  const netns: Record<string, NetNS> = {};
  for (const ns of list) netns[ns.id] = ns;
  return { netns, networks: [{ name: 'lan', cidr: '10.0.0.0/16', gateway: '10.0.0.1' }] };
}

/** A deterministic pseudo-random sequence (LCG), so every run walks the same pairs. */
function lcg(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0);
}

function pair(next: () => number) {
  const a = next() % NODES;
  const b = next() % NODES;
  return { from: { pod: `default/p${a}-${1 + (next() % PODS)}` }, to: { pod: `default/p${b}-${1 + (next() % PODS)}` } };
}

function main(): void {
  let t0 = performance.now();
  const w = buildWorld();
  const build = performance.now() - t0;
  const nsCount = Object.keys(w.netns).length;
  const routesPerNode = w.netns['node/n0'].routes.length;

  t0 = performance.now();
  const first = walk(w, { ...pair(lcg(1)), protocol: 'icmp', reply: true });
  const firstMs = performance.now() - t0;
  if (first.verdict.kind !== 'delivered' || first.reply?.verdict.kind !== 'delivered') throw new Error(`first walk failed: ${JSON.stringify(first.verdict)}`);

  // every node touched once (cold per-node route indexes), then the same pairs again (warm)
  const N = 2000;
  let next = lcg(7);
  t0 = performance.now();
  for (let i = 0; i < N; i++) walk(w, { ...pair(next), protocol: 'icmp' });
  const coldish = (performance.now() - t0) / N;
  next = lcg(7);
  t0 = performance.now();
  let hops = 0;
  for (let i = 0; i < N; i++) hops += walk(w, { ...pair(next), protocol: 'icmp' }).hops.length;
  const warm = (performance.now() - t0) / N;
  next = lcg(7);
  t0 = performance.now();
  for (let i = 0; i < N; i++) walk(w, { ...pair(next), protocol: 'tcp', port: 80, reply: true });
  const warmReply = (performance.now() - t0) / N;
  next = lcg(7);
  t0 = performance.now();
  const TR = 200;
  for (let i = 0; i < TR; i++) traceroute(w, pair(next));
  const tr = (performance.now() - t0) / TR;

  const f = (x: number) => x.toFixed(3);
  console.log(`world: ${NODES} nodes × ${PODS} pods = ${nsCount} namespaces, ${routesPerNode} routes per node (built in ${build.toFixed(0)} ms)`);
  console.log(`first walk (builds the segment and node indexes): ${firstMs.toFixed(1)} ms`);
  console.log(`${N} walks, first touch of each node's route index included: ${f(coldish)} ms/walk`);
  console.log(`${N} walks, warm indexes: ${f(warm)} ms/walk (${(hops / N).toFixed(1)} hops each)`);
  console.log(`${N} TCP walks with SYN-ACK reply, warm: ${f(warmReply)} ms/walk`);
  console.log(`${TR} traceroutes (3 probes each), warm: ${f(tr)} ms/traceroute`);
}

main();
