// Kernel state, as Linux holds it in each network namespace: links, addresses, the main routing table,
// the neighbour table and the bridge FDB. Nodes, pods and underlay routers are all NetNS values; the
// packet walk applies the kernel's rules to whatever is here, never per-CNI special cases.
// All values are plain and serialisable: IPs are dotted strings, CIDRs canonical strings.

export type NsKind = 'node' | 'pod' | 'router';

export type LinkKind =
  | 'loopback'
  | 'ether' // a physical NIC on an underlay segment (or a network-less one such as docker0's stand-in)
  | 'bridge' // docker0, cni0
  | 'veth'
  | 'ipip' // tunl0
  | 'vxlan'; // vxlan.calico, flannel.1

export interface Address {
  ip: string;
  prefixLen: number;
  /** "global" unless stated; ip addr prints "scope host" for 127.0.0.1 */
  scope: 'global' | 'link' | 'host';
  /** broadcast address as ip addr prints it (brd); absent = none printed */
  brd?: string;
}

export interface VxlanInfo {
  vni: number;
  port: number;
  /** local VTEP address (the parent NIC's address) */
  local: string;
  /** parent device name */
  dev: string;
  learning: boolean;
}

export interface Link {
  ifindex: number;
  name: string;
  kind: LinkKind;
  mtu: number;
  /** absent for ipip/loopback (ipip prints link/ipip 0.0.0.0) */
  mac?: string;
  addrs: Address[];
  /** UP|DOWN; ipip/vxlan/loopback report UNKNOWN operstate */
  up: boolean;
  /** no carrier (docker0 without members) */
  noCarrier?: boolean;
  /** Topology L2 segment this NIC is cabled to (ether only) */
  network?: string;
  /** veth: the other end */
  peer?: { ns: string; ifname: string; ifindex: number };
  /** enslaved to this bridge (cni0 ports) */
  master?: string;
  vxlan?: VxlanInfo;
  /** proxy_arp sysctl (Calico sets it on cali* host ends) */
  proxyArp?: boolean;
  /** qdisc as ip link prints it (noqueue, fq_codel, ...) */
  qdisc?: string;
}

/** Route protocol numbers (rtnetlink rtm_protocol). Names as iproute2's rt_protos prints them. */
export const RTPROT = {
  unspec: 0,
  redirect: 1,
  kernel: 2,
  boot: 3,
  static: 4,
  bird: 12,
  dhcp: 16,
  felix: 80, // Felix's default route protocol; iproute2 prints it numerically: "proto 80"
} as const;

export type RouteType = 'unicast' | 'blackhole' | 'unreachable' | 'prohibit';

/** Who programmed the route; for the "why" of a hop and for diff colouring, not printed by tools. */
export type RouteOwner = 'kernel' | 'topology' | 'bird' | 'felix' | 'flanneld' | 'cni' | 'distro';

export interface Route {
  type: RouteType;
  /** canonical CIDR; default route is "0.0.0.0/0" */
  dst: string;
  via?: string;
  dev?: string;
  /** rtm_protocol number, see RTPROT */
  proto: number;
  scope: 'universe' | 'link' | 'host';
  src?: string;
  metric?: number;
  onlink?: boolean;
  /** dev has no carrier: ip route prints "linkdown" */
  linkdown?: boolean;
  owner: RouteOwner;
}

export type NeighState = 'PERMANENT' | 'REACHABLE' | 'STALE' | 'FAILED' | 'INCOMPLETE' | 'NOARP';

export interface NeighEntry {
  ip: string;
  dev: string;
  lladdr?: string;
  state: NeighState;
}

export interface FdbEntry {
  mac: string;
  dev: string;
  /** remote VTEP for vxlan devices */
  dst?: string;
  self: boolean;
  permanent: boolean;
}

export interface NetNS {
  /** "node/<name>", "pod/<ns>/<name>", "router/<name>" */
  id: string;
  kind: NsKind;
  name: string;
  links: Link[];
  /** main table, in the kernel's dump order */
  routes: Route[];
  neigh: NeighEntry[];
  fdb: FdbEntry[];
  /** net.ipv4.ip_forward */
  forwarding: boolean;
  /** rp_filter: 0 off, 1 strict, 2 loose (Calico sets 1 on cali*; we model the namespace default) */
  rpFilter?: 0 | 1 | 2;
  /** the namespace is down (a Fault): it neither answers nor forwards */
  down?: boolean;
  /** iptables nat POSTROUTING, in order (Calico cali-nat-outgoing, flannel FLANNEL-POSTRTG) */
  masquerade?: MasqRule[];
  /** an implicit gateway standing for "the rest of the world": it accepts any destination it has no
   *  route for as delivered outside the lab */
  external?: boolean;
}

/** One iptables nat rule: RETURN or MASQUERADE when src/dst (optionally negated) match. */
export interface MasqRule {
  action: 'RETURN' | 'MASQUERADE';
  src?: { cidrs: string[]; negate?: boolean };
  dst?: { cidrs: string[]; negate?: boolean };
  comment: string;
}

export function nsIdNode(name: string): string {
  return `node/${name}`;
}
export function nsIdPod(namespace: string, name: string): string {
  return `pod/${namespace}/${name}`;
}
export function nsIdRouter(name: string): string {
  return `router/${name}`;
}
