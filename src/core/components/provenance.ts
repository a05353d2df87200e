// Who programmed a route, a device or a neighbour entry, and why — read off the kernel state alone (the route's
// owner and protocol, the device's kind and name), so the picture and the route panels can say it for any line.
// The rule is Calico's and flannel's division of labour:
// - BIRD (in calico-node) installs what it learns over BGP (`proto bird`: a peer's block via its address, through
//   tunl0 when the pool encapsulates) and a blackhole for each block of its own node;
// - Felix (in calico-node) keeps each local pod's /32 on its cali* veth (the calico CNI plugin creates the veth
//   and the first route when the pod starts), owns tunl0 and vxlan.calico, and with VXLAN installs the remote
//   blocks itself (`proto 80`) with a permanent neighbour and FDB entry per VTEP;
// - flanneld programs flannel.1, its routes, neighbour and FDB entries (vxlan) or the host-gw routes;
// - the CNI plugin inside the pod: its default route (via 169.254.1.1 for Calico, cni0's address for flannel);
// - the kernel: a connected route for each address; the node's own network configuration: the default route.

import { RTPROT, type Link, type NetNS, type NeighEntry, type Route } from '../model/kernel';
import type { Msg } from '../msg';
import { prm, provenanceEnglish } from './messages';

export type Programmer = 'BIRD' | 'Felix' | 'flanneld' | 'CNI plugin' | 'kernel' | 'host network configuration' | 'container runtime';

export interface Provenance {
  /** the process that made it */
  by: Programmer;
  /** the pod it runs in, when it runs in one */
  pod?: 'calico-node' | 'kube-flannel';
  /** the reason in English */
  why: string;
  /** the reason as a message (core/msg), for the app's other languages */
  msg: Msg;
}

const podOf = (peerNs: string | undefined) => (peerNs?.startsWith('pod/') ? peerNs.slice(4) : undefined);

function made(by: Programmer, pod: Provenance['pod'], msg: Msg): Provenance {
  return pod ? { by, pod, why: provenanceEnglish(msg), msg } : { by, why: provenanceEnglish(msg), msg };
}

export function routeProvenance(ns: NetNS, route: Route): Provenance {
  const dev = route.dev ? ns.links.find((l) => l.name === route.dev) : undefined;
  const dst = route.dst;
  const via = route.via ?? '';
  switch (route.owner) {
    case 'bird':
      if (route.type === 'blackhole') return made('BIRD', 'calico-node', prm('prov.route.birdBlackhole', { dst }));
      if (route.dev === 'tunl0') return made('BIRD', 'calico-node', prm('prov.route.birdTunnel', { dst, via }));
      return made('BIRD', 'calico-node', route.dev ? prm('prov.route.birdDirect', { dst, via, dev: route.dev }) : prm('prov.route.birdDirectNic', { dst, via }));
    case 'felix':
      if (route.type === 'blackhole') return made('Felix', 'calico-node', prm('prov.route.felixBlackhole', { dst }));
      return made('Felix', 'calico-node', route.dev ? prm('prov.route.felix', { dst, dev: route.dev }) : prm('prov.route.felixTunnel', { dst }));
    case 'flanneld':
      return made('flanneld', 'kube-flannel', prm(route.dev === 'flannel.1' ? 'prov.route.flannelVxlan' : 'prov.route.flannelDirect', { dst, via }));
    case 'cni': {
      if (ns.kind === 'pod') return made('CNI plugin', undefined, prm(route.via === '169.254.1.1' || route.dst === '169.254.1.1/32' ? 'prov.route.calicoPod' : 'prov.route.bridgePod', {}));
      const pod = podOf(dev?.peer?.ns);
      return made('Felix', 'calico-node', prm('prov.route.podVeth', { pod: pod ?? route.dst, dev: route.dev ?? '' }));
    }
    case 'kernel':
      return kernelRoute(route);
    case 'topology':
    case 'distro':
    default:
      if (route.proto === RTPROT.kernel) return kernelRoute(route);
      return made('host network configuration', undefined, route.dst === '0.0.0.0/0' ? prm('prov.route.default', { via }) : prm('prov.route.host', { dst }));
  }
}

function kernelRoute(route: Route): Provenance {
  return made('kernel', undefined, route.dev ? prm('prov.route.kernel', { dst: route.dst, dev: route.dev }) : prm('prov.route.kernelNoDev', { dst: route.dst }));
}

export function linkProvenance(ns: NetNS, link: Link): Provenance {
  if (link.kind === 'ipip') return made('Felix', 'calico-node', prm('prov.link.tunl0', {}));
  if (link.kind === 'vxlan' && link.name.startsWith('vxlan.calico')) return made('Felix', 'calico-node', prm('prov.link.vxlanCalico', { vni: link.vxlan?.vni ?? 4096, port: link.vxlan?.port ?? 4789 }));
  if (link.kind === 'vxlan') return made('flanneld', 'kube-flannel', prm('prov.link.flannel', { vni: link.vxlan?.vni ?? 1, port: link.vxlan?.port ?? 8472 }));
  if (link.kind === 'bridge' && link.name === 'cni0') return made('CNI plugin', undefined, prm('prov.link.cni0', {}));
  if (link.kind === 'veth' && ns.kind === 'node') {
    const pod = podOf(link.peer?.ns) ?? '';
    return made('CNI plugin', undefined, prm(link.name.startsWith('cali') ? 'prov.link.caliVeth' : 'prov.link.bridgeVeth', { pod }));
  }
  if (link.kind === 'bridge' || (link.kind === 'ether' && !link.network)) return made('container runtime', undefined, prm('prov.link.runtime', { dev: link.name }));
  if (link.kind === 'loopback') return made('kernel', undefined, prm('prov.link.loopback', {}));
  return made('host network configuration', undefined, prm('prov.link.nic', { dev: link.name }));
}

export function neighProvenance(ns: NetNS, entry: NeighEntry): Provenance {
  if (entry.dev === 'flannel.1') return made('flanneld', 'kube-flannel', prm('prov.neigh.flannel', { ip: entry.ip }));
  if (entry.dev.startsWith('vxlan.calico')) return made('Felix', 'calico-node', prm('prov.neigh.felix', { ip: entry.ip }));
  return made('kernel', undefined, prm('prov.neigh.arp', { ip: entry.ip, dev: entry.dev }));
}
