// The walk's public API around the rules: endpoints and their errors, the hop budget, the reply's request,
// the path MTU a Frag needed teaches, and the per-walk state (IP id counters, path MTU) in WalkCtx.
import { describe, expect, it } from 'vitest';
import { calicoVxlan, flannel, noCni } from '../../../test/support/kernel-worlds';
import { walk } from './walk';
import { withNs } from '../../../test/support/walk';
import { nodeAddress, podAddress, resolveFrom, resolveTo } from './endpoints';
import { WalkCtx, newShared, pmtuKey } from './ctx';
import { worldIndex } from './world';
import type { NetNS } from '../model/kernel';

describe('endpoints', () => {
  const w = calicoVxlan();
  const wi = worldIndex(w);

  it("a pod is its eth0's global address; a node its cabled NIC's", () => {
    expect(podAddress(w.netns['pod/default/a'])).toBe('10.244.1.5');
    expect(nodeAddress(w.netns['node/n1'])).toBe('192.168.2.21');
    // a node whose NIC has no network: the first global address in ifindex order (lo's 127.0.0.1 is host-scoped)
    const unc = { ...w.netns['node/n1'], links: w.netns['node/n1'].links.map((l) => (l.name === 'eth0' ? { ...l, network: undefined } : l)) };
    expect(nodeAddress(unc)).toBe('192.168.2.21');
    const noEth = { ...unc, links: unc.links.filter((l) => l.name !== 'eth0') };
    expect(nodeAddress(noEth)).toBe('10.244.1.0');
    // a pod without eth0: any global address; none at all: nothing
    const pod = w.netns['pod/default/a'];
    const renamed: NetNS = { ...pod, links: pod.links.map((l) => (l.name === 'eth0' ? { ...l, name: 'net1' } : l)) };
    expect(podAddress(renamed)).toBe('10.244.1.5');
    const bare: NetNS = { ...pod, links: pod.links.map((l) => ({ ...l, addrs: l.kind === 'loopback' ? l.addrs : [] })) };
    expect(podAddress(bare)).toBeUndefined();
    expect(nodeAddress(bare)).toBeUndefined();
  });

  it('a secondary address is never the one chosen', () => {
    const pod = w.netns['pod/default/a'];
    const two: NetNS = { ...pod, links: pod.links.map((l) => (l.name === 'eth0' ? { ...l, addrs: [{ ip: '10.244.1.5', prefixLen: 24, scope: 'global' }, { ip: '10.244.1.9', prefixLen: 24, scope: 'global' }] } : l)) };
    expect(podAddress(two)).toBe('10.244.1.5');
    const linkFirst: NetNS = { ...pod, links: pod.links.map((l) => (l.name === 'eth0' ? { ...l, addrs: [{ ip: '169.254.9.9', prefixLen: 16, scope: 'link' }, ...l.addrs] } : l)) };
    expect(podAddress(linkFirst)).toBe('10.244.1.5');
  });

  it('sources: a pod sends bound to its address, a node lets routing choose, an {ip} is bound to it', () => {
    expect(resolveFrom(wi, { pod: 'default/a' })).toMatchObject({ ns: { id: 'pod/default/a' }, bound: '10.244.1.5' });
    const node = resolveFrom(wi, { node: 'n1' });
    expect(node).toMatchObject({ ns: { id: 'node/n1' } });
    expect('bound' in node).toBe(false);
    expect(resolveFrom(wi, { ip: '10.244.2.5' })).toMatchObject({ ns: { id: 'pod/default/b' }, bound: '10.244.2.5' });
    expect(resolveFrom(wi, { pod: 'default/zz' })).toEqual({ error: 'no pod default/zz' });
    expect(resolveFrom(wi, { node: 'n9' })).toEqual({ error: 'no node n9' });
    expect(resolveFrom(wi, { ip: '10.244.2' })).toEqual({ error: 'not an IPv4 address: 10.244.2' });
    expect(resolveFrom(wi, { ip: '10.9.9.9' })).toEqual({ error: 'no namespace owns 10.9.9.9' });
    // 127.0.0.1 belongs to everybody: nobody in particular
    expect(resolveFrom(wi, { ip: '127.0.0.1' })).toEqual({ error: 'no namespace owns 127.0.0.1' });
  });

  it('destinations, and the walk that cannot start', () => {
    expect(resolveTo(wi, { pod: 'default/b' })).toBe('10.244.2.5');
    expect(resolveTo(wi, { node: 'n2' })).toBe('192.168.2.22');
    expect(resolveTo(wi, { ip: '8.8.8.8' })).toBe('8.8.8.8');
    expect(resolveTo(wi, { ip: '8.8.8' })).toEqual({ error: 'not an IPv4 address: 8.8.8' });
    expect(resolveTo(wi, { pod: 'default/zz' })).toEqual({ error: 'no pod default/zz with an address' });
    expect(resolveTo(wi, { node: 'n9' })).toEqual({ error: 'no node n9 with an address' });
    const req = { from: { pod: 'default/a' }, to: { pod: 'default/zz' }, protocol: 'icmp' as const };
    expect(walk(w, req)).toEqual({ request: req, src: '', dst: '', hops: [], verdict: { kind: 'dropped', reason: 'no-route', at: '', message: 'no pod default/zz with an address' } });
    const bad = { from: { pod: 'default/zz' }, to: { pod: 'default/b' }, protocol: 'icmp' as const };
    expect(walk(w, bad).verdict).toEqual({ kind: 'dropped', reason: 'no-route', at: '', message: 'no pod default/zz' });
  });
});

describe('walk', () => {
  it('the logical clock: 1 µs a step, 2 a veth crossing, 50 a segment crossing, an ARP exchange two crossings', () => {
    // send 1, route 2, ARP on lan1 +100, the frame +50, receive +1, deliver +1
    expect(walk(noCni(), { from: { node: 'host-a' }, to: { ip: '192.168.1.11' }, protocol: 'icmp' }).hops.map((h) => h.t)).toEqual([1, 2, 102, 152, 153, 154]);
    // send 1, route 2, ARP across the veth +4, the veth +2, cni0 switches +1, the veth +2, receive +1, deliver +1
    const bridged = walk(flannel({ samePod: true }), { from: { pod: 'default/a' }, to: { pod: 'default/c' }, protocol: 'icmp' });
    expect(bridged.hops.map((h) => `${h.kind} ${h.t}`)).toEqual(['send 1', 'route 2', 'arp 6', 'wire 8', 'receive 9', 'wire 11', 'receive 12', 'deliver 13']);
  });

  it('the hop budget ends a walk with a loop verdict', () => {
    const w = calicoVxlan();
    const res = walk(w, { from: { pod: 'default/a' }, to: { pod: 'default/b' }, protocol: 'icmp' }, { maxHops: 3 });
    expect(res.hops).toHaveLength(3);
    expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'loop', at: 'pod/default/a', message: 'no verdict after 3 hops: a forwarding loop' });
    expect(walk(w, { from: { pod: 'default/a' }, to: { pod: 'default/b' }, protocol: 'icmp' }, { maxHops: 5 }).verdict).toMatchObject({ reason: 'loop', at: 'node/n1' });
  });

  it("the reply's request is the request turned around, with its port", () => {
    const w = calicoVxlan();
    const udp = walk(w, { from: { pod: 'default/a' }, to: { pod: 'default/b' }, protocol: 'udp', port: 5353, reply: true });
    expect(udp.reply!.request).toEqual({ from: { ip: '10.244.2.5' }, to: { ip: '10.244.1.5' }, protocol: 'udp', port: 5353 });
    expect(udp.reply!).toMatchObject({ src: '10.244.2.5', dst: '10.244.1.5', verdict: { kind: 'delivered', at: 'pod/default/a' } });
    const ping = walk(w, { from: { pod: 'default/a' }, to: { pod: 'default/b' }, protocol: 'icmp', reply: true });
    expect(ping.reply!.request).toEqual({ from: { ip: '10.244.2.5' }, to: { ip: '10.244.1.5' }, protocol: 'icmp' });
    // no reply asked, or nothing delivered: none walked
    expect(walk(w, { from: { pod: 'default/a' }, to: { pod: 'default/b' }, protocol: 'icmp' }).reply).toBeUndefined();
    expect(walk(w, { from: { pod: 'default/a' }, to: { ip: '10.244.2.7' }, protocol: 'icmp', reply: true }).reply).toBeUndefined();
    // the reply continues the request's clock
    expect(ping.reply!.hops[0].t).toBeGreaterThanOrEqual(ping.hops[ping.hops.length - 1].t);
  });

  it('a Frag needed heard by the sender teaches it the path MTU: the next probe fails locally', () => {
    const w = withNs(noCni(), 'router/r1', (ns) => ({ ...ns, links: ns.links.map((l) => (l.name === 'eth1' ? { ...l, mtu: 1000 } : l)) }));
    const pmtu = new Map<string, number>();
    const req = { from: { node: 'host-a' }, to: { ip: '192.168.2.10' }, protocol: 'icmp' as const, size: 1200, pmtudisc: 'do' as const };
    const first = walk(w, req, { pmtu });
    expect(first.verdict).toMatchObject({ reason: 'mtu', icmpFrom: '192.168.1.1', mtu: 1000 });
    expect(first.icmpBack).toMatchObject({ heard: true, verdict: { kind: 'delivered', at: 'node/host-a' } });
    expect([...pmtu]).toEqual([['node/host-a>192.168.2.10', 1000]]);
    const second = walk(w, req, { pmtu });
    expect(second.verdict).toMatchObject({ reason: 'local-mtu', at: 'node/host-a', message: 'ping: local error: message too long, mtu=1000' });
    // a packet that fits the learned MTU goes through
    expect(walk(w, { ...req, size: 972 }, { pmtu }).verdict.kind).toBe('delivered');
    // without the shared map every walk is a first packet
    expect(walk(w, req).verdict).toMatchObject({ reason: 'mtu' });
  });
});

describe('WalkCtx', () => {
  const w = noCni();
  const ns = w.netns['node/host-a'];
  const ctx = (shared = newShared()) => new WalkCtx(worldIndex(w), {}, 512, shared, { protocol: 'icmp', seq: 1 }, new Set(['node/x']), false, ns);

  it('IP ids count up by one per packet of a namespace and wrap at 16 bits', () => {
    const c = ctx();
    const a = c.nextId(ns);
    expect(c.nextId(ns)).toBe((a + 1) & 0xffff);
    const s = newShared();
    s.ipIds.set(ns.id, 0xffff);
    const c2 = ctx(s);
    expect(c2.nextId(ns)).toBe(0xffff);
    expect(c2.nextId(ns)).toBe(0);
  });

  it('a learned path MTU lowers the device MTU, never raises it', () => {
    const s = newShared();
    s.pmtu.set(pmtuKey(ns.id, '10.0.0.1'), 1400);
    s.pmtu.set(pmtuKey(ns.id, '10.0.0.2'), 9000);
    const c = ctx(s);
    expect(c.pathMtu(ns, '10.0.0.1', 1500)).toBe(1400);
    expect(c.pathMtu(ns, '10.0.0.2', 1500)).toBe(1500);
    expect(c.pathMtu(ns, '10.0.0.3', 1500)).toBe(1500);
    expect(c.pathMtu(ns, '10.0.0.1', 1400)).toBe(1400);
    expect(pmtuKey('node/a', '1.2.3.4')).toBe('node/a>1.2.3.4');
  });

  it('knows the namespaces of the connection; records hops in order with their message ids', () => {
    const c = ctx();
    expect(c.known({ ...ns, id: 'node/x' })).toBe(true);
    expect(c.known(ns)).toBe(false);
    c.t = 7;
    const h = c.emit(ns, 'route', [], 'plain text', 'plain why');
    expect(h).toEqual({ index: 0, t: 7, ns: ns.id, kind: 'route', packet: [], text: 'plain text', why: 'plain why' });
    const v = c.drop(ns, [], 'filtered', 'x', 'y', { message: 'm' }, 'eth0');
    expect(v).toEqual({ kind: 'dropped', reason: 'filtered', at: ns.id, message: 'm' });
    expect(c.hops[1]).toMatchObject({ index: 1, kind: 'drop', dev: 'eth0', text: 'x', why: 'y' });
    const noDev = c.drop(ns, [], 'filtered', 'x', 'y');
    expect(noDev).toEqual({ kind: 'dropped', reason: 'filtered', at: ns.id });
    expect('dev' in c.hops[2]).toBe(false);
  });

  it('stops at its hop budget', () => {
    const c = new WalkCtx(worldIndex(w), {}, 1, newShared(), { protocol: 'icmp', seq: 1 }, new Set(), false, ns);
    c.emit(ns, 'route', [], 'a', 'b');
    expect(() => c.emit(ns, 'route', [], 'a', 'b')).toThrow('hop limit');
  });
});
