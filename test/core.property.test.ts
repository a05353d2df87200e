// Invariants of the whole core on random valid clusters (fast-check, fixed seed printed in the test name):
// unique addresses, blocks disjoint and inside their pool, every pod reaches every pod in every mode when
// all nodes share one L2 segment, and every walk terminates with a verdict.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../src/core/resolve';
import { walk } from '../src/core/walk';
import { worldOf } from '../src/core/tools';
import { cidrContainsCidr, cidrsOverlap, parseCidr } from '../src/core/util/ipv4';
import { generateCluster, type GenOptions } from '../bench/generate';

const SEED = 20261123;

const MODES: Omit<GenOptions, 'nodes' | 'podsPerNode'>[] = [
  { ipipMode: 'Always' },
  { ipipMode: 'CrossSubnet' },
  { ipipMode: 'Never' },
  { ipipMode: 'Never', vxlanMode: 'Always' },
  { ipipMode: 'Never', vxlanMode: 'CrossSubnet' },
  { cni: 'flannel', flannel: 'vxlan' },
  { cni: 'flannel', flannel: 'directrouting' },
  { cni: 'flannel', flannel: 'host-gw' },
];

const clusterArb = fc.record({
  nodes: fc.integer({ min: 1, max: 6 }),
  podsPerNode: fc.integer({ min: 0, max: 5 }),
  mode: fc.integer({ min: 0, max: MODES.length - 1 }),
  blockSize: fc.constantFrom(24, 26, 28, 29),
});

describe(`core invariants (fast-check seed ${SEED})`, () => {
  it('addresses are unique; blocks are disjoint and inside their pool', () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes, podsPerNode, mode, blockSize }) => {
        const st = buildCluster(generateCluster({ nodes, podsPerNode, blockSize, ...MODES[mode] }));
        const ips = [...st.pods.map((p) => p.ip), ...st.nodes.map((n) => [n.ipipTunnelAddr, n.vxlanTunnelAddr]).flat().filter((x): x is string => !!x)];
        expect(new Set(ips).size).toBe(ips.length);
        const blocks = st.ipam.blocks.map((b) => ({ b, c: parseCidr(b.cidr) }));
        for (let i = 0; i < blocks.length; i++) {
          const pool = st.scenario.ippools.find((p) => p.name === blocks[i].b.pool)!;
          expect(cidrContainsCidr(parseCidr(pool.cidr), blocks[i].c)).toBe(true);
          for (let j = i + 1; j < blocks.length; j++) expect(cidrsOverlap(blocks[i].c, blocks[j].c)).toBe(false);
        }
        // a pod's address is inside a block (or podCIDR) of its own node unless it was borrowed
        for (const p of st.pods) {
          const node = st.nodes.find((n) => n.name === p.node)!;
          const inOwn = node.blocks.some((b) => cidrContainsCidr(parseCidr(b), parseCidr(`${p.ip}/32`)));
          expect(inOwn).toBe(true);
        }
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('on one L2 segment every pod reaches every pod (with the reply) in every mode', () => {
    fc.assert(
      fc.property(clusterArb, ({ nodes, podsPerNode, mode, blockSize }) => {
        const st = buildCluster(generateCluster({ nodes, podsPerNode: Math.min(podsPerNode, 3), blockSize, ...MODES[mode] }));
        const world = worldOf(st);
        for (const a of st.pods) {
          for (const b of st.pods) {
            const r = walk(world, { from: { pod: `${a.namespace}/${a.name}` }, to: { pod: `${b.namespace}/${b.name}` }, protocol: 'icmp', reply: true });
            const detail = `${JSON.stringify(MODES[mode])} ${a.name}→${b.name}: ${r.verdict.reason ?? ''} ${r.verdict.message ?? ''}`;
            expect(r.verdict.kind, detail).toBe('delivered');
            expect(r.reply?.verdict.kind, detail).toBe('delivered');
          }
        }
      }),
      { seed: SEED, numRuns: 40 },
    );
  });

  it('every walk terminates with a verdict, whatever the endpoints', () => {
    fc.assert(
      fc.property(clusterArb, fc.ipV4(), fc.constantFrom('icmp', 'tcp', 'udp'), ({ nodes, podsPerNode, mode }, ip, protocol) => {
        const st = buildCluster(generateCluster({ nodes, podsPerNode: Math.max(1, podsPerNode), ...MODES[mode] }));
        const from = st.pods[0] ? { pod: `${st.pods[0].namespace}/${st.pods[0].name}` } : { node: st.nodes[0].name };
        const r = walk(worldOf(st), { from, to: { ip }, protocol: protocol as 'icmp' | 'tcp' | 'udp', port: 80 });
        expect(['delivered', 'dropped']).toContain(r.verdict.kind);
        expect(r.hops.length).toBeLessThan(512);
      }),
      { seed: SEED, numRuns: 80 },
    );
  });
});
