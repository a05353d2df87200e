// Property tests over random worlds (fast-check, fixed seed, printed on failure):
// 1. adding an allow-all policy for both directions (selecting every pod) never removes a connection;
// 2. a pod selected by no policy is reachable from every client whose egress allows it;
// 3. the matrix agrees with decide() pair by pair;
// 4. for Kubernetes-only worlds, the Calico-translated evaluation agrees with a direct reading of
//    the Kubernetes NetworkPolicy spec (an independent reference written below from the API docs).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { CalicoPolicy, K8sNetworkPolicy, Namespace, Tier } from '../model';
import { compilePolicies } from './compile';
import { decide } from './evaluate';
import { matrix, probeKey, type Probe } from './matrix';
import { parseIp } from '../util/ipv4';
import { parseNet, netHasIp } from './net';
import type { PolicyPod, PolicyWorld } from './types';

const SEED = 424242;
const RUNS = 150;

const NAMESPACES = ['a', 'b', 'c'];
const probes: Probe[] = [
  { protocol: 'TCP', port: 80 },
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 8080 },
  { protocol: 'SCTP', port: 80 },
];

const labelArb = fc.record({ app: fc.constantFrom('web', 'db', 'api'), tier: fc.option(fc.constantFrom('fe', 'be'), { nil: undefined }) }).map((l) => {
  const out: Record<string, string> = { app: l.app };
  if (l.tier) out.tier = l.tier;
  return out;
});
const portSetArb = fc.subarray([
  { name: 'http', containerPort: 80, protocol: 'TCP' as const },
  { name: 'dns', containerPort: 53, protocol: 'UDP' as const },
  { name: 'alt', containerPort: 8080, protocol: 'UDP' as const },
  { name: 'web', containerPort: 8080, protocol: 'TCP' as const },
]);
const podsArb = fc.array(fc.tuple(fc.constantFrom(...NAMESPACES), labelArb, portSetArb), { minLength: 3, maxLength: 9 }).map((ps) =>
  ps.map(([namespace, labels, ports], i): PolicyPod => ({ namespace, name: `p${i}`, labels, ip: `10.244.0.${i + 2}`, node: 'n', ports })),
);
const nsArb = fc.tuple(...NAMESPACES.map(() => fc.constantFrom('prod', 'dev'))).map((envs) =>
  NAMESPACES.map((name, i): Namespace => ({ name, labels: { 'kubernetes.io/metadata.name': name, env: envs[i] } })),
);

const selArb = fc.record(
  {
    matchLabels: fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('web', 'db', 'fe')),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({ key: fc.constantFrom('app', 'tier'), operator: fc.constantFrom('In', 'NotIn'), values: fc.subarray(['web', 'db', 'fe', 'be'], { minLength: 1 }) }),
        fc.record({ key: fc.constantFrom('app', 'tier'), operator: fc.constantFrom('Exists', 'DoesNotExist') }),
      ),
      { maxLength: 1 },
    ),
  },
  { requiredKeys: [] },
);
const nsSelArb = fc.record(
  {
    matchLabels: fc.dictionary(fc.constantFrom('env', 'kubernetes.io/metadata.name'), fc.constantFrom('prod', 'dev', 'a', 'b')),
    matchExpressions: fc.array(fc.record({ key: fc.constantFrom('env', 'kubernetes.io/metadata.name'), operator: fc.constantFrom('In', 'NotIn'), values: fc.subarray(['prod', 'a', 'c'], { minLength: 1 }) }), {
      maxLength: 1,
    }),
  },
  { requiredKeys: [] },
);
// ipBlock peers: a cidr and 0–3 `except` holes. The pods sit on 10.244.0.2–10.244.0.10, so the holes are
// small blocks among them; each is a strict subset of every cidr offered (validation refuses anything else),
// and the holes are disjoint, so a pod inside the second or third one is excluded only by that entry.
const EXCEPT_HOLES = ['10.244.0.2/31', '10.244.0.4/32', '10.244.0.5/32', '10.244.0.6/31', '10.244.0.8/30'];
const ipBlockArb = fc
  .tuple(fc.constantFrom('10.244.0.0/16', '0.0.0.0/0', '10.244.0.0/28'), fc.subarray(EXCEPT_HOLES, { maxLength: 3 }), fc.boolean())
  .map(([cidr, holes, reversed]) => {
    const except = reversed ? [...holes].reverse() : holes;
    return { ipBlock: except.length ? { cidr, except } : { cidr } };
  });
const peerArb = fc.oneof(
  selArb.map((podSelector) => ({ podSelector })),
  nsSelArb.map((namespaceSelector) => ({ namespaceSelector })),
  fc.tuple(selArb, nsSelArb).map(([podSelector, namespaceSelector]) => ({ podSelector, namespaceSelector })),
  ipBlockArb,
);
const portArb = fc.oneof(
  fc.record({ port: fc.constantFrom<number | string>(80, 53, 8080, 'http', 'dns', 'web', 'alt'), protocol: fc.option(fc.constantFrom('TCP', 'UDP', 'SCTP'), { nil: undefined }) }, { requiredKeys: ['port'] }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP') }),
  fc.constant({ port: 50, endPort: 90 }),
);
// Ports are often left out so that peers decide more often (denser truth tables).
const ruleArb = (peerField: 'from' | 'to') =>
  fc.record(
    { [peerField]: fc.array(peerArb, { minLength: 1, maxLength: 2 }), ports: fc.oneof(fc.constant([]), fc.array(portArb, { maxLength: 2 })) },
    { requiredKeys: [peerField] },
  ) as fc.Arbitrary<Record<string, unknown>>;
const k8sPolicyArb = fc
  .record(
    {
      ns: fc.constantFrom(...NAMESPACES),
      podSelector: selArb,
      policyTypes: fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
      ingress: fc.array(ruleArb('from'), { maxLength: 2 }),
      egress: fc.array(ruleArb('to'), { maxLength: 2 }),
    },
    { requiredKeys: ['ns', 'podSelector'] },
  )
  .map(({ ns, ...spec }) => ({ ns, spec }));
const k8sPoliciesArb = fc.array(k8sPolicyArb, { maxLength: 4 }).map((ps) => ps.map((p, i): K8sNetworkPolicy => ({ namespace: p.ns, name: `np${i}`, spec: p.spec as Record<string, unknown> })));

const calicoRuleArb = fc.record(
  {
    action: fc.constantFrom('Allow', 'Deny', 'Log', 'Pass'),
    protocol: fc.constantFrom('TCP', 'UDP'),
    destination: fc.constantFrom({ ports: [80] }, { ports: [53, '8000:8100'] }, {}),
    source: fc.constantFrom({ selector: "app == 'web'" }, { namespaceSelector: "env == 'prod'" }, { nets: ['10.244.0.0/30'] }, {}),
  },
  // ports need a protocol (validation), so protocol is always there
  { requiredKeys: ['action', 'protocol'] },
);
const gnpArb = fc.record({
  order: fc.option(fc.constantFrom(0, 500, 1000, 2000), { nil: undefined }),
  tier: fc.constantFrom('default', 'sec'),
  selector: fc.constantFrom('all()', "app == 'web'", 'has(tier)', "app != 'db'"),
  ingress: fc.array(calicoRuleArb, { maxLength: 2 }),
  egress: fc.array(calicoRuleArb, { maxLength: 2 }),
});
const gnpsArb = fc.array(gnpArb, { maxLength: 3 }).map((gs) =>
  gs.map(({ order, ...g }, i): CalicoPolicy => ({ kind: 'GlobalNetworkPolicy', name: `g${i}`, spec: order === undefined ? g : { ...g, order } })),
);
const tiers: Tier[] = [{ name: 'sec', order: 100 }];

const worldArb = fc.record({ pods: podsArb, namespaces: nsArb, k8s: k8sPoliciesArb, calico: gnpsArb });
const mkWorld = (w: { pods: PolicyPod[]; namespaces: Namespace[]; k8s: K8sNetworkPolicy[]; calico: CalicoPolicy[] }): PolicyWorld => ({
  pods: w.pods,
  namespaces: w.namespaces,
  networkPolicies: w.k8s,
  calicoPolicies: w.calico,
  tiers,
  enforced: true,
});

const params = { seed: SEED, numRuns: RUNS };

describe(`policy properties (fast-check seed ${SEED})`, () => {
  it('generated policies are valid (so the properties test something)', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const c = compilePolicies(mkWorld(w));
        expect(c.diagnostics).toEqual([]);
      }),
      params,
    );
  });

  it('adding an allow-all policy (both directions, every pod) never removes a connection', () => {
    const allowAll = (order?: number): CalicoPolicy => ({
      kind: 'GlobalNetworkPolicy',
      name: 'zz-allow-all',
      spec: { selector: 'all()', types: ['Ingress', 'Egress'], ingress: [{ action: 'Allow' }], egress: [{ action: 'Allow' }], ...(order !== undefined ? { order } : {}) },
    });
    const k8sAllowAll = NAMESPACES.map((ns): K8sNetworkPolicy => ({ namespace: ns, name: 'zz-allow-all', spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] } }));
    fc.assert(
      fc.property(worldArb, fc.constantFrom<'gnp-first' | 'gnp-last' | 'k8s'>('gnp-first', 'gnp-last', 'k8s'), (w, how) => {
        const before = matrix(compilePolicies(mkWorld(w)), w.pods, probes);
        const w2 =
          how === 'k8s' ? { ...w, k8s: [...w.k8s, ...k8sAllowAll] } : { ...w, calico: [...w.calico, allowAll(how === 'gnp-first' ? 0 : undefined)] };
        const after = matrix(compilePolicies(mkWorld(w2)), w.pods, probes);
        for (const p of Object.keys(before))
          for (const a of Object.keys(before[p])) for (const b of Object.keys(before[p][a])) if (before[p][a][b]) expect(after[p][a][b], `${p} ${a}→${b} (${how})`).toBe(true);
      }),
      params,
    );
  });

  it('a pod selected by no policy is reachable from every client whose egress allows it', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const c = compilePolicies(mkWorld(w));
        const m = matrix(c, w.pods, probes);
        for (const server of c.endpoints) {
          if (server.ingress.length > 0) continue;
          for (const client of c.endpoints) {
            if (client === server) continue;
            for (const probe of probes) {
              const d = decide(c, { src: { ip: client.pod.ip, pod: client.key }, dst: { ip: server.pod.ip, pod: server.key }, protocol: probe.protocol, port: probe.port });
              expect(d.ingress.reason).toBe(`no policy selects this pod: allowed by profile kns.${server.pod.namespace}`);
              expect(m[probeKey(probe)][client.key][server.key]).toBe(d.egress.allowed);
            }
          }
        }
      }),
      params,
    );
  });

  it('the matrix agrees with decide() for every pair', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const c = compilePolicies(mkWorld(w));
        const m = matrix(c, w.pods, probes);
        for (const probe of probes)
          for (const a of w.pods)
            for (const b of w.pods) {
              const d = decide(c, { src: { ip: a.ip, pod: `${a.namespace}/${a.name}` }, dst: { ip: b.ip, pod: `${b.namespace}/${b.name}` }, protocol: probe.protocol, port: probe.port });
              expect(m[probeKey(probe)][`${a.namespace}/${a.name}`][`${b.namespace}/${b.name}`]).toBe(d.allowed);
            }
      }),
      params,
    );
  });

  it('Kubernetes-only worlds: the Calico translation agrees with a direct reading of the NetworkPolicy spec', () => {
    fc.assert(
      fc.property(worldArb, (w) => {
        const world = mkWorld({ ...w, calico: [] });
        const m = matrix(compilePolicies(world), w.pods, probes);
        for (const probe of probes)
          for (const a of w.pods)
            for (const b of w.pods) {
              if (a === b) continue;
              const want = referenceAllows(world, a, b, probe);
              expect(m[probeKey(probe)][`${a.namespace}/${a.name}`][`${b.namespace}/${b.name}`], `${probeKey(probe)} ${a.namespace}/${a.name}→${b.namespace}/${b.name}`).toBe(want);
            }
      }),
      params,
    );
  });
});

// ---- Reference: Kubernetes NetworkPolicy semantics read directly off the API documentation ----

type Sel = { matchLabels?: Record<string, string>; matchExpressions?: { key: string; operator: string; values?: string[] }[] };
type Peer = { podSelector?: Sel; namespaceSelector?: Sel; ipBlock?: { cidr: string; except?: string[] } };
type Port = { protocol?: string; port?: number | string; endPort?: number };
type Rule = { from?: Peer[]; to?: Peer[]; ports?: Port[] };

function labelSelectorMatches(s: Sel, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of s.matchExpressions ?? []) {
    const has = e.key in labels;
    if (e.operator === 'In' && !(has && e.values!.includes(labels[e.key]))) return false;
    if (e.operator === 'NotIn' && has && e.values!.includes(labels[e.key])) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

function policyTypesOf(spec: Record<string, unknown>): string[] {
  const t = spec.policyTypes as string[] | undefined;
  if (t && t.length > 0) return t;
  return (spec.egress as unknown[] | undefined)?.length ? ['Ingress', 'Egress'] : ['Ingress'];
}

function peerMatches(world: PolicyWorld, peer: Peer, policyNs: string, other: PolicyPod): boolean {
  if (peer.ipBlock) {
    const ip = parseIp(other.ip)!;
    if (!netHasIp(parseNet(peer.ipBlock.cidr, false)!, ip)) return false;
    return !(peer.ipBlock.except ?? []).some((e) => netHasIp(parseNet(e, false)!, ip));
  }
  if (peer.namespaceSelector) {
    const nsLabels = world.namespaces.find((n) => n.name === other.namespace)!.labels;
    if (!labelSelectorMatches(peer.namespaceSelector, nsLabels)) return false;
  } else if (other.namespace !== policyNs) return false;
  return peer.podSelector ? labelSelectorMatches(peer.podSelector, other.labels) : true;
}

function portsMatch(ports: Port[] | undefined, dst: PolicyPod, probe: Probe): boolean {
  if (!ports || ports.length === 0) return true;
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== probe.protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'number') return probe.port! >= p.port && probe.port! <= (p.endPort ?? p.port);
    return dst.ports.some((cp) => cp.name === p.port && cp.protocol === probe.protocol && cp.containerPort === probe.port);
  });
}

function directionAllows(world: PolicyWorld, subject: PolicyPod, other: PolicyPod, dst: PolicyPod, dir: 'Ingress' | 'Egress', probe: Probe): boolean {
  const selecting = world.networkPolicies.filter(
    (np) => np.namespace === subject.namespace && labelSelectorMatches((np.spec.podSelector ?? {}) as Sel, subject.labels) && policyTypesOf(np.spec).includes(dir),
  );
  if (selecting.length === 0) return true; // not isolated for this direction
  return selecting.some((np) =>
    ((np.spec[dir === 'Ingress' ? 'ingress' : 'egress'] ?? []) as Rule[]).some((r) => {
      const peers = (dir === 'Ingress' ? r.from : r.to) ?? [];
      return (peers.length === 0 || peers.some((p) => peerMatches(world, p, np.namespace, other))) && portsMatch(r.ports, dst, probe);
    }),
  );
}

function referenceAllows(world: PolicyWorld, src: PolicyPod, dst: PolicyPod, probe: Probe): boolean {
  return directionAllows(world, src, dst, dst, 'Egress', probe) && directionAllows(world, dst, src, dst, 'Ingress', probe);
}
