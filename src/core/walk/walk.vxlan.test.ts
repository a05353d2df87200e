// (3) Calico VXLAN and (4) Flannel vxlan / host-gw, hand-written as Felix and flanneld program them.
import { describe, expect, it } from 'vitest';
import { calicoVxlan, flannel, FLANNEL_VTEP1, FLANNEL_VTEP2, VTEP1, VTEP2 } from '../../../test/support/kernel-worlds';
import { traceroute } from './traceroute';
import { walk } from './walk';
import { innerIp, kinds, sizeProblems, wires, withNs } from '../../../test/support/walk';
import type { UdpHeader } from '../model/packet';

const A = { pod: 'default/a' };
const B = { pod: 'default/b' };
const C = { pod: 'default/c' };

function underlayWire(res: ReturnType<typeof walk>) {
  const w = wires(res).find((h) => h.wire!.medium === 'lan');
  if (!w) throw new Error('no underlay wire');
  return w.wire!;
}

describe('Calico VXLAN', () => {
  const w = calicoVxlan();

  it('148-byte frame: outer IPv4/UDP 4789/VXLAN vni 4096, VTEP MAC → VTEP MAC inside', () => {
    const res = walk(w, { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'pod/default/b' });
    const wire = underlayWire(res);
    expect(wire.length).toBe(148);
    expect(wire.frame.map((h) => h.type)).toEqual(['eth', 'ipv4', 'udp', 'vxlan', 'eth', 'ipv4', 'icmp', 'payload']);
    expect(wire.frame[1]).toMatchObject({ src: '192.168.2.21', dst: '192.168.2.22', protocol: 17, ttl: 64, df: false, totalLength: 134 });
    const u = wire.frame[2] as UdpHeader;
    expect(u).toMatchObject({ dstPort: 4789, length: 114, zeroChecksum: true });
    expect(u.srcPort).toBeGreaterThanOrEqual(32768);
    expect(u.srcPort).toBeLessThan(60999);
    expect(wire.frame[3]).toEqual({ type: 'vxlan', flags: 0x08, vni: 4096 });
    expect(wire.frame[4]).toMatchObject({ src: VTEP1, dst: VTEP2 });
    expect(wire.frame[5]).toMatchObject({ ttl: 63, df: true, src: '10.244.1.5', dst: '10.244.2.5' });
    expect(res.hops.find((h) => h.kind === 'encap')!.pushed!.map((h) => h.type)).toEqual(['ipv4', 'udp', 'vxlan', 'eth']);
    expect(sizeProblems(res)).toEqual([]);
  });

  it('request and reply get different source ports (per-host seed), one host hashes both directions alike', () => {
    const res = walk(w, { from: A, to: B, protocol: 'icmp', reply: true });
    const req = underlayWire(res).frame[2] as UdpHeader;
    const rep = underlayWire(res.reply!).frame[2] as UdpHeader;
    expect(rep.dstPort).toBe(4789);
    expect(rep.srcPort).not.toBe(req.srcPort);
    // the same flow sent again from the same host: same port
    const again = walk(w, { from: A, to: B, protocol: 'icmp' });
    expect((underlayWire(again).frame[2] as UdpHeader).srcPort).toBe(req.srcPort);
  });

  it('traceroute: node IP, remote VTEP address, pod (reference §11)', () => {
    expect(traceroute(w, { from: A, to: B }).hops.map((h) => h.addr)).toEqual(['192.168.2.21', '10.244.2.0', '10.244.2.5']);
  });

  it('same-node pods: two traceroute hops, no tunnel', () => {
    const w2 = calicoVxlan({ samePod: true });
    const tr = traceroute(w2, { from: A, to: C });
    expect(tr.hops).toEqual([
      { ttl: 1, addr: '192.168.2.21', reached: false },
      { ttl: 2, addr: '10.244.1.6', reached: true },
    ]);
    const res = walk(w2, { from: A, to: C, protocol: 'icmp' });
    expect(wires(res).map((h) => h.wire!.medium)).toEqual(['veth', 'veth']);
    expect(kinds(res)).not.toContain('encap');
  });

  it('no neighbour entry for the remote VTEP: unreachable next hop', () => {
    const noNeigh = withNs(w, 'node/n1', (ns) => ({ ...ns, neigh: [] }));
    const res = walk(noNeigh, { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: 'node/n1', icmpFrom: '192.168.2.21' });
  });

  it('no FDB entry for the VTEP MAC: dropped', () => {
    const noFdb = withNs(w, 'node/n1', (ns) => ({ ...ns, fdb: [] }));
    expect(walk(noFdb, { from: A, to: B, protocol: 'icmp' }).verdict).toMatchObject({ reason: 'unreachable-nexthop', at: 'node/n1' });
  });

  it('an FDB entry pointing at this host bypasses encapsulation and loops until the TTL runs out', () => {
    const self = withNs(w, 'node/n1', (ns) => ({ ...ns, fdb: ns.fdb.map((f) => ({ ...f, dst: '192.168.2.21' })) }));
    const res = walk(self, { from: A, to: B, protocol: 'icmp' });
    expect(wires(res).some((h) => h.wire!.medium === 'lan')).toBe(false);
    // vxlan_encap_bypass hands the frame to n1's own vxlan.calico as PACKET_HOST: routed into the tunnel again
    // (the Linux kernel answers Time to live exceeded from the node; checked against it by `verify`)
    expect(res.hops.some((h) => /remote VTEP 192\.168\.2\.21 is local/.test(h.text))).toBe(true);
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'ttl-exceeded', at: 'node/n1' });
  });

  it('a VNI mismatch is dropped by the receiver', () => {
    const other = withNs(w, 'node/n2', (ns) => ({ ...ns, links: ns.links.map((l) => (l.vxlan ? { ...l, vxlan: { ...l.vxlan, vni: 7 } } : l)) }));
    expect(walk(other, { from: A, to: B, protocol: 'icmp' }).verdict).toMatchObject({ reason: 'filtered', at: 'node/n2' });
  });

  it('the receiving node down: its address gets no ARP reply', () => {
    const down = withNs(w, 'node/n2', (ns) => ({ ...ns, down: true }));
    const res = walk(down, { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: 'node/n1' });
    expect(res.hops.filter((h) => h.kind === 'arp' && h.ns === 'node/n1').pop()!.text).toBe('n1: ARP who-has 192.168.2.22 tell 192.168.2.21 on eth0: no reply (n2 is down)');
  });
});

describe('Flannel vxlan', () => {
  const w = flannel();

  it('148-byte frame on UDP 8472, VNI 1; pod → cni0 gateway → flannel.1', () => {
    const res = walk(w, { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'pod/default/b' });
    const wire = underlayWire(res);
    expect(wire.length).toBe(148);
    expect(wire.frame[2]).toMatchObject({ dstPort: 8472 });
    expect(wire.frame[3]).toEqual({ type: 'vxlan', flags: 0x08, vni: 1 });
    expect(wire.frame[4]).toMatchObject({ src: FLANNEL_VTEP1, dst: FLANNEL_VTEP2 });
    expect(res.hops[2].text).toBe('default/a: ARP who-has 10.244.1.1 tell 10.244.1.2 on eth0 → 10.244.1.1 is-at 0a:58:0a:f4:01:01 (n1 cni0)');
    expect(res.hops.some((h) => h.kind === 'receive' && h.text.includes('port of cni0'))).toBe(true);
    // the remote bridge switches the frame to the pod's port
    expect(res.hops.some((h) => h.ns === 'node/n2' && h.text === 'n2: cni0 switches the frame for 0a:00:0a:f4:02:02 to port veth5e6f7a8b')).toBe(true);
    expect(innerIp(res.hops[res.hops.length - 1].packet).ttl).toBe(62);
    expect(sizeProblems(res)).toEqual([]);
  });

  it('traceroute: 10.244.1.1 → 10.244.2.0 → pod (reference §11)', () => {
    expect(traceroute(w, { from: A, to: B }).hops.map((h) => h.addr)).toEqual(['10.244.1.1', '10.244.2.0', '10.244.2.2']);
  });

  it('same-node pods are bridged: one traceroute hop, TTL untouched', () => {
    const w2 = flannel({ samePod: true });
    expect(traceroute(w2, { from: A, to: C }).hops).toEqual([{ ttl: 1, addr: '10.244.1.3', reached: true }]);
    const res = walk(w2, { from: A, to: C, protocol: 'icmp', reply: true });
    expect(kinds(res)).toEqual(['send', 'route', 'arp', 'wire', 'receive', 'wire', 'receive', 'deliver']);
    expect(innerIp(res.hops[res.hops.length - 1].packet).ttl).toBe(64);
    expect(res.reply!.verdict).toEqual({ kind: 'delivered', at: 'pod/default/a' });
  });
});

describe('a bridge without its own MAC', () => {
  it('takes the lowest MAC of its ports, as Linux does (br_stp_recalculate_bridge_id)', () => {
    const w = withNs(flannel({ samePod: true }), 'node/n1', (ns) => ({ ...ns, links: ns.links.map((l) => (l.name === 'cni0' ? { ...l, mac: undefined } : l)) }));
    const res = walk(w, { from: A, to: B, protocol: 'icmp', reply: true });
    expect(res.verdict.kind).toBe('delivered');
    // ports veth1a2b3c4d (0a:01:0a:f4:01:02) and veth9c0d1e2f (0a:01:0a:f4:01:03): the lower one
    expect(res.hops[2].text).toBe('default/a: ARP who-has 10.244.1.1 tell 10.244.1.2 on eth0 → 10.244.1.1 is-at 0a:01:0a:f4:01:02 (n1 cni0)');
    expect(res.reply!.verdict.kind).toBe('delivered');
  });
});

describe('Flannel host-gw', () => {
  const w = flannel({ backend: 'host-gw' });

  it('98-byte frames, pod IPs on the underlay', () => {
    const res = walk(w, { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict.kind).toBe('delivered');
    const wire = underlayWire(res);
    expect(wire.length).toBe(98);
    expect(wire.frame[1]).toMatchObject({ src: '10.244.1.2', dst: '10.244.2.2', ttl: 63 });
  });

  it('traceroute: 10.244.1.1 → 192.168.2.22 → pod (reference §11)', () => {
    expect(traceroute(w, { from: A, to: B }).hops.map((h) => h.addr)).toEqual(['10.244.1.1', '192.168.2.22', '10.244.2.2']);
  });
});
