// The resolved cluster: what calico-node, the IPAM, BIRD/Felix/flanneld and the CNI plugins make of a
// Scenario. Produced by core/resolve; consumed by the walk, the renderers, the CLI and the UI.

import type { NetNS } from './kernel';
import type { Scenario } from './scenario';

export interface NodeAddress {
  ip: string;
  prefixLen: number;
  /** interface the address was found on */
  iface: string;
  /** how it was chosen, for the "why" text: "first-found", "interface=eth.*", "Node spec.bgp.ipv4Address" */
  method: string;
}

export interface NodeInfo {
  name: string;
  ns: string; // NetNS id
  /** Calico: the autodetected address (spec.bgp.ipv4Address); Flannel: the public IP */
  address?: NodeAddress;
  /** Calico IPIP tunnel address (on tunl0; spec.bgp.ipv4IPIPTunnelAddr): only from pools that select the node
   *  and enable IPIP */
  ipipTunnelAddr?: string;
  /** Calico VXLAN tunnel address (on vxlan.calico; spec.ipv4VXLANTunnelAddr): only from pools that select the
   *  node and enable VXLAN. Without it Felix has no local VTEP: no vxlan.calico and no VXLAN routes. */
  vxlanTunnelAddr?: string;
  /** Calico VXLAN VTEP MAC / Flannel VTEP MAC */
  vtepMac?: string;
  /** blocks affine to this node (Calico), or its podCIDR (Flannel / host-local) */
  blocks: string[];
  podCIDR?: string;
  /** effective BGP AS number */
  asNumber?: number;
  routeReflectorClusterID?: string;
  labels: Record<string, string>;
}

export interface PodInfo {
  namespace: string;
  name: string;
  node: string;
  ns: string; // NetNS id of the pod
  ip: string;
  /** host-side interface name: cali<11 hex> (Calico) or veth<8 hex> (Flannel) */
  hostVeth: string;
  mtu: number;
  labels: Record<string, string>;
  /** IPAM handle id, e.g. k8s-pod-network.<containerID> */
  handle: string;
}

export interface IpamBlock {
  cidr: string;
  pool: string;
  /** node the block is affine to */
  affinity: string;
  /** allocated ordinals → handle */
  allocations: Record<number, string>;
  /** Calico's free list is ordinals 0..N-1 in order with released ordinals appended at the tail: it is
   *  kept as "the next never-used ordinal" plus the released queue, so a freed address is reused last. */
  nextFresh: number;
  released: number[];
  /** BlockAffinity state (pending affinities are not routed) */
  state: 'confirmed' | 'pending' | 'pendingDeletion';
}

/** host-local IPAM of one node (Flannel, or Calico with usePodCidr): round-robin after the last reserved IP. */
export interface HostLocalRange {
  podCIDR: string;
  /** ip → handle */
  allocations: Record<string, string>;
  lastReserved?: string;
}

export interface IpamPoolUsage {
  pool: string;
  cidr: string;
  total: number;
  inUse: number;
}

export type BgpPeerType = 'node-to-node mesh' | 'global' | 'node specific';

/** BIRD's BGP state as `show protocols` prints it; Passive = a passive protocol waiting for its peer. */
export type BgpState = 'Established' | 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Passive';

export interface BgpSession {
  /** the node whose view this is */
  node: string;
  peerAddress: string;
  /** peer node name, or router name for an external peer */
  peerName: string;
  peerType: BgpPeerType;
  /** BIRD protocol state: up | start | down */
  state: 'up' | 'start' | 'down';
  info: BgpState;
  /** extra BIRD text, e.g. "Socket: Connection refused" */
  infoDetail?: string;
  /** why the session is not Established, in words */
  reason?: string;
  /** this side listens on 179 (its address is lower in string order) */
  passive: boolean;
  /** logical time (seconds since the clock start) the state was entered */
  since: number;
  /** the peer is a route-reflector client of this node */
  rrClient?: boolean;
}

export interface Warning {
  code: string;
  message: string;
  ref?: string; // "Kind/name"
}

export interface ClusterState {
  scenario: Scenario;
  /** every network namespace: nodes, pods, routers; keyed by NetNS id */
  netns: Record<string, NetNS>;
  nodes: NodeInfo[];
  pods: PodInfo[];
  ipam: { blocks: IpamBlock[]; pools: IpamPoolUsage[]; hostLocal: Record<string, HostLocalRange> };
  /** BGP as configured. Mesh sessions are N(N-1) views: they are derived on demand by bgp.sessionsOf()
   *  from the member list instead of being stored, so a 1,000-node state stays small. */
  bgp: {
    running: boolean;
    meshEnabled: boolean;
    /** mesh members in address order: node name, address, seconds after the clock start its BIRD came up */
    mesh: { node: string; address: string; up: number }[];
    /** sessions not implied by the mesh (explicit peers, reflectors) */
    sessions: BgpSession[];
  };
  warnings: Warning[];
}
