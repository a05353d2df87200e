// A pod's network namespace and its host-side veth, as the Calico CNI plugin and the bridge plugin
// (Flannel) set them up.

import type { Link, NetNS, Route } from '../model/kernel';
import { nsIdNode, nsIdPod, RTPROT } from '../model/kernel';
import { fnv1a_32 } from '../hash/fnv';
import { loopback, connectedRoute } from './underlay';
import { sortKernelOrder } from './fib';

/** Fixed MAC of every Calico host-side veth (cni-plugin dataplane_linux.go hostSideMAC). */
export const CALI_HOST_MAC = 'ee:ee:ee:ee:ee:ee';
/** Calico's dummy pod gateway, answered by proxy ARP on the host end. */
export const CALICO_POD_GATEWAY = '169.254.1.1';

const HEX2 = Array.from({ length: 256 }, (_, b) => (b < 16 ? '0' : '') + b.toString(16));

/** Locally administered unicast MAC from a seed: veth ends get random MACs in reality; here two FNV-1a
 *  hashes of the seed (cheap: every pod has two veth ends) make it deterministic. */
export function vethMac(seed: string): string {
  const a = fnv1a_32(`veth/${seed}`);
  const b = fnv1a_32(`${seed}/veth`);
  return [((a >>> 24) & 0xfe) | 0x02, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, (b >>> 8) & 255, b & 255].map((x) => HEX2[x]).join(':');
}

export interface PodWiring {
  namespace: string;
  name: string;
  node: string;
  ip: string;
  /** /32 for Calico; the podCIDR's length for the bridge plugin */
  prefixLen: number;
  hostVeth: string;
  hostIfindex: number;
  mtu: number;
  /** ipip module loaded on the node: every namespace gets a (down) tunl0 */
  ipipModule: boolean;
}

// Kernel state is immutable once built (an edit rebuilds it), so every pod namespace can share the parts that
// are the same in all of them: 30,000 pods need not mean 30,000 copies of lo and of Calico's two routes.
const POD_LO: Link = loopback();
/** With the ipip module loaded, every namespace has a tunl0, down and without an address. */
const POD_TUNL0: Link = { ifindex: 2, name: 'tunl0', kind: 'ipip', mtu: 1480, addrs: [], up: false, qdisc: 'noop' };
const CALICO_POD_ROUTES: Route[] = [
  { type: 'unicast', dst: '0.0.0.0/0', via: CALICO_POD_GATEWAY, dev: 'eth0', proto: RTPROT.boot, scope: 'universe', owner: 'cni' },
  { type: 'unicast', dst: `${CALICO_POD_GATEWAY}/32`, dev: 'eth0', proto: RTPROT.boot, scope: 'link', owner: 'cni' },
];

function podLinks(p: PodWiring): Link[] {
  const links: Link[] = [POD_LO];
  if (p.ipipModule) links.push(POD_TUNL0);
  links.push({
    ifindex: links.length + 1,
    name: 'eth0',
    kind: 'veth',
    mtu: p.mtu,
    mac: vethMac(`${p.namespace}/${p.name}`),
    addrs: [{ ip: p.ip, prefixLen: p.prefixLen, scope: 'global' }],
    up: true,
    peer: { ns: nsIdNode(p.node), ifname: p.hostVeth, ifindex: p.hostIfindex },
    qdisc: 'noqueue',
  });
  return links;
}

export function calicoPodNs(p: PodWiring): NetNS {
  const routes = CALICO_POD_ROUTES.slice();
  return { id: nsIdPod(p.namespace, p.name), kind: 'pod', name: `${p.namespace}/${p.name}`, links: podLinks(p), routes, neigh: [], fdb: [], forwarding: false };
}

export function flannelPodNs(p: PodWiring, gateway: string, network: string): NetNS {
  // Dump order, not insertion order: when the pod's subnet shares its base address with the flannel Network
  // (10.244.0.0/24 inside 10.244.0.0/16) the kernel lists the longer prefix first (found by `verify`).
  const routes: Route[] = sortKernelOrder([
    { type: 'unicast', dst: '0.0.0.0/0', via: gateway, dev: 'eth0', proto: RTPROT.boot, scope: 'universe', owner: 'cni' },
    { type: 'unicast', dst: network, via: gateway, dev: 'eth0', proto: RTPROT.boot, scope: 'universe', owner: 'cni' },
    connectedRoute(p.ip, p.prefixLen, 'eth0', { owner: 'kernel' }),
  ]);
  return { id: nsIdPod(p.namespace, p.name), kind: 'pod', name: `${p.namespace}/${p.name}`, links: podLinks(p), routes, neigh: [], fdb: [], forwarding: false };
}

/** The node's end of the pod's veth pair. */
export function hostVethLink(p: PodWiring, calico: boolean, podNs = nsIdPod(p.namespace, p.name)): Link {
  const peer = { ns: podNs, ifname: 'eth0', ifindex: p.ipipModule ? 3 : 2 };
  // two literals rather than a spread: one link per pod, and the key order is what JSON output shows
  return calico
    ? { ifindex: p.hostIfindex, name: p.hostVeth, kind: 'veth', mtu: p.mtu, mac: CALI_HOST_MAC, addrs: [], up: true, peer, proxyArp: true, qdisc: 'noqueue' }
    : { ifindex: p.hostIfindex, name: p.hostVeth, kind: 'veth', mtu: p.mtu, mac: vethMac(`host/${p.namespace}/${p.name}`), addrs: [], up: true, peer, master: 'cni0', qdisc: 'noqueue' };
}
