// networking.k8s.io/v1 NetworkPolicy spec, typed (after decoding the YAML's plain objects).
// Absent, null and empty lists decode alike: Kubernetes gives them one meaning (len == 0).

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelSelectorRequirement[];
}

export interface IPBlock {
  cidr: string;
  except: string[];
}

export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: IPBlock;
}

export interface NetworkPolicyPort {
  /** absent = TCP (the API server's default) */
  protocol?: string;
  /** number = port, string = named port; absent = every port of the protocol */
  port?: number | string;
  endPort?: number;
}

export interface NetworkPolicyRule {
  /** `from` for ingress, `to` for egress */
  peers: NetworkPolicyPeer[];
  ports: NetworkPolicyPort[];
}

export interface NetworkPolicySpec {
  podSelector: LabelSelector;
  /** as written; empty = not given (the API server then defaults it) */
  policyTypes: string[];
  ingress: NetworkPolicyRule[];
  egress: NetworkPolicyRule[];
}
