// traceroute's own rules on the plain hosts-and-router world: the probes (UDP 33434 + 3·(ttl − 1), 60-byte
// packets for Linux, 46 for BusyBox), the flags of an ICMP unreachable (!N !H !X), silence and a lost
// reply giving stars to the limit, a probe the sender's kernel refuses, and the outside gateway.
import { describe, expect, it } from 'vitest';
import { calicoVxlan, noCni, r } from '../../../test/support/kernel-worlds';
import { traceroute } from './traceroute';
import { withNs } from '../../../test/support/walk';
import type { WalkHooks } from './hooks';
import type { UdpHeader } from '../model/packet';

const R1 = 'router/r1';
const fromA = { node: 'host-a' };

describe('traceroute', () => {
  const w = noCni();

  it('probes UDP 33434, 33437, … with TTL 1, 2, …: 60-byte packets, 46 for BusyBox', () => {
    const seen: string[] = [];
    const hooks: WalkHooks = {
      dnat: (ctx) => {
        if (ctx.ns.id === R1) seen.push(`${ctx.ip.ttl} ${(ctx.packet[1] as UdpHeader).dstPort} ${ctx.ip.totalLength} ${ctx.ip.df}`);
        return undefined;
      },
    };
    const tr = traceroute(w, { from: fromA, to: { ip: '192.168.2.10' } }, { hooks });
    expect(tr).toEqual({ dst: '192.168.2.10', hops: [{ ttl: 1, addr: '192.168.1.1', reached: false }, { ttl: 2, addr: '192.168.2.10', reached: true }] });
    // the second probe is walked twice: once to see it arrive, once with its reply
    expect(seen).toEqual(['1 33434 60 false', '2 33437 60 false', '2 33437 60 false']);
    seen.length = 0;
    traceroute(w, { from: fromA, to: { ip: '192.168.2.10' } }, { hooks, variant: 'busybox' });
    expect(seen).toEqual(['1 33434 46 false', '2 33437 46 false', '2 33437 46 false']);
  });

  it('an ICMP unreachable from a router ends the trace with its flag', () => {
    const w2 = withNs(w, R1, (ns) => ({ ...ns, routes: [...ns.routes, r('unreachable 10.98.0.0/16'), r('prohibit 10.97.0.0/16')] }));
    const a = withNs(w2, 'node/host-a', (ns) => ({ ...ns, routes: ns.routes.filter((x) => x.type !== 'blackhole') }));
    expect(traceroute(a, { from: fromA, to: { ip: '10.96.0.1' } }).hops).toEqual([{ ttl: 1, addr: '192.168.1.1', reached: false, flag: '!N' }]);
    expect(traceroute(a, { from: fromA, to: { ip: '10.98.0.1' } }).hops).toEqual([{ ttl: 1, addr: '192.168.1.1', reached: false, flag: '!H' }]);
    expect(traceroute(a, { from: fromA, to: { ip: '10.97.0.1' } }).hops).toEqual([{ ttl: 1, addr: '192.168.1.1', reached: false, flag: '!X' }]);
  });

  it("the sender's own neighbour failure: its own address with !H", () => {
    expect(traceroute(w, { from: fromA, to: { ip: '192.168.1.99' } }).hops).toEqual([{ ttl: 1, addr: '192.168.1.10', reached: false, flag: '!H' }]);
  });

  it('a silent drop: stars to the limit', () => {
    const hole = withNs(w, R1, (ns) => ({ ...ns, routes: [...ns.routes, r('blackhole 10.99.0.0/16')] }));
    const a = withNs(hole, 'node/host-a', (ns) => ({ ...ns, routes: ns.routes.filter((x) => x.type !== 'blackhole') }));
    expect(traceroute(a, { from: fromA, to: { ip: '10.99.0.1' } }, { maxTtl: 3 })).toEqual({
      dst: '10.99.0.1',
      hops: [
        { ttl: 1, reached: false },
        { ttl: 2, reached: false },
        { ttl: 3, reached: false },
      ],
    });
  });

  it('a destination whose answer cannot come back: stars from its TTL to the limit', () => {
    const c = withNs(w, 'node/host-c', (ns) => ({ ...ns, routes: ns.routes.filter((x) => x.dst !== '0.0.0.0/0') }));
    expect(traceroute(c, { from: fromA, to: { ip: '192.168.2.10' } }, { maxTtl: 4 }).hops).toEqual([
      { ttl: 1, addr: '192.168.1.1', reached: false },
      { ttl: 2, reached: false },
      { ttl: 3, reached: false },
      { ttl: 4, reached: false },
    ]);
  });

  it('a probe the sender refuses: the error, no hops', () => {
    expect(traceroute(w, { from: { node: 'host-b' }, to: { ip: '192.168.2.10' } })).toEqual({ dst: '192.168.2.10', hops: [], error: 'connect: Network is unreachable' });
    expect(traceroute(w, { from: fromA, to: { ip: '10.99.0.1' } })).toEqual({ dst: '10.99.0.1', hops: [], error: 'connect: Invalid argument' });
    expect(traceroute(w, { from: fromA, to: { ip: '10.99.0.300' } })).toEqual({ dst: '', hops: [], error: 'not an IPv4 address: 10.99.0.300' });
  });

  it('the limit stops a trace that never arrives', () => {
    const loop = withNs(w, R1, (ns) => ({ ...ns, routes: [...ns.routes, r('10.50.0.0/16 via 192.168.1.10 dev eth0')] }));
    const tr = traceroute(loop, { from: fromA, to: { ip: '10.50.0.1' } }, { maxTtl: 2 });
    // host-a's default sends it to r1, r1 sends it back: every TTL expires in one of the two
    expect(tr.hops).toEqual([
      { ttl: 1, addr: '192.168.1.1', reached: false },
      { ttl: 2, addr: '192.168.1.10', reached: false },
    ]);
  });

  it('past the outside gateway nothing answers: stars to the limit, marked external', () => {
    const v = calicoVxlan({ natOutgoing: true });
    expect(traceroute(v, { from: { pod: 'default/a' }, to: { ip: '8.8.8.8' } }, { maxTtl: 4 })).toEqual({
      dst: '8.8.8.8',
      external: true,
      hops: [
        { ttl: 1, addr: '192.168.2.21', reached: false },
        { ttl: 2, reached: false },
        { ttl: 3, reached: false },
        { ttl: 4, reached: false },
      ],
    });
  });
});
