// icmp_send as the walk models it: who the error comes from, what it quotes (at most 548 bytes: 576 − 20 −
// 8), when none is sent (about another ICMP error, or with no route back), and what the sender's tool
// prints. Worlds: the plain hosts and router of kernel-worlds (1), and Calico IPIP (2).
import { describe, expect, it } from 'vitest';
import { calicoIpip, noCni } from '../../../test/support/kernel-worlds';
import { walk as walkOnce } from './walk';
import { clockProblems } from '../../../test/support/walk';

// every walk here also checks that its logical clock never runs backwards
const walk = (...a: Parameters<typeof walkOnce>) => {
  const r = walkOnce(...a);
  expect(clockProblems(r)).toEqual([]);
  return r;
};
import { withNs } from '../../../test/support/walk';
import { icmpSend } from './icmp';
import { WalkCtx, newShared } from './ctx';
import { worldIndex } from './world';
import { echo, ipv4, stackLength } from './headers';
import type { Header, Hop, WalkResult } from '../model/packet';
import type { NetNS } from '../model/kernel';
import { r } from '../../../test/support/kernel-worlds';

const R1 = 'router/r1';
const icmpHop = (res: WalkResult): Hop => {
  const h = res.hops.find((x) => x.kind === 'icmp');
  if (!h) throw new Error('no icmp hop');
  return h;
};
const quoteOf = (h: Hop): Header[] => {
  const q = h.packet.find((x) => x.type === 'quote');
  return q && q.type === 'quote' ? q.headers : [];
};

describe('ICMP errors from a router (icmp_send)', () => {
  const w = noCni();
  const fromA = { from: { node: 'host-a' }, protocol: 'icmp' as const };

  it('time exceeded: from the address the route back selects, quoting the whole small packet', () => {
    const res = walk(w, { ...fromA, to: { ip: '192.168.2.10' }, ttl: 1 });
    expect(res.verdict).toStrictEqual({ kind: 'dropped', reason: 'ttl-exceeded', at: R1, message: 'From 192.168.1.1 icmp_seq=1 Time to live exceeded', icmpFrom: '192.168.1.1' });
    const h = icmpHop(res);
    expect(h.text).toBe('r1: ICMP time exceeded in-transit from 192.168.1.1 to 192.168.1.10');
    expect(h.why).toMatch(
      /^icmp_send: source from the route back to 192\.168\.1\.10 \(192\.168\.1\.0\/24 dev eth0 proto kernel scope link src 192\.168\.1\.1\): the route's src 192\.168\.1\.1\. Quotes IP 192\.168\.1\.10 > 192\.168\.2\.10: ICMP echo request, id \d+, seq 1, length 64\.$/,
    );
    expect(h.packet[1]).toStrictEqual({ type: 'icmp', icmpType: 11, code: 0 });
    expect(stackLength(quoteOf(h))).toBe(84);
  });

  it('fragmentation needed carries the MTU, and quotes 548 bytes of a big packet (576-byte error)', () => {
    const narrow = withNs(w, R1, (ns) => ({ ...ns, links: ns.links.map((l) => (l.name === 'eth1' ? { ...l, mtu: 1000 } : l)) }));
    const res = walk(narrow, { ...fromA, to: { ip: '192.168.2.10' }, size: 1200, pmtudisc: 'do' });
    expect(res.verdict).toStrictEqual({
      kind: 'dropped',
      reason: 'mtu',
      at: R1,
      message: 'From 192.168.1.1 icmp_seq=1 Frag needed and DF set (mtu = 1000)',
      icmpFrom: '192.168.1.1',
      mtu: 1000,
    });
    const h = icmpHop(res);
    expect(h.text).toBe('r1: ICMP fragmentation needed (mtu 1000) from 192.168.1.1 to 192.168.1.10');
    expect(h.packet[1]).toStrictEqual({ type: 'icmp', icmpType: 3, code: 4, mtu: 1000 });
    expect(stackLength(quoteOf(h))).toBe(548);
    expect(stackLength(h.packet)).toBe(576);
  });

  it('a neighbour the router cannot resolve: host unreachable to the sender', () => {
    const res = walk(w, { ...fromA, to: { ip: '192.168.2.99' } });
    expect(res.verdict).toMatchObject({ reason: 'unreachable-nexthop', at: R1, icmpFrom: '192.168.1.1', message: 'From 192.168.1.1 icmp_seq=1 Destination Host Unreachable' });
    expect(icmpHop(res).text).toBe('r1: ICMP host unreachable from 192.168.1.1 to 192.168.1.10');
  });

  it('no route back to the sender (none, or a blackhole): no error at all, and the drop says so', () => {
    const none = withNs(w, R1, (ns) => ({ ...ns, routes: ns.routes.filter((x) => x.dst !== '192.168.1.0/24') }));
    const hole = withNs(w, R1, (ns) => ({ ...ns, routes: [...ns.routes.filter((x) => x.dst !== '192.168.1.0/24'), r('blackhole 192.168.1.0/24')] }));
    for (const world of [none, hole]) {
      const res = walk(world, { ...fromA, to: { ip: '192.168.2.10' }, ttl: 1 });
      expect(res.verdict).toMatchObject({ kind: 'dropped', reason: 'ttl-exceeded', at: R1, message: 'r1: TTL 1 expires here (no ICMP error can be routed back)' });
      expect(res.verdict.icmpFrom).toBeUndefined();
      expect(res.hops.some((h) => h.kind === 'icmp')).toBe(false);
      expect(res.icmpBack).toBeUndefined();
    }
  });
});

describe('an error about a packet addressed to the namespace itself', () => {
  it('comes from that address (tunl0 down at the receiver of an IPIP packet)', () => {
    const w = withNs(calicoIpip(), 'node/vms72.rhce.cc', (ns) => ({ ...ns, links: ns.links.map((l) => (l.name === 'tunl0' ? { ...l, up: false } : l)) }));
    const res = walk(w, { from: { pod: 'default/pod1' }, to: { pod: 'default/pod2' }, protocol: 'icmp' });
    const h = icmpHop(res);
    expect(h.ns).toBe('node/vms72.rhce.cc');
    expect(h.text).toMatch(/^vms72\.rhce\.cc: ICMP .+ from 192\.168\.30\.72 to 192\.168\.30\.71$/);
    expect(h.why).toMatch(/^icmp_send: the packet was addressed to vms72\.rhce\.cc, so the error comes from that address\. Quotes IP 192\.168\.30\.71 > 192\.168\.30\.72: /);
  });
});

describe('icmpSend on its own', () => {
  const w = noCni();
  const wi = worldIndex(w);
  const router = w.netns[R1] as NetNS;
  const ctx = () => new WalkCtx(wi, {}, 512, newShared(), { protocol: 'icmp', seq: 1 }, new Set(), false, router);
  const icmpPkt = (icmpType: number, code = 0): Header[] =>
    icmpType === 0 || icmpType === 8
      ? ipv4({ src: '192.168.1.10', dst: '192.168.2.10', protocol: 1, ttl: 1, id: 9, df: false }, echo(icmpType as 0 | 8, 5, 1, { type: 'payload', length: 56, pattern: 'ping' }))
      : ipv4({ src: '192.168.1.10', dst: '192.168.2.10', protocol: 1, ttl: 1, id: 9, df: false }, [{ type: 'icmp', icmpType, code }, { type: 'quote', headers: [] }]);

  it('never about another ICMP error; echo requests and replies do get one', () => {
    for (const [type, code] of [[3, 3], [11, 0], [3, 4]]) {
      const c = ctx();
      expect(icmpSend(c, router, icmpPkt(type, code), 11, 0)).toBeUndefined();
      expect(c.hops).toEqual([]);
      expect(c.pendingError).toBeUndefined();
    }
    for (const type of [0, 8]) {
      const c = ctx();
      expect(icmpSend(c, router, icmpPkt(type), 11, 0)).toBe('192.168.1.1');
      expect(c.hops.map((h) => h.kind)).toEqual(['icmp']);
    }
  });

  it('a type the catalogue has no name for is named by its numbers; no MTU unless given', () => {
    const c = ctx();
    expect(icmpSend(c, router, icmpPkt(8), 5, 1)).toBe('192.168.1.1');
    expect(c.hops[0].text).toBe('r1: ICMP type 5 code 1 from 192.168.1.1 to 192.168.1.10');
    expect(c.pendingError!.type).toBe(5);
    expect(c.pendingError!.code).toBe(1);
    expect('mtu' in c.pendingError!).toBe(false);
    expect(c.pendingError!.packet[1]).toStrictEqual({ type: 'icmp', icmpType: 5, code: 1 });
  });
});
