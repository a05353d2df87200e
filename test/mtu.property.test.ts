// The MTU/DF decision table (cni-facts §11) as a property over random payload sizes and modes
// (fast-check, fixed seed in the test name): a pod-to-pod ping across nodes with DF set either
//  - fails at the sender with "message too long, mtu=<pod MTU>" when its IP packet exceeds the pod's MTU,
//  - is refused by the node with "Frag needed and DF set (mtu = <tunnel MTU>)" when the pod MTU is larger
//    than the tunnel's (veth_mtu set too high), or
//  - is delivered, and then every underlay frame is payload + 28 (IPv4 + ICMP) + 14 (Ethernet) + the mode's
//    encapsulation overhead (IPIP 20, VXLAN 50) bytes long.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildCluster } from '../src/core/resolve';
import { walk } from '../src/core/walk';
import { worldOf } from '../src/core/tools';
import { generateCluster, type GenOptions } from '../bench/generate';

const SEED = 1450;

interface Mode {
  gen: Omit<GenOptions, 'nodes' | 'podsPerNode'>;
  overhead: number;
  vethMtu?: number;
}

const MODES: Mode[] = [
  { gen: { ipipMode: 'Always' }, overhead: 20 },
  { gen: { ipipMode: 'Never' }, overhead: 0 },
  { gen: { ipipMode: 'Never', vxlanMode: 'Always' }, overhead: 50 },
  { gen: { cni: 'flannel', flannel: 'vxlan' }, overhead: 50 },
  { gen: { cni: 'flannel', flannel: 'host-gw' }, overhead: 0 },
  // veth_mtu 1500 with VXLAN: pods may send 1500, the node's vxlan.calico only carries 1450
  { gen: { ipipMode: 'Never', vxlanMode: 'Always' }, overhead: 50, vethMtu: 1500 },
];

describe(`MTU decision table (fast-check seed ${SEED})`, () => {
  it('drops exactly where the table says, and frames add up when delivered', () => {
    const states = MODES.map((m) => {
      const s = generateCluster({ nodes: 2, podsPerNode: 1, ...m.gen });
      if (m.vethMtu) s.cluster.calico.vethMtu = m.vethMtu;
      return buildCluster(s);
    });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MODES.length - 1 }), fc.integer({ min: 0, max: 1600 }), (mi, size) => {
        const m = MODES[mi];
        const st = states[mi];
        const [a, b] = st.pods;
        const podMtu = a.mtu;
        const tunnelMtu = 1500 - m.overhead;
        const r = walk(worldOf(st), { from: { pod: `default/${a.name}` }, to: { pod: `default/${b.name}` }, protocol: 'icmp', size, pmtudisc: 'do' });
        const ipLen = size + 28;
        const ctx = `mode ${mi} size ${size}: ${r.verdict.kind} ${r.verdict.reason ?? ''} ${r.verdict.message ?? ''}`;
        if (ipLen > podMtu) {
          expect(r.verdict.reason, ctx).toBe('local-mtu');
          expect(r.verdict.message, ctx).toBe(`ping: local error: message too long, mtu=${podMtu}`);
        } else if (ipLen > tunnelMtu) {
          expect(r.verdict.reason, ctx).toBe('mtu');
          expect(r.verdict.mtu, ctx).toBe(tunnelMtu);
          expect(r.verdict.message, ctx).toContain(`Frag needed and DF set (mtu = ${tunnelMtu})`);
        } else {
          expect(r.verdict.kind, ctx).toBe('delivered');
          const underlay = r.hops.filter((h) => h.wire && h.wire.medium === 'lan');
          expect(underlay.length, ctx).toBeGreaterThan(0);
          for (const h of underlay) expect(h.wire!.length, ctx).toBe(size + 28 + 14 + m.overhead);
        }
      }),
      {
        seed: SEED,
        numRuns: 400,
        // every branch at its boundaries: IPIP 1452/1453, VXLAN 1422/1423, veth_mtu 1500 over VXLAN 1423/1472/1473
        examples: [[0, 1452], [0, 1453], [2, 1422], [2, 1423], [5, 1422], [5, 1423], [5, 1472], [5, 1473], [1, 1472], [1, 1473]],
      },
    );
  });
});
