// compilePolicies: everything that does not depend on the packet, done once per world; the part that
// depends on the policy resources alone (compilePolicySet) once per distinct policy set.
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

/** One policy of a compiled set, its rules final (Kubernetes origins attached), in evaluation order. */
interface SetPolicy {
  policy: Policy;
  tier: TierInfo;
  ingress: Rule[];
  egress: Rule[];
  /** where the resource sits in the world: the translation stands in for a Kubernetes policy */
  from: { kind: 'k8s'; translated: CalicoPolicy } | { kind: 'calico'; index: number };
}

/**
 * The pod-independent half of compilation, a function of the policy resources alone: Kubernetes policies
 * validated and translated, Calico policies and tiers parsed, everything sorted into evaluation order.
 * Shared (read-only) by every ClusterState whose scenario holds the same resources.
 */
export interface PolicySet {
  tiers: TierInfo[];
  policies: SetPolicy[];
  translated: ReadonlyMap<string, CalicoPolicy>;
  diagnostics: readonly PolicyDiagnostic[];
  /** what admission refuses, per resource in world order (validatePolicies words it as kubectl/calicoctl) */
  admission: {
    networkPolicies: readonly (readonly PathError[])[];
    tiers: readonly { tier: string; error: PathError }[];
    calicoPolicies: readonly (readonly PathError[])[];
  };
}

type PolicyResources = Pick<PolicyWorld, 'networkPolicies' | 'calicoPolicies' | 'tiers'>;

function buildPolicySet(world: PolicyResources): PolicySet {
  const diagnostics: PolicyDiagnostic[] = [];
  const { tiers, errors: tierErrors } = resolveTiers(world.tiers);
  for (const e of tierErrors) diagnostics.push({ resource: `Tier/${e.tier}`, severity: 'error', ...e.error });
  const tierByName = new Map(tiers.map((t) => [t.name, t]));

  const parsed: { policy: Policy; from: SetPolicy['from']; origins?: ReturnType<typeof translateSpec>['origins'] }[] = [];
  const translated = new Map<string, CalicoPolicy>();
  const admission = { networkPolicies: [] as PathError[][], tiers: tierErrors, calicoPolicies: [] as PathError[][] };
  for (const np of world.networkPolicies) {
    const res = `NetworkPolicy/${np.namespace}/${np.name}`;
    const t = translateK8sPolicy(np);
    admission.networkPolicies.push(t.errors);
    for (const e of t.errors) diagnostics.push({ resource: res, severity: 'error', ...e });
    if (!t.policy) continue;
    translated.set(podKey(np), t.policy);
    const r = parseCalicoPolicy(t.policy, tierByName, 'KubernetesNetworkPolicy');
    for (const e of r.errors) diagnostics.push({ resource: res, severity: 'error', path: e.path, message: `internal translation error: ${e.message}` });
    if (r.policy) parsed.push({ policy: r.policy, from: { kind: 'k8s', translated: t.policy }, origins: t.origins });
  }
  world.calicoPolicies.forEach((cp, index) => {
    const res = cp.kind === 'NetworkPolicy' ? `${cp.kind}/${cp.namespace}/${cp.name}` : `${cp.kind}/${cp.name}`;
    const r = parseCalicoPolicy(cp, tierByName);
    admission.calicoPolicies.push(r.errors);
    for (const e of r.errors) diagnostics.push({ resource: res, severity: 'error', ...e });
    for (const w of r.warnings) diagnostics.push({ resource: res, severity: 'warning', ...w });
    if (r.policy) parsed.push({ policy: r.policy, from: { kind: 'calico', index } });
  });

  const tierRank = new Map(tiers.map((t, i) => [t.name, i]));
  parsed.sort((a, b) => {
    const ta = tierRank.get(a.policy.ref.tier)!;
    const tb = tierRank.get(b.policy.ref.tier)!;
    return ta !== tb ? ta - tb : comparePolicies(a.policy, b.policy);
  });
  const policies = parsed.map(({ policy, from, origins }): SetPolicy => {
    const withOrigin = (rules: Rule[], dir: Direction) =>
      rules.map((rule) => {
        const origin = origins?.[dir][rule.index];
        return origin ? { ...rule, origin } : rule;
      });
    return { policy, tier: tierByName.get(policy.ref.tier)!, ingress: withOrigin(policy.ingressRules, 'ingress'), egress: withOrigin(policy.egressRules, 'egress'), from };
  });
  return { tiers, policies, translated, diagnostics, admission };
}

// Compiled sets by content. An edit that leaves the policies alone (a mode toggle, a pod, a fault) makes a
// new scenario whose policy arrays are copies, so identity alone would miss; the key is the resources'
// JSON, which is what the YAML and the edits produce (no undefined or non-JSON values). Bounded, and the
// result never depends on what is cached: a hit returns what a miss would compute.
const SET_CACHE_LIMIT = 16;
const setsByContent = new Map<string, PolicySet>();
let setCompilations = 0;

/** How many policy sets have been compiled (cache misses) since the module loaded: for tests. */
export function policySetCompilations(): number {
  return setCompilations;
}

function contentKey(w: PolicyResources): string {
  // not keyed by identity: a resource edited in place would then hit a stale entry
  return JSON.stringify([w.networkPolicies, w.calicoPolicies, w.tiers]);
}

/** The compiled policy set of these resources: computed once per distinct content (bounded cache). */
export function compilePolicySet(world: PolicyResources): PolicySet {
  const key = contentKey(world);
  let set = setsByContent.get(key);
  if (set) {
    // most recently used last, so the oldest entry is the one dropped
    setsByContent.delete(key);
    setsByContent.set(key, set);
    return set;
  }
  setCompilations++;
  set = buildPolicySet(world);
  setsByContent.set(key, set);
  if (setsByContent.size > SET_CACHE_LIMIT) setsByContent.delete(setsByContent.keys().next().value!);
  return set;
}

export function compilePolicies(world: PolicyWorld): CompiledPolicies {
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

  const set = compilePolicySet(world);
  const setCache = new Map<string, EndpointSet>();
  const allRules: CompiledRule[] = [];
  const policies: CompiledPolicy[] = set.policies.map(({ policy, tier, ingress, egress, from }) => {
    const compileRules = (rules: Rule[]) =>
      rules.map((rule) => {
        const cr: CompiledRule = { id: allRules.length, rule, src: compileEntity(rule.source, endpoints, setCache), dst: compileEntity(rule.destination, endpoints, setCache) };
        allRules.push(cr);
        return cr;
      });
    return {
      policy,
      tier,
      ingressRules: compileRules(ingress),
      egressRules: compileRules(egress),
      resource: from.kind === 'k8s' ? from.translated : world.calicoPolicies[from.index],
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

  return { enforced: world.enforced, endpoints, byKey, byIp, tiers: set.tiers, policies, rules: allRules, translated: set.translated, diagnostics: [...set.diagnostics] };
}
