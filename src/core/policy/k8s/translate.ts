// Kubernetes NetworkPolicy → Calico NetworkPolicy, as Calico's own converter does it
// (libcalico-go/lib/backend/k8s/conversion/conversion.go, K8sNetworkPolicyToCalico):
// - name "knp.default.<name>" (the "default" is the tier), same namespace, tier default, order 1000;
// - spec.selector = "projectcalico.org/orchestrator == 'k8s'" && the podSelector terms (kept: every
//   simulated pod carries that label, as real Calico workload endpoints do);
// - one Allow rule per (protocol, peer) pair of each K8s rule, protocols sorted, ports merged per
//   protocol; a port with no protocol is TCP; no ports = any protocol;
// - peer podSelector → selector (with the orchestrator term); namespaceSelector → namespaceSelector
//   ({} becomes all()); ipBlock → nets / notNets (canonical CIDRs);
// - types from policyTypes after the API server's defaulting (Ingress, plus Egress when egress
//   rules exist).
// The output is a plain projectcalico.org/v3 resource, so the one Calico evaluator serves both APIs.

import type { CalicoPolicy, K8sNetworkPolicy } from '../../model';
import { parseNet } from '../net';
import type { LabelSelector, NetworkPolicyPeer, NetworkPolicyPort, NetworkPolicySpec } from './types';

export const K8S_POLICY_PREFIX = 'knp.default.';
export const K8S_POLICY_ORDER = 1000;

/** The API server's SetDefaults_NetworkPolicy: policyTypes when none were written. */
export function effectivePolicyTypes(spec: NetworkPolicySpec): ('Ingress' | 'Egress')[] {
  if (spec.policyTypes.length > 0) {
    const out: ('Ingress' | 'Egress')[] = [];
    // Calico's converter emits Ingress before Egress whatever the written order.
    if (spec.policyTypes.includes('Ingress')) out.push('Ingress');
    if (spec.policyTypes.includes('Egress')) out.push('Egress');
    return out.length > 0 ? out : ['Ingress'];
  }
  return spec.egress.length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

const q = (s: string) => `'${s}'`;

/** k8sSelectorToCalico: pod selectors get the orchestrator term; an empty namespace selector is all(). */
export function labelSelectorToCalico(s: LabelSelector | undefined, kind: 'pod' | 'namespace'): string {
  const terms: string[] = kind === 'pod' ? ["projectcalico.org/orchestrator == 'k8s'"] : [];
  if (!s) return terms.join(' && ');
  if (kind === 'namespace' && Object.keys(s.matchLabels).length === 0 && s.matchExpressions.length === 0) return 'all()';
  for (const k of Object.keys(s.matchLabels).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) terms.push(`${k} == ${q(s.matchLabels[k])}`);
  for (const e of s.matchExpressions) {
    const vals = e.values.map(q).join(', ');
    if (e.operator === 'In') terms.push(`${e.key} in { ${vals} }`);
    else if (e.operator === 'NotIn') terms.push(`${e.key} not in { ${vals} }`);
    else if (e.operator === 'Exists') terms.push(`has(${e.key})`);
    else if (e.operator === 'DoesNotExist') terms.push(`! has(${e.key})`);
  }
  return terms.join(' && ');
}

type CalicoPort = number | string;

/** Protocol → ports ("" = any protocol; undefined list = every port of it). */
function groupPorts(ports: NetworkPolicyPort[]): Map<string, CalicoPort[] | undefined> {
  const m = new Map<string, CalicoPort[] | undefined>();
  if (ports.length === 0) {
    m.set('', undefined);
    return m;
  }
  for (const p of ports) {
    const proto = p.protocol ?? 'TCP';
    if (p.port === undefined) {
      m.set(proto, undefined); // every port of this protocol wins over listed ones
      continue;
    }
    const cp: CalicoPort = typeof p.port === 'number' && p.endPort !== undefined ? `${p.port}:${p.endPort}` : p.port;
    if (!m.has(proto)) m.set(proto, [cp]);
    else {
      const list = m.get(proto);
      if (list) list.push(cp);
    }
  }
  return m;
}

interface Entity {
  selector?: string;
  namespaceSelector?: string;
  nets?: string[];
  notNets?: string[];
  ports?: CalicoPort[];
}

function peerToEntity(peer: NetworkPolicyPeer | undefined): Entity {
  if (!peer) return {};
  if (peer.ipBlock) {
    const e: Entity = { nets: [parseNet(peer.ipBlock.cidr, false)?.text ?? peer.ipBlock.cidr] };
    if (peer.ipBlock.except.length > 0) e.notNets = peer.ipBlock.except.map((x) => parseNet(x, false)?.text ?? x);
    return e;
  }
  const e: Entity = { selector: labelSelectorToCalico(peer.podSelector, 'pod') };
  const ns = labelSelectorToCalico(peer.namespaceSelector, 'namespace');
  if (ns !== '') e.namespaceSelector = ns;
  return e;
}

/** Where a translated Calico rule came from in the Kubernetes policy (for explanations). */
export interface K8sRuleOrigin {
  /** index into spec.ingress / spec.egress */
  rule: number;
  /** index into from / to; undefined when the K8s rule had no peers */
  peer?: number;
}

export interface Translated {
  policy: CalicoPolicy;
  origins: { ingress: K8sRuleOrigin[]; egress: K8sRuleOrigin[] };
}

function translateRules(rules: NetworkPolicySpec['ingress'], ingress: boolean) {
  const out: Record<string, unknown>[] = [];
  const origins: K8sRuleOrigin[] = [];
  rules.forEach((r, ri) => {
    const groups = groupPorts(r.ports);
    const protocols = [...groups.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const peers: (NetworkPolicyPeer | undefined)[] = r.peers.length > 0 ? r.peers : [undefined];
    for (const proto of protocols) {
      const ports = groups.get(proto);
      peers.forEach((peer, pi) => {
        const rule: Record<string, unknown> = { action: 'Allow' };
        if (proto !== '') rule.protocol = proto;
        const ent = peerToEntity(peer);
        if (ingress) {
          if (Object.keys(ent).length > 0) rule.source = ent;
          if (ports) rule.destination = { ports };
        } else {
          const dst: Entity = { ...ent };
          if (ports) dst.ports = ports;
          if (Object.keys(dst).length > 0) rule.destination = dst;
        }
        out.push(rule);
        origins.push(peer ? { rule: ri, peer: pi } : { rule: ri });
      });
    }
  });
  return { out, origins };
}

/** K8sNetworkPolicyToCalico over a decoded (and valid) spec. */
export function translateSpec(np: K8sNetworkPolicy, spec: NetworkPolicySpec): Translated {
  const ing = translateRules(spec.ingress, true);
  const egr = translateRules(spec.egress, false);
  const calicoSpec: Record<string, unknown> = {
    tier: 'default',
    order: K8S_POLICY_ORDER,
    selector: labelSelectorToCalico(spec.podSelector, 'pod'),
    types: effectivePolicyTypes(spec),
  };
  if (ing.out.length > 0) calicoSpec.ingress = ing.out;
  if (egr.out.length > 0) calicoSpec.egress = egr.out;
  return {
    policy: { kind: 'NetworkPolicy', name: K8S_POLICY_PREFIX + np.name, namespace: np.namespace, spec: calicoSpec },
    origins: { ingress: ing.origins, egress: egr.origins },
  };
}
