// Hand-written kernel states for the walk's tests, written the way the dataplane builder writes them
// (ids "node/…", "pod/ns/name", "router/…"; links in ifindex order; lo first; connected routes with
// proto kernel scope link src). Nothing here is generated from a scenario: each world is the kernel
// state an operator would see with `ip addr`, `ip route`, `ip neigh` and `bridge fdb`.

import type { Link, MasqRule, NetNS, NsKind, Route } from '../../src/core/model/kernel';
import type { TopologyNetwork } from '../../src/core/model/scenario';
import { parseRouteLine } from '../../src/core/dataplane/fib';
import type { World } from '../../src/core/walk/world';

export function lo(): Link {
  return { ifindex: 1, name: 'lo', kind: 'loopback', mtu: 65536, addrs: [{ ip: '127.0.0.1', prefixLen: 8, scope: 'host' }], up: true };
}

function addr(cidr: string) {
  const [ip, len] = cidr.split('/');
  return { ip, prefixLen: Number(len ?? 32), scope: 'global' as const };
}

/** A NIC on an L2 segment. */
export function nic(ifindex: number, name: string, cidr: string, network: string | undefined, mac: string, mtu = 1500): Link {
  return { ifindex, name, kind: 'ether', mtu, mac, addrs: [addr(cidr)], up: true, ...(network ? { network } : {}) };
}

/** A route from its `ip route` text; the owner follows the protocol. */
export function r(line: string): Route {
  const route = parseRouteLine(line, 'topology');
  const owner: Route['owner'] = route.proto === 12 ? 'bird' : route.proto === 2 ? 'kernel' : route.proto === 80 ? 'felix' : 'topology';
  return { ...route, owner };
}

export function netns(id: string, kind: NsKind, links: Link[], routes: string[], extra: Partial<NetNS> = {}): NetNS {
  return { id, kind, name: id.replace(/^(node|router|pod)\//, ''), links, routes: routes.map(r), neigh: [], fdb: [], forwarding: kind !== 'pod', ...extra };
}

export function world(list: NetNS[], networks: TopologyNetwork[]): World {
  const netnsRec: Record<string, NetNS> = {};
  for (const ns of list) netnsRec[ns.id] = ns;
  return { netns: netnsRec, networks };
}

/** A locally administered MAC from an IP and a role byte (0 pod eth0, 1 host veth). */
export function macFor(ip: string, role: number): string {
  const h = (n: number) => n.toString(16).padStart(2, '0');
  return `0a:${h(role)}:${ip.split('.').map((x) => h(Number(x))).join(':')}`;
}

const CALI_MAC = 'ee:ee:ee:ee:ee:ee';

export interface PodOpts {
  /** pod eth0 MTU */
  mtu?: number;
  /** host-side veth MTU */
  hostMtu?: number;
}

/**
 * A Calico pod: eth0 <podIP>/32 with `default via 169.254.1.1 dev eth0` and `169.254.1.1 dev eth0 scope
 * link`; the host end cali… (ee:ee:ee:ee:ee:ee, proxy_arp) and `<podIP> dev cali… scope link` on the node.
 */
export function calicoPod(node: NetNS, namespace: string, name: string, ip: string, hostVeth: string, o: PodOpts = {}): NetNS {
  const id = `pod/${namespace}/${name}`;
  const hostIfindex = Math.max(...node.links.map((l) => l.ifindex)) + 1;
  node.links.push({
    ifindex: hostIfindex,
    name: hostVeth,
    kind: 'veth',
    mtu: o.hostMtu ?? o.mtu ?? 1500,
    mac: CALI_MAC,
    addrs: [],
    up: true,
    proxyArp: true,
    peer: { ns: id, ifname: 'eth0', ifindex: 2 },
  });
  node.routes.push(r(`${ip} dev ${hostVeth} scope link`));
  const eth0: Link = {
    ifindex: 2,
    name: 'eth0',
    kind: 'veth',
    mtu: o.mtu ?? 1500,
    mac: macFor(ip, 0),
    addrs: [addr(`${ip}/32`)],
    up: true,
    peer: { ns: node.id, ifname: hostVeth, ifindex: hostIfindex },
  };
  const pod = netns(id, 'pod', [lo(), eth0], ['default via 169.254.1.1 dev eth0', '169.254.1.1 dev eth0 scope link']);
  pod.name = `${namespace}/${name}`;
  return pod;
}

/** A Flannel (bridge plugin) pod: eth0 <podIP>/<len>, default and cluster routes via the cni0
 *  gateway, a connected route; the host end veth… enslaved to cni0. */
export function flannelPod(node: NetNS, namespace: string, name: string, cidr: string, gateway: string, clusterCidr: string, hostVeth: string, o: PodOpts = {}): NetNS {
  const id = `pod/${namespace}/${name}`;
  const [ip, len] = cidr.split('/');
  const hostIfindex = Math.max(...node.links.map((l) => l.ifindex)) + 1;
  node.links.push({
    ifindex: hostIfindex,
    name: hostVeth,
    kind: 'veth',
    mtu: o.hostMtu ?? o.mtu ?? 1500,
    mac: macFor(ip, 1),
    addrs: [],
    up: true,
    master: 'cni0',
    peer: { ns: id, ifname: 'eth0', ifindex: 2 },
  });
  const net = cidrBase(cidr);
  const eth0: Link = {
    ifindex: 2,
    name: 'eth0',
    kind: 'veth',
    mtu: o.mtu ?? 1500,
    mac: macFor(ip, 0),
    addrs: [addr(cidr)],
    up: true,
    peer: { ns: node.id, ifname: hostVeth, ifindex: hostIfindex },
  };
  const pod = netns(id, 'pod', [lo(), eth0], [
    `default via ${gateway} dev eth0`,
    `${clusterCidr} via ${gateway} dev eth0`,
    `${net}/${len} dev eth0 proto kernel scope link src ${ip}`,
  ]);
  pod.name = `${namespace}/${name}`;
  return pod;
}

function cidrBase(cidr: string): string {
  const [ip, len] = cidr.split('/');
  const n = ip.split('.').reduce((a, b) => a * 256 + Number(b), 0);
  const m = Number(len) === 0 ? 0 : (0xffffffff << (32 - Number(len))) >>> 0;
  const b = (n & m) >>> 0;
  return [b >>> 24, (b >>> 16) & 255, (b >>> 8) & 255, b & 255].join('.');
}

// ---------------------------------------------------------------------------------------------
// (1) No CNI at all: two hosts on lan1, a router to lan2, a host behind it.
// ---------------------------------------------------------------------------------------------

export function noCni(): World {
  const a = netns('node/host-a', 'node', [lo(), nic(2, 'eth0', '192.168.1.10/24', 'lan1', '52:54:00:01:00:0a')], [
    'default via 192.168.1.1 dev eth0 proto static',
    'blackhole 10.99.0.0/16 proto static',
    '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.10',
  ]);
  const b = netns('node/host-b', 'node', [lo(), nic(2, 'eth0', '192.168.1.11/24', 'lan1', '52:54:00:01:00:0b')], [
    '192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.11',
  ]);
  const router = netns(
    'router/r1',
    'router',
    [lo(), nic(2, 'eth0', '192.168.1.1/24', 'lan1', '52:54:00:01:00:01'), nic(3, 'eth1', '192.168.2.1/24', 'lan2', '52:54:00:02:00:01')],
    ['192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.1', '192.168.2.0/24 dev eth1 proto kernel scope link src 192.168.2.1'],
  );
  const c = netns('node/host-c', 'node', [lo(), nic(2, 'eth0', '192.168.2.10/24', 'lan2', '52:54:00:02:00:0a')], [
    'default via 192.168.2.1 dev eth0 proto static',
    '192.168.2.0/24 dev eth0 proto kernel scope link src 192.168.2.10',
  ]);
  return world([a, b, router, c], [
    { name: 'lan1', cidr: '192.168.1.0/24', gateway: '192.168.1.1' },
    { name: 'lan2', cidr: '192.168.2.0/24', gateway: '192.168.2.1' },
  ]);
}

// ---------------------------------------------------------------------------------------------
// (2) Calico IPIP, two nodes with two NICs each, modelled on seed 004 (IP_AUTODETECTION_METHOD
//     "interface=ens33,eth0": the tunnel routes use the 192.168.30.0/24 addresses).
// ---------------------------------------------------------------------------------------------

export interface IpipOpts {
  /** which subnet the BIRD routes use as gateways: 30 (case 1) or 26 (case 2) */
  via?: 26 | 30;
  tunlMtu?: number;
  podMtu?: number;
}

export function calicoIpip(o: IpipOpts = {}): World {
  const via = o.via ?? 30;
  const tunlMtu = o.tunlMtu ?? 1480;
  const podMtu = o.podMtu ?? tunlMtu;
  const n71 = netns(
    'node/vms71.rhce.cc',
    'node',
    [
      lo(),
      nic(2, 'ens32', '192.168.26.71/24', 'net26', '00:0c:29:26:00:71'),
      nic(3, 'ens33', '192.168.30.71/24', 'net30', '00:0c:29:30:00:71'),
      { ifindex: 4, name: 'tunl0', kind: 'ipip', mtu: tunlMtu, addrs: [addr('10.244.118.192/32')], up: true },
    ],
    [
      'default via 192.168.26.2 dev ens32 proto static metric 100',
      `10.244.5.192/26 via 192.168.${via}.72 dev tunl0 proto bird onlink`,
      'blackhole 10.244.118.192/26 proto bird',
      '192.168.26.0/24 dev ens32 proto kernel scope link src 192.168.26.71 metric 100',
      '192.168.30.0/24 dev ens33 proto kernel scope link src 192.168.30.71 metric 101',
    ],
  );
  const n72 = netns(
    'node/vms72.rhce.cc',
    'node',
    [
      lo(),
      nic(2, 'eth0', '192.168.30.72/24', 'net30', '00:0c:29:30:00:72'),
      nic(3, 'eth1', '192.168.26.72/24', 'net26', '00:0c:29:26:00:72'),
      { ifindex: 4, name: 'tunl0', kind: 'ipip', mtu: tunlMtu, addrs: [addr('10.244.5.192/32')], up: true },
    ],
    [
      'default via 192.168.30.2 dev eth0 proto static metric 100',
      `10.244.118.192/26 via 192.168.${via}.71 dev tunl0 proto bird onlink`,
      'blackhole 10.244.5.192/26 proto bird',
      '192.168.26.0/24 dev eth1 proto kernel scope link src 192.168.26.72 metric 101',
      '192.168.30.0/24 dev eth0 proto kernel scope link src 192.168.30.72 metric 100',
    ],
  );
  const pod1 = calicoPod(n71, 'default', 'pod1', '10.244.118.193', 'cali1f3a8c0d5b2', { mtu: podMtu });
  const pod2 = calicoPod(n72, 'default', 'pod2', '10.244.5.194', 'calib7e91d2a4c6', { mtu: podMtu });
  return world([n71, n72, pod1, pod2], [
    { name: 'net26', cidr: '192.168.26.0/24', gateway: '192.168.26.2' },
    { name: 'net30', cidr: '192.168.30.0/24', gateway: '192.168.30.2' },
  ]);
}

// ---------------------------------------------------------------------------------------------
// Shared underlay for (3)–(6): two nodes on 192.168.2.0/24 and an outside gateway at .1.
// ---------------------------------------------------------------------------------------------

function lanNode(name: string, ip: string, macAddr: string, nicMtu: number): NetNS {
  return netns(`node/${name}`, 'node', [lo(), nic(2, 'eth0', `${ip}/24`, 'lan', macAddr, nicMtu)], [
    'default via 192.168.2.1 dev eth0 proto static',
    `192.168.2.0/24 dev eth0 proto kernel scope link src ${ip}`,
  ]);
}

function gateway(netMtu?: number): NetNS {
  return netns('router/lan-gateway', 'router', [lo(), nic(2, 'eth0', '192.168.2.1/24', 'lan', '52:54:00:02:00:01', netMtu ?? 1500)], [
    '192.168.2.0/24 dev eth0 proto kernel scope link src 192.168.2.1',
  ], { external: true });
}

function lanNetworks(netMtu?: number): TopologyNetwork[] {
  return [{ name: 'lan', cidr: '192.168.2.0/24', gateway: '192.168.2.1', ...(netMtu !== undefined ? { mtu: netMtu } : {}) }];
}

// ---------------------------------------------------------------------------------------------
// (3) Calico VXLAN (vxlan.calico, VNI 4096, port 4789), routes and neigh/fdb as Felix writes them.
// ---------------------------------------------------------------------------------------------

export interface VxlanOpts {
  /** pod eth0 MTU (default = vxlan MTU) */
  podMtu?: number;
  /** host cali MTU (default = pod MTU) */
  caliMtu?: number;
  vxlanMtu?: number;
  nicMtu?: number;
  /** TopologyNetwork mtu of the segment */
  netMtu?: number;
  /** cali-nat-outgoing on both nodes */
  natOutgoing?: boolean;
  /** a second pod on n1 */
  samePod?: boolean;
}

export const VTEP1 = '66:b3:1c:0a:11:01';
export const VTEP2 = '66:b3:1c:0a:11:02';

export const CALI_NAT_OUTGOING: MasqRule[] = [
  { action: 'MASQUERADE', src: { cidrs: ['10.244.0.0/16'] }, dst: { cidrs: ['10.244.0.0/16'], negate: true }, comment: 'cali-nat-outgoing' },
];

export function calicoVxlan(o: VxlanOpts = {}): World {
  const vxMtu = o.vxlanMtu ?? 1450;
  const podMtu = o.podMtu ?? vxMtu;
  const n1 = lanNode('n1', '192.168.2.21', '52:54:00:02:00:21', o.nicMtu ?? 1500);
  const n2 = lanNode('n2', '192.168.2.22', '52:54:00:02:00:22', o.nicMtu ?? 1500);
  const vx = (ip: string, local: string, m: string): Link => ({
    ifindex: 3,
    name: 'vxlan.calico',
    kind: 'vxlan',
    mtu: vxMtu,
    mac: m,
    addrs: [addr(`${ip}/32`)],
    up: true,
    vxlan: { vni: 4096, port: 4789, local, dev: 'eth0', learning: false },
  });
  n1.links.push(vx('10.244.1.0', '192.168.2.21', VTEP1));
  n2.links.push(vx('10.244.2.0', '192.168.2.22', VTEP2));
  n1.routes.push(r('10.244.2.0/26 via 10.244.2.0 dev vxlan.calico onlink'), r('blackhole 10.244.1.0/26 proto 80'));
  n2.routes.push(r('10.244.1.0/26 via 10.244.1.0 dev vxlan.calico onlink'), r('blackhole 10.244.2.0/26 proto 80'));
  n1.neigh.push({ ip: '10.244.2.0', dev: 'vxlan.calico', lladdr: VTEP2, state: 'PERMANENT' });
  n2.neigh.push({ ip: '10.244.1.0', dev: 'vxlan.calico', lladdr: VTEP1, state: 'PERMANENT' });
  n1.fdb.push({ mac: VTEP2, dev: 'vxlan.calico', dst: '192.168.2.22', self: true, permanent: true });
  n2.fdb.push({ mac: VTEP1, dev: 'vxlan.calico', dst: '192.168.2.21', self: true, permanent: true });
  if (o.natOutgoing) {
    n1.masquerade = CALI_NAT_OUTGOING;
    n2.masquerade = CALI_NAT_OUTGOING;
  }
  const podOpts = { mtu: podMtu, hostMtu: o.caliMtu ?? podMtu };
  const pods = [calicoPod(n1, 'default', 'a', '10.244.1.5', 'cali0a1b2c3d4e5', podOpts), calicoPod(n2, 'default', 'b', '10.244.2.5', 'cali5e4d3c2b1a0', podOpts)];
  if (o.samePod) pods.push(calicoPod(n1, 'default', 'c', '10.244.1.6', 'cali9f8e7d6c5b4', podOpts));
  return world([n1, n2, gateway(o.netMtu), ...pods], lanNetworks(o.netMtu));
}

// ---------------------------------------------------------------------------------------------
// (4) Flannel: cni0 bridge with veth ports; vxlan backend (flannel.1, VNI 1, port 8472) or host-gw.
// ---------------------------------------------------------------------------------------------

export interface FlannelOpts {
  backend?: 'vxlan' | 'host-gw';
  samePod?: boolean;
  ipMasq?: boolean;
}

export const FLANNEL_VTEP1 = '5a:01:9c:3e:44:01';
export const FLANNEL_VTEP2 = '5a:01:9c:3e:44:02';

/** flanneld --ip-masq rules (FLANNEL-POSTRTG), without the kube-proxy mark rule. */
export function flannelMasq(nodeSubnet: string): MasqRule[] {
  const net = '10.244.0.0/16';
  return [
    { action: 'RETURN', src: { cidrs: [nodeSubnet] }, dst: { cidrs: [net] }, comment: 'flanneld masq' },
    { action: 'RETURN', src: { cidrs: [net] }, dst: { cidrs: [nodeSubnet] }, comment: 'flanneld masq' },
    { action: 'RETURN', src: { cidrs: [net], negate: true }, dst: { cidrs: [nodeSubnet] }, comment: 'flanneld masq' },
    { action: 'MASQUERADE', src: { cidrs: [net] }, dst: { cidrs: ['224.0.0.0/4'], negate: true }, comment: 'flanneld masq' },
    { action: 'MASQUERADE', src: { cidrs: [net], negate: true }, dst: { cidrs: [net] }, comment: 'flanneld masq' },
  ];
}

export function flannel(o: FlannelOpts = {}): World {
  const backend = o.backend ?? 'vxlan';
  const podMtu = backend === 'vxlan' ? 1450 : 1500;
  const n1 = lanNode('n1', '192.168.2.21', '52:54:00:02:00:21', 1500);
  const n2 = lanNode('n2', '192.168.2.22', '52:54:00:02:00:22', 1500);
  const cni0 = (gw: string, m: string): Link => ({ ifindex: 3, name: 'cni0', kind: 'bridge', mtu: podMtu, mac: m, addrs: [addr(`${gw}/24`)], up: true });
  n1.links.push(cni0('10.244.1.1', '0a:58:0a:f4:01:01'));
  n2.links.push(cni0('10.244.2.1', '0a:58:0a:f4:02:01'));
  n1.routes.push(r('10.244.1.0/24 dev cni0 proto kernel scope link src 10.244.1.1'));
  n2.routes.push(r('10.244.2.0/24 dev cni0 proto kernel scope link src 10.244.2.1'));
  if (backend === 'vxlan') {
    const f1 = (ip: string, local: string, m: string): Link => ({
      ifindex: 4,
      name: 'flannel.1',
      kind: 'vxlan',
      mtu: 1450,
      mac: m,
      addrs: [addr(`${ip}/32`)],
      up: true,
      vxlan: { vni: 1, port: 8472, local, dev: 'eth0', learning: false },
    });
    n1.links.push(f1('10.244.1.0', '192.168.2.21', FLANNEL_VTEP1));
    n2.links.push(f1('10.244.2.0', '192.168.2.22', FLANNEL_VTEP2));
    n1.routes.push(r('10.244.2.0/24 via 10.244.2.0 dev flannel.1 onlink'));
    n2.routes.push(r('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink'));
    n1.neigh.push({ ip: '10.244.2.0', dev: 'flannel.1', lladdr: FLANNEL_VTEP2, state: 'PERMANENT' });
    n2.neigh.push({ ip: '10.244.1.0', dev: 'flannel.1', lladdr: FLANNEL_VTEP1, state: 'PERMANENT' });
    n1.fdb.push({ mac: FLANNEL_VTEP2, dev: 'flannel.1', dst: '192.168.2.22', self: true, permanent: true });
    n2.fdb.push({ mac: FLANNEL_VTEP1, dev: 'flannel.1', dst: '192.168.2.21', self: true, permanent: true });
  } else {
    n1.routes.push(r('10.244.2.0/24 via 192.168.2.22 dev eth0'));
    n2.routes.push(r('10.244.1.0/24 via 192.168.2.21 dev eth0'));
  }
  if (o.ipMasq) {
    n1.masquerade = flannelMasq('10.244.1.0/24');
    n2.masquerade = flannelMasq('10.244.2.0/24');
  }
  const opts = { mtu: podMtu };
  const pods = [
    flannelPod(n1, 'default', 'a', '10.244.1.2/24', '10.244.1.1', '10.244.0.0/16', 'veth1a2b3c4d', opts),
    flannelPod(n2, 'default', 'b', '10.244.2.2/24', '10.244.2.1', '10.244.0.0/16', 'veth5e6f7a8b', opts),
  ];
  if (o.samePod) pods.push(flannelPod(n1, 'default', 'c', '10.244.1.3/24', '10.244.1.1', '10.244.0.0/16', 'veth9c0d1e2f', opts));
  return world([n1, n2, gateway(), ...pods], lanNetworks());
}
