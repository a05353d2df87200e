// (5) MTU and DF, the decision table of reference §11 (measured with `ping -M do -s SIZE` between pods
// on two nodes, VXLAN), plus fragmentation without DF, the silent underlay black hole, and IPIP.
import { describe, expect, it } from 'vitest';
import { calicoIpip, calicoVxlan } from '../../../test/support/kernel-worlds';
import { walk } from './walk';
import { kinds, sizeProblems, wires } from '../../../test/support/walk';
import type { WalkRequest } from '../model/packet';

const A = { pod: 'default/a' };
const B = { pod: 'default/b' };
const ping = (size: number, pmtudisc: WalkRequest['pmtudisc'] = 'do'): WalkRequest => ({ from: A, to: B, protocol: 'icmp', size, pmtudisc });

describe('MTU/DF decision table (reference §11, VXLAN)', () => {
  it('pod eth0, cali and vxlan.calico all 1450: 1422 passes, 1423 fails locally', () => {
    const w = calicoVxlan();
    expect(walk(w, ping(1422)).verdict.kind).toBe('delivered');
    const res = walk(w, ping(1423));
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'local-mtu', at: 'pod/default/a', message: 'ping: local error: message too long, mtu=1450', mtu: 1450 });
    expect(wires(res)).toHaveLength(0);
  });

  it('pod eth0 1500, cali 1450: IP 1451–1454 get Frag needed from the node, ≥ 1455 ENOBUFS at the sender veth', () => {
    const w = calicoVxlan({ podMtu: 1500, caliMtu: 1450 });
    expect(walk(w, ping(1422)).verdict.kind).toBe('delivered');
    for (const size of [1423, 1426]) {
      const res = walk(w, ping(size));
      expect(res.verdict).toMatchObject({ reason: 'mtu', at: 'node/n1', icmpFrom: '192.168.2.21', mtu: 1450, message: 'From 192.168.2.21 icmp_seq=1 Frag needed and DF set (mtu = 1450)' });
      const icmp = res.hops.find((h) => h.kind === 'icmp')!;
      expect(icmp.packet[1]).toMatchObject({ type: 'icmp', icmpType: 3, code: 4, mtu: 1450 });
      expect(sizeProblems(res)).toEqual([]);
    }
    const res = walk(w, ping(1427));
    expect(res.verdict).toMatchObject({ reason: 'mtu', at: 'pod/default/a', message: 'ping: sendmsg: No buffer space available' });
    expect(wires(res)).toHaveLength(0);
  });

  it('pod eth0 and cali both 1500: Frag needed from the node (vxlan.calico 1450)', () => {
    const w = calicoVxlan({ podMtu: 1500, caliMtu: 1500 });
    expect(walk(w, ping(1422)).verdict.kind).toBe('delivered');
    expect(walk(w, ping(1423)).verdict).toMatchObject({ reason: 'mtu', at: 'node/n1', icmpFrom: '192.168.2.21', mtu: 1450 });
    expect(walk(w, ping(1472)).verdict).toMatchObject({ reason: 'mtu', at: 'node/n1', mtu: 1450 });
  });

  it('without DF the sender fragments, and the receiver reassembles', () => {
    const w = calicoVxlan();
    const res = walk(w, ping(2000, 'dont'));
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'pod/default/b' });
    const frag = res.hops.find((h) => h.kind === 'fragment')!;
    expect(frag.ns).toBe('pod/default/a');
    expect(frag.text).toContain('2 fragments (1444 + 604 bytes)');
    expect(res.hops.some((h) => h.kind === 'receive' && h.text.includes('reassembles the 2028-byte packet'))).toBe(true);
    expect(sizeProblems(res)).toEqual([]);
  });

  it('pmtudisc want (ping\'s default) fragments locally too instead of failing', () => {
    const res = walk(calicoVxlan(), ping(1423, 'want'));
    expect(res.verdict.kind).toBe('delivered');
    expect(kinds(res)).toContain('fragment');
  });

  it('outer VXLAN packets have DF clear: a too-large outer packet is fragmented by the node', () => {
    // vxlan.calico wrongly at 1500 on a 1500 NIC: the 1550-byte outer packet must be cut
    const w = calicoVxlan({ vxlanMtu: 1500, podMtu: 1500 });
    const res = walk(w, ping(1472));
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'pod/default/b' });
    const frag = res.hops.find((h) => h.kind === 'fragment')!;
    expect(frag.ns).toBe('node/n1');
    expect(frag.text).toContain('1550-byte packet > eth0 MTU 1500: 2 fragments');
    const lan = wires(res).find((h) => h.wire!.medium === 'lan')!;
    expect(lan.wire!.length).toBe(1514);
    expect(res.hops.some((h) => h.ns === 'node/n2' && h.text.includes('reassembles the 1550-byte packet'))).toBe(true);
    expect(sizeProblems(res)).toEqual([]);
  });

  it('a segment with a smaller MTU than the NICs drops silently: the black hole', () => {
    const w = calicoVxlan({ netMtu: 1400 });
    expect(walk(w, ping(56)).verdict.kind).toBe('delivered');
    const res = walk(w, ping(1400));
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'mtu', message: 'dropped silently by the underlay (network mtu 1400)' });
    expect(res.verdict.icmpFrom).toBeUndefined();
    expect(res.hops.some((h) => h.kind === 'icmp')).toBe(false);
  });
});

describe('MTU with IPIP (20 bytes of overhead)', () => {
  it('tunl0 1480: a pod with MTU 1500 gets Frag needed (mtu = 1480) from its node', () => {
    const w = calicoIpip({ podMtu: 1500 });
    const req: WalkRequest = { from: { pod: 'default/pod1' }, to: { pod: 'default/pod2' }, protocol: 'icmp', pmtudisc: 'do' };
    expect(walk(w, { ...req, size: 1452 }).verdict.kind).toBe('delivered');
    expect(walk(w, { ...req, size: 1453 }).verdict).toMatchObject({ reason: 'mtu', at: 'node/vms71.rhce.cc', icmpFrom: '192.168.26.71', mtu: 1480, message: 'From 192.168.26.71 icmp_seq=1 Frag needed and DF set (mtu = 1480)' });
  });

  it('tunl0 set to 1500 on a 1500 NIC: the tunnel refuses the inner packet with Frag needed (mtu = 1480), the outer never leaves too big', () => {
    // ip_tunnel.c tnl_update_pmtu: room = dst_mtu(outer route) - 20 = 1480 < 1500 with inner DF → icmp_ndo_send
    const w = calicoIpip({ tunlMtu: 1500, podMtu: 1500 });
    const res = walk(w, { from: { pod: 'default/pod1' }, to: { pod: 'default/pod2' }, protocol: 'icmp', size: 1472, pmtudisc: 'do' });
    expect(res.verdict).toMatchObject({ reason: 'mtu', at: 'node/vms71.rhce.cc', mtu: 1480, icmpFrom: '192.168.26.71', message: 'From 192.168.26.71 icmp_seq=1 Frag needed and DF set (mtu = 1480)' });
    expect(res.hops[res.hops.length - 1].text).toContain('1500 bytes with DF do not fit tunl0');
    expect(res.icmpBack?.heard).toBe(true);
  });
});
