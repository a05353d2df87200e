// The shared kernel-state helpers, with expectations from the kernel's and Felix's rules worked by hand:
// fib_trie's dump order, iproute2's route syntax, Felix's MTU arithmetic (cni-facts §11: IPIP 20 bytes,
// VXLAN 50, veth_mtu overrides both but the kernel caps a VXLAN device at its parent's MTU − 50),
// BIRD's `gateway recursive` and the connected routes and broadcast addresses the kernel adds.
import { describe, expect, it } from 'vitest';
import { RTPROT, type Route } from '../model/kernel';
import type { Topology, TopologyNode } from '../model/scenario';
import { dstKey, mergeKernelOrder, parseRouteLine, protoNumber, sortKernelOrder } from './fib';
import { calicoMtus, hostMtu, MTU_IFACE_PATTERN } from './mtu';
import { lookupUnderlay, resolveNextHop } from './routeResolve';
import { baseNodeNs, connectedRoute, holdLoadBalancerIps, installBgpRoutes, loopback, networkMtu, routerNamespaces } from './underlay';
import { CALI_HOST_MAC, calicoPodNs, flannelPodNs, hostVethLink, vethMac, type PodWiring } from './pods';

const r = (dst: string, extra: Partial<Route> = {}): Route => ({ type: 'unicast', dst, dev: 'eth0', proto: RTPROT.boot, scope: 'universe', owner: 'distro', ...extra });

describe('kernel dump order', () => {
  it('ascending network address, the longer prefix first on the same address, then metric, then insertion', () => {
    const routes = [r('10.0.0.0/8'), r('0.0.0.0/0'), r('10.0.0.0/24', { metric: 100 }), r('10.0.0.0/24', { metric: 0, dev: 'a' }), r('10.0.0.0/24', { metric: 0, dev: 'b' }), r('9.255.255.255/32')];
    expect(sortKernelOrder(routes).map((x) => `${x.dst} ${x.metric ?? ''} ${x.dev}`)).toEqual([
      '0.0.0.0/0  eth0',
      '9.255.255.255/32  eth0',
      '10.0.0.0/24 0 a',
      '10.0.0.0/24 0 b',
      '10.0.0.0/24 100 eth0',
      '10.0.0.0/8  eth0',
    ]);
    // key = base × 64 + (32 − prefix length)
    expect(dstKey('10.0.0.0/24')).toBe(0x0a000000 * 64 + 8);
    expect(dstKey('0.0.0.0/0')).toBe(32);
    expect(dstKey('10.0.0.0/24')).toBe(0x0a000000 * 64 + 8); // cached: the same
  });

  it('merges sorted remote routes with local ones, local first on equal keys', () => {
    const remote = [r('10.0.1.0/24', { dev: 'remote' }), r('10.0.3.0/24', { dev: 'remote' })];
    const local = [r('10.0.4.0/24'), r('10.0.1.0/24', { dev: 'local' }), r('10.0.0.0/24')];
    const out = mergeKernelOrder(local, remote, remote.map((x) => dstKey(x.dst)));
    expect(out.map((x) => `${x.dst} ${x.dev}`)).toEqual(['10.0.0.0/24 eth0', '10.0.1.0/24 local', '10.0.1.0/24 remote', '10.0.3.0/24 remote', '10.0.4.0/24 eth0']);
    // known keys for local routes are used as given
    const known = mergeKernelOrder([r('10.0.9.0/24')], remote, remote.map((x) => dstKey(x.dst)), [0]);
    expect(known[0].dst).toBe('10.0.9.0/24');
    expect(mergeKernelOrder([], remote, remote.map((x) => dstKey(x.dst)))).toEqual(remote);
  });
});

describe('ip route lines', () => {
  it('parses what a distribution adds', () => {
    expect(parseRouteLine('169.254.0.0/16 dev ens33 scope link metric 1000')).toEqual({ type: 'unicast', dst: '169.254.0.0/16', dev: 'ens33', proto: RTPROT.boot, scope: 'link', owner: 'distro', metric: 1000 });
    expect(parseRouteLine('default via 192.168.1.1 dev eth0 proto static src 192.168.1.5 onlink', 'topology')).toEqual({
      type: 'unicast',
      dst: '0.0.0.0/0',
      via: '192.168.1.1',
      dev: 'eth0',
      proto: RTPROT.static,
      scope: 'universe',
      src: '192.168.1.5',
      onlink: true,
      owner: 'topology',
    });
    expect(parseRouteLine('  10.1.2.3 dev eth0 scope global linkdown ')).toMatchObject({ dst: '10.1.2.3/32', scope: 'universe', linkdown: true });
    expect(parseRouteLine('10.9.9.0/24 dev eth0 scope host')).toMatchObject({ scope: 'host' });
    expect(parseRouteLine('10.1.2.0/16 dev eth0 proto 200')).toMatchObject({ dst: '10.1.0.0/16', proto: 200 });
    expect(parseRouteLine('blackhole 10.1.0.0/16')).toMatchObject({ type: 'blackhole', dst: '10.1.0.0/16' });
    expect(parseRouteLine('unreachable 10.2.0.0/16').type).toBe('unreachable');
    expect(parseRouteLine('prohibit 10.3.0.0/16').type).toBe('prohibit');
  });

  it('names the offending token', () => {
    expect(() => parseRouteLine('')).toThrow('empty route line');
    expect(() => parseRouteLine('10.0.0.0/8 dev eth0 scope site')).toThrow('bad scope "site"');
    expect(() => parseRouteLine('10.0.0.0/8 dev eth0 metric 1.5')).toThrow('bad metric "1.5"');
    expect(() => parseRouteLine('10.0.0.0/8 dev eth0 table 5')).toThrow('unexpected token "table" in route "10.0.0.0/8 dev eth0 table 5"');
    expect(() => parseRouteLine('10.0.0.0/8 via 10.0.0.1')).toThrow('route "10.0.0.0/8 via 10.0.0.1" has no dev');
    expect(() => parseRouteLine('10.0.0.0/8 dev eth0 proto gated')).toThrow('unknown route protocol "gated"');
    expect(() => parseRouteLine('10.0.0.0/8 via nope dev eth0')).toThrow();
    expect(() => parseRouteLine('10.0.0.0/8 dev eth0 src 1.2.3')).toThrow();
  });

  it('knows the rtnetlink protocol numbers by name (rt_protos)', () => {
    expect(['kernel', 'boot', 'static', 'bird', 'dhcp', 'redirect'].map(protoNumber)).toEqual([2, 3, 4, 12, 16, 1]);
    expect(protoNumber('80')).toBe(80);
  });
});

describe('MTUs (Felix)', () => {
  const node = (ifaces: [string, number][]): TopologyNode => ({ name: 'n', labels: {}, annotations: {}, interfaces: ifaces.map(([name, mtu]) => ({ name, ip: '10.0.0.1/24', mtu, network: 'lan' })) });
  it('the host MTU is the smallest NIC MTU that MTUIfacePattern matches, else 1460', () => {
    const ident = (m: number) => m;
    expect(hostMtu(node([['ens33', 1500], ['eth1', 9000], ['docker0', 1200]]), ident)).toBe(1500);
    expect(hostMtu(node([['docker0', 1200], ['cni0', 1450]]), ident)).toBe(1460);
    expect(hostMtu(node([['ens33', 9000]]), (m) => Math.min(m, 1400))).toBe(1400);
    for (const n of ['eth0', 'ens33', 'enp0s3', 'eno1', 'wlan0', 'wlp2s0', 'ib0']) expect(MTU_IFACE_PATTERN.test(n), n).toBe(/^ib0$/.test(n) ? false : true);
    for (const n of ['lo', 'docker0', 'cali123', 'tunl0', 'vxlan.calico', 'en0']) expect(MTU_IFACE_PATTERN.test(n), n).toBe(false);
  });

  it('IPIP 1480 and VXLAN 1450 on a 1500 host; the pod gets the smaller of the encapsulations in use', () => {
    expect(calicoMtus(1500, undefined, true, false)).toEqual({ host: 1500, ipip: 1480, vxlan: 1450, pod: 1480 });
    expect(calicoMtus(1500, 0, false, true)).toEqual({ host: 1500, ipip: 1480, vxlan: 1450, pod: 1450 });
    expect(calicoMtus(1500, undefined, true, true).pod).toBe(1450);
    expect(calicoMtus(1500, undefined, false, false).pod).toBe(1500);
    expect(calicoMtus(9000, undefined, true, false).pod).toBe(8980);
  });

  it('veth_mtu sets all three, except that VXLAN stays at the parent MTU − 50', () => {
    expect(calicoMtus(1500, 1440, true, true)).toEqual({ host: 1500, ipip: 1440, vxlan: 1440, pod: 1440 });
    expect(calicoMtus(1500, 1500, false, true)).toEqual({ host: 1500, ipip: 1500, vxlan: 1450, pod: 1500 });
    expect(calicoMtus(1500, -1, true, false).pod).toBe(1480);
  });
});

describe('next hops (BIRD gateway recursive)', () => {
  const underlay: Route[] = [
    r('0.0.0.0/0', { via: '192.168.1.1', dev: 'eth0' }),
    r('192.168.1.0/24', { dev: 'eth0', scope: 'link' }),
    r('192.168.2.0/24', { via: '192.168.1.254', dev: 'eth0', metric: 200 }),
    r('192.168.2.0/24', { via: '192.168.1.253', dev: 'eth0', metric: 100 }),
    r('192.168.2.0/24', { via: '192.168.1.252', dev: 'eth0', metric: 300 }),
    { type: 'blackhole', dst: '192.168.3.0/24', proto: RTPROT.bird, scope: 'universe', owner: 'bird' },
  ];
  it('a connected next hop is used as is; one behind a router resolves to the router, lowest metric first', () => {
    expect(resolveNextHop(underlay, '192.168.1.20')).toEqual({ via: '192.168.1.20', dev: 'eth0', direct: true });
    expect(resolveNextHop(underlay, '192.168.2.20')).toEqual({ via: '192.168.1.253', dev: 'eth0', direct: false });
    expect(lookupUnderlay(underlay, '8.8.8.8')?.dst).toBe('0.0.0.0/0');
    // a blackhole carries no device: it never resolves a next hop, the default does
    expect(lookupUnderlay(underlay, '192.168.3.1')?.dst).toBe('0.0.0.0/0');
    expect(resolveNextHop([r('10.0.0.0/8')], '192.168.1.1')).toBeUndefined();
    expect(lookupUnderlay([], '10.0.0.1')).toBeUndefined();
  });
});

describe('the underlay a distribution sets up', () => {
  const topo: Topology = {
    networks: [
      { name: 'lan', cidr: '192.168.1.0/24', gateway: '192.168.1.1', mtu: 1400 },
      { name: 'p2p', cidr: '10.9.0.0/31' },
    ],
    routers: [],
    nodes: [],
  } as unknown as Topology;
  const n: TopologyNode = {
    name: 'n1',
    labels: {},
    annotations: {},
    interfaces: [
      { name: 'ens33', ip: '192.168.1.11/24', mtu: 1500, network: 'lan', metric: 100 },
      { name: 'ens34', ip: '10.9.0.1/31', mtu: 1500, network: 'p2p' },
      { name: 'docker0', ip: '172.17.0.1/16', mtu: 1500 },
    ],
    extraRoutes: ['169.254.0.0/16 dev ens33 scope link metric 1002'],
  };

  it('loopback, NICs with broadcast addresses (none on a /31), connected routes, one default route, extra lines', () => {
    const ns = baseNodeNs(topo, n);
    expect(ns).toMatchObject({ id: 'node/n1', kind: 'node', name: 'n1', forwarding: true, neigh: [], fdb: [] });
    expect(ns.links.map((l) => `${l.ifindex} ${l.name} ${l.kind} ${l.mtu} ${l.qdisc} ${l.addrs.map((a) => `${a.ip}/${a.prefixLen} ${a.scope} ${a.brd ?? '-'}`).join()}`)).toEqual([
      '1 lo loopback 65536 noqueue 127.0.0.1/8 host -',
      '2 ens33 ether 1500 fq_codel 192.168.1.11/24 global 192.168.1.255',
      '3 ens34 ether 1500 fq_codel 10.9.0.1/31 global -',
      '4 docker0 bridge 1500 noqueue 172.17.0.1/16 global 172.17.255.255',
    ]);
    expect(ns.links[1].mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(ns.routes).toEqual([
      { type: 'unicast', dst: '192.168.1.0/24', dev: 'ens33', proto: RTPROT.kernel, scope: 'link', src: '192.168.1.11', owner: 'topology', metric: 100 },
      { type: 'unicast', dst: '0.0.0.0/0', via: '192.168.1.1', dev: 'ens33', proto: RTPROT.boot, scope: 'universe', owner: 'topology', metric: 100 },
      { type: 'unicast', dst: '10.9.0.0/31', dev: 'ens34', proto: RTPROT.kernel, scope: 'link', src: '10.9.0.1', owner: 'topology' },
      { type: 'unicast', dst: '172.17.0.0/16', dev: 'docker0', proto: RTPROT.kernel, scope: 'link', src: '172.17.0.1', owner: 'topology' },
      { type: 'unicast', dst: '169.254.0.0/16', dev: 'ens33', proto: RTPROT.boot, scope: 'link', owner: 'distro', metric: 1002 },
    ]);
  });

  it('a segment MTU caps the NIC MTU; the connected route names its source address', () => {
    expect(networkMtu(topo, 'lan', 1500)).toBe(1400);
    expect(networkMtu(topo, 'lan', 1300)).toBe(1300);
    expect(networkMtu(topo, 'p2p', 9000)).toBe(9000);
    expect(networkMtu(topo, undefined, 1500)).toBe(1500);
    expect(connectedRoute('10.1.2.3', 8, 'eth0')).toEqual({ type: 'unicast', dst: '10.0.0.0/8', dev: 'eth0', proto: RTPROT.kernel, scope: 'link', src: '10.1.2.3', owner: 'kernel' });
    expect(loopback()).toMatchObject({ ifindex: 1, name: 'lo', mtu: 65536, up: true });
  });
});

describe('routers between segments and the way out', () => {
  // a — r1 — b — r2 — c, and d behind r2 too; lan a's gateway is r1's, c's gateway 10.3.0.1 nobody owns
  const topo = {
    networks: [
      { name: 'a', cidr: '10.1.0.0/24', gateway: '10.1.0.1' },
      { name: 'b', cidr: '10.2.0.0/24' },
      { name: 'c', cidr: '10.3.0.0/24', gateway: '10.3.0.1', mtu: 1400 },
      { name: 'd', cidr: '10.4.0.0/24' },
    ],
    routers: [
      { name: 'r1', interfaces: [{ network: 'a', ip: '10.1.0.1/24' }, { network: 'b', ip: '10.2.0.1/24' }] },
      { name: 'r2', interfaces: [{ network: 'b', ip: '10.2.0.2/24' }, { network: 'c', ip: '10.3.0.2/24' }, { network: 'd', ip: '10.4.0.2/24' }] },
    ],
    nodes: [],
  } as unknown as Topology;

  it('each router reaches the segments behind the other through it (static routes), and an unowned gateway is the outside', () => {
    const rs = routerNamespaces(topo);
    expect(rs.map((x) => `${x.id} ${x.external ?? false}`)).toEqual(['router/r1 false', 'router/r2 false', 'router/c-gateway true']);
    const line = (x: Route) => `${x.dst}${x.via ? ` via ${x.via}` : ''} dev ${x.dev} ${x.proto === RTPROT.static ? 'static' : x.proto === RTPROT.kernel ? 'kernel' : x.proto}`;
    expect(rs[0].routes.map(line)).toEqual(['10.1.0.0/24 dev eth0 kernel', '10.2.0.0/24 dev eth1 kernel', '10.3.0.0/24 via 10.2.0.2 dev eth1 static', '10.4.0.0/24 via 10.2.0.2 dev eth1 static']);
    expect(rs[1].routes.map(line)).toEqual(['10.2.0.0/24 dev eth0 kernel', '10.3.0.0/24 dev eth1 kernel', '10.4.0.0/24 dev eth2 kernel', '10.1.0.0/24 via 10.2.0.1 dev eth0 static']);
    // router NICs take the segment's MTU; the outside gateway sits on c with its address
    expect(rs[1].links.map((l) => `${l.name} ${l.mtu}`)).toEqual(['lo 65536', 'eth0 1500', 'eth1 1400', 'eth2 1500']);
    expect(rs[2].links[1]).toMatchObject({ name: 'eth0', mtu: 1400, network: 'c', addrs: [{ ip: '10.3.0.1', prefixLen: 24, scope: 'global', brd: '10.3.0.255' }] });
    expect(rs[2].routes.map(line)).toEqual(['10.3.0.0/24 dev eth0 kernel']);
    expect(rs.every((x) => x.forwarding && x.kind === 'router')).toBe(true);
  });

  it('three routers in a row: the far one is reached through the near one', () => {
    const chain = {
      networks: ['a', 'b', 'c', 'd'].map((n, i) => ({ name: n, cidr: `10.${i + 1}.0.0/24` })),
      routers: [
        { name: 'r1', interfaces: [{ network: 'a', ip: '10.1.0.1/24' }, { network: 'b', ip: '10.2.0.1/24' }] },
        { name: 'r2', interfaces: [{ network: 'b', ip: '10.2.0.2/24' }, { network: 'c', ip: '10.3.0.2/24' }] },
        { name: 'r3', interfaces: [{ network: 'c', ip: '10.3.0.3/24' }, { network: 'd', ip: '10.4.0.3/24' }] },
      ],
      nodes: [],
    } as unknown as Topology;
    const r1 = routerNamespaces(chain)[0];
    expect(r1.routes.filter((x) => x.proto === RTPROT.static).map((x) => `${x.dst} via ${x.via} dev ${x.dev}`)).toEqual(['10.3.0.0/24 via 10.2.0.2 dev eth1', '10.4.0.0/24 via 10.2.0.2 dev eth1']);
  });

  it('the outside gateway holds the LoadBalancer addresses on its loopback; without one they are nowhere', () => {
    const rs = routerNamespaces(topo);
    holdLoadBalancerIps(rs, ['192.0.2.10', '192.0.2.11']);
    expect(rs[2].links[0].addrs.map((a) => `${a.ip}/${a.prefixLen} ${a.scope}`)).toEqual(['127.0.0.1/8 host', '192.0.2.10/32 global', '192.0.2.11/32 global']);
    expect(rs[0].links[0].addrs).toHaveLength(1);
    const inner = routerNamespaces({ ...topo, networks: topo.networks.map((n) => ({ ...n, gateway: undefined })) } as Topology);
    holdLoadBalancerIps(inner, ['192.0.2.10']);
    expect(inner.flatMap((x) => x.links[0].addrs)).toHaveLength(2);
    holdLoadBalancerIps(rs, []);
    expect(rs[2].links[0].addrs).toHaveLength(3);
  });

  it('a BGP router\'s learned routes join its table in dump order', () => {
    const rs = routerNamespaces(topo);
    const netns = Object.fromEntries(rs.map((x) => [x.id, x]));
    const bird = (dst: string): Route => ({ type: 'unicast', dst, via: '10.2.0.9', dev: 'eth1', proto: RTPROT.bird, scope: 'universe', owner: 'bird' });
    installBgpRoutes(netns, new Map([['router/r1', [bird('10.244.1.0/26'), bird('10.0.0.0/26')]], ['router/r2', []], ['router/none', [bird('10.9.0.0/26')]]]));
    expect(netns['router/r1'].routes.map((x) => x.dst)).toEqual(['10.0.0.0/26', '10.1.0.0/24', '10.2.0.0/24', '10.3.0.0/24', '10.4.0.0/24', '10.244.1.0/26']);
    expect(netns['router/r2'].routes.map((x) => x.dst)).toEqual(['10.2.0.0/24', '10.3.0.0/24', '10.4.0.0/24', '10.1.0.0/24']);
  });
});

describe('pod namespaces and their veths', () => {
  const wiring = (ipipModule: boolean): PodWiring => ({ namespace: 'default', name: 'web', node: 'n1', ip: '10.244.1.5', prefixLen: 32, hostVeth: 'cali0123456789a', hostIfindex: 7, mtu: 1480, ipipModule });

  it('Calico: eth0 /32 with the two routes to 169.254.1.1; tunl0 (down) only where the ipip module is loaded', () => {
    const ns = calicoPodNs(wiring(true));
    expect(ns).toMatchObject({ id: 'pod/default/web', kind: 'pod', name: 'default/web', forwarding: false });
    expect(ns.links.map((l) => `${l.ifindex} ${l.name} ${l.kind} ${l.up} ${l.mtu}`)).toEqual(['1 lo loopback true 65536', '2 tunl0 ipip false 1480', '3 eth0 veth true 1480']);
    expect(ns.links[2]).toMatchObject({ addrs: [{ ip: '10.244.1.5', prefixLen: 32, scope: 'global' }], peer: { ns: 'node/n1', ifname: 'cali0123456789a', ifindex: 7 } });
    expect(ns.routes).toEqual([
      { type: 'unicast', dst: '0.0.0.0/0', via: '169.254.1.1', dev: 'eth0', proto: RTPROT.boot, scope: 'universe', owner: 'cni' },
      { type: 'unicast', dst: '169.254.1.1/32', dev: 'eth0', proto: RTPROT.boot, scope: 'link', owner: 'cni' },
    ]);
    expect(calicoPodNs(wiring(false)).links.map((l) => l.name)).toEqual(['lo', 'eth0']);
    expect(calicoPodNs(wiring(false)).links[1].ifindex).toBe(2);
  });

  it('Calico\'s host end: ee:ee:ee:ee:ee:ee with proxy ARP; the bridge plugin\'s: a cni0 port with its own MAC', () => {
    expect(hostVethLink(wiring(true), true)).toEqual({ ifindex: 7, name: 'cali0123456789a', kind: 'veth', mtu: 1480, mac: 'ee:ee:ee:ee:ee:ee', addrs: [], up: true, peer: { ns: 'pod/default/web', ifname: 'eth0', ifindex: 3 }, proxyArp: true, qdisc: 'noqueue' });
    const br = hostVethLink(wiring(false), false);
    expect(br).toMatchObject({ master: 'cni0', peer: { ifindex: 2 } });
    expect(br.proxyArp).toBeUndefined();
    expect(br.mac).not.toBe(CALI_HOST_MAC);
  });

  it('veth MACs are locally administered unicast (second bit of the first byte set, first bit clear) and differ per pod', () => {
    const macs = ['default/a', 'default/b', 'x/a', 'host/default/a'].map(vethMac);
    for (const m of macs) {
      expect(m).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
      const first = parseInt(m.slice(0, 2), 16);
      expect(first & 0x02, m).toBe(2);
      expect(first & 0x01, m).toBe(0);
    }
    expect(new Set(macs).size).toBe(4);
    expect(vethMac('default/a')).toBe(vethMac('default/a'));
  });

  it('Flannel: the pod subnet, the flannel network and the default route via cni0, in dump order', () => {
    const ns = flannelPodNs({ ...wiring(false), ip: '10.244.0.5', prefixLen: 24 }, '10.244.0.1', '10.244.0.0/16');
    expect(ns.routes.map((x) => `${x.dst}${x.via ? ` via ${x.via}` : ''} ${x.scope}${x.src ? ` src ${x.src}` : ''}`)).toEqual([
      '0.0.0.0/0 via 10.244.0.1 universe',
      '10.244.0.0/24 link src 10.244.0.5',
      '10.244.0.0/16 via 10.244.0.1 universe',
    ]);
    expect(ns.forwarding).toBe(false);
  });
});

describe('underlay details', () => {
  const topo = {
    networks: [
      { name: 'lan', cidr: '192.168.1.0/24', gateway: '192.168.1.1' },
      { name: 'lan2', cidr: '192.168.2.0/24', gateway: '192.168.2.1' },
    ],
    routers: [],
    nodes: [],
  } as unknown as Topology;
  const node = (ifaces: TopologyNode['interfaces']): TopologyNode => ({ name: 'n1', labels: {}, annotations: {}, interfaces: ifaces });

  it('one default route, through the first interface whose segment has a gateway; no metric unless given', () => {
    const ns = baseNodeNs(topo, node([
      { name: 'eth0', ip: '192.168.1.11/24', mtu: 1500, network: 'lan' },
      { name: 'eth1', ip: '192.168.2.11/24', mtu: 1500, network: 'lan2' },
    ]));
    expect(ns.routes).toStrictEqual([
      { type: 'unicast', dst: '192.168.1.0/24', dev: 'eth0', proto: RTPROT.kernel, scope: 'link', src: '192.168.1.11', owner: 'topology' },
      { type: 'unicast', dst: '0.0.0.0/0', via: '192.168.1.1', dev: 'eth0', proto: RTPROT.boot, scope: 'universe', owner: 'topology' },
      { type: 'unicast', dst: '192.168.2.0/24', dev: 'eth1', proto: RTPROT.kernel, scope: 'link', src: '192.168.2.11', owner: 'topology' },
    ]);
    const dhcp = baseNodeNs(topo, node([{ name: 'eth0', ip: '192.168.1.11/24', mtu: 1500, network: 'lan', defaultRouteProto: 'dhcp' } as TopologyNode['interfaces'][number]]));
    expect(dhcp.routes[1].proto).toBe(RTPROT.dhcp);
  });

  it('docker0 and br-* without a segment are bridges; the same names on a segment, or the prefix elsewhere in the name, are NICs', () => {
    const kinds = baseNodeNs(topo, node([
      { name: 'docker0', ip: '172.17.0.1/16', mtu: 1500 },
      { name: 'br-1a2b', ip: '172.18.0.1/16', mtu: 1500 },
      { name: 'xdocker0', ip: '172.19.0.1/16', mtu: 1500 },
      { name: 'docker1', ip: '192.168.1.12/24', mtu: 1500, network: 'lan' },
    ])).links.map((l) => `${l.name} ${l.kind} ${l.qdisc}`);
    expect(kinds).toEqual(['lo loopback noqueue', 'docker0 bridge noqueue', 'br-1a2b bridge noqueue', 'xdocker0 ether fq_codel', 'docker1 ether noqueue']);
  });

  it('a gateway owned by a modelled router or node is not the outside', () => {
    const withRouter = { ...topo, routers: [{ name: 'gw', interfaces: [{ network: 'lan', ip: '192.168.1.1/24' }] }] } as unknown as Topology;
    expect(routerNamespaces(withRouter).map((r) => r.name)).toEqual(['gw', 'lan2-gateway']);
    const withNode = { ...topo, nodes: [node([{ name: 'eth0', ip: '192.168.2.1/24', mtu: 1500, network: 'lan2' }])] } as unknown as Topology;
    expect(routerNamespaces(withNode).map((r) => r.name)).toEqual(['lan-gateway']);
    // the same address on another segment owns nothing here
    const elsewhere = { ...topo, nodes: [node([{ name: 'eth0', ip: '192.168.2.1/24', mtu: 1500, network: 'lan' }])] } as unknown as Topology;
    expect(routerNamespaces(elsewhere).map((r) => r.name)).toEqual(['lan-gateway', 'lan2-gateway']);
    const gw = routerNamespaces(topo)[0];
    expect(gw).toMatchObject({ id: 'router/lan-gateway', kind: 'router', external: true, forwarding: true, neigh: [], fdb: [] });
    expect(gw.links.map((l) => `${l.name} ${l.kind} ${l.up} ${l.qdisc}`)).toEqual(['lo loopback true noqueue', 'eth0 ether true fq_codel']);
    expect(gw.links[1].mac).toMatch(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/);
    expect(gw.links[1].mac).not.toBe(routerNamespaces(topo)[1].links[1].mac);
    expect(gw.routes).toStrictEqual([{ type: 'unicast', dst: '192.168.1.0/24', dev: 'eth0', proto: RTPROT.kernel, scope: 'link', src: '192.168.1.1', owner: 'topology' }]);
  });

  it('route lines: runs of spaces, protocol numbers only when all digits, equal keys keep insertion order', () => {
    expect(parseRouteLine('10.0.0.0/8   dev  eth0   metric 5')).toMatchObject({ dst: '10.0.0.0/8', dev: 'eth0', metric: 5 });
    expect(() => protoNumber('12abc')).toThrow('unknown route protocol "12abc"');
    expect(() => protoNumber('abc12')).toThrow('unknown route protocol "abc12"');
    const same = ['a', 'b', 'c', 'd', 'e'].map((dev) => r('10.0.0.0/24', { dev }));
    expect(sortKernelOrder([r('10.0.1.0/24', { dev: 'z' }), ...same]).map((x) => x.dev)).toEqual(['a', 'b', 'c', 'd', 'e', 'z']);
  });
});
