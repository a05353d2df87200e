// The IPv4 layer's rules one by one on the plain hosts-and-router world (host-a 192.168.1.10 and host-b
// .11 on lan1, router r1 .1 / 192.168.2.1, host-c 192.168.2.10 on lan2) and Calico VXLAN: what the sender's
// route types answer (errno as ping prints it), DF by pmtudisc at the MTU boundary, IP id 0 for ping -M do,
// local delivery through lo, rp_filter, the outside gateway, forwarding off, the route types at a forwarder.
import { describe, expect, it } from 'vitest';
import { calicoVxlan, noCni, r } from '../../../test/support/kernel-worlds';
import { walk as walkOnce } from './walk';
import { clockProblems } from '../../../test/support/walk';

// every walk here also checks that its logical clock never runs backwards
const walk = (...a: Parameters<typeof walkOnce>) => {
  const r = walkOnce(...a);
  expect(clockProblems(r)).toEqual([]);
  return r;
};
import { kinds, withNs } from '../../../test/support/walk';
import type { Hop, IPv4Header, WalkResult } from '../model/packet';

const HA = 'node/host-a';
const R1 = 'router/r1';
const last = (res: WalkResult): Hop => res.hops[res.hops.length - 1];
const sent = (res: WalkResult): IPv4Header => res.hops[0].packet[0] as IPv4Header;
const fromA = { from: { node: 'host-a' } };

describe('the sender', () => {
  const w = withNs(noCni(), HA, (ns) => ({ ...ns, routes: [...ns.routes, r('unreachable 10.98.0.0/16'), r('prohibit 10.97.0.0/16')] }));

  it('each route type answers its errno, with the route hop before the refusal', () => {
    const cases: [string, string, string, string][] = [
      ['10.99.0.1', 'blackhole', 'Invalid argument', 'blackhole'],
      ['10.98.0.1', 'no-route', 'No route to host', 'unreachable'],
      ['10.97.0.1', 'filtered', 'Permission denied', 'prohibit'],
    ];
    for (const [dst, reason, errno, type] of cases) {
      const res = walk(w, { ...fromA, to: { ip: dst }, protocol: 'icmp' });
      expect(res.verdict).toMatchObject({ kind: 'dropped', reason, at: HA, message: `ping: connect: ${errno}` });
      expect(kinds(res)).toEqual(['send', 'route', 'drop']);
      expect(last(res)).toMatchObject({ text: `host-a: ping: connect: ${errno}`, why: `ip_route_output: a ${type} route answers ${errno} (fib_props).` });
      expect(walk(w, { ...fromA, to: { ip: dst }, protocol: 'tcp' }).verdict.message).toBe(`connect: ${errno}`);
    }
    const none = walk(withNs(w, HA, (ns) => ({ ...ns, routes: ns.routes.filter((x) => x.dst !== '0.0.0.0/0') })), { ...fromA, to: { ip: '8.8.8.8' }, protocol: 'icmp' });
    expect(none.verdict).toMatchObject({ reason: 'no-route', message: 'ping: connect: Network is unreachable' });
    expect(kinds(none)).toEqual(['send', 'drop']);
    expect(last(none).why).toBe('ip_route_output: no route matches 8.8.8.8, not even a default route.');
  });

  it('a namespace that is down sends nothing', () => {
    const res = walk(withNs(w, HA, (ns) => ({ ...ns, down: true })), { ...fromA, to: { ip: '192.168.1.11' }, protocol: 'icmp' });
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'node-down', at: HA, message: 'host-a is down' });
    expect(res.hops).toHaveLength(1);
    expect(res.hops[0]).toMatchObject({ kind: 'drop', text: 'host-a is down', why: 'A namespace that is down sends nothing.' });
  });

  it('DF: always with -M do, with want only while the datagram fits the route MTU, never with dont', () => {
    const to = { ...fromA, to: { ip: '192.168.1.11' }, protocol: 'icmp' as const };
    // 1472 data bytes = a 1500-byte packet: exactly the MTU
    expect(sent(walk(w, { ...to, size: 1472, pmtudisc: 'want' })).df).toBe(true);
    expect(sent(walk(w, { ...to, size: 1473, pmtudisc: 'want' })).df).toBe(false);
    expect(sent(walk(w, { ...to, size: 1472, pmtudisc: 'dont' })).df).toBe(false);
    expect(sent(walk(w, { ...to, size: 100, pmtudisc: 'do' })).df).toBe(true);
    const fits = walk(w, { ...to, size: 1472, pmtudisc: 'do' });
    expect(fits.verdict.kind).toBe('delivered');
    const tooBig = walk(w, { ...to, size: 1473, pmtudisc: 'do' });
    expect(tooBig.verdict).toMatchObject({ reason: 'local-mtu', mtu: 1500, message: 'ping: local error: message too long, mtu=1500' });
    expect(last(tooBig).why).toBe('The socket asked for DF (pmtudisc do) and 1501 bytes exceed the eth0 MTU 1500: ip_append_data fails with EMSGSIZE, nothing is sent.');
    const udp = walk(w, { ...fromA, to: { ip: '192.168.1.11' }, protocol: 'udp', size: 1473, pmtudisc: 'do' });
    expect(udp.verdict).toMatchObject({ reason: 'local-mtu', message: 'sendmsg: Message too long' });
  });

  it("want fragments locally what does not fit, and the receiver reassembles it", () => {
    const res = walk(w, { ...fromA, to: { ip: '192.168.1.11' }, protocol: 'icmp', size: 2000 });
    // 2028 bytes: 1480 + 528 data bytes
    const frag = res.hops.find((h) => h.kind === 'fragment')!;
    expect(frag).toMatchObject({
      dev: 'eth0',
      text: 'host-a: 2028-byte packet > eth0 MTU 1500: 2 fragments (1500 + 548 bytes), following the first',
      why: 'ip_finish_output → ip_fragment: DF is clear, so the packet is cut into fragments whose data is a multiple of 8 bytes.',
    });
    const re = res.hops.find((h) => h.text.includes('reassembles'))!;
    expect(re).toMatchObject({ ns: 'node/host-b', kind: 'receive', text: 'host-b: reassembles the 2028-byte packet from its fragments' });
    expect((re.packet[0] as IPv4Header).totalLength).toBe(2028);
    expect(res.verdict).toEqual({ kind: 'delivered', at: 'node/host-b' });
  });

  it('ping -M do sends IP id 0; other packets count from the namespace seed', () => {
    const to = { ...fromA, to: { ip: '192.168.1.11' } };
    expect(sent(walk(w, { ...to, protocol: 'icmp', pmtudisc: 'do' })).id).toBe(0);
    const want = sent(walk(w, { ...to, protocol: 'icmp' })).id;
    const tcpDo = sent(walk(w, { ...to, protocol: 'tcp', pmtudisc: 'do' })).id;
    expect(tcpDo).toBe(want);
    const res = walk(w, { ...to, protocol: 'icmp', pmtudisc: 'do', reply: true });
    expect(sent(res.reply!).id).not.toBe(0);
  });

  it('its own address goes through lo and is delivered at once', () => {
    const res = walk(w, { ...fromA, to: { ip: '192.168.1.10' }, protocol: 'icmp' });
    expect(kinds(res)).toEqual(['send', 'route', 'deliver']);
    expect(res.hops[1]).toMatchObject({
      dev: 'lo',
      text: 'host-a: local 192.168.1.10 dev lo table local',
      why: '192.168.1.10 is an address of host-a: the local table answers before the main table, and the packet loops back.',
    });
    expect(res.hops[2].text).toMatch(/^host-a: delivered to the local stack on lo: IP 192\.168\.1\.10 > 192\.168\.1\.10: ICMP echo request/);
    expect(res.hops[2].why).toBe('192.168.1.10 is an address of host-a (local table), so ip_local_deliver hands the packet to its protocol.');
    expect(res.verdict).toEqual({ kind: 'delivered', at: HA });
  });

  it('a DNAT at OUTPUT into a blackhole fails the socket like the route would', () => {
    const hooks = { dnat: () => ({ action: 'accept' as const, text: 'DNAT', dnat: { ip: '10.99.0.5' } }) };
    const res = walk(w, { ...fromA, to: { ip: '10.96.0.1' }, protocol: 'tcp', port: 443 }, { hooks });
    expect(res.verdict).toMatchObject({ reason: 'blackhole', at: HA, message: 'connect: Invalid argument' });
    expect(last(res).why).toBe('After DNAT the new destination has no usable route.');
  });

  it("a reply with no route back is dropped without a socket error; the outside's words differ", () => {
    const res = walk(calicoVxlan(), { from: { pod: 'default/a' }, to: { ip: '8.8.8.8' }, protocol: 'icmp', reply: true });
    const back = res.reply!;
    expect(back.verdict).toMatchObject({ reason: 'no-route', at: 'router/lan-gateway', message: 'reply lost: lan-gateway has no route back to 10.244.1.5' });
    expect(last(back).text).toBe('lan-gateway: no route back to 10.244.1.5: the reply is dropped');
    expect(last(back).why).toContain('pod addresses are not announced outside the cluster');
    const inside = withNs(noCni(), 'node/host-c', (ns) => ({ ...ns, routes: ns.routes.filter((x) => x.dst !== '0.0.0.0/0') }));
    const lost = walk(inside, { ...fromA, to: { ip: '192.168.2.10' }, protocol: 'icmp', reply: true }).reply!;
    expect(lost.verdict).toMatchObject({ reason: 'no-route', at: 'node/host-c', message: 'reply lost: host-c has no route back to 192.168.1.10' });
    expect(last(lost).why).toMatch(/^The reply is the kernel's own/);
  });
});

describe('a forwarder', () => {
  const w = noCni();
  const toC = { ...fromA, to: { ip: '192.168.2.10' }, protocol: 'icmp' as const };

  it('rp_filter: strict wants the route back by the incoming device, loose any route, neither one back at all', () => {
    const viaOther = withNs(w, R1, (ns) => ({ ...ns, rpFilter: 1, routes: [...ns.routes.filter((x) => x.dst !== '192.168.1.0/24'), r('192.168.1.0/24 via 192.168.2.10 dev eth1')] }));
    const strict = walk(viaOther, toC);
    expect(strict.verdict).toMatchObject({ reason: 'rp-filter', at: R1, message: 'dropped by rp_filter on r1' });
    expect(last(strict)).toMatchObject({
      dev: 'eth0',
      text: 'r1: rp_filter drops the packet from 192.168.1.10 on eth0',
      why: 'fib_validate_source with rp_filter=1: the route back to 192.168.1.10 leaves by eth1, not eth0.',
    });
    const loose = withNs(viaOther, R1, (ns) => ({ ...ns, rpFilter: 2 }));
    expect(walk(loose, toC).verdict.kind).toBe('delivered');
    const noBack = withNs(w, R1, (ns) => ({ ...ns, rpFilter: 2, routes: ns.routes.filter((x) => x.dst !== '192.168.1.0/24') }));
    expect(last(walk(noBack, toC)).why).toBe('fib_validate_source with rp_filter=2: no route back to 192.168.1.10.');
    const hole = withNs(w, R1, (ns) => ({ ...ns, rpFilter: 2, routes: [...ns.routes.filter((x) => x.dst !== '192.168.1.0/24'), r('blackhole 192.168.1.0/24')] }));
    expect(walk(hole, toC).verdict).toMatchObject({ reason: 'rp-filter' });
    const fine = withNs(w, R1, (ns) => ({ ...ns, rpFilter: 1 }));
    expect(walk(fine, toC).verdict.kind).toBe('delivered');
  });

  it('forwarding off: dropped without an error', () => {
    const off = withNs(w, R1, (ns) => ({ ...ns, forwarding: false }));
    const res = walk(off, toC);
    expect(res.verdict).toMatchObject({ reason: 'no-route', at: R1, message: 'dropped by r1: it does not forward' });
    expect(res.verdict.icmpFrom).toBeUndefined();
    expect(last(res)).toMatchObject({ dev: 'eth0', text: 'r1: not for this namespace and forwarding is off' });
  });

  it('no route, unreachable, prohibit and blackhole routes at the forwarder', () => {
    const w2 = withNs(w, R1, (ns) => ({ ...ns, routes: [...ns.routes, r('unreachable 10.98.0.0/16'), r('prohibit 10.97.0.0/16'), r('blackhole 10.99.0.0/16')] }));
    const a = withNs(w2, HA, (ns) => ({ ...ns, routes: ns.routes.filter((x) => x.type !== 'blackhole') }));
    const go = (dst: string) => walk(a, { ...fromA, to: { ip: dst }, protocol: 'icmp' });
    const net = go('10.96.0.1');
    expect(net.verdict).toMatchObject({ reason: 'no-route', at: R1, icmpFrom: '192.168.1.1', message: 'From 192.168.1.1 icmp_seq=1 Destination Net Unreachable' });
    expect(last(net)).toMatchObject({ text: 'r1: no route to 10.96.0.1', why: 'ip_route_input: nothing in the main table covers 10.96.0.1; ip_error answers ICMP net unreachable.' });
    const host = go('10.98.0.1');
    expect(host.verdict).toMatchObject({ reason: 'no-route', icmpFrom: '192.168.1.1', message: 'From 192.168.1.1 icmp_seq=1 Destination Host Unreachable' });
    expect(last(host).text).toBe('r1: unreachable route 10.98.0.0/16');
    const prohibit = go('10.97.0.1');
    expect(prohibit.verdict).toMatchObject({ reason: 'filtered', icmpFrom: '192.168.1.1', message: 'From 192.168.1.1 icmp_seq=1 Packet filtered' });
    expect(last(prohibit).text).toBe('r1: prohibit route 10.97.0.0/16');
    expect(res0(prohibit).packet[1]).toMatchObject({ icmpType: 3, code: 13 });
    const hole = go('10.99.0.1');
    expect(hole.verdict).toMatchObject({ reason: 'blackhole', at: R1, message: 'dropped silently by a blackhole route on r1' });
    expect(hole.verdict.icmpFrom).toBeUndefined();
    expect(last(hole)).toMatchObject({ text: 'r1: blackhole 10.99.0.0/16 discards the packet', why: 'A blackhole route drops silently (dst_discard), no ICMP error.' });
  });

  it('TTL 2 passes the router (and arrives with 1); the MTU check lets a packet of exactly the MTU through', () => {
    const res = walk(w, { ...toC, ttl: 2 });
    expect(res.verdict.kind).toBe('delivered');
    expect((last(res).packet[0] as IPv4Header).ttl).toBe(1);
    const narrow = withNs(w, R1, (ns) => ({ ...ns, links: ns.links.map((l) => (l.name === 'eth1' ? { ...l, mtu: 1000 } : l)) }));
    expect(walk(narrow, { ...toC, size: 972, pmtudisc: 'do' }).verdict.kind).toBe('delivered');
    const big = walk(narrow, { ...toC, size: 973, pmtudisc: 'do' });
    expect(big.verdict).toMatchObject({ reason: 'mtu', mtu: 1000 });
    expect(big.hops.find((h) => h.kind === 'drop')!).toMatchObject({ text: 'r1: 1001-byte packet with DF exceeds eth1 MTU 1000', why: 'ip_forward: ip_exceeds_mtu with DF set → ICMP fragmentation needed carrying mtu 1000.' });
    // without DF the router fragments instead
    const frag = walk(narrow, { ...toC, size: 973, pmtudisc: 'dont' });
    expect(frag.verdict.kind).toBe('delivered');
    expect(frag.hops.find((h) => h.kind === 'fragment')!.ns).toBe(R1);
  });
});

describe('the outside gateway', () => {
  const w = calicoVxlan({ natOutgoing: true });
  const GW = 'router/lan-gateway';

  it('delivers outside what it has no specific route for, a default route included', () => {
    const res = walk(w, { from: { pod: 'default/a' }, to: { ip: '8.8.8.8' }, protocol: 'icmp' });
    expect(last(res)).toMatchObject({ kind: 'deliver', ns: GW, text: 'lan-gateway: 8.8.8.8 is outside the lab: the packet leaves through this gateway' });
    expect(last(res).why).toBe('The gateway stands for the rest of the world: anything it has no specific route for is delivered outside.');
    const dflt = withNs(w, GW, (ns) => ({ ...ns, routes: [...ns.routes, r('default via 192.168.2.22 dev eth0')] }));
    expect(walk(dflt, { from: { pod: 'default/a' }, to: { ip: '8.8.8.8' }, protocol: 'icmp' }).verdict).toMatchObject({ kind: 'delivered', at: GW, external: true });
  });

  it('a specific route is followed like any router would', () => {
    const hole = withNs(w, GW, (ns) => ({ ...ns, routes: [...ns.routes, r('blackhole 8.8.8.0/24')] }));
    expect(walk(hole, { from: { pod: 'default/a' }, to: { ip: '8.8.8.8' }, protocol: 'icmp' }).verdict).toMatchObject({ kind: 'dropped', reason: 'blackhole', at: GW });
  });
});

function res0(res: WalkResult): Hop {
  return res.hops.find((h) => h.kind === 'icmp')!;
}
