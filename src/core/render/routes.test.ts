import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { NetNS, Route } from '../model/kernel';
import { RTPROT } from '../model/kernel';
import { formatRoute, ipRoute, ipRouteGet, ipRouteGetError, routeN, routeNRow } from './routes';

const fixture = (name: string) => readFileSync(new URL(`../../../test/fixtures/seed-output/${name}`, import.meta.url), 'utf8');

const route = (dst: string, p: Partial<Route> = {}): Route => ({
  type: 'unicast',
  dst,
  proto: RTPROT.boot,
  scope: 'universe',
  owner: 'kernel',
  ...p,
});
const via = (dst: string, gw: string, dev: string, p: Partial<Route> = {}) => route(dst, { via: gw, dev, ...p });
const link = (dst: string, dev: string, p: Partial<Route> = {}) => route(dst, { dev, scope: 'link', ...p });
const blackhole = (dst: string, p: Partial<Route> = {}) => route(dst, { type: 'blackhole', proto: RTPROT.bird, ...p });
const netns = (routes: Route[]): NetNS => ({ id: 'node/x', kind: 'node', name: 'x', links: [], routes, neigh: [], fdb: [], forwarding: true });

/** Seed 002 is a blog copy: trailing spaces are stripped from every line. */
const trimLines = (s: string) => s.split('\n').map((l) => l.trimEnd()).join('\n');

describe('route -n', () => {
  it('reproduces seed 000 node-2 (IPIP: /26 blocks via tunl0, blackhole own block, /32 per pod)', () => {
    const ns = netns([
      via('0.0.0.0/0', '192.168.2.1', 'ens33'),
      link('172.17.0.0/16', 'docker0'),
      via('172.20.39.0/26', '192.168.2.22', 'tunl0', { onlink: true }),
      via('172.20.84.128/26', '192.168.2.25', 'tunl0', { onlink: true }),
      via('172.20.205.192/26', '192.168.2.23', 'tunl0', { onlink: true }),
      blackhole('172.20.247.0/26'),
      link('172.20.247.1/32', 'calic712ccc0206'),
      link('172.20.247.2/32', 'caliea3a37aa060'),
      link('172.20.247.3/32', 'calie3c92c244fc'),
      link('172.20.247.4/32', 'cali081d5ee965a'),
      link('192.168.2.0/24', 'ens33'),
    ]);
    expect(routeN(ns)).toBe(fixture('000_route_n_node2.txt'));
  });

  it('reproduces seed 000 node-1', () => {
    const ns = netns([
      via('0.0.0.0/0', '192.168.2.1', 'ens33'),
      link('172.17.0.0/16', 'docker0'),
      via('172.20.39.0/26', '192.168.2.22', 'tunl0', { onlink: true }),
      blackhole('172.20.84.128/26'),
      link('172.20.84.129/32', 'cali857215ff1dd'),
      link('172.20.84.130/32', 'cali86ca089869a'),
      link('172.20.84.131/32', 'calif0c5e8b9a43'),
      link('172.20.84.132/32', 'cali8c43260cf06'),
      link('172.20.84.133/32', 'cali48d5f8950c9'),
      link('172.20.84.134/32', 'calib4f77b8b110'),
      via('172.20.205.192/26', '192.168.2.23', 'tunl0', { onlink: true }),
      via('172.20.247.0/26', '192.168.2.26', 'tunl0', { onlink: true }),
      link('192.168.2.0/24', 'ens33'),
    ]);
    expect(routeN(ns)).toBe(fixture('000_route_n_node1.txt'));
  });

  it('reproduces seed 000 pod table (default via 169.254.1.1)', () => {
    const ns = netns([via('0.0.0.0/0', '169.254.1.1', 'eth0'), link('169.254.1.1/32', 'eth0')]);
    expect(routeN(ns)).toBe(fixture('000_route_n_pod.txt'));
  });

  // Seed 002 printed these in a zh_CN locale (translated headers, squeezed columns); the fixtures
  // hold the C-locale form of the same rows (see test/fixtures/seed-output/README.md).
  const flannelBase = [
    via('0.0.0.0/0', '10.0.0.2', 'ens33', { metric: 100, proto: RTPROT.static }),
    link('10.0.0.0/24', 'ens33', { metric: 100, proto: RTPROT.kernel }),
  ];
  const flannelTail = [link('169.254.0.0/16', 'ens33', { metric: 1000 }), link('172.17.0.0/16', 'docker0', { linkdown: true })];

  it('reproduces seed 002 Flannel VXLAN tables of master1, node1, node2', () => {
    const vx = (n: number) => via(`10.244.${n}.0/24`, `10.244.${n}.0`, 'flannel.1', { onlink: true });
    const own = (n: number) => link(`10.244.${n}.0/24`, 'cni0', { proto: RTPROT.kernel });
    expect(routeN(netns([...flannelBase, own(0), vx(1), vx(2), ...flannelTail]))).toBe(fixture('002_route_n_master1_vxlan.txt'));
    expect(routeN(netns([...flannelBase, vx(0), own(1), vx(2), ...flannelTail]))).toBe(fixture('002_route_n_node1_vxlan.txt'));
    expect(routeN(netns([...flannelBase, vx(0), vx(1), own(2), ...flannelTail]))).toBe(fixture('002_route_n_node2_vxlan.txt'));
  });

  it('reproduces seed 002 Flannel DirectRouting (= host-gw) table of master1', () => {
    const ns = netns([
      ...flannelBase,
      link('10.244.0.0/24', 'cni0', { proto: RTPROT.kernel }),
      via('10.244.1.0/24', '10.0.0.15', 'ens33'),
      via('10.244.2.0/24', '10.0.0.16', 'ens33'),
      ...flannelTail,
    ]);
    expect(routeN(ns)).toBe(fixture('002_route_n_master1_directrouting.txt'));
  });

  it('prints unreachable and prohibit with "!" flags and "-" columns', () => {
    expect(routeNRow(route('10.244.9.0/24', { type: 'unreachable', proto: RTPROT.bird }))).toBe(
      '10.244.9.0      -               255.255.255.0   !     0      -        0 -',
    );
    expect(routeNRow(route('10.9.9.9/32', { type: 'prohibit', metric: 5 }))).toBe(
      '10.9.9.9        -               255.255.255.255 !H    5      -        0 -',
    );
  });

  it('flags a /32 via a gateway UGH and keeps a long metric', () => {
    expect(routeNRow(via('10.244.1.7/32', '192.168.1.11', 'eth0', { metric: 1024 }))).toBe(
      '10.244.1.7      192.168.1.11    255.255.255.255 UGH   1024   0        0 eth0',
    );
  });
});

describe('ip route', () => {
  it('reproduces seed 001 (proto static metric, proto bird, trailing space)', () => {
    const ns = netns([
      via('0.0.0.0/0', '192.168.179.2', 'ens32', { proto: RTPROT.static, metric: 100 }),
      via('10.244.36.64/26', '192.168.179.103', 'ens32', { proto: RTPROT.bird }),
      via('10.244.169.128/26', '192.168.179.104', 'ens32', { proto: RTPROT.bird }),
    ]);
    expect(ipRoute(ns)).toBe(fixture('001_ip_route_master.txt'));
  });

  it('reproduces seed 004 tunl0 lines (onlink after proto)', () => {
    const lines = [
      via('10.244.5.192/26', '192.168.30.72', 'tunl0', { proto: RTPROT.bird, onlink: true }),
      via('10.244.118.192/26', '192.168.30.71', 'tunl0', { proto: RTPROT.bird, onlink: true }),
      via('10.244.5.192/26', '192.168.26.72', 'tunl0', { proto: RTPROT.bird, onlink: true }),
      via('10.244.118.192/26', '192.168.26.71', 'tunl0', { proto: RTPROT.bird, onlink: true }),
    ].map((r) => ipRoute(netns([r])));
    expect(lines.join('')).toBe(fixture('004_ip_route_tunl0.txt'));
  });

  const base002 = (self: string) => [
    via('0.0.0.0/0', '10.0.0.2', 'ens33', { proto: RTPROT.static, metric: 100 }),
    link('10.0.0.0/24', 'ens33', { proto: RTPROT.kernel, src: self, metric: 100 }),
  ];
  const tail002 = [
    link('169.254.0.0/16', 'ens33', { metric: 1000 }),
    link('172.17.0.0/16', 'docker0', { proto: RTPROT.kernel, src: '172.17.0.1', linkdown: true }),
  ];

  it('reproduces seed 002 tables (bare node, Calico IPIP, Calico BGP) up to stripped trailing spaces', () => {
    const bare = ipRoute(netns([...base002('10.0.0.16'), ...tail002]));
    expect(trimLines(bare)).toBe(fixture('002_ip_route_node2_bare.txt'));
    expect(bare.split('\n').slice(0, -1).every((l) => l.endsWith(' '))).toBe(true);

    const tun = (n: number, gw: string) => via(`10.244.${n}.0/24`, gw, 'tunl0', { proto: RTPROT.bird, onlink: true });
    const direct = (n: number, gw: string) => via(`10.244.${n}.0/24`, gw, 'ens33', { proto: RTPROT.bird });
    const master1Ipip = netns([
      ...base002('10.0.0.12'),
      blackhole('10.244.0.0/24'),
      link('10.244.0.2/32', 'cali9d1d28412'),
      tun(1, '10.0.0.13'),
      tun(5, '10.0.0.15'),
      tun(6, '10.0.0.16'),
      ...tail002,
    ]);
    expect(trimLines(ipRoute(master1Ipip))).toBe(fixture('002_ip_route_master1_ipip.txt'));

    const node2Ipip = netns([
      ...base002('10.0.0.16'),
      tun(0, '10.0.0.12'),
      tun(1, '10.0.0.13'),
      tun(5, '10.0.0.15'),
      blackhole('10.244.6.0/24'),
      link('10.244.6.2/32', 'cali29fc9c5aee4'),
      ...tail002,
    ]);
    expect(trimLines(ipRoute(node2Ipip))).toBe(fixture('002_ip_route_node2_ipip.txt'));

    const master1Bgp = netns([
      ...base002('10.0.0.12'),
      blackhole('10.244.0.0/24'),
      link('10.244.0.2/32', 'califc9d1d28412'),
      direct(1, '10.0.0.13'),
      direct(5, '10.0.0.15'),
      direct(6, '10.0.0.16'),
      ...tail002,
    ]);
    expect(trimLines(ipRoute(master1Bgp))).toBe(fixture('002_ip_route_master1_bgp.txt'));
  });

  it('prints unknown protocol numbers numerically and hides proto boot', () => {
    expect(formatRoute(blackhole('10.244.120.64/26', { proto: RTPROT.felix }))).toBe('blackhole 10.244.120.64/26 proto 80');
    expect(formatRoute(link('10.244.120.65/32', 'cali1a2b3c4d5e6'))).toBe('10.244.120.65 dev cali1a2b3c4d5e6 scope link');
    expect(formatRoute(via('10.244.1.0/26', '10.244.1.0', 'vxlan.calico', { onlink: true }))).toBe(
      '10.244.1.0/26 via 10.244.1.0 dev vxlan.calico onlink',
    );
    expect(formatRoute(via('0.0.0.0/0', '192.168.1.1', 'eth0', { proto: RTPROT.dhcp, src: '192.168.1.10', metric: 100 }))).toBe(
      'default via 192.168.1.1 dev eth0 proto dhcp src 192.168.1.10 metric 100',
    );
    expect(formatRoute(route('10.244.9.0/24', { type: 'unreachable', proto: RTPROT.bird }))).toBe('unreachable 10.244.9.0/24 proto bird');
  });

  it('prints nothing for an empty table', () => {
    expect(ipRoute(netns([]))).toBe('');
  });
});

describe('ip route get', () => {
  it('prints the cloned route with uid and the cache line', () => {
    expect(ipRouteGet({ dst: '10.244.5.194', via: '192.168.30.72', dev: 'tunl0', src: '10.244.118.192' })).toBe(
      '10.244.5.194 via 192.168.30.72 dev tunl0 src 10.244.118.192 uid 0 \n    cache \n',
    );
  });

  it('prints local routes with their cache flags, and PMTU exceptions', () => {
    expect(ipRouteGet({ dst: '10.0.0.12', type: 'local', dev: 'lo', src: '10.0.0.12', cacheFlags: ['local'] })).toBe(
      'local 10.0.0.12 dev lo src 10.0.0.12 uid 0 \n    cache <local> \n',
    );
    expect(ipRouteGet({ dst: '10.244.2.5', via: '169.254.1.1', dev: 'eth0', src: '10.244.1.3', expires: 597, mtu: 1450 })).toBe(
      '10.244.2.5 via 169.254.1.1 dev eth0 src 10.244.1.3 uid 0 \n    cache expires 597sec mtu 1450 \n',
    );
  });

  it('reports failed lookups with the kernel errno text', () => {
    expect(ipRouteGetError('blackhole')).toBe('RTNETLINK answers: Invalid argument\n');
    expect(ipRouteGetError('no-route')).toBe('RTNETLINK answers: Network is unreachable\n');
  });
});

describe('ip route get: every optional part (shapes checked against a real `ip route get`)', () => {
  it('prints a broadcast route with two cache flags, and an explicit unicast without a type word', () => {
    // real: "broadcast 255.255.255.255 dev eth0 src 192.0.2.2 uid 0 \n    cache <local,brd> "
    expect(ipRouteGet({ dst: '255.255.255.255', type: 'broadcast', dev: 'eth0', src: '192.0.2.2', cacheFlags: ['local', 'brd'] })).toBe(
      'broadcast 255.255.255.255 dev eth0 src 192.0.2.2 uid 0 \n    cache <local,brd> \n',
    );
    expect(ipRouteGet({ dst: '8.8.8.8', type: 'unicast', via: '192.0.2.1', dev: 'eth0', src: '192.0.2.2', cacheFlags: [] })).toBe(
      '8.8.8.8 via 192.0.2.1 dev eth0 src 192.0.2.2 uid 0 \n    cache \n',
    );
  });

  it('leaves out src when the kernel picked none, and the cache line for an uncached answer', () => {
    expect(ipRouteGet({ dst: '10.0.0.9', dev: 'eth0', uid: 1000, cached: false })).toBe('10.0.0.9 dev eth0 uid 1000 \n');
  });

  it('reports unreachable and prohibit routes as a real kernel does', () => {
    expect(ipRouteGetError('unreachable')).toBe('RTNETLINK answers: No route to host\n');
    expect(ipRouteGetError('prohibit')).toBe('RTNETLINK answers: Permission denied\n');
  });
});
