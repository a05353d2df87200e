// Layer 2's edges, drop by drop: a device that cannot carry the frame, no carrier, a missing veth peer, an
// uncabled NIC, a MAC nobody has, MTUs on the segment and at the receiver (boundaries included), a receiver
// down, a frame for another MAC, a down bridge, a bridge with no port for the MAC; and the ARP texts. The
// neighbour entries the tests add (PERMANENT) skip ARP, so each drop is reached on its own.
import { describe, expect, it } from 'vitest';
import { calicoIpip, calicoVxlan, flannel, noCni, r } from '../../../test/support/kernel-worlds';
import { walk as walkOnce } from './walk';
import { clockProblems } from '../../../test/support/walk';

// every walk here also checks that its logical clock never runs backwards
const walk = (...a: Parameters<typeof walkOnce>) => {
  const r = walkOnce(...a);
  expect(clockProblems(r)).toEqual([]);
  return r;
};
import { kinds, withNs } from '../../../test/support/walk';
import type { Link, NeighEntry, NetNS } from '../model/kernel';
import type { Hop, WalkResult } from '../model/packet';

const last = (res: WalkResult): Hop => res.hops[res.hops.length - 1];
const HA = 'node/host-a';
const HB = 'node/host-b';
const toB = { from: { node: 'host-a' }, to: { ip: '192.168.1.11' }, protocol: 'icmp' as const };
const link = (ns: NetNS, name: string, change: (l: Link) => Link): NetNS => ({ ...ns, links: ns.links.map((l) => (l.name === name ? change(l) : l)) });
const neigh = (ns: NetNS, e: NeighEntry): NetNS => ({ ...ns, neigh: [...ns.neigh, e] });
const B_MAC = '52:54:00:01:00:0b';

describe('sending a frame', () => {
  const w = noCni();

  it('a NIC without a MAC cannot carry the frame', () => {
    const res = walk(withNs(w, HA, (ns) => link(ns, 'eth0', (l) => ({ ...l, mac: undefined }))), toB);
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'unreachable-nexthop', at: HA });
    expect(last(res)).toMatchObject({ dev: 'eth0', text: 'host-a: eth0 (ether) cannot carry the frame', why: 'Only Ethernet-like devices resolve neighbours.' });
  });

  it('no carrier: nothing leaves', () => {
    const res = walk(withNs(w, HA, (ns) => link(ns, 'eth0', (l) => ({ ...l, noCarrier: true }))), toB);
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: HA });
    expect(last(res)).toMatchObject({ dev: 'eth0', text: 'host-a: eth0 has no carrier', why: 'A device without carrier transmits nothing.' });
    expect(kinds(res)).not.toContain('wire');
  });

  it('an uncabled NIC reaches nothing', () => {
    const w2 = withNs(w, HA, (ns) => neigh(link(ns, 'eth0', (l) => ({ ...l, network: undefined })), { ip: '192.168.1.11', dev: 'eth0', lladdr: B_MAC, state: 'PERMANENT' }));
    const res = walk(w2, toB);
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: HA, message: 'eth0 reaches nothing' });
    expect(last(res)).toMatchObject({ dev: 'eth0', text: 'host-a: eth0 is not cabled to any network', why: 'The frame leaves a NIC that reaches nothing.' });
  });

  it('a neighbour entry for a MAC nobody has: the segment floods it, nobody takes it', () => {
    const w2 = withNs(w, HA, (ns) => neigh(ns, { ip: '192.168.1.11', dev: 'eth0', lladdr: '52:54:00:99:99:99', state: 'PERMANENT' }));
    const res = walk(w2, toB);
    expect(res.hops.find((h) => h.kind === 'arp')!).toMatchObject({
      text: 'host-a: neigh 192.168.1.11 dev eth0 lladdr 52:54:00:99:99:99 PERMANENT',
      why: 'neigh_lookup finds a valid entry, so no ARP request is sent.',
    });
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: HA });
    expect(last(res)).toMatchObject({ dev: 'eth0', text: 'lan1: no station has MAC 52:54:00:99:99:99', why: 'The switch floods the unknown destination and nobody takes it.' });
  });

  it('FAILED and INCOMPLETE neighbour entries are not used: ARP asks again', () => {
    for (const state of ['FAILED', 'INCOMPLETE'] as const) {
      const w2 = withNs(w, HA, (ns) => neigh(ns, { ip: '192.168.1.11', dev: 'eth0', lladdr: '52:54:00:99:99:99', state }));
      const res = walk(w2, toB);
      expect(res.verdict).toEqual({ kind: 'delivered', at: HB });
      expect(res.hops[2].text).toBe(`host-a: ARP who-has 192.168.1.11 tell 192.168.1.10 on eth0 → 192.168.1.11 is-at ${B_MAC} (host-b eth0)`);
    }
    const stale = withNs(w, HA, (ns) => neigh(ns, { ip: '192.168.1.11', dev: 'eth0', lladdr: B_MAC, state: 'STALE' }));
    expect(walk(stale, toB).hops[2].text).toBe(`host-a: neigh 192.168.1.11 dev eth0 lladdr ${B_MAC} STALE`);
  });

  it('a segment with a smaller MTU loses bigger packets silently; a packet of exactly its MTU passes', () => {
    const small = { ...w, networks: w.networks.map((n) => (n.name === 'lan1' ? { ...n, mtu: 1000 } : n)) };
    const lost = walk(small, { ...toB, size: 973, pmtudisc: 'dont' });
    expect(lost.verdict).toMatchObject({ kind: 'dropped', reason: 'mtu', at: HA, mtu: 1000, message: 'dropped silently by the underlay (network mtu 1000)' });
    expect(last(lost)).toMatchObject({
      dev: 'eth0',
      text: 'lan1: a 1001-byte packet exceeds the network MTU 1000 and is lost',
      why: 'A switch or link with a smaller MTU than the NICs drops oversized frames without any ICMP: the classic MTU black hole.',
    });
    expect(walk(small, { ...toB, size: 972, pmtudisc: 'dont' }).verdict).toEqual({ kind: 'delivered', at: HB });
  });

  it('a receiving NIC with a smaller MTU drops bigger packets on receive; exactly its MTU passes', () => {
    const narrow = withNs(w, HB, (ns) => link(ns, 'eth0', (l) => ({ ...l, mtu: 1000 })));
    const lost = walk(narrow, { ...toB, size: 973, pmtudisc: 'dont' });
    expect(lost.verdict).toMatchObject({ kind: 'dropped', reason: 'mtu', at: HA, mtu: 1000, message: 'dropped silently by host-b eth0 (MTU 1000)' });
    expect(last(lost)).toMatchObject({ dev: 'eth0', text: 'host-b eth0: a 1001-byte packet exceeds its MTU 1000 and is dropped on receive' });
    expect(last(lost).why).toContain('rx length error');
    expect(walk(narrow, { ...toB, size: 972, pmtudisc: 'dont' }).verdict).toEqual({ kind: 'delivered', at: HB });
  });
});

describe('receiving a frame', () => {
  const w = withNs(noCni(), HA, (ns) => neigh(ns, { ip: '192.168.1.11', dev: 'eth0', lladdr: B_MAC, state: 'PERMANENT' }));

  it('a receiver that is down loses the frame', () => {
    const res = walk(withNs(w, HB, (ns) => ({ ...ns, down: true })), toB);
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'node-down', at: HB, message: 'host-b is down' });
    expect(last(res)).toMatchObject({ dev: 'eth0', text: 'host-b is down: the frame is lost', why: 'A namespace that is down receives nothing.' });
  });

  it('a receiving device that is down receives nothing', () => {
    const res = walk(withNs(w, HB, (ns) => link(ns, 'eth0', (l) => ({ ...l, up: false }))), toB);
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: HB });
    expect(last(res)).toMatchObject({ dev: 'eth0', text: 'host-b: eth0 is down', why: 'A device that is down receives nothing.' });
  });

  it('ARP gets no reply from a device that is down, and says which', () => {
    const res = walk(withNs(noCni(), HB, (ns) => link(ns, 'eth0', (l) => ({ ...l, up: false }))), toB);
    const arp = res.hops.find((h) => h.kind === 'arp')!;
    expect(arp.text).toBe('host-a: ARP who-has 192.168.1.11 tell 192.168.1.10 on eth0: no reply (host-b eth0 is down)');
    expect(last(res)).toMatchObject({ text: 'host-a: cannot resolve 192.168.1.11 on eth0 (host-b eth0 is down)', why: 'No ARP reply for 192.168.1.11: nobody on the medium of eth0 answers for it.' });
    // the sender's own kernel reports it
    expect(res.verdict).toMatchObject({ icmpFrom: '192.168.1.10', message: 'From 192.168.1.10 icmp_seq=1 Destination Host Unreachable' });
  });

  it('a frame for another MAC on a veth is ignored by the pod', () => {
    const w2 = withNs(calicoVxlan(), 'node/n2', (ns) => neigh(ns, { ip: '10.244.2.5', dev: 'cali5e4d3c2b1a0', lladdr: 'aa:aa:aa:aa:aa:05', state: 'PERMANENT' }));
    const res = walk(w2, { from: { pod: 'default/a' }, to: { pod: 'default/b' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'filtered', at: 'pod/default/b' });
    expect(last(res)).toMatchObject({ dev: 'eth0', text: 'default/b: eth0 ignores a frame for aa:aa:aa:aa:aa:05', why: 'eth_type_trans marks a frame for another MAC PACKET_OTHERHOST and ip_rcv drops it.' });
  });

  it("the pod's veth peer down: the pod's frame goes nowhere", () => {
    const w2 = withNs(
      withNs(calicoVxlan(), 'node/n1', (ns) => link(ns, 'cali0a1b2c3d4e5', (l) => ({ ...l, up: false }))),
      'pod/default/a',
      (ns) => neigh(ns, { ip: '169.254.1.1', dev: 'eth0', lladdr: 'ee:ee:ee:ee:ee:ee', state: 'PERMANENT' }),
    );
    const res = walk(w2, { from: { pod: 'default/a' }, to: { pod: 'default/b' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: 'pod/default/a' });
    expect(last(res)).toMatchObject({ dev: 'eth0', text: 'default/a: the peer of eth0 is missing or down', why: 'veth_xmit drops frames when the peer device is not running.' });
  });
});

describe('bridges', () => {
  it('a port of a down bridge passes nothing', () => {
    const w = withNs(
      withNs(flannel(), 'node/n1', (ns) => link(ns, 'cni0', (l) => ({ ...l, up: false }))),
      'pod/default/a',
      (ns) => neigh(ns, { ip: '10.244.1.1', dev: 'eth0', lladdr: '0a:58:0a:f4:01:01', state: 'PERMANENT' }),
    );
    const res = walk(w, { from: { pod: 'default/a' }, to: { pod: 'default/b' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: 'node/n1' });
    expect(last(res)).toMatchObject({ dev: 'veth1a2b3c4d', text: 'n1: bridge cni0 is missing or down', why: 'A port of a down bridge passes nothing.' });
  });

  it('a bridge with no port for the MAC floods it and nobody takes it', () => {
    const w = withNs(flannel({ samePod: true }), 'pod/default/a', (ns) => neigh(ns, { ip: '10.244.1.3', dev: 'eth0', lladdr: 'aa:aa:aa:aa:aa:03', state: 'PERMANENT' }));
    const res = walk(w, { from: { pod: 'default/a' }, to: { pod: 'default/c' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: 'node/n1' });
    expect(last(res)).toMatchObject({ dev: 'cni0', text: 'n1: cni0 has no port for aa:aa:aa:aa:aa:03', why: 'Unknown unicast is flooded to every port and nobody takes it.' });
  });

  it('frames for the bridge go up to IP on it; others are switched to the port the MAC is behind', () => {
    const res = walk(flannel({ samePod: true }), { from: { pod: 'default/a' }, to: { pod: 'default/c' }, protocol: 'icmp' });
    const fwd = res.hops.find((h) => h.kind === 'receive' && h.dev === 'cni0')!;
    expect(fwd.text).toBe('n1: cni0 switches the frame for 0a:00:0a:f4:01:03 to port veth9c0d1e2f');
    expect(fwd.why).toBe('br_fdb_find: the bridge forwards by destination MAC to the port it learned that MAC on.');
    const up = walk(flannel(), { from: { pod: 'default/a' }, to: { pod: 'default/b' }, protocol: 'icmp' }).hops.find((h) => h.kind === 'receive' && h.ns === 'node/n1')!;
    expect(up).toMatchObject({
      dev: 'cni0',
      text: "n1: veth1a2b3c4d (port of cni0) receives a frame for cni0's own MAC: up to IP on cni0",
      why: "br_handle_frame: a frame for the bridge's own address is delivered to the bridge device itself (PACKET_HOST).",
    });
  });
});

describe('ARP answers', () => {
  it("the owner answers for its own address; a proxy_arp device for a route elsewhere, and the texts say which", () => {
    const own = walk(noCni(), toB);
    expect(own.hops[2].why).toBe('arp_process on host-b eth0: 192.168.1.11 is a local address of host-b (arp_ignore=0 answers for any local address).');
    const proxy = walk(calicoIpip(), { from: { pod: 'default/pod1' }, to: { pod: 'default/pod2' }, protocol: 'icmp' });
    expect(proxy.hops[2].why).toBe(
      'arp_process on vms71.rhce.cc cali1f3a8c0d5b2: proxy_arp is on and its route to 169.254.1.1 leaves by ens32, not by the device the request came in on (arp_fwd_proxy), so it answers with its own MAC.',
    );
  });

  it('a forwarding router asks from the address of the output device', () => {
    const res = walk(noCni(), { from: { node: 'host-a' }, to: { ip: '192.168.2.10' }, protocol: 'icmp' });
    expect(res.hops.find((h) => h.kind === 'arp' && h.ns === 'router/r1')!.text).toBe('r1: ARP who-has 192.168.2.10 tell 192.168.2.1 on eth1 → 192.168.2.10 is-at 52:54:00:02:00:0a (host-c eth0)');
  });
});

describe('proxy ARP (arp_fwd_proxy)', () => {
  const w = calicoIpip();
  const V71 = 'node/vms71.rhce.cc';
  const go = (world: typeof w) => walk(world, { from: { pod: 'default/pod1' }, to: { pod: 'default/pod2' }, protocol: 'icmp' });
  const arpOf = (res: WalkResult) => res.hops.find((h) => h.kind === 'arp')!.text;

  it('answers only when the namespace forwards', () => {
    const res = go(withNs(w, V71, (ns) => ({ ...ns, forwarding: false })));
    expect(arpOf(res)).toBe('default/pod1: ARP who-has 169.254.1.1 tell 10.244.118.193 on eth0: no reply');
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: 'pod/default/pod1', message: 'From 10.244.118.193 icmp_seq=1 Destination Host Unreachable' });
  });

  it('not for a target whose route leaves by the device the request came in on, nor through a blackhole', () => {
    const back = withNs(w, V71, (ns) => ({ ...ns, routes: [...ns.routes, r('169.254.1.1 dev cali1f3a8c0d5b2 scope link')] }));
    expect(arpOf(go(back))).toBe('default/pod1: ARP who-has 169.254.1.1 tell 10.244.118.193 on eth0: no reply');
    const hole = withNs(w, V71, (ns) => ({ ...ns, routes: [...ns.routes, r('blackhole 169.254.0.0/16')] }));
    expect(arpOf(go(hole))).toBe('default/pod1: ARP who-has 169.254.1.1 tell 10.244.118.193 on eth0: no reply');
  });

  it('a host veth that is down answers nothing (169.254.1.1 is no address of the node: no hint)', () => {
    const down = withNs(w, V71, (ns) => link(ns, 'cali1f3a8c0d5b2', (l) => ({ ...l, up: false })));
    expect(arpOf(go(down))).toBe('default/pod1: ARP who-has 169.254.1.1 tell 10.244.118.193 on eth0: no reply');
  });
});
