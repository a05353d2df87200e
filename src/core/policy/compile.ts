// compilePolicies: everything that does not depend on the packet, done once per world.
// - Kubernetes policies are validated (an invalid one is refused, as the API server refuses it) and
//   translated to Calico policies; Calico policies are parsed; all land in one sorted list.
// - Every selector is evaluated once against every endpoint: which policies apply to which pod per
//   direction (grouped by tier, in evaluation order), and for every rule selector the set of
//   endpoints whose IPs it matches (Felix's IP sets). Deciding a packet is then array lookups.

import type { CalicoPolicy, K8sNetworkPolicy } from '../model';
import { parseIp } from '../util/ipv4';
import { endpointLabels } from './calico/labels';
import type { EntityMatch, Policy, Rule } from './calico/model';
import { parseCalicoPolicy } from './calico/parse';
import { comparePolicies, resolveTiers, type TierInfo } from './calico/tiers';
import { decodeNetworkPolicySpec } from './k8s/decode';
import { translateSpec } from './k8s/translate';
import { validateSpec } from './k8s/validate';
import { isDNS1123Subdomain, invalid } from './k8s/formats';
import { matches, type Selector } from './selector';
import type { Direction, PathError, PolicyPod, PolicyWorld } from './types';

/** An endpoint-indexed membership set: 1 = the endpoint's IP is in the set. */
export type EndpointSet = Uint8Array;

export interface CompiledEntity {
  match: EntityMatch;
  sel?: EndpointSet;
  notSel?: EndpointSet;
}

export interface CompiledRule {
  /** dense index over every compiled rule (lets bulk evaluation use arrays instead of maps) */
  id: number;
  rule: Rule;
  src: CompiledEntity;
  dst: CompiledEntity;
}

export interface CompiledPolicy {
  policy: Policy;
  tier: TierInfo;
  ingressRules: CompiledRule[];
  egressRules: CompiledRule[];
  /** the original resource (for Kubernetes policies: the Calico translation) */
  resource: CalicoPolicy;
}

export interface TierGroup {
  tier: TierInfo;
  policies: CompiledPolicy[];
}

export interface Endpoint {
  pod: PolicyPod;
  key: string;
  ipNum: number;
  labels: Record<string, string>;
  /** tiers with at least one policy selecting this endpoint, per direction, in order */
  ingress: TierGroup[];
  egress: TierGroup[];
}

export interface PolicyDiagnostic {
  /** "NetworkPolicy/ns/name", "GlobalNetworkPolicy/name", "Tier/name", ... */
  resource: string;
  severity: 'error' | 'warning';
  path: string;
  message: string;
}

export interface CompiledPolicies {
  enforced: boolean;
  endpoints: Endpoint[];
  byKey: ReadonlyMap<string, number>;
  byIp: ReadonlyMap<string, number>;
  tiers: TierInfo[];
  /** every applied policy, in global evaluation order (tier, then order, then name) */
  policies: CompiledPolicy[];
  /** every rule of every applied policy, indexed by CompiledRule.id */
  rules: CompiledRule[];
  /** Calico's view of each Kubernetes policy, keyed "ns/name" */
  translated: ReadonlyMap<string, CalicoPolicy>;
  diagnostics: PolicyDiagnostic[];
}

export const podKey = (p: { namespace: string; name: string }) => `${p.namespace}/${p.name}`;

function endpointSet(sel: Selector | undefined, endpoints: readonly Endpoint[]): EndpointSet | undefined {
  if (!sel) return undefined;
  const s = new Uint8Array(endpoints.length);
  for (let i = 0; i < endpoints.length; i++) if (matches(sel, endpoints[i].labels)) s[i] = 1;
  return s;
}

function compileEntity(match: EntityMatch, endpoints: readonly Endpoint[], cache: Map<string, EndpointSet>): CompiledEntity {
  const get = (sel: Selector | undefined) => {
    if (!sel) return undefined;
    const k = JSON.stringify(sel);
    let s = cache.get(k);
    if (!s) {
      s = endpointSet(sel, endpoints)!;
      cache.set(k, s);
    }
    return s;
  };
  const e: CompiledEntity = { match };
  const sel = get(match.selector);
  if (sel) e.sel = sel;
  const notSel = get(match.notSelector);
  if (notSel) e.notSel = notSel;
  return e;
}

/** Validates and translates one Kubernetes policy; undefined when the API server would refuse it. */
export function translateK8sPolicy(np: K8sNetworkPolicy): { policy?: CalicoPolicy; origins?: ReturnType<typeof translateSpec>['origins']; errors: PathError[] } {
  const errors: PathError[] = [];
  for (const m of isDNS1123Subdomain(np.name)) errors.push({ path: 'metadata.name', message: invalid(np.name, m) });
  const decoded = decodeNetworkPolicySpec(np.spec);
  errors.push(...decoded.errors, ...validateSpec(decoded.spec));
  if (errors.length > 0) return { errors };
  const t = translateSpec(np, decoded.spec);
  return { policy: t.policy, origins: t.origins, errors };
}

export function compilePolicies(world: PolicyWorld): CompiledPolicies {
  const diagnostics: PolicyDiagnostic[] = [];
  const nsLabels = new Map(world.namespaces.map((n) => [n.name, n.labels]));

  // Endpoints: pods with their own network namespace and a usable IPv4 address.
  const endpoints: Endpoint[] = [];
  const byKey = new Map<string, number>();
  const byIp = new Map<string, number>();
  for (const pod of world.pods) {
    if (pod.hostNetwork) continue;
    const ipNum = parseIp(pod.ip);
    if (ipNum === undefined) continue;
    const labels = endpointLabels(pod, nsLabels.get(pod.namespace) ?? { 'kubernetes.io/metadata.name': pod.namespace });
    byKey.set(podKey(pod), endpoints.length);
    byIp.set(pod.ip, endpoints.length);
    endpoints.push({ pod, key: podKey(pod), ipNum, labels, ingress: [], egress: [] });
  }

  const { tiers, errors: tierErrors } = resolveTiers(world.tiers);
  for (const e of tierErrors) diagnostics.push({ resource: `Tier/${e.tier}`, severity: 'error', ...e.error });
  const tierByName = new Map(tiers.map((t) => [t.name, t]));

  // Parse everything into one model.
  const parsed: { policy: Policy; resource: CalicoPolicy; origins?: ReturnType<typeof translateSpec>['origins'] }[] = [];
  const translated = new Map<string, CalicoPolicy>();
  for (const np of world.networkPolicies) {
    const res = `NetworkPolicy/${np.namespace}/${np.name}`;
    const t = translateK8sPolicy(np);
    for (const e of t.errors) diagnostics.push({ resource: res, severity: 'error', ...e });
    if (!t.policy) continue;
    translated.set(podKey(np), t.policy);
    const r = parseCalicoPolicy(t.policy, tierByName, 'KubernetesNetworkPolicy');
    for (const e of r.errors) diagnostics.push({ resource: res, severity: 'error', path: e.path, message: `internal translation error: ${e.message}` });
    if (r.policy) parsed.push({ policy: r.policy, resource: t.policy, origins: t.origins });
  }
  for (const cp of world.calicoPolicies) {
    const res = cp.kind === 'NetworkPolicy' ? `${cp.kind}/${cp.namespace}/${cp.name}` : `${cp.kind}/${cp.name}`;
    const r = parseCalicoPolicy(cp, tierByName);
    for (const e of r.errors) diagnostics.push({ resource: res, severity: 'error', ...e });
    for (const w of r.warnings) diagnostics.push({ resource: res, severity: 'warning', ...w });
    if (r.policy) parsed.push({ policy: r.policy, resource: cp });
  }

  const tierRank = new Map(tiers.map((t, i) => [t.name, i]));
  parsed.sort((a, b) => {
    const ta = tierRank.get(a.policy.ref.tier)!;
    const tb = tierRank.get(b.policy.ref.tier)!;
    return ta !== tb ? ta - tb : comparePolicies(a.policy, b.policy);
  });

  const setCache = new Map<string, EndpointSet>();
  const allRules: CompiledRule[] = [];
  const policies: CompiledPolicy[] = parsed.map(({ policy, resource, origins }) => {
    const compileRules = (rules: Rule[], dir: Direction) =>
      rules.map((rule) => {
        const origin = origins?.[dir][rule.index];
        const r: Rule = origin ? { ...rule, origin } : rule;
        const cr: CompiledRule = { id: allRules.length, rule: r, src: compileEntity(r.source, endpoints, setCache), dst: compileEntity(r.destination, endpoints, setCache) };
        allRules.push(cr);
        return cr;
      });
    return {
      policy,
      tier: tierByName.get(policy.ref.tier)!,
      ingressRules: compileRules(policy.ingressRules, 'ingress'),
      egressRules: compileRules(policy.egressRules, 'egress'),
      resource,
    };
  });

  // Which policies apply to which endpoint, grouped by tier, per direction.
  for (const cp of policies) {
    const selected = endpointSet(cp.policy.selector, endpoints)!;
    for (let i = 0; i < endpoints.length; i++) {
      if (!selected[i]) continue;
      for (const dir of ['ingress', 'egress'] as const) {
        if (!cp.policy[dir]) continue;
        const groups = endpoints[i][dir];
        const last = groups[groups.length - 1];
        if (last && last.tier === cp.tier) last.policies.push(cp);
        else groups.push({ tier: cp.tier, policies: [cp] });
      }
    }
  }

  return { enforced: world.enforced, endpoints, byKey, byIp, tiers, policies, rules: allRules, translated, diagnostics };
}
