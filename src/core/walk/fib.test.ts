// FIB lookup, source-address selection and the small parsers the walk relies on.
import { describe, expect, it } from 'vitest';
import { fibLookup, inetSelectAddr, routeSource } from './fib';
import { lo, netns, nic, r } from '../../../test/support/kernel-worlds';
import { ipNum, nsIndex, SCOPE_LINK, SCOPE_UNIVERSE } from './world';
import { numToIp } from '../util/ipv4';
import type { NetNS } from '../model/kernel';

function host(routes: string[], extraLinks: NetNS['links'] = []): NetNS {
  return netns('node/h', 'node', [lo(), nic(2, 'eth0', '192.168.1.10/24', 'lan', '52:54:00:00:00:01'), nic(3, 'eth1', '10.1.0.5/16', 'lan2', '52:54:00:00:00:02'), ...extraLinks], routes);
}

const line = (ns: NetNS, dst: string) => {
  const f = fibLookup(nsIndex(ns), ipNum(dst));
  return f ? [`${f.prepared.index}:`, f.route.dst, f.route.via, f.route.dev].filter(Boolean).join(' ') : 'none';
};

describe('fibLookup (fib_table_lookup)', () => {
  it('takes the longest prefix', () => {
    const ns = host(['default via 192.168.1.1 dev eth0', '10.0.0.0/8 via 192.168.1.2 dev eth0', '10.1.0.0/16 dev eth1 scope link', '10.1.2.3 via 192.168.1.3 dev eth0']);
    expect(line(ns, '10.1.2.3')).toBe('3: 10.1.2.3/32 192.168.1.3 eth0');
    expect(line(ns, '10.1.2.4')).toBe('2: 10.1.0.0/16 eth1');
    expect(line(ns, '10.2.0.1')).toBe('1: 10.0.0.0/8 192.168.1.2 eth0');
    expect(line(ns, '8.8.8.8')).toBe('0: 0.0.0.0/0 192.168.1.1 eth0');
  });

  it('among equal prefixes: lowest metric, then first in table order', () => {
    const ns = host(['default via 192.168.1.1 dev eth0 metric 200', 'default via 10.1.0.1 dev eth1 metric 100', 'default via 192.168.1.9 dev eth0 metric 100']);
    expect(line(ns, '8.8.8.8')).toBe('1: 0.0.0.0/0 10.1.0.1 eth1');
  });

  it('skips routes through a device that is down (dead nexthop) but keeps linkdown ones', () => {
    const ns = host(['default via 192.168.1.1 dev eth0', '10.9.0.0/16 via 10.1.0.1 dev eth1 linkdown']);
    const down: NetNS = { ...ns, links: ns.links.map((l) => (l.name === 'eth1' ? { ...l, up: false } : l)) };
    expect(line(ns, '10.9.1.1')).toBe('1: 10.9.0.0/16 10.1.0.1 eth1');
    expect(line(down, '10.9.1.1')).toBe('0: 0.0.0.0/0 192.168.1.1 eth0');
  });

  it('answers blackhole / unreachable routes as routes (the caller drops)', () => {
    const ns = host(['blackhole 10.244.0.0/26 proto bird', 'unreachable 10.245.0.0/16']);
    expect(fibLookup(nsIndex(ns), ipNum('10.244.0.9'))!.route.type).toBe('blackhole');
    expect(fibLookup(nsIndex(ns), ipNum('10.245.0.9'))!.route.type).toBe('unreachable');
    expect(fibLookup(nsIndex(ns), ipNum('10.246.0.9'))).toBeUndefined();
  });
});

describe('source address (fib_result_prefsrc / inet_select_addr)', () => {
  it("uses the route's src when it has one", () => {
    const ns = host(['192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10']);
    const f = fibLookup(nsIndex(ns), ipNum('192.168.1.20'))!;
    expect(routeSource(nsIndex(ns), f)!.ip).toBe('192.168.1.10');
  });

  it('prefers the address of the output device whose subnet holds the gateway', () => {
    const ns = host(['default via 192.168.2.1 dev eth0']);
    ns.links[1].addrs.push({ ip: '192.168.2.10', prefixLen: 24, scope: 'global' });
    const f = fibLookup(nsIndex(ns), ipNum('8.8.8.8'))!;
    expect(routeSource(nsIndex(ns), f)!.ip).toBe('192.168.2.10');
  });

  it('falls back to the first global address in ifindex order when the device has none (cali*, scope link)', () => {
    const cali = { ifindex: 9, name: 'cali0', kind: 'veth' as const, mtu: 1500, mac: 'ee:ee:ee:ee:ee:ee', addrs: [], up: true };
    const ns = host(['10.244.0.5 dev cali0 scope link'], [cali]);
    const f = fibLookup(nsIndex(ns), ipNum('10.244.0.5'))!;
    const s = routeSource(nsIndex(ns), f)!;
    expect(s.ip).toBe('192.168.1.10');
    expect(s.how).toContain('cali0 has no usable address');
  });

  it('skips secondary addresses, link-scoped ones in the fallback, and 127.0.0.1 (scope host)', () => {
    const ns = host([]);
    ns.links[1].addrs.unshift({ ip: '169.254.3.3', prefixLen: 16, scope: 'link' });
    ns.links[1].addrs.push({ ip: '192.168.1.77', prefixLen: 24, scope: 'global' });
    const idx = nsIndex(ns);
    expect(idx.addrs.find((a) => numToIp(a.ip) === '192.168.1.77')!.secondary).toBe(true);
    expect(numToIp(inetSelectAddr(idx, undefined, undefined, SCOPE_LINK)!.ip)).toBe('192.168.1.10');
    // on the device itself a link-scoped address is fine for a link-scoped lookup
    expect(numToIp(inetSelectAddr(idx, ns.links[1], undefined, SCOPE_LINK)!.ip)).toBe('169.254.3.3');
    expect(numToIp(inetSelectAddr(idx, ns.links[1], undefined, SCOPE_UNIVERSE)!.ip)).toBe('192.168.1.10');
  });
});

describe('edges of the lookup and of the source choice', () => {
  it('skips a unicast route without a device (the kernel has none such: no nexthop to send to)', () => {
    const ns = host(['default via 192.168.1.1 dev eth0', '10.0.0.0/8 via 192.168.1.2 dev eth0']);
    delete ns.routes[1].dev;
    expect(line(ns, '10.1.1.1')).toBe('0: 0.0.0.0/0 192.168.1.1 eth0');
  });

  it("prefers the route's src over every address of the device, and says so", () => {
    const ns = host(['10.9.0.0/16 dev eth0 scope link src 10.1.0.5']);
    const f = fibLookup(nsIndex(ns), ipNum('10.9.1.1'))!;
    const s = routeSource(nsIndex(ns), f)!;
    expect(s.ip).toBe('10.1.0.5');
    expect(s.how).toBe("the route's src 10.1.0.5");
  });

  it("names the output device when its own primary address is chosen", () => {
    const ns = host(['default via 192.168.1.1 dev eth0']);
    const s = routeSource(nsIndex(ns), fibLookup(nsIndex(ns), ipNum('8.8.8.8'))!)!;
    expect(s).toMatchObject({ ip: '192.168.1.10', how: 'the primary address of eth0 (inet_select_addr)' });
  });

  it('with no gateway subnet on the device, the first primary address of the device, not the last', () => {
    // inet_select_addr: `if (!addr) addr = ifa->ifa_local` keeps the first address in scope
    const ns = host([]);
    ns.links[1].addrs.push({ ip: '172.20.0.10', prefixLen: 16, scope: 'global' });
    const idx = nsIndex(ns);
    expect(idx.addrs.find((a) => numToIp(a.ip) === '172.20.0.10')!.secondary).toBe(false);
    expect(numToIp(inetSelectAddr(idx, ns.links[1], ipNum('10.200.0.1'), SCOPE_UNIVERSE)!.ip)).toBe('192.168.1.10');
    expect(numToIp(inetSelectAddr(idx, ns.links[1], ipNum('172.20.9.9'), SCOPE_UNIVERSE)!.ip)).toBe('172.20.0.10');
  });

  it('an address with a /0 prefix holds every destination (inet_ifa_match with mask 0)', () => {
    const ns = host([]);
    ns.links[1].addrs.push({ ip: '172.20.0.10', prefixLen: 0, scope: 'global' });
    expect(numToIp(inetSelectAddr(nsIndex(ns), ns.links[1], ipNum('10.200.0.1'), SCOPE_UNIVERSE)!.ip)).toBe('172.20.0.10');
  });

  it('the fallback takes a global address for a universe-scoped lookup (MASQUERADE out of an address-less cali*)', () => {
    const cali = { ifindex: 9, name: 'cali0', kind: 'veth' as const, mtu: 1500, mac: 'ee:ee:ee:ee:ee:ee', addrs: [], up: true };
    const ns = host([], [cali]);
    expect(numToIp(inetSelectAddr(nsIndex(ns), cali, ipNum('10.244.0.5'), SCOPE_UNIVERSE)!.ip)).toBe('192.168.1.10');
    expect(numToIp(inetSelectAddr(nsIndex(ns), undefined, undefined, SCOPE_UNIVERSE)!.ip)).toBe('192.168.1.10');
  });

  it('no address anywhere but lo: no source (the caller sends from 0.0.0.0)', () => {
    const bare = { ifindex: 2, name: 'eth0', kind: 'ether' as const, mtu: 1500, mac: '52:54:00:00:00:09', addrs: [], up: true, network: 'lan' };
    const ns = netns('node/bare', 'node', [lo(), bare], ['default via 192.168.1.1 dev eth0 onlink']);
    const f = fibLookup(nsIndex(ns), ipNum('8.8.8.8'))!;
    expect(f.dev!.name).toBe('eth0');
    expect(routeSource(nsIndex(ns), f)).toBeUndefined();
  });

  it('a route without a device (an unreachable one) gets the first global address, and says no device had one', () => {
    const ns = host(['unreachable 10.245.0.0/16']);
    const f = fibLookup(nsIndex(ns), ipNum('10.245.0.9'))!;
    expect(f.dev).toBeUndefined();
    expect(routeSource(nsIndex(ns), f)).toMatchObject({
      ip: '192.168.1.10',
      how: 'the device has no usable address, so the first one in ifindex order: eth0 (inet_select_addr)',
    });
  });
});

describe('ipNum', () => {
  it('parses dotted quads and rejects the rest', () => {
    expect(ipNum('0.0.0.0')).toBe(0);
    expect(ipNum('255.255.255.255')).toBe(0xffffffff);
    expect(ipNum('10.244.5.192')).toBe((10 << 24) + (244 << 16) + (5 << 8) + 192);
    for (const bad of ['1.2.3', '1.2.3.4.5', '256.1.1.1', '1..2.3', 'a.b.c.d', '1.2.3.4 ']) expect(() => ipNum(bad)).toThrow();
  });

  it('parses route lines the fixtures use', () => {
    expect(r('10.244.5.192/26 via 192.168.30.72 dev tunl0 proto bird onlink')).toMatchObject({ dst: '10.244.5.192/26', via: '192.168.30.72', dev: 'tunl0', proto: 12, onlink: true, owner: 'bird' });
  });
});
