// The policy core's own contract: what the evaluator is given (PolicyWorld, Flow) and what it
// answers (Decision). Plain serialisable values, so the walk, the matrix view and `explain` can
// store and render them.

import type { CalicoPolicy, ContainerPort, K8sNetworkPolicy, Namespace, Tier } from '../model';
import type { Msg } from '../msg';

export type L4Protocol = 'TCP' | 'UDP' | 'SCTP';
export type FlowProtocol = L4Protocol | 'ICMP';
export type Direction = 'ingress' | 'egress';

/** A pod as policy sees it: a Calico workload endpoint. */
export interface PolicyPod {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  ip: string;
  node: string;
  /** every container's ports, flattened (named ports resolve against these) */
  ports: ContainerPort[];
  /** Kubernetes defaults it to "default" */
  serviceAccountName?: string;
  /** hostNetwork pods get no workload endpoint: no policy applies to them, no selector matches them */
  hostNetwork?: boolean;
  /** for Services only (kube-proxy skips unready endpoints); default true */
  ready?: boolean;
}

export interface PolicyWorld {
  pods: PolicyPod[];
  namespaces: Namespace[];
  networkPolicies: K8sNetworkPolicy[];
  calicoPolicies: CalicoPolicy[];
  tiers: Tier[];
  /** false under Flannel: policies are stored by the API server but nothing enforces them */
  enforced: boolean;
}

export interface FlowEnd {
  ip: string;
  /** "namespace/name" when this end is a pod; when omitted, a pod owning `ip` is assumed */
  pod?: string;
}

/**
 * One packet's 5-tuple as Felix sees it in the FORWARD path: destination already DNATed by
 * kube-proxy (a Service IP has become a pod IP), source possibly SNATed.
 */
export interface Flow {
  src: FlowEnd;
  dst: FlowEnd;
  protocol: FlowProtocol;
  /** destination port (TCP/UDP/SCTP) */
  port?: number;
  /** source port; rules with source ports only match when it is given */
  srcPort?: number;
  /** ICMP type/code; default echo request (8/0) */
  icmp?: { type: number; code: number };
  /** a pod reaching itself through a Service (kube-proxy hairpin): the packet leaves by its veth and
   *  comes back through it, so its own egress and ingress policy apply (not loopback) */
  hairpin?: boolean;
}

export type PolicyKind = 'KubernetesNetworkPolicy' | 'NetworkPolicy' | 'GlobalNetworkPolicy';

export interface PolicyRef {
  kind: PolicyKind;
  /** as Calico names it: "knp.default.<name>" for a Kubernetes policy */
  name: string;
  namespace?: string;
  tier: string;
  /** undefined = unset (evaluated last in its tier) */
  order?: number;
}

export type RuleAction = 'Allow' | 'Deny' | 'Log' | 'Pass';

/** One policy's part in a verdict. */
export interface PolicyStep {
  policy: PolicyRef;
  /** first rule that gave a verdict (Allow/Deny/Pass), if any */
  rule?: { index: number; action: 'Allow' | 'Deny' | 'Pass'; label: string };
  /** Log rules that matched before the verdict */
  logged: number[];
}

export interface DirectionVerdict {
  direction: Direction;
  /** "namespace/name" of the pod whose policy applies, when that end is a pod */
  endpoint?: string;
  /** false when this end is not a pod (node, outside, hostNetwork): nothing to evaluate */
  applicable: boolean;
  allowed: boolean;
  /** policies selecting the endpoint for this direction, in evaluation order */
  selectedBy: PolicyRef[];
  /** the policies actually walked, in order, with their outcome */
  steps: PolicyStep[];
  /** the deciding rule, when a rule decided */
  decidedBy?: { policy: PolicyRef; ruleIndex: number; action: 'Allow' | 'Deny' };
  /** one line, e.g. "knp.default.allow-same-ns ingress rule 0 Allow": the English of `why` */
  reason: string;
  /** the reason as a message (policy/messages.ts), for a front end showing it in another language */
  why: Msg;
}

export interface Decision {
  allowed: boolean;
  egress: DirectionVerdict;
  ingress: DirectionVerdict;
  /** one line for the walk's hop: the English of `why` */
  reason: string;
  why: Msg;
}

/** A validation finding, with the API server's field path. */
export interface PathError {
  path: string;
  message: string;
}
