// Policies as YAML text in the policy panel: text → resources through the session's checker (checkText:
// parse + validatePolicies, located as a load is), errors at the lines of the user's text; and the scenario
// edits that add, replace and remove them. Pure: no React, no DOM.

import { parseAllDocuments, stringify } from 'yaml';
import { checkText } from '../../core/session/load';
import type { LabError } from '../../core/model/errors';
import { scenarioToYaml } from '../../core/scenario/toYaml';
import type { CalicoPolicy, K8sNetworkPolicy, Scenario, Tier } from '../../core/model/scenario';
import type { Edit } from '../../store/edits';

export interface PolicyProblem {
  /** 1-based line in the policy text; 0 when unknown */
  line: number;
  path: string;
  code: string;
  message: string;
}

export interface PolicyItem {
  /** the scenario's ref key: "NetworkPolicy/ns/name", "CalicoNetworkPolicy/ns/name", "GlobalNetworkPolicy/name", "Tier/name" */
  key: string;
  kind: 'NetworkPolicy' | 'Calico NetworkPolicy' | 'GlobalNetworkPolicy' | 'Tier';
  apiVersion: string;
  name: string;
  namespace?: string;
}

export interface ParsedPolicies {
  problems: PolicyProblem[];
  networkPolicies: K8sNetworkPolicy[];
  calicoPolicies: CalicoPolicy[];
  tiers: Tier[];
  /** keys of what the text defines */
  keys: string[];
}

const POLICY_KINDS = new Set(['NetworkPolicy', 'GlobalNetworkPolicy', 'Tier']);

export const k8sKey = (p: K8sNetworkPolicy) => `NetworkPolicy/${p.namespace}/${p.name}`;
export const calicoKey = (p: CalicoPolicy) => (p.kind === 'GlobalNetworkPolicy' ? `GlobalNetworkPolicy/${p.name}` : `CalicoNetworkPolicy/${p.namespace}/${p.name}`);
export const tierKey = (t: Tier) => `Tier/${t.name}`;

/** Every policy and tier of the scenario, in the order the scenario holds them. */
export function listPolicies(s: Scenario): PolicyItem[] {
  return [
    ...s.tiers.map((t): PolicyItem => ({ key: tierKey(t), kind: 'Tier', apiVersion: 'projectcalico.org/v3', name: t.name })),
    ...s.calicoPolicies.map((p): PolicyItem => ({
      key: calicoKey(p),
      kind: p.kind === 'GlobalNetworkPolicy' ? 'GlobalNetworkPolicy' : 'Calico NetworkPolicy',
      apiVersion: 'projectcalico.org/v3',
      name: p.name,
      ...(p.namespace ? { namespace: p.namespace } : {}),
    })),
    ...s.networkPolicies.map((p): PolicyItem => ({ key: k8sKey(p), kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1', name: p.name, namespace: p.namespace })),
  ];
}

/** One resource of the scenario as the YAML a user would `kubectl apply` / `calicoctl apply`. */
export function policyYaml(s: Scenario, key: string): string {
  const np = s.networkPolicies.find((p) => k8sKey(p) === key);
  if (np) return stringify({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: np.name, namespace: np.namespace }, spec: np.spec });
  const cp = s.calicoPolicies.find((p) => calicoKey(p) === key);
  if (cp) return stringify({ apiVersion: 'projectcalico.org/v3', kind: cp.kind, metadata: { name: cp.name, ...(cp.namespace ? { namespace: cp.namespace } : {}) }, spec: cp.spec });
  const t = s.tiers.find((x) => tierKey(x) === key);
  if (t) {
    const spec: Record<string, unknown> = {};
    if (t.order !== undefined) spec.order = t.order;
    if (t.defaultAction !== undefined) spec.defaultAction = t.defaultAction;
    return stringify({ apiVersion: 'projectcalico.org/v3', kind: 'Tier', metadata: { name: t.name }, spec });
  }
  return '';
}

function withoutPolicies(s: Scenario, tierNames: Set<string>): Scenario {
  const refs = Object.fromEntries(Object.entries(s.refs).filter(([k]) => !/^(NetworkPolicy|CalicoNetworkPolicy|GlobalNetworkPolicy)\//.test(k) && !(k.startsWith('Tier/') && tierNames.has(k.slice(5)))));
  return { ...s, networkPolicies: [], calicoPolicies: [], tiers: s.tiers.filter((t) => !tierNames.has(t.name)), refs };
}

/**
 * Reads policy text (one or more NetworkPolicy / Calico NetworkPolicy / GlobalNetworkPolicy / Tier
 * documents) against the lab: the lab's resources are written out ahead of it and the whole parsed as one
 * scenario by the session's checker, so names, namespaces, tiers and the API-server / calicoctl validation
 * are checked as a load checks them. Lines are the text's own.
 */
export function parsePolicyText(s: Scenario, text: string): ParsedPolicies {
  const empty: ParsedPolicies = { problems: [], networkPolicies: [], calicoPolicies: [], tiers: [], keys: [] };
  const problems: PolicyProblem[] = [];
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const tierNames = new Set<string>();
  let count = 0;
  for (const d of list) {
    const js = d.errors.length ? undefined : (d.toJS() as unknown);
    if (!js || typeof js !== 'object') continue;
    const o = js as { kind?: unknown; metadata?: { name?: unknown } };
    count++;
    if (typeof o.kind !== 'string' || !POLICY_KINDS.has(o.kind)) {
      const line = d.range ? text.slice(0, d.range[0]).split('\n').length : 0;
      problems.push({ line, path: 'kind', code: 'E-POLICY', message: `kind ${JSON.stringify(o.kind ?? null)}: only NetworkPolicy, GlobalNetworkPolicy and Tier belong here (other resources are edited elsewhere in the lab)` });
    }
    if (o.kind === 'Tier' && typeof o.metadata?.name === 'string') tierNames.add(o.metadata.name);
  }
  if (problems.length) return { ...empty, problems };
  const base = scenarioToYaml(withoutPolicies(s, tierNames));
  const head = base.endsWith('\n') ? base : base + '\n';
  const offset = head.split('\n').length; // lines of the lab, plus the "---" line
  const full = `${head}---\n${text}`;
  // the session's checker (parse + policy validation, one locating step): lines after the lab's are the text's own
  const origin = (line: number) => (line > offset ? { file: 'policy.yaml', line: line - offset } : { file: 'the lab', line });
  const checked = checkText(full, 'policy.yaml', origin);
  const problemOf = (e: LabError): PolicyProblem => ({ line: e.loc?.file === 'policy.yaml' ? e.loc.line : 0, path: e.loc?.path ?? '', code: e.code, message: e.detail });
  if (!checked.scenario) return { ...empty, problems: checked.errors.map(problemOf) };
  const sc = checked.scenario;
  if (count === 0 || (!sc.networkPolicies.length && !sc.calicoPolicies.length && !tierNames.size)) {
    return { ...empty, problems: [{ line: 0, path: '', code: 'E-POLICY', message: 'no NetworkPolicy, GlobalNetworkPolicy or Tier in the text' }] };
  }
  if (checked.errors.length) return { ...empty, problems: checked.errors.map(problemOf) };
  const tiers = sc.tiers.filter((t) => tierNames.has(t.name));
  return {
    problems: [],
    networkPolicies: sc.networkPolicies,
    calicoPolicies: sc.calicoPolicies,
    tiers,
    keys: [...tiers.map(tierKey), ...sc.calicoPolicies.map(calicoKey), ...sc.networkPolicies.map(k8sKey)],
  };
}

function refOf(key: string) {
  const slash = key.indexOf('/');
  return { kind: key.slice(0, slash), name: key.slice(slash + 1), doc: -1 };
}

/** Applies parsed policies (as `kubectl apply`: same name replaces), first removing `replacing` (an edit that renamed it). */
export function applyPoliciesEdit(p: ParsedPolicies, label: string, replacing?: string): Edit {
  return {
    label,
    apply(src) {
      const s = structuredClone(src);
      const drop = new Set(p.keys);
      if (replacing) drop.add(replacing);
      s.networkPolicies = s.networkPolicies.filter((x) => !drop.has(k8sKey(x)));
      s.calicoPolicies = s.calicoPolicies.filter((x) => !drop.has(calicoKey(x)));
      const tiersKept = s.tiers.filter((x) => !drop.has(tierKey(x)));
      for (const k of drop) delete s.refs[k];
      s.tiers = [...tiersKept, ...structuredClone(p.tiers)];
      s.calicoPolicies.push(...structuredClone(p.calicoPolicies));
      s.networkPolicies.push(...structuredClone(p.networkPolicies));
      for (const k of p.keys) s.refs[k] = refOf(k);
      return s;
    },
  };
}

export function removePolicyEdit(key: string, label: string): Edit {
  return {
    label,
    apply(src) {
      const s = structuredClone(src);
      if (!listPolicies(s).some((x) => x.key === key)) throw new Error(`${key} is not in the lab`);
      s.networkPolicies = s.networkPolicies.filter((x) => k8sKey(x) !== key);
      s.calicoPolicies = s.calicoPolicies.filter((x) => calicoKey(x) !== key);
      s.tiers = s.tiers.filter((x) => tierKey(x) !== key);
      delete s.refs[key];
      return s;
    },
  };
}
