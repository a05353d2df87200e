// Extension points for what other modules decide about a packet: kube-proxy's DNAT (Services) and
// Felix's per-endpoint policy. The walk asks, applies the answer and records it as a hop; it knows
// nothing about Services or policies itself.

import type { NetNS } from '../model/kernel';
import type { Header, IPv4Header } from '../model/packet';
import type { Txt } from '../msg';
import type { World } from './world';

export type HookPoint = 'output' | 'prerouting' | 'forward' | 'host-veth-ingress' | 'host-veth-egress' | 'outside';

export interface HookContext {
  world: World;
  /** the namespace the packet is in */
  ns: NetNS;
  /** where: OUTPUT of the sender, PREROUTING of a receiver, or one of a pod's host veths */
  point: HookPoint;
  /** the device the packet arrived on (prerouting, host-veth-ingress) or leaves by (host-veth-egress) */
  dev?: string;
  /** host-veth hooks: the pod namespace at the other end of the veth */
  pod?: string;
  /** the IP packet, IPv4 header first */
  packet: readonly Header[];
  ip: IPv4Header;
}

export interface HookVerdict {
  action: 'accept' | 'drop';
  /** one line for the hop, e.g. "cali-tw-cali1a2b3c4d5e6: policy default/deny-all denies"; a message
   *  (core/msg, from any catalogue) so the app can show it in another language */
  text: Txt;
  /** one sentence: which rule decided and why */
  why?: Txt;
  /** dnat only: the new destination (and port) of the connection; conntrack reverses it for the reply */
  dnat?: { ip: string; port?: number };
  /** dnat only: the connection is marked for masquerade (kube-proxy's KUBE-MARK-MASQ, 0x4000), so
   *  nat POSTROUTING of the same node SNATs it (KUBE-POSTROUTING) */
  masquerade?: boolean;
  /** filter only, with action 'drop': REJECT --reject-with icmp-port-unreachable instead of a silent drop */
  reject?: 'port-unreachable';
}

/**
 * Absent hooks, and hooks returning undefined, accept without a hop. Replies of a connection are not
 * shown to the hooks in namespaces the request went through: conntrack accepts ESTABLISHED packets
 * (Felix's chains start with that rule) and reverses NAT itself.
 */
export interface WalkHooks {
  /** kube-proxy: DNAT at OUTPUT of a sending node and at PREROUTING of every node a packet enters
   *  (asked in namespaces of kind 'node' only: kube-proxy programs nodes) */
  dnat?(ctx: HookContext): HookVerdict | undefined;
  /** filter table of a node for a new connection: FORWARD (after routing, packets passing through) and
   *  OUTPUT (the node's own packets), e.g. kube-proxy's REJECT for a Service without endpoints */
  filter?(ctx: HookContext): HookVerdict | undefined;
  /** an outside gateway (a router standing for the rest of the world) is about to deliver a packet
   *  outside: a drop here means nothing out there holds that address (a Service clusterIP) */
  outside?(ctx: HookContext): HookVerdict | undefined;
  /** Felix egress policy of a pod: its packet has just arrived on the pod's host veth */
  hostVethIngress?(ctx: HookContext): HookVerdict | undefined;
  /** Felix ingress policy of a pod: a packet is about to leave by the pod's host veth */
  hostVethEgress?(ctx: HookContext): HookVerdict | undefined;
}
