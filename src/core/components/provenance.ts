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

export type Programmer = 'BIRD' | 'Felix' | 'flanneld' | 'CNI plugin' | 'kernel' | 'host network configuration' | 'container runtime';

export interface Provenance {
  /** the process that made it */
  by: Programmer;
  /** the pod it runs in, when it runs in one */
  pod?: 'calico-node' | 'kube-flannel';
  why: string;
}

const podOf = (peerNs: string | undefined) => (peerNs?.startsWith('pod/') ? peerNs.slice(4) : undefined);

export function routeProvenance(ns: NetNS, route: Route): Provenance {
  const dev = route.dev ? ns.links.find((l) => l.name === route.dev) : undefined;
  switch (route.owner) {
    case 'bird':
      if (route.type === 'blackhole') return { by: 'BIRD', pod: 'calico-node', why: `${route.dst} is one of this node's own IPAM blocks: BIRD installs a blackhole for it (and advertises it to its peers), so an address of the block with no pod is dropped here instead of leaving by the default route.` };
      return {
        by: 'BIRD',
        pod: 'calico-node',
        why: `BIRD learned ${route.dst} over BGP from the peer ${route.via ?? ''} and installed it (proto bird)${route.dev === 'tunl0' ? '; the pool encapsulates (IPIP), so it goes through tunl0 with onlink' : `, straight out of ${route.dev ?? 'the NIC'}`}.`,
      };
    case 'felix':
      if (route.type === 'blackhole') return { by: 'Felix', pod: 'calico-node', why: `${route.dst} is one of this node's own IPAM blocks; without BIRD, Felix installs the blackhole itself.` };
      return { by: 'Felix', pod: 'calico-node', why: `Felix installed the route to the remote block ${route.dst} through ${route.dev ?? 'its tunnel'} (proto 80, Felix's route protocol) from the other node's block affinity and VTEP, without BGP.` };
    case 'flanneld':
      return { by: 'flanneld', pod: 'kube-flannel', why: route.dev === 'flannel.1' ? `flanneld read the other node's subnet lease ${route.dst} and routes it through flannel.1 to that node's VTEP address (${route.via ?? ''}), which it also put in the neighbour and FDB tables.` : `flanneld read the other node's subnet lease ${route.dst} and routes it straight to that node (${route.via ?? ''}): host-gw, or DirectRouting on the same subnet.` };
    case 'cni': {
      if (ns.kind === 'pod') return { by: 'CNI plugin', why: route.via === '169.254.1.1' || route.dst === '169.254.1.1/32' ? "The calico CNI plugin gave the pod this route when it created the pod's network: everything goes to 169.254.1.1, an address nobody has; the host's cali* end answers ARP for it (proxy ARP)." : "The bridge CNI plugin (flannel's delegate) gave the pod this route when it created the pod's network: the gateway is cni0's address." };
      const pod = podOf(dev?.peer?.ns);
      return { by: 'Felix', pod: 'calico-node', why: `The route to the pod ${pod ?? route.dst} on its veth ${route.dev ?? ''}: the calico CNI plugin added it when the pod started, and Felix keeps it while the workload endpoint exists.` };
    }
    case 'kernel':
      return kernelRoute(route);
    case 'topology':
    case 'distro':
    default:
      if (route.proto === RTPROT.kernel) return kernelRoute(route);
      return { by: 'host network configuration', why: route.dst === '0.0.0.0/0' ? `The node's own network configuration sets the default route via ${route.via ?? ''}.` : `The node's own network configuration (the distribution's scripts) adds ${route.dst}.` };
  }
}

function kernelRoute(route: Route): Provenance {
  return { by: 'kernel', why: `The kernel adds a connected route for the subnet of every address given to a device (proto kernel scope link): ${route.dst} is on ${route.dev ?? 'the device'}.` };
}

export function linkProvenance(ns: NetNS, link: Link): Provenance {
  if (link.kind === 'ipip') return { by: 'Felix', pod: 'calico-node', why: 'Felix brings up tunl0 when an IP pool uses IPIP, with the tunnel address calico-node allocated for this node; BIRD routes remote blocks through it.' };
  if (link.kind === 'vxlan' && link.name.startsWith('vxlan.calico')) return { by: 'Felix', pod: 'calico-node', why: `Felix creates vxlan.calico (VNI ${link.vxlan?.vni ?? 4096}, UDP ${link.vxlan?.port ?? 4789}) when an IP pool uses VXLAN, and programs its routes, neighbour and FDB entries itself.` };
  if (link.kind === 'vxlan') return { by: 'flanneld', pod: 'kube-flannel', why: `flanneld creates flannel.1 (VNI ${link.vxlan?.vni ?? 1}, UDP ${link.vxlan?.port ?? 8472}) for the vxlan backend and writes a neighbour and an FDB entry for every other node's VTEP.` };
  if (link.kind === 'bridge' && link.name === 'cni0') return { by: 'CNI plugin', why: "The bridge CNI plugin (flannel's delegate) creates cni0 with the first address of the node's subnet and enslaves each pod's veth to it." };
  if (link.kind === 'veth' && ns.kind === 'node') {
    const pod = podOf(link.peer?.ns);
    return link.name.startsWith('cali')
      ? { by: 'CNI plugin', why: `The calico CNI plugin created this veth for the pod ${pod ?? ''} (named from a hash of its namespace and name); Felix sets proxy ARP on it and keeps its route and policy.` }
      : { by: 'CNI plugin', why: `The bridge CNI plugin created this veth for the pod ${pod ?? ''} and attached it to cni0.` };
  }
  if (link.kind === 'bridge' || (link.kind === 'ether' && !link.network)) return { by: 'container runtime', why: `${link.name} belongs to the container runtime (Docker, nerdctl), not to the CNI: pods do not use it.` };
  if (link.kind === 'loopback') return { by: 'kernel', why: 'Every network namespace has its loopback device.' };
  return { by: 'host network configuration', why: `${link.name} is one of the node's NICs, set up by its own network configuration.` };
}

export function neighProvenance(ns: NetNS, entry: NeighEntry): Provenance {
  if (entry.dev === 'flannel.1') return { by: 'flanneld', pod: 'kube-flannel', why: `flanneld writes a permanent neighbour entry for each other node's VTEP address ${entry.ip} on flannel.1.` };
  if (entry.dev.startsWith('vxlan.calico')) return { by: 'Felix', pod: 'calico-node', why: `Felix writes a permanent neighbour entry for each other node's VXLAN tunnel address ${entry.ip}.` };
  return { by: 'kernel', why: `The kernel learned ${entry.ip} on ${entry.dev} by ARP.` };
}
