// Packets as typed header stacks (outermost first) and the packet walk as a list of hop events.
// Every field a serialiser needs is here, so core/wire can turn a stack into bytes and back.

import type { Route } from './kernel';
import type { Msg } from '../msg';

export interface EthernetHeader {
  type: 'eth';
  src: string;
  dst: string;
  ethertype: number; // 0x0800
}

export interface IPv4Header {
  type: 'ipv4';
  tos: number;
  /** total length: header + everything inside */
  totalLength: number;
  id: number;
  df: boolean;
  mf: boolean;
  fragOffset: number; // in 8-byte units
  ttl: number;
  protocol: number; // 1 ICMP, 4 IPIP, 6 TCP, 17 UDP
  src: string;
  dst: string;
}

export interface UdpHeader {
  type: 'udp';
  srcPort: number;
  dstPort: number;
  length: number;
  /** VXLAN outer UDP: Linux sends checksum 0 on IPv4 by default (udp_csum off) */
  zeroChecksum?: boolean;
}

export interface VxlanHeader {
  type: 'vxlan';
  flags: number; // 0x08: VNI valid
  vni: number;
}

export interface IcmpHeader {
  type: 'icmp';
  icmpType: number; // 8 echo request, 0 echo reply, 11 time exceeded, 3 unreachable
  code: number;
  id?: number;
  seq?: number;
  /** frag-needed next-hop MTU */
  mtu?: number;
}

export interface TcpHeader {
  type: 'tcp';
  srcPort: number;
  dstPort: number;
  seq: number;
  ack: number;
  flags: { syn?: boolean; ack?: boolean; fin?: boolean; rst?: boolean; psh?: boolean };
  window: number;
  options: { mss?: number; sackOk?: boolean; tsVal?: number; tsEcr?: number; wscale?: number };
}

/** Application payload: iputils ping's (16-byte timeval, then bytes counting up from 0x10), or zeros. */
export interface PayloadHeader {
  type: 'payload';
  length: number;
  pattern: 'ping' | 'zero';
  /** logical send time in µs (ping's timeval) */
  t?: number;
}

/** An ICMP error's quoted original datagram (IP header + first 8 bytes), kept as headers. */
export interface QuoteHeader {
  type: 'quote';
  headers: Header[];
}

export type Header =
  | EthernetHeader
  | IPv4Header
  | UdpHeader
  | VxlanHeader
  | IcmpHeader
  | TcpHeader
  | PayloadHeader
  | QuoteHeader;

export type Protocol = 'icmp' | 'tcp' | 'udp';

/** A walk endpoint: a pod ("ns/name"), a node (its name), or a bare IP. */
export type EndpointSpec = { pod: string } | { node: string } | { ip: string };

export interface WalkRequest {
  from: EndpointSpec;
  to: EndpointSpec;
  protocol: Protocol;
  /** destination port (TCP/UDP) */
  port?: number;
  /** ping -s SIZE: ICMP payload bytes (default 56); TCP/UDP payload bytes (default 0 for TCP SYN, 56 UDP) */
  size?: number;
  /** ping -M: do (DF, default for ping), want, dont */
  pmtudisc?: 'do' | 'want' | 'dont';
  /** initial TTL (traceroute sets 1, 2, ...) */
  ttl?: number;
  /** walk the reply too (echo reply / SYN-ACK / UDP reply) */
  reply?: boolean;
  /** ICMP echo id / seq */
  icmpId?: number;
  icmpSeq?: number;
}

export type HopKind =
  | 'send' // the application hands the packet to its stack
  | 'route' // FIB lookup (matched route attached)
  | 'arp' // neighbour resolution (proxy ARP, static neigh)
  | 'encap' // headers pushed by a tunnel device
  | 'decap' // headers popped
  | 'wire' // frame crossed a cable / veth pair
  | 'receive' // frame accepted by a device
  | 'nat' // SNAT / DNAT rewrite
  | 'policy' // a policy verdict (egress/ingress)
  | 'fragment' // IPv4 fragmentation
  | 'deliver' // local delivery to the destination socket
  | 'drop' // the packet dies here
  | 'icmp'; // an ICMP error is generated

export interface MatchedRoute {
  /** index into the namespace's routes array */
  index: number;
  route: Route;
  /** the route as `ip route` prints it */
  line: string;
}

export interface WireSegment {
  /** L2 segment name, or "veth" for a veth pair, or "tunnel" */
  medium: string;
  from: { ns: string; dev: string };
  to: { ns: string; dev: string };
  /** the frame as it is on this segment, outermost first (starts with eth for Ethernet media) */
  frame: Header[];
  /** bytes on the wire (Ethernet frame without FCS) */
  length: number;
}

export interface Hop {
  index: number;
  /** logical clock, µs since the walk started */
  t: number;
  ns: string;
  kind: HopKind;
  dev?: string;
  route?: MatchedRoute;
  /** header types pushed/popped at this hop */
  pushed?: Header[];
  popped?: Header[];
  /** the packet after this hop, outermost first */
  packet: Header[];
  wire?: WireSegment;
  /** one line, what happened: "vms71.rhce.cc: 10.244.5.192/26 via 192.168.30.72 dev tunl0 onlink" */
  text: string;
  /** why it happened, citing the rule that decided it (route line, policy, MTU, fault) */
  why: string;
  /** text and why as message ids with their arguments (core/msg), for showing them in another
   *  language; absent where a hook supplied plain English */
  msg?: { text?: Msg; why?: Msg };
  /** nat hops: what was rewritten and by whom (a Service's DNAT, the load balancer, a MASQUERADE, or
   *  conntrack undoing one on the reply); addresses as "ip" or "ip:port" */
  nat?: HopNat;
  /** policy hops of Felix: whose policy (the sending pod's egress, the receiving pod's ingress) */
  policy?: { direction: 'egress' | 'ingress'; allowed: boolean };
  /** fragment hops: the datagram before it was cut (the walk follows the first fragment; captures show
   *  every fragment, cut from this) */
  unfragmented?: Header[];
}

export interface HopNat {
  type: 'dnat' | 'snat' | 'undnat' | 'unsnat';
  by: 'kube-proxy' | 'load-balancer' | 'masquerade' | 'conntrack';
  from: string;
  to: string;
}

export type DropReason =
  | 'no-route'
  | 'blackhole'
  | 'unreachable-nexthop' // ARP fails / no neighbour
  | 'ttl-exceeded'
  | 'mtu' // frag needed and DF set, or veth drop
  | 'local-mtu' // the sender's "message too long"
  | 'policy'
  | 'node-down'
  | 'filtered'
  | 'rp-filter'
  | 'no-listener'
  | 'loop';

export interface Verdict {
  kind: 'delivered' | 'dropped';
  reason?: DropReason;
  /** NetNS id where the packet was delivered or dropped */
  at: string;
  /** human text, e.g. "ping: local error: message too long, mtu=1450" */
  message?: string;
  /** for ttl-exceeded / frag-needed: the ICMP error's source address (what traceroute prints) */
  icmpFrom?: string;
  /** frag-needed MTU */
  mtu?: number;
  /** delivered out of the lab through a gateway that is not modelled */
  external?: boolean;
  /** the message as an id with arguments (core/msg) when it is the walk's own sentence, not a tool's */
  msg?: Msg;
}

export interface WalkResult {
  request: WalkRequest;
  src: string;
  dst: string;
  hops: Hop[];
  verdict: Verdict;
  /** the reply's walk, when request.reply and the request was delivered */
  reply?: WalkResult;
  /** the ICMP error this walk provoked, walked back towards the packet's source: its hops, where it
   *  ended, and whether the sending socket heard it (an error about an encapsulated packet reaches the
   *  outer source, the node, which keeps it: ipip_err / vxlan_err_lookup) */
  icmpBack?: IcmpBack;
}

export interface IcmpBack {
  hops: Hop[];
  verdict: Verdict;
  heard: boolean;
}
