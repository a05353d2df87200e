// projectcalico.org/v3 policy semantics: tier and policy order (felix/calc/policy_sorter.go),
// actions and end-of-tier behaviour (Calico docs "How policy is evaluated", felix/rules/
// endpoints.go), namespace folding (libcalico-go updateprocessors), validation.
import { describe, expect, it } from 'vitest';
import type { CalicoPolicy, K8sNetworkPolicy, Namespace, Tier } from '../../model';
import { compilePolicies } from '../compile';
import { decide } from '../evaluate';
import type { FlowProtocol, PolicyPod } from '../types';
import { comparePolicies, DEFAULT_TIER_ORDER, resolveTiers } from './tiers';
import type { Policy } from './model';

const namespaces: Namespace[] = [
  { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev', team: 'a' } },
  { name: 'prod', labels: { 'kubernetes.io/metadata.name': 'prod', team: 'b' } },
  { name: 'kube-system', labels: { 'kubernetes.io/metadata.name': 'kube-system' } },
];
const P = (namespace: string, name: string, labels: Record<string, string>, ip: string, ports: PolicyPod['ports'] = [], serviceAccountName?: string): PolicyPod => ({
  namespace,
  name,
  labels,
  ip,
  node: 'n1',
  ports,
  ...(serviceAccountName ? { serviceAccountName } : {}),
});
const pods: PolicyPod[] = [
  P('dev', 'web', { app: 'web' }, '10.244.1.10', [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], 'web-sa'),
  P('dev', 'db', { app: 'db' }, '10.244.1.11', [{ name: 'pg', containerPort: 5432, protocol: 'TCP' }]),
  P('prod', 'web', { app: 'web' }, '10.244.2.10', [{ name: 'http', containerPort: 8080, protocol: 'TCP' }]),
  P('prod', 'api', { app: 'api' }, '10.244.2.11'),
  P('kube-system', 'dns', { 'k8s-app': 'kube-dns' }, '10.244.0.2', [{ name: 'dns', containerPort: 53, protocol: 'UDP' }]),
];
const ipOf = (k: string) => pods.find((p) => `${p.namespace}/${p.name}` === k)!.ip;

interface W {
  calico?: CalicoPolicy[];
  k8s?: K8sNetworkPolicy[];
  tiers?: Tier[];
}
const compile = (w: W) => compilePolicies({ pods, namespaces, networkPolicies: w.k8s ?? [], calicoPolicies: w.calico ?? [], tiers: w.tiers ?? [], enforced: true });
function run(w: W, from: string, to: string, protocol: FlowProtocol = 'TCP', port?: number, icmp?: { type: number; code: number }) {
  const c = compile(w);
  expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return decide(c, { src: { ip: ipOf(from), pod: from }, dst: { ip: ipOf(to), pod: to }, protocol, ...(port !== undefined ? { port } : {}), ...(icmp ? { icmp } : {}) });
}
const gnp = (name: string, spec: Record<string, unknown>): CalicoPolicy => ({ kind: 'GlobalNetworkPolicy', name, spec });
const cnp = (namespace: string, name: string, spec: Record<string, unknown>): CalicoPolicy => ({ kind: 'NetworkPolicy', namespace, name, spec });

describe('tier order', () => {
  it('ascending order, ties by name, no order last; default tier is 1,000,000 and Deny', () => {
    const { tiers, errors } = resolveTiers([{ name: 'security', order: 100 }, { name: 'platform' }, { name: 'app', order: 100 }, { name: 'late', order: 2_000_000 }]);
    expect(errors).toEqual([]);
    expect(tiers.map((t) => t.name)).toEqual(['app', 'security', 'default', 'late', 'platform']);
    expect(tiers.find((t) => t.name === 'default')).toEqual({ name: 'default', order: DEFAULT_TIER_ORDER, defaultAction: 'Deny' });
  });
  it('the default tier cannot pass', () => {
    expect(resolveTiers([{ name: 'default', defaultAction: 'Pass' }]).errors).toHaveLength(1);
  });
  it('a policy in an earlier tier decides before the default tier', () => {
    const tiers: Tier[] = [{ name: 'security', order: 100 }];
    const deny = gnp('security.block-prod', { tier: 'security', selector: "app == 'web'", ingress: [{ action: 'Deny', source: { namespaceSelector: "team == 'b'" } }, { action: 'Pass' }] });
    const allowAll = gnp('allow-all', { ingress: [{ action: 'Allow' }] });
    const d = run({ tiers, calico: [deny, allowAll] }, 'prod/api', 'dev/web');
    expect(d.allowed).toBe(false);
    expect(d.ingress.reason).toBe('security.block-prod ingress rule 0 Deny');
    expect(d.ingress.selectedBy.map((r) => r.name)).toEqual(['security.block-prod', 'allow-all']);
    expect(run({ tiers, calico: [deny, allowAll] }, 'dev/db', 'dev/web').ingress.reason).toBe('allow-all ingress rule 0 Allow');
  });
});

describe('tiers written by hand (felix policy_sorter.go TierLess; Tier validation)', () => {
  const names = (ts: Tier[]) => resolveTiers(ts).tiers.map((t) => `${t.name}:${t.order ?? '-'}:${t.defaultAction}`);
  it('a second Tier of one name is refused; the first stays', () => {
    const r = resolveTiers([{ name: 'a', order: 1 }, { name: 'a', order: 2, defaultAction: 'Pass' }]);
    expect(r.errors).toEqual([{ tier: 'a', error: { path: 'metadata.name', message: 'Duplicate value: "a"' } }]);
    expect(r.tiers).toEqual([{ name: 'a', order: 1, defaultAction: 'Deny' }, { name: 'default', order: DEFAULT_TIER_ORDER, defaultAction: 'Deny' }]);
  });
  it('the default tier keeps an order written for it, else 1,000,000; it never passes', () => {
    expect(names([{ name: 'b', order: 10 }, { name: 'default', order: 5 }])).toEqual(['default:5:Deny', 'b:10:Deny']);
    expect(resolveTiers([{ name: 'default', order: 5, defaultAction: 'Deny' }, { name: 'b' }])).toStrictEqual({
      tiers: [{ name: 'default', order: 5, defaultAction: 'Deny' }, { name: 'b', defaultAction: 'Deny' }],
      errors: [],
    });
    expect(names([{ name: 'default' }, { name: 'late', order: 2_000_000, defaultAction: 'Pass' }])).toEqual(['default:1000000:Deny', 'late:2000000:Pass']);
    const r = resolveTiers([{ name: 'default', defaultAction: 'Pass' }]);
    expect(r.errors).toEqual([{ tier: 'default', error: { path: 'spec.defaultAction', message: 'Invalid value: "Pass": the default tier\'s defaultAction must be Deny' } }]);
    expect(r.tiers).toEqual([{ name: 'default', order: DEFAULT_TIER_ORDER, defaultAction: 'Deny' }]);
  });
  it('tiers without order come last, by name, whichever is written first', () => {
    expect(names([{ name: 'z' }, { name: 'y' }, { name: 'm', order: 5 }])).toEqual(['m:5:Deny', 'default:1000000:Deny', 'y:-:Deny', 'z:-:Deny']);
    expect(names([{ name: 'm', order: 5 }, { name: 'y' }, { name: 'a', order: 7 }])).toEqual(['m:5:Deny', 'a:7:Deny', 'default:1000000:Deny', 'y:-:Deny']);
  });
  it('policies: lower order first, then name, then namespace (a GlobalNetworkPolicy has none)', () => {
    const pol = (name: string, order: number, namespace?: string) => ({ order, ref: { kind: 'NetworkPolicy', name, tier: 'default', ...(namespace ? { namespace } : {}) } }) as unknown as Policy;
    const sorted = [pol('b', 1), pol('a', 2), pol('p', 1, 'prod'), pol('p', 1, 'dev'), pol('p', 1), pol('c', Infinity), pol('a', 1)].sort(comparePolicies);
    expect(sorted.map((p) => `${p.ref.name}/${p.ref.namespace ?? ''}:${p.order}`)).toEqual(['a/:1', 'b/:1', 'p/:1', 'p/dev:1', 'p/prod:1', 'a/:2', 'c/:Infinity']);
    expect(comparePolicies(pol('a', 1), pol('a', 1))).toBe(0);
    expect(comparePolicies(pol('b', 1), pol('a', 1))).toBe(1);
    expect(comparePolicies(pol('a', 1), pol('b', 1))).toBe(-1);
    expect(comparePolicies(pol('a', 2), pol('b', 1))).toBe(1);
    expect(comparePolicies(pol('b', 1), pol('a', 2))).toBe(-1);
  });
});

describe('policy order inside a tier', () => {
  it('lower order first, unset last, ties by name', () => {
    const a = gnp('b-allow', { order: 10, ingress: [{ action: 'Allow' }] });
    const b = gnp('a-deny', { order: 10, ingress: [{ action: 'Deny' }] });
    const unset = gnp('0-unset-allow', { ingress: [{ action: 'Allow' }] });
    const d = run({ calico: [unset, a, b] }, 'dev/db', 'dev/web');
    expect(d.ingress.selectedBy.map((r) => r.name)).toEqual(['a-deny', 'b-allow', '0-unset-allow']);
    expect(d.ingress.reason).toBe('a-deny ingress rule 0 Deny');
  });
  it('a GlobalNetworkPolicy with a low order overrides a Kubernetes deny (order 1000)', () => {
    const denyAll: K8sNetworkPolicy = { namespace: 'dev', name: 'deny-all', spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    const allowSystem = gnp('allow-kube-system', { order: 0, namespaceSelector: "projectcalico.org/name == 'dev'", ingress: [{ action: 'Allow', source: { namespaceSelector: "projectcalico.org/name == 'kube-system'" } }] });
    const ok = run({ k8s: [denyAll], calico: [allowSystem] }, 'kube-system/dns', 'dev/web');
    expect(ok.allowed).toBe(true);
    expect(ok.ingress.reason).toBe('allow-kube-system ingress rule 0 Allow');
    const no = run({ k8s: [denyAll], calico: [allowSystem] }, 'prod/api', 'dev/web');
    expect(no.allowed).toBe(false);
    expect(no.ingress.selectedBy.map((r) => r.name)).toEqual(['allow-kube-system', 'knp.default.deny-all']);
    expect(no.ingress.reason).toBe('default tier: no rule matched: implicit deny');
  });
  it('with order 2000 the same GlobalNetworkPolicy still adds to the Kubernetes allow-list (policies in a tier are OR-ed until a verdict)', () => {
    const denyAll: K8sNetworkPolicy = { namespace: 'dev', name: 'deny-all', spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    const allowSystem = gnp('allow-kube-system', { order: 2000, ingress: [{ action: 'Allow', source: { namespaceSelector: "projectcalico.org/name == 'kube-system'" } }] });
    expect(run({ k8s: [denyAll], calico: [allowSystem] }, 'kube-system/dns', 'dev/web').allowed).toBe(true);
  });
});

describe('actions', () => {
  it('Log records and continues; Deny ends', () => {
    const p = gnp('p', { ingress: [{ action: 'Log' }, { action: 'Deny', protocol: 'TCP' }, { action: 'Allow' }] });
    const d = run({ calico: [p] }, 'dev/db', 'dev/web', 'TCP', 80);
    expect(d.allowed).toBe(false);
    expect(d.ingress.steps).toEqual([{ policy: d.ingress.selectedBy[0], logged: [0], rule: { index: 1, action: 'Deny', label: 'p ingress rule 1 Deny' } }]);
    expect(run({ calico: [p] }, 'dev/db', 'dev/web', 'UDP', 80).ingress.reason).toBe('p ingress rule 2 Allow');
  });
  it('Pass skips the rest of the tier; the next tier (or the profile) decides', () => {
    const tiers: Tier[] = [{ name: 'security', order: 100 }];
    const pass = gnp('security.pass-team-a', { tier: 'security', order: 10, ingress: [{ action: 'Pass', source: { namespaceSelector: "team == 'a'" } }, { action: 'Deny' }] });
    const later = gnp('security.allow-all', { tier: 'security', order: 500, ingress: [{ action: 'Allow' }] });
    // passed, and no policy of the default tier selects dev/web: the profile allows
    const d = run({ tiers, calico: [pass, later] }, 'dev/db', 'dev/web');
    expect(d.allowed).toBe(true);
    expect(d.ingress.reason).toBe('security tier passed: allowed by profile kns.dev');
    expect(d.ingress.steps.map((s) => s.policy.name)).toEqual(['security.pass-team-a']);
    // passed into a default tier that denies
    const k8sDeny: K8sNetworkPolicy = { namespace: 'dev', name: 'deny', spec: { podSelector: {} } };
    expect(run({ tiers, calico: [pass, later], k8s: [k8sDeny] }, 'dev/db', 'dev/web').ingress.reason).toBe('default tier: no rule matched: implicit deny');
    expect(run({ tiers, calico: [pass, later] }, 'prod/api', 'dev/web').ingress.reason).toBe('security.pass-team-a ingress rule 1 Deny');
  });
  it("end of tier: the tier's defaultAction (Pass continues, Deny stops)", () => {
    const logOnly = (tier: string) => gnp(`${tier}.log`, { tier, ingress: [{ action: 'Log' }] });
    const passing = run({ tiers: [{ name: 'observe', order: 10, defaultAction: 'Pass' }], calico: [logOnly('observe')] }, 'dev/db', 'dev/web');
    expect(passing.allowed).toBe(true);
    expect(passing.ingress.steps[0].logged).toEqual([0]);
    expect(passing.ingress.reason).toBe('observe tier passed: allowed by profile kns.dev');
    const denying = run({ tiers: [{ name: 'observe', order: 10 }], calico: [logOnly('observe')] }, 'dev/db', 'dev/web');
    expect(denying.ingress.reason).toBe('observe tier: no rule matched: implicit deny');
  });
  it('a tier only applies to an endpoint some policy of it selects (per direction)', () => {
    const denyEgressOnly = gnp('deny-egress', { selector: "app == 'web'", types: ['Egress'], egress: [{ action: 'Deny' }] });
    const d = run({ calico: [denyEgressOnly] }, 'dev/db', 'dev/web');
    expect(d.allowed).toBe(true);
    expect(d.ingress.reason).toBe('no policy selects this pod: allowed by profile kns.dev');
    expect(run({ calico: [denyEgressOnly] }, 'dev/web', 'dev/db').egress.reason).toBe('deny-egress egress rule 0 Deny');
  });
  it('types default: only egress rules → [Egress]; ingress or none → [Ingress]', () => {
    const egressOnly = gnp('e', { egress: [{ action: 'Deny' }] });
    expect(run({ calico: [egressOnly] }, 'dev/db', 'dev/web').ingress.selectedBy).toEqual([]);
    const none = gnp('n', {});
    expect(run({ calico: [none] }, 'dev/db', 'dev/web').ingress.reason).toBe('default tier: no rule matched: implicit deny');
    expect(run({ calico: [none] }, 'dev/web', 'dev/db').egress.selectedBy).toEqual([]);
  });
});

describe('namespaced NetworkPolicy scope', () => {
  const allowFrom = (source: Record<string, unknown>) => cnp('dev', 'allow', { selector: "app == 'web'", ingress: [{ action: 'Allow', source }] });
  it('applies only to endpoints in its namespace', () => {
    const p = cnp('dev', 'deny', { selector: 'all()', ingress: [{ action: 'Deny' }] });
    expect(run({ calico: [p] }, 'dev/db', 'dev/web').allowed).toBe(false);
    expect(run({ calico: [p] }, 'dev/db', 'prod/web').allowed).toBe(true);
  });
  it('rule selectors default to its namespace', () => {
    const p = allowFrom({ selector: "app == 'db' || app == 'api'" });
    expect(run({ calico: [p] }, 'dev/db', 'dev/web').allowed).toBe(true);
    expect(run({ calico: [p] }, 'prod/api', 'dev/web').allowed).toBe(false);
  });
  it('namespaceSelector widens them: namespace labels as pcns.*, the name as projectcalico.org/name, all() = every namespace', () => {
    expect(run({ calico: [allowFrom({ namespaceSelector: "team == 'b'" })] }, 'prod/api', 'dev/web').allowed).toBe(true);
    expect(run({ calico: [allowFrom({ namespaceSelector: "team == 'b'" })] }, 'dev/db', 'dev/web').allowed).toBe(false);
    expect(run({ calico: [allowFrom({ namespaceSelector: "projectcalico.org/name == 'kube-system'" })] }, 'kube-system/dns', 'dev/web').allowed).toBe(true);
    expect(run({ calico: [allowFrom({ namespaceSelector: 'all()', selector: "app == 'api'" })] }, 'prod/api', 'dev/web').allowed).toBe(true);
    // global() selects only non-namespaced endpoints: never a pod
    expect(run({ calico: [allowFrom({ namespaceSelector: 'global()' })] }, 'prod/api', 'dev/web').allowed).toBe(false);
  });
  it('nets alone are not namespace-limited', () => {
    expect(run({ calico: [allowFrom({ nets: ['10.244.2.0/24'] })] }, 'prod/api', 'dev/web').allowed).toBe(true);
    expect(run({ calico: [allowFrom({ nets: ['10.244.2.0/24'] })] }, 'dev/db', 'dev/web').allowed).toBe(false);
    expect(run({ calico: [allowFrom({ notNets: ['10.244.2.0/24'] })] }, 'dev/db', 'dev/web').allowed).toBe(true);
  });
  it('notSelector is not namespaced itself, but brings in the namespace term', () => {
    const p = allowFrom({ notSelector: "app == 'web'" });
    expect(run({ calico: [p] }, 'dev/db', 'dev/web').allowed).toBe(true);
    expect(run({ calico: [p] }, 'prod/api', 'dev/web').allowed).toBe(false);
  });
  it('serviceAccounts match the pod service account (projectcalico.org/serviceaccount, pcsa.*)', () => {
    const byName = cnp('dev', 'sa', { selector: "app == 'db'", ingress: [{ action: 'Allow', source: { serviceAccounts: { names: ['web-sa'] } } }] });
    expect(run({ calico: [byName] }, 'dev/web', 'dev/db').allowed).toBe(true);
    expect(run({ calico: [byName] }, 'prod/web', 'dev/db').allowed).toBe(false);
    const bySel = gnp('sa2', { selector: "app == 'db'", ingress: [{ action: 'Allow', source: { serviceAccounts: { selector: "projectcalico.org/name == 'default'" } } }] });
    expect(run({ calico: [bySel] }, 'prod/api', 'dev/db').allowed).toBe(true);
    expect(run({ calico: [bySel] }, 'dev/web', 'dev/db').allowed).toBe(false);
  });
  it('GlobalNetworkPolicy namespaceSelector: all() = pods of any namespace; global() is not rewritten there and matches every endpoint', () => {
    const deny = (namespaceSelector: string) => [gnp('p', { namespaceSelector, ingress: [{ action: 'Deny' }] })];
    expect(run({ calico: deny('all()') }, 'dev/db', 'prod/web').allowed).toBe(false);
    expect(run({ calico: deny('global()') }, 'dev/db', 'prod/web').allowed).toBe(false);
  });
  it('GlobalNetworkPolicy selector and namespaceSelector are AND-ed', () => {
    const p = gnp('p', { selector: "app == 'web'", namespaceSelector: "team == 'b'", ingress: [{ action: 'Deny' }] });
    expect(run({ calico: [p] }, 'dev/db', 'prod/web').allowed).toBe(false);
    expect(run({ calico: [p] }, 'dev/db', 'dev/web').allowed).toBe(true);
  });
});

describe('rule fields', () => {
  const allow = (rule: Record<string, unknown>) => [gnp('p', { selector: "app == 'web'", ingress: [{ action: 'Allow', ...rule }] })];
  it('ports: numbers, "a:b" ranges, named ports (protocol-aware), notPorts', () => {
    expect(run({ calico: allow({ protocol: 'TCP', destination: { ports: [80, '8000:8090'] } }) }, 'dev/db', 'dev/web', 'TCP', 8085).allowed).toBe(true);
    expect(run({ calico: allow({ protocol: 'TCP', destination: { ports: [80, '8000:8090'] } }) }, 'dev/db', 'dev/web', 'TCP', 8091).allowed).toBe(false);
    expect(run({ calico: allow({ protocol: 'TCP', destination: { ports: ['http'] } }) }, 'dev/db', 'dev/web', 'TCP', 8080).allowed).toBe(true);
    expect(run({ calico: allow({ protocol: 'UDP', destination: { ports: ['http'] } }) }, 'dev/db', 'dev/web', 'UDP', 8080).allowed).toBe(false);
    expect(run({ calico: allow({ protocol: 'TCP', destination: { notPorts: [22] } }) }, 'dev/db', 'dev/web', 'TCP', 22).allowed).toBe(false);
    expect(run({ calico: allow({ protocol: 'TCP', destination: { notPorts: [22] } }) }, 'dev/db', 'dev/web', 'TCP', 23).allowed).toBe(true);
  });
  it('source ports only match when the flow has one', () => {
    expect(run({ calico: allow({ protocol: 'TCP', source: { ports: ['1024:65535'] } }) }, 'dev/db', 'dev/web', 'TCP', 80).allowed).toBe(false);
  });
  it('protocol / notProtocol, by name or number', () => {
    expect(run({ calico: allow({ notProtocol: 'UDP' }) }, 'dev/db', 'dev/web', 'TCP', 80).allowed).toBe(true);
    expect(run({ calico: allow({ notProtocol: 'UDP' }) }, 'dev/db', 'dev/web', 'UDP', 80).allowed).toBe(false);
    expect(run({ calico: allow({ protocol: 132 }) }, 'dev/db', 'dev/web', 'SCTP', 80).allowed).toBe(true);
  });
  it('icmp type/code; ICMP flows default to echo request', () => {
    expect(run({ calico: allow({ protocol: 'ICMP', icmp: { type: 8 } }) }, 'dev/db', 'dev/web', 'ICMP').allowed).toBe(true);
    expect(run({ calico: allow({ protocol: 'ICMP', icmp: { type: 8 } }) }, 'dev/db', 'dev/web', 'ICMP', undefined, { type: 13, code: 0 }).allowed).toBe(false);
    expect(run({ calico: allow({ protocol: 'ICMP', notICMP: { type: 8 } }) }, 'dev/db', 'dev/web', 'ICMP').allowed).toBe(false);
  });
  it('ipVersion 6 rules never match the IPv4 pods', () => {
    expect(run({ calico: allow({ ipVersion: 6 }) }, 'dev/db', 'dev/web').allowed).toBe(false);
  });
  it('destination selector on egress', () => {
    const p = gnp('p', { selector: "app == 'web'", egress: [{ action: 'Allow', destination: { selector: "app == 'db'", namespaceSelector: 'all()' } }] });
    expect(run({ calico: [p] }, 'dev/web', 'dev/db').allowed).toBe(true);
    expect(run({ calico: [p] }, 'dev/web', 'prod/api').allowed).toBe(false);
  });
});

describe('validation', () => {
  const diag = (p: CalicoPolicy, tiers: Tier[] = []) => compile({ calico: [p], tiers }).diagnostics;
  it('bad selector, with its position', () => {
    expect(diag(gnp('p', { selector: "app = 'x'" }))).toEqual([
      { resource: 'GlobalNetworkPolicy/p', severity: 'error', path: 'spec.selector', message: 'selector: unexpected token "=" at position 4, expected "==" or "!="' },
    ]);
    expect(diag(gnp('p', { ingress: [{ action: 'Allow', source: { selector: "a == 'b' &&" } }] }))[0]).toMatchObject({
      path: 'spec.ingress[0].source.selector',
      message: 'selector: unexpected end of selector at position 11, expected a label, "(", "!", "has(", "all()" or "global()"',
    });
  });
  it('unknown action', () => {
    expect(diag(gnp('p', { ingress: [{ action: 'allow' }] }))[0]).toMatchObject({ path: 'spec.ingress[0].action', message: 'Unsupported value: "allow": supported values: "Allow", "Deny", "Log", "Pass"' });
    expect(diag(gnp('p', { egress: [{}] }))[0]).toMatchObject({ path: 'spec.egress[0].action', message: 'Required value' });
  });
  it('ports need protocol TCP, UDP or SCTP', () => {
    expect(diag(gnp('p', { ingress: [{ action: 'Allow', destination: { ports: [80] } }] }))[0]).toMatchObject({
      path: 'spec.ingress[0].destination.ports',
      message: 'Invalid value: null: ports are only allowed when protocol is TCP, UDP or SCTP',
    });
    expect(diag(gnp('p', { ingress: [{ action: 'Allow', protocol: 'ICMP', source: { notPorts: [1] } }] }))[0].path).toBe('spec.ingress[0].source.notPorts');
    expect(diag(gnp('p', { ingress: [{ action: 'Allow', protocol: 'TCP', destination: { ports: ['9000:8000', 'Bad_Name'] } }] })).map((d) => d.path)).toEqual([
      'spec.ingress[0].destination.ports[0]',
      'spec.ingress[0].destination.ports[1]',
    ]);
  });
  it('other checks: unknown tier, icmp without ICMP, unknown fields, bad nets', () => {
    expect(diag(gnp('p', { tier: 'nope' }))[0]).toMatchObject({ path: 'spec.tier' });
    expect(diag(gnp('p', { ingress: [{ action: 'Allow', icmp: { type: 8 } }] }))[0]).toMatchObject({ path: 'spec.ingress[0].icmp' });
    expect(diag(cnp('dev', 'p', { namespaceSelector: 'all()' }))[0]).toMatchObject({ path: 'spec.namespaceSelector', message: 'unknown field "spec.namespaceSelector"' });
    expect(diag(gnp('p', { ingress: [{ action: 'Allow', source: { nets: ['10.0.0.0/40'] } }] }))[0]).toMatchObject({ path: 'spec.ingress[0].source.nets[0]' });
  });
  it('an invalid policy is not applied', () => {
    const c = compile({ calico: [gnp('p', { selector: "app = 'x'", ingress: [{ action: 'Deny' }] })] });
    expect(c.policies).toEqual([]);
  });
  it('doNotTrack / preDNAT policies are for host endpoints: warned, not applied to pods', () => {
    const c = compile({ calico: [gnp('p', { doNotTrack: true, ingress: [{ action: 'Deny' }] })] });
    expect(c.policies).toEqual([]);
    expect(c.diagnostics[0]).toMatchObject({ severity: 'warning', path: 'spec.doNotTrack' });
  });
});
