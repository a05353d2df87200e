// projectcalico.org/v3 policy after parsing, in the shape Felix evaluates (its "v1" data model):
// every selector already carries the namespace semantics of where it was written, so evaluation
// is just label matching (see parse.ts for how each field folds in).

import type { K8sRuleOrigin } from '../k8s/translate';
import type { Net } from '../net';
import type { Selector } from '../selector';
import type { PolicyRef, RuleAction } from '../types';

export type PortMatch = { min: number; max: number } | { name: string };

export interface EntityMatch {
  nets: Net[];
  notNets: Net[];
  /** endpoints whose IPs match (namespace terms folded in); undefined = no constraint */
  selector?: Selector;
  /** endpoints whose IPs must NOT match; never namespaced (as in Calico) */
  notSelector?: Selector;
  ports: PortMatch[];
  notPorts: PortMatch[];
}

export interface IcmpMatch {
  type?: number;
  code?: number;
}

export interface Rule {
  /** position in the policy's ingress or egress list */
  index: number;
  action: RuleAction;
  ipVersion?: number;
  /** IP protocol number */
  protocol?: number;
  notProtocol?: number;
  icmp?: IcmpMatch;
  notICMP?: IcmpMatch;
  source: EntityMatch;
  destination: EntityMatch;
  /** one-line rendering of the rule as written */
  text: string;
  /** `text` in its pieces (action and protocol terms; source terms; destination terms), so a sentence in
   *  another language can put its own words for "from" and "to" around them */
  textParts?: { what: string; from?: string; to?: string };
  /** set for rules translated from a Kubernetes NetworkPolicy */
  origin?: K8sRuleOrigin;
}

export interface Policy {
  ref: PolicyRef;
  /** +Infinity when unset */
  order: number;
  /** which endpoints the policy applies to (namespace / service-account terms folded in) */
  selector: Selector;
  selectorText: string;
  ingress: boolean;
  egress: boolean;
  ingressRules: Rule[];
  egressRules: Rule[];
}

export const PROTOCOL_NUMBERS: Record<string, number> = {
  ICMP: 1,
  TCP: 6,
  UDP: 17,
  ICMPv6: 58,
  SCTP: 132,
  UDPLite: 136,
};

export function protocolName(n: number): string {
  for (const [k, v] of Object.entries(PROTOCOL_NUMBERS)) if (v === n) return k;
  return String(n);
}
