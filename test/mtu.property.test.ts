// The MTU/DF decision table (cni-facts §11) as a property over random payload sizes, encapsulations and
// the three path-MTU discovery modes of ping -M (fast-check, fixed seed in the test name).
// With -M do, a pod-to-pod ping across nodes either
//  - fails at the sender with "message too long, mtu=<pod MTU>" when its IP packet exceeds the pod's MTU,
//  - is refused by the node with "Frag needed and DF set (mtu = <tunnel MTU>)" when the pod MTU is larger
//    than the tunnel's (veth_mtu set too high), or
//  - is delivered, and then every underlay frame is payload + 28 (IPv4 + ICMP) + 14 (Ethernet) + the mode's
//    encapsulation overhead (IPIP 20, VXLAN 50) bytes long.
// ip(7): IP_PMTUDISC_WANT "will fragment a datagram if needed according to the path MTU, or will set the
// don't-fragment flag otherwise", IP_PMTUDISC_DONT never sets DF. So with want, a packet of exactly the
// route's MTU carries DF (and may meet the node's Frag needed), one byte more is fragmented by the pod
// itself; with dont, nothing is refused and whatever is too long for a device is fragmented there.
// A fragment carries floor((MTU - 20) / 8) * 8 bytes of data after its 20-byte header (RFC 791), and the
// walk follows the first one.

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

type Pmtu = 'do' | 'want' | 'dont';

/** The first fragment's IP length when a packet of `len` without DF leaves a device of `mtu`. */
const firstFragment = (len: number, mtu: number) => (len <= mtu ? len : 20 + Math.floor((mtu - 20) / 8) * 8);

describe(`MTU decision table (fast-check seed ${SEED})`, () => {
  it('drops exactly where the table says, DF is what the mode asks, and frames add up when delivered', () => {
    const states = MODES.map((m) => {
      const s = generateCluster({ nodes: 2, podsPerNode: 1, ...m.gen });
      if (m.vethMtu) s.cluster.calico.vethMtu = m.vethMtu;
      return buildCluster(s);
    });
    // sizes at the two boundaries of each mode (pod MTU, tunnel MTU; ±1 and equal) as often as anywhere else
    const sizeArb = fc.oneof(
      fc.integer({ min: 0, max: 1600 }).map((size) => ({ size })),
      fc.record({ edge: fc.constantFrom<'pod' | 'tunnel'>('pod', 'tunnel'), delta: fc.integer({ min: -1, max: 1 }) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: MODES.length - 1 }), fc.constantFrom<Pmtu>('do', 'want', 'dont'), sizeArb, (mi, pmtudisc, sz) => {
        const m = MODES[mi];
        const st = states[mi];
        const [a, b] = st.pods;
        const podMtu = a.mtu;
        // the pod MTUs the CNIs configure (cni-facts §11): 1480 under IPIP, 1450 under VXLAN, else 1500 —
        // unless veth_mtu says otherwise
        expect(podMtu).toBe(m.vethMtu ?? 1500 - m.overhead);
        const tunnelMtu = 1500 - m.overhead;
        const size = 'size' in sz ? sz.size : (sz.edge === 'pod' ? podMtu : tunnelMtu) - 28 + sz.delta;
        const r = walk(worldOf(st), { from: { pod: `default/${a.name}` }, to: { pod: `default/${b.name}` }, protocol: 'icmp', size, pmtudisc });
        const ipLen = size + 28;
        const ctx = `mode ${mi} -M ${pmtudisc} size ${size}: ${r.verdict.kind} ${r.verdict.reason ?? ''} ${r.verdict.message ?? ''}`;
        const df = pmtudisc === 'do' || (pmtudisc === 'want' && ipLen <= podMtu);
        const sent = r.hops[0].packet[0];
        expect(sent.type === 'ipv4' && sent.df, ctx).toBe(df);
        if (pmtudisc === 'do' && ipLen > podMtu) {
          expect(r.verdict.reason, ctx).toBe('local-mtu');
          expect(r.verdict.message, ctx).toBe(`ping: local error: message too long, mtu=${podMtu}`);
        } else if (df && ipLen > tunnelMtu) {
          expect(r.verdict.reason, ctx).toBe('mtu');
          expect(r.verdict.mtu, ctx).toBe(tunnelMtu);
          expect(r.verdict.message, ctx).toContain(`Frag needed and DF set (mtu = ${tunnelMtu})`);
        } else {
          expect(r.verdict.kind, ctx).toBe('delivered');
          const inner = firstFragment(firstFragment(ipLen, podMtu), tunnelMtu);
          const underlay = r.hops.filter((h) => h.wire && h.wire.medium === 'lan');
          expect(underlay.length, ctx).toBeGreaterThan(0);
          for (const h of underlay) expect(h.wire!.length, ctx).toBe(inner + 14 + m.overhead);
        }
      }),
      {
        seed: SEED,
        numRuns: 600,
        // every branch at its boundaries: IPIP 1452/1453, VXLAN 1422/1423, veth_mtu 1500 over VXLAN 1423/1472/1473
        examples: [
          [0, 'do', { size: 1452 }], [0, 'do', { size: 1453 }], [2, 'do', { size: 1422 }], [2, 'do', { size: 1423 }],
          [5, 'do', { size: 1422 }], [5, 'do', { size: 1423 }], [5, 'do', { size: 1472 }], [5, 'do', { size: 1473 }],
          [1, 'do', { size: 1472 }], [1, 'do', { size: 1473 }],
          // want at len == MTU: DF set, so over veth_mtu 1500 the node answers Frag needed; one byte more is fragmented
          [0, 'want', { size: 1452 }], [0, 'want', { size: 1453 }], [5, 'want', { size: 1472 }], [5, 'want', { size: 1473 }],
          [5, 'dont', { size: 1472 }], [2, 'dont', { size: 1423 }],
        ],
      },
    );
  });
});
