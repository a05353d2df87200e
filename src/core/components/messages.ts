// Why a route, a device or a neighbour entry exists (provenance.ts), one English template per message id, as
// the walk's sentences are (core/walk/messages.ts); src/i18n/core-zh.ts has the same ids in Chinese. Arguments
// are prefixes, addresses, device names and VNIs: never translated.

import { catalogue } from '../msg';

export const PROVENANCE_EN = {
  // routes
  'prov.route.birdBlackhole': "{dst} is one of this node's own IPAM blocks: BIRD installs a blackhole for it (and advertises it to its peers), so an address of the block with no pod is dropped here instead of leaving by the default route.",
  'prov.route.birdTunnel': 'BIRD learned {dst} over BGP from the peer {via} and installed it (proto bird); the pool encapsulates (IPIP), so it goes through tunl0 with onlink.',
  'prov.route.birdDirect': 'BIRD learned {dst} over BGP from the peer {via} and installed it (proto bird), straight out of {dev}.',
  'prov.route.birdDirectNic': 'BIRD learned {dst} over BGP from the peer {via} and installed it (proto bird), straight out of the NIC.',
  'prov.route.felixBlackhole': "{dst} is one of this node's own IPAM blocks; without BIRD, Felix installs the blackhole itself.",
  'prov.route.felix': "Felix installed the route to the remote block {dst} through {dev} (proto 80, Felix's route protocol) from the other node's block affinity and VTEP, without BGP.",
  'prov.route.felixTunnel': "Felix installed the route to the remote block {dst} through its tunnel (proto 80, Felix's route protocol) from the other node's block affinity and VTEP, without BGP.",
  'prov.route.flannelVxlan': "flanneld read the other node's subnet lease {dst} and routes it through flannel.1 to that node's VTEP address ({via}), which it also put in the neighbour and FDB tables.",
  'prov.route.flannelDirect': "flanneld read the other node's subnet lease {dst} and routes it straight to that node ({via}): host-gw, or DirectRouting on the same subnet.",
  'prov.route.calicoPod': "The calico CNI plugin gave the pod this route when it created the pod's network: everything goes to 169.254.1.1, an address nobody has; the host's cali* end answers ARP for it (proxy ARP).",
  'prov.route.bridgePod': "The bridge CNI plugin (flannel's delegate) gave the pod this route when it created the pod's network: the gateway is cni0's address.",
  'prov.route.podVeth': 'The route to the pod {pod} on its veth {dev}: the calico CNI plugin added it when the pod started, and Felix keeps it while the workload endpoint exists.',
  'prov.route.kernel': 'The kernel adds a connected route for the subnet of every address given to a device (proto kernel scope link): {dst} is on {dev}.',
  'prov.route.kernelNoDev': 'The kernel adds a connected route for the subnet of every address given to a device (proto kernel scope link): {dst} is on the device.',
  'prov.route.default': "The node's own network configuration sets the default route via {via}.",
  'prov.route.host': "The node's own network configuration (the distribution's scripts) adds {dst}.",
  // devices
  'prov.link.tunl0': 'Felix brings up tunl0 when an IP pool uses IPIP, with the tunnel address calico-node allocated for this node; BIRD routes remote blocks through it.',
  'prov.link.vxlanCalico': 'Felix creates vxlan.calico (VNI {vni}, UDP {port}) when an IP pool uses VXLAN, and programs its routes, neighbour and FDB entries itself.',
  'prov.link.flannel': 'flanneld creates flannel.1 (VNI {vni}, UDP {port}) for the vxlan backend and writes a neighbour and an FDB entry for every other node\'s VTEP.',
  'prov.link.cni0': "The bridge CNI plugin (flannel's delegate) creates cni0 with the first address of the node's subnet and enslaves each pod's veth to it.",
  'prov.link.caliVeth': 'The calico CNI plugin created this veth for the pod {pod} (named from a hash of its namespace and name); Felix sets proxy ARP on it and keeps its route and policy.',
  'prov.link.bridgeVeth': 'The bridge CNI plugin created this veth for the pod {pod} and attached it to cni0.',
  'prov.link.runtime': '{dev} belongs to the container runtime (Docker, nerdctl), not to the CNI: pods do not use it.',
  'prov.link.loopback': 'Every network namespace has its loopback device.',
  'prov.link.nic': "{dev} is one of the node's NICs, set up by its own network configuration.",
  // neighbour entries
  'prov.neigh.flannel': "flanneld writes a permanent neighbour entry for each other node's VTEP address {ip} on flannel.1.",
  'prov.neigh.felix': "Felix writes a permanent neighbour entry for each other node's VXLAN tunnel address {ip}.",
  'prov.neigh.arp': 'The kernel learned {ip} on {dev} by ARP.',
} as const;

export type ProvenanceMsgId = keyof typeof PROVENANCE_EN;

const cat = catalogue(PROVENANCE_EN);
/** A provenance message, its arguments checked against the template. */
export const prm = cat.make;
/** The English of a provenance message. */
export const provenanceEnglish = cat.english;
