// The tunnels' edges, hop by hop: what each drop says and why, which device takes the packet, what the
// encap and decap hops carry. Worlds are the hand-written IPIP (seed 004) and Calico VXLAN ones; every
// expected text is the message catalogue's English filled in by hand for that world.
import { describe, expect, it } from 'vitest';
import { calicoIpip, calicoVxlan, VTEP2 } from '../../../test/support/kernel-worlds';
import { walk as walkOnce } from './walk';
import { clockProblems } from '../../../test/support/walk';

// every walk here also checks that its logical clock never runs backwards
const walk = (...a: Parameters<typeof walkOnce>) => {
  const r = walkOnce(...a);
  expect(clockProblems(r)).toEqual([]);
  return r;
};
import { kinds, withNs } from '../../../test/support/walk';
import type { Link, NetNS } from '../model/kernel';
import type { Hop, IPv4Header, WalkResult } from '../model/packet';
import { r } from '../../../test/support/kernel-worlds';

const POD1 = { pod: 'default/pod1' };
const POD2 = { pod: 'default/pod2' };
const A = { pod: 'default/a' };
const B = { pod: 'default/b' };
const V71 = 'node/vms71.rhce.cc';
const V72 = 'node/vms72.rhce.cc';

const last = (res: WalkResult): Hop => res.hops[res.hops.length - 1];
const hopOf = (res: WalkResult, kind: string, ns: string): Hop => {
  const h = res.hops.find((x) => x.kind === kind && x.ns === ns);
  if (!h) throw new Error(`no ${kind} hop in ${ns}`);
  return h;
};
/** The logical clock never runs backwards within a walk. */
const clockRuns = (res: WalkResult) => res.hops.every((h, i) => i === 0 || h.t >= res.hops[i - 1].t);
const withLinks = (ns: NetNS, change: (links: Link[]) => Link[]): NetNS => ({ ...ns, links: change(ns.links) });

describe('IPIP edges', () => {
  const w = calicoIpip();

  it('no route to the tunnel endpoint: dropped in the node, with the endpoint named', () => {
    // the node's own ping (a pod would need the default route for proxy ARP): the outer lookup for
    // 192.168.30.72 finds nothing once the connected route and the default are gone
    const cut = withNs(w, V71, (ns) => ({ ...ns, routes: ns.routes.filter((x) => x.dst !== '192.168.30.0/24' && x.dst !== '0.0.0.0/0') }));
    const res = walk(cut, { from: { node: 'vms71.rhce.cc' }, to: POD2, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'no-route', at: V71, message: 'no route to 192.168.30.72' });
    expect(last(res)).toMatchObject({
      kind: 'drop',
      dev: 'tunl0',
      text: 'vms71.rhce.cc: tunl0 has no route to the tunnel endpoint 192.168.30.72',
      why: 'The tunnel routes its outer packet like any local packet; with no usable route the packet is dropped (tx_carrier_errors).',
    });
  });

  it('a route back into tunl0 is a loop: the drop names the endpoint and the device', () => {
    const loop = withNs(w, V71, (ns) => ({ ...ns, routes: [...ns.routes, r('192.168.30.72 via 192.168.30.72 dev tunl0 proto bird onlink')] }));
    const res = walk(loop, { from: POD1, to: POD2, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'loop', at: V71, message: 'routing loop in tunl0' });
    expect(last(res)).toMatchObject({
      dev: 'tunl0',
      text: 'vms71.rhce.cc: the route to 192.168.30.72 points back into tunl0',
      why: 'The outer packet would re-enter the same tunnel: the kernel drops it as a local routing loop.',
    });
  });

  it('an endpoint that is an address of this node: the outer packet goes through lo, is decapsulated here and routed again until the TTL runs out', () => {
    const self = withNs(w, V71, (ns) => ({
      ...ns,
      routes: ns.routes.map((x) => (x.dst === '10.244.5.192/26' ? r('10.244.5.192/26 via 192.168.30.71 dev tunl0 proto bird onlink') : x)),
    }));
    const res = walk(self, { from: { node: 'vms71.rhce.cc' }, to: POD2, protocol: 'icmp' });
    expect(kinds(res).slice(0, 7)).toEqual(['send', 'route', 'encap', 'route', 'decap', 'route', 'encap']);
    // the outer source is the endpoint itself
    expect(res.hops[2].text).toBe('vms71.rhce.cc: tunl0 encapsulates in IPIP: 192.168.30.71 > 192.168.30.71, ttl 64, DF');
    expect(res.hops[3]).toMatchObject({
      dev: 'lo',
      text: 'vms71.rhce.cc: local 192.168.30.71 dev lo table local',
      why: 'The tunnel endpoint 192.168.30.71 is an address of vms71.rhce.cc: the outer packet loops back.',
    });
    expect(res.hops[4]).toMatchObject({ dev: 'tunl0', text: 'vms71.rhce.cc: IPIP packet to 192.168.30.71 decapsulated; the inner packet arrives on tunl0' });
    expect(res.hops.some((h) => h.kind === 'wire')).toBe(false);
    expect(res.verdict).toMatchObject({ reason: 'ttl-exceeded', at: V71 });
    expect(clockRuns(res)).toBe(true);
  });

  it('the remote node down: the node cannot resolve the endpoint, and its own outer packet tells nobody', () => {
    const down = withNs(w, V72, (ns) => ({ ...ns, down: true }));
    const res = walk(down, { from: POD1, to: POD2, protocol: 'icmp' });
    // arp_solicit takes the outer packet's own source for the request
    expect(res.hops.find((h) => h.kind === 'arp' && h.ns === V71 && h.dev === 'ens33')!.text).toBe(
      'vms71.rhce.cc: ARP who-has 192.168.30.72 tell 192.168.30.71 on ens33: no reply (vms72.rhce.cc is down)',
    );
    expect(res.verdict).toMatchObject({
      reason: 'unreachable-nexthop',
      at: V71,
      message: 'vms71.rhce.cc: cannot resolve 192.168.30.72 on ens33 (vms72.rhce.cc is down)',
    });
    expect(res.verdict.icmpFrom).toBeUndefined();
    expect(res.icmpBack).toBeUndefined();
  });

  it('an inner packet without DF is not held to the room under the outer MTU: the outer packet is fragmented instead', () => {
    // tunl0 1500 on a 1500 NIC, ping -M dont -s 1462: inner 1490, outer 1510 → fragments 1500 + 30
    const big = calicoIpip({ tunlMtu: 1500, podMtu: 1500 });
    const res = walk(big, { from: POD1, to: POD2, protocol: 'icmp', size: 1462, pmtudisc: 'dont' });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'pod/default/pod2' });
    const encap = hopOf(res, 'encap', V71);
    expect(encap.text).toBe('vms71.rhce.cc: tunl0 encapsulates in IPIP: 192.168.30.71 > 192.168.30.72, ttl 63');
    expect(encap.why).toBe("ip_tunnel_xmit (NBMA tunl0): outer destination is the route's gateway 192.168.30.72, source from routing towards it, TTL inherited, DF copied from the inner header.");
    expect(encap.dev).toBe('tunl0');
    expect(encap.pushed).toHaveLength(1);
    expect(encap.pushed![0]).toMatchObject({ type: 'ipv4', protocol: 4, src: '192.168.30.71', dst: '192.168.30.72', totalLength: 1510, df: false });
    expect(hopOf(res, 'fragment', V71)).toMatchObject({ dev: 'ens33' });
    expect(hopOf(res, 'fragment', V71).text).toContain('1500 + 30');
  });

  it("the tunnel's Frag needed says which path MTU it is held to (tnl_update_pmtu)", () => {
    const big = calicoIpip({ tunlMtu: 1500, podMtu: 1500 });
    const res = walk(big, { from: POD1, to: POD2, protocol: 'icmp', size: 1472, pmtudisc: 'do' });
    const drop = last(res);
    expect(drop.text).toBe('vms71.rhce.cc: 1500 bytes with DF do not fit tunl0 towards 192.168.30.72: 1480 is the room left under the learned path MTU');
    expect(drop.why).toContain('the route to 192.168.30.72 carries a path MTU of 1500 ');
  });

  it('the receiving node decapsulates on tunl0, popping the outer header', () => {
    const res = walk(w, { from: POD1, to: POD2, protocol: 'icmp' });
    const decap = hopOf(res, 'decap', V72);
    expect(decap).toMatchObject({
      dev: 'tunl0',
      text: 'vms72.rhce.cc: IPIP packet to 192.168.30.72 decapsulated; the inner packet arrives on tunl0',
      why: 'ipip_rcv: ip_tunnel_lookup falls back to the NBMA device tunl0 (up) and ip_tunnel_rcv strips the outer header.',
    });
    expect(decap.popped).toHaveLength(1);
    expect(decap.popped![0]).toMatchObject({ type: 'ipv4', protocol: 4, src: '192.168.30.71', dst: '192.168.30.72' });
    expect(decap.packet[0]).toMatchObject({ src: '10.244.118.193', dst: '10.244.5.194' });
    expect(clockRuns(res)).toBe(true);
  });

  it('a node with no address at all (and no route src) sends its outer packet from 0.0.0.0', () => {
    const bare = withNs(w, V71, (ns) => ({ ...withLinks(ns, (ls) => ls.map((l) => (l.kind === 'loopback' ? l : { ...l, addrs: [] }))), routes: ns.routes.map((x) => ({ ...x, src: undefined })) }));
    const res = walk(bare, { from: { node: 'vms71.rhce.cc' }, to: POD2, protocol: 'icmp' });
    expect(res.src).toBe('0.0.0.0');
    expect(hopOf(res, 'encap', V71).text).toBe('vms71.rhce.cc: tunl0 encapsulates in IPIP: 0.0.0.0 > 192.168.30.72, ttl 64, DF');
  });

  it('tunl0 down at the receiver: nothing takes protocol 4', () => {
    const down = withNs(w, V72, (ns) => withLinks(ns, (ls) => ls.map((l) => (l.name === 'tunl0' ? { ...l, up: false } : l))));
    const res = walk(down, { from: POD1, to: POD2, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'no-listener', at: V72 });
    expect(kinds(res)).not.toContain('decap');
  });
});

describe('VXLAN edges', () => {
  const w = calicoVxlan();
  const N1 = 'node/n1';
  const N2 = 'node/n2';
  const vx = (ns: NetNS, change: (l: Link) => Link) => withLinks(ns, (ls) => ls.map((l) => (l.name === 'vxlan.calico' ? change(l) : l)));

  it('a VXLAN device without parameters, or without a MAC, sends nothing', () => {
    for (const change of [(l: Link): Link => ({ ...l, vxlan: undefined }), (l: Link): Link => ({ ...l, mac: undefined })]) {
      const res = walk(withNs(w, N1, (ns) => vx(ns, change)), { from: A, to: B, protocol: 'icmp' });
      expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'unreachable-nexthop', at: N1 });
      expect(last(res)).toMatchObject({ dev: 'vxlan.calico', text: 'n1: vxlan.calico has no VXLAN parameters', why: 'A VXLAN device needs a VNI and a port.' });
    }
  });

  it("the neighbour entry gives the inner MAC: a hop on the VXLAN device, no ARP", () => {
    const res = walk(w, { from: A, to: B, protocol: 'icmp' });
    const neigh = res.hops.find((h) => h.kind === 'arp' && h.ns === N1 && h.dev === 'vxlan.calico')!;
    expect(neigh.text).toBe(`n1: neigh 10.244.2.0 dev vxlan.calico lladdr ${VTEP2} PERMANENT`);
    expect(neigh.why).toBe('neigh_lookup: the static entry gives the remote VTEP MAC for the inner Ethernet header.');
  });

  it("no neighbour entry, the node's own ping: its socket hears host unreachable from its own address", () => {
    const noNeigh = withNs(w, N1, (ns) => ({ ...ns, neigh: [] }));
    const res = walk(noNeigh, { from: { node: 'n1' }, to: B, protocol: 'icmp' });
    // the route via vxlan.calico sources from the device's own address (inet_select_addr)
    expect(res.src).toBe('10.244.1.0');
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: N1, icmpFrom: '10.244.1.0', message: 'From 10.244.1.0 icmp_seq=1 Destination Host Unreachable' });
    expect(last(res)).toMatchObject({
      dev: 'vxlan.calico',
      text: 'n1: no neighbour entry for 10.244.2.0 on vxlan.calico',
      why: "The VXLAN device does not learn: the next hop's MAC must be a neighbour entry (Felix / flanneld program them PERMANENT); without one ARP inside the overlay goes nowhere.",
    });
  });

  it('the all-zeros FDB entry is the default remote (vxlan_find_mac falls back to it)', () => {
    const dflt = withNs(w, N1, (ns) => ({ ...ns, fdb: [{ mac: '00:00:00:00:00:00', dev: 'vxlan.calico', dst: '192.168.2.22', self: true, permanent: true }] }));
    expect(walk(dflt, { from: A, to: B, protocol: 'icmp' }).verdict).toEqual({ kind: 'delivered', at: 'pod/default/b' });
  });

  it('no FDB entry at all: the drop names the MAC', () => {
    const res = walk(withNs(w, N1, (ns) => ({ ...ns, fdb: [] })), { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ message: `no VXLAN FDB entry for ${VTEP2}` });
    expect(last(res)).toMatchObject({
      dev: 'vxlan.calico',
      text: `n1: no FDB entry for ${VTEP2} on vxlan.calico`,
      why: 'vxlan_xmit: vxlan_find_mac finds no remote VTEP for the destination MAC and there is no default (00:00:00:00:00:00) entry, so the frame is dropped.',
    });
  });

  it('a remote VTEP inside a blackhole: no route for the outer packet', () => {
    const hole = withNs(w, N1, (ns) => ({ ...ns, fdb: ns.fdb.map((f) => ({ ...f, dst: '10.244.1.9' })) }));
    const res = walk(hole, { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'no-route', at: N1, message: 'no route to 10.244.1.9' });
    expect(last(res).text).toBe('n1: vxlan.calico has no route to the tunnel endpoint 10.244.1.9');
  });

  it('a `local` that is not an address of the node: nothing is sent', () => {
    const bad = withNs(w, N1, (ns) => vx(ns, (l) => ({ ...l, vxlan: { ...l.vxlan!, local: '192.168.2.99' } })));
    const res = walk(bad, { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'no-route', at: N1 });
    expect(last(res)).toMatchObject({
      dev: 'vxlan.calico',
      text: 'n1: vxlan.calico local 192.168.2.99 is not an address here',
      why: 'The outer packet cannot be sourced from an address the host does not have.',
    });
  });

  it('the outer source is `local` when set (an address on lo here), else (empty) what routing picks', () => {
    const onLo = withNs(w, N1, (ns) =>
      vx(
        withLinks(ns, (ls) => ls.map((l) => (l.kind === 'loopback' ? { ...l, addrs: [...l.addrs, { ip: '10.10.10.1', prefixLen: 32, scope: 'global' as const }] } : l))),
        (l) => ({ ...l, vxlan: { ...l.vxlan!, local: '10.10.10.1' } }),
      ),
    );
    const res = walk(onLo, { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict.kind).toBe('delivered');
    expect(hopOf(res, 'encap', N1).pushed![0]).toMatchObject({ src: '10.10.10.1', dst: '192.168.2.22' });
    expect(hopOf(res, 'encap', N1).text).toMatch(/^n1: vxlan\.calico encapsulates: VXLAN vni 4096, UDP \d+ → 4789, IP 10\.10\.10\.1 > 192\.168\.2\.22$/);
    const unset = withNs(w, N1, (ns) => vx(ns, (l) => ({ ...l, vxlan: { ...l.vxlan!, local: '' } })));
    const res2 = walk(unset, { from: A, to: B, protocol: 'icmp' });
    expect(res2.verdict.kind).toBe('delivered');
    // the connected route 192.168.2.0/24 carries src 192.168.2.21
    expect(hopOf(res2, 'encap', N1).pushed![0]).toMatchObject({ src: '192.168.2.21', dst: '192.168.2.22' });
  });

  it('no `local` and no address at all: the outer source is 0.0.0.0', () => {
    const bare = withNs(w, N1, (ns) =>
      vx(
        { ...withLinks(ns, (ls) => ls.map((l) => (l.kind === 'loopback' ? l : { ...l, addrs: [] }))), routes: ns.routes.map((x) => ({ ...x, src: undefined })) },
        (l) => ({ ...l, vxlan: { ...l.vxlan!, local: '' } }),
      ),
    );
    const res = walk(bare, { from: A, to: B, protocol: 'icmp' });
    expect(hopOf(res, 'encap', N1).pushed![0]).toMatchObject({ src: '0.0.0.0', dst: '192.168.2.22' });
  });

  // VXLAN devices that must not be taken: another VNI, another port, one that is down, one without
  // parameters — all before the real one in ifindex order
  const decoys = (mac: string): Link[] => [
    { ifindex: 10, name: 'vxlan.a', kind: 'vxlan', mtu: 1450, mac: `${mac}:0a`, addrs: [], up: true, vxlan: { vni: 7, port: 4789, local: '', dev: 'eth0', learning: false } },
    { ifindex: 11, name: 'vxlan.b', kind: 'vxlan', mtu: 1450, mac: `${mac}:0b`, addrs: [], up: true, vxlan: { vni: 4096, port: 8472, local: '', dev: 'eth0', learning: false } },
    { ifindex: 12, name: 'vxlan.c', kind: 'vxlan', mtu: 1450, mac: `${mac}:0c`, addrs: [], up: false, vxlan: { vni: 4096, port: 4789, local: '', dev: 'eth0', learning: false } },
    { ifindex: 13, name: 'vxlan.e', kind: 'vxlan', mtu: 1450, mac: `${mac}:0e`, addrs: [], up: true },
  ];
  const withDecoys = (ns: NetNS, mac: string) =>
    withLinks(ns, (ls) => [...ls.map((l) => (l.name === 'vxlan.calico' ? { ...l, ifindex: 30 } : l.kind === 'veth' ? { ...l, ifindex: 31 } : l)), ...decoys(mac)]);

  it('an FDB entry pointing at this host: the frame bypasses into the local device with the same VNI and port, up', () => {
    const self = withNs(w, N1, (ns) => ({ ...withDecoys(ns, '02:00:00:00:01'), fdb: ns.fdb.map((f) => ({ ...f, dst: '192.168.2.21' })) }));
    const res = walk(self, { from: A, to: B, protocol: 'icmp' });
    const bypass = hopOf(res, 'decap', N1);
    expect(bypass).toMatchObject({
      dev: 'vxlan.calico',
      text: "n1: vxlan.calico's remote VTEP 192.168.2.21 is local: the frame bypasses encapsulation into vxlan.calico",
      why: 'vxlan_xmit_one: a destination that is a local address is handed to the local VXLAN device with the same VNI and port (vxlan_encap_bypass, PACKET_HOST); it is routed again.',
    });
    expect(res.verdict).toMatchObject({ reason: 'ttl-exceeded', at: N1 });
    expect(clockRuns(res)).toBe(true);
  });

  it('the receiver takes the packet on the up VXLAN device listening on the port, and pops IP, UDP and VXLAN', () => {
    const rx = withNs(w, N2, (ns) => withDecoys(ns, '02:00:00:00:02'));
    const res = walk(rx, { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'pod/default/b' });
    const decap = hopOf(res, 'decap', N2);
    expect(decap).toMatchObject({
      dev: 'vxlan.calico',
      text: 'n2: VXLAN vni 4096 on UDP 4789 decapsulated; the inner frame arrives on vxlan.calico',
      why: 'vxlan_rcv: the UDP socket of vxlan.calico takes the packet, checks the VNI and strips IP, UDP and VXLAN headers.',
    });
    expect(decap.popped!.map((h) => h.type)).toEqual(['ipv4', 'udp', 'vxlan']);
    expect(decap.packet[0]).toMatchObject({ type: 'eth', dst: '66:b3:1c:0a:11:02' });
  });

  it('a VNI the device does not have: the drop names both', () => {
    const other = withNs(w, N2, (ns) => vx(ns, (l) => ({ ...l, vxlan: { ...l.vxlan!, vni: 7 } })));
    const res = walk(other, { from: A, to: B, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'filtered', at: N2, message: 'VNI 4096 unknown on n2' });
    expect(last(res)).toMatchObject({
      dev: 'eth0',
      text: 'n2: VNI 4096 does not match vxlan.calico (vni 7)',
      why: 'vxlan_rcv: no device has this VNI on the port, the packet is dropped.',
    });
  });

  it('plain UDP to the VXLAN port is not VXLAN: the socket drops it', () => {
    for (const size of [0, 8]) {
      const res = walk(w, { from: { node: 'n1' }, to: { node: 'n2' }, protocol: 'udp', port: 4789, size });
      expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'filtered', at: N2 });
      expect(last(res)).toMatchObject({ text: 'n2: UDP to port 4789 is not a VXLAN packet', why: 'The VXLAN socket owns the port and drops what it cannot parse.' });
    }
  });

  it('an inner frame for another MAC than the VTEP: dropped after decapsulation', () => {
    const wrong = 'aa:aa:aa:aa:aa:02';
    const odd = withNs(w, N1, (ns) => ({
      ...ns,
      neigh: ns.neigh.map((n) => ({ ...n, lladdr: wrong })),
      fdb: ns.fdb.map((f) => ({ ...f, mac: wrong })),
    }));
    const res = walk(odd, { from: A, to: B, protocol: 'icmp' });
    expect(kinds(res)).toContain('decap');
    expect(res.verdict).toMatchObject({ reason: 'filtered', at: N2, message: `inner MAC ${wrong} is not vxlan.calico's` });
    expect(last(res)).toMatchObject({
      dev: 'vxlan.calico',
      text: `n2: vxlan.calico ignores an inner frame for ${wrong}`,
      why: 'The inner destination MAC is not the VTEP MAC: PACKET_OTHERHOST, dropped by ip_rcv.',
    });
    expect((last(res).packet[0] as { dst?: string }).dst).toBe(wrong);
    expect((hopOf(res, 'encap', N1).pushed![0] as IPv4Header).dst).toBe('192.168.2.22');
  });
});
