// Properties over generated clusters (fast-check, fixed seed): random nodes, pods (namespaces, labels,
// named ports) and Kubernetes + Calico policies, resolved into a real ClusterState.
// 1. Adding an allow-all policy (both directions, every pod of a namespace) never removes a
//    connection from the matrix.
// 2. The packet walk with policyHooks agrees with the matrix, pair by pair: a TCP/UDP walk from a pod
//    to another pod's IP is delivered exactly when the matrix says the pair connects.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CalicoPolicy, ClusterState, K8sNetworkPolicy, Scenario } from '../../src/core/model';
import { clusterMatrix, type Probe } from '../../src/core/policy';
import { buildCluster } from '../../src/core/resolve';
import { runWalk } from '../../src/core/tools';
import { emptyScenario, node, pod, pool } from '../support/scenario';

const SEED = 20251123;
const NAMESPACES = ['a', 'b', 'c'];
const PROBES: Probe[] = [
  { protocol: 'TCP', port: 80 },
  { protocol: 'UDP', port: 53 },
  { protocol: 'TCP', port: 8080 },
];

const labelsArb = fc.record({ app: fc.constantFrom('web', 'db', 'api'), tier: fc.constantFrom('fe', 'be', undefined) }).map((l) => {
  const out: Record<string, string> = { app: l.app };
  if (l.tier) out.tier = l.tier;
  return out;
});
const portsArb = fc.subarray([
  { name: 'http', containerPort: 80, protocol: 'TCP' as const },
  { name: 'dns', containerPort: 53, protocol: 'UDP' as const },
  { name: 'web', containerPort: 8080, protocol: 'TCP' as const },
]);
const podSpecArb = fc.tuple(fc.constantFrom(...NAMESPACES), labelsArb, portsArb, fc.integer({ min: 0, max: 2 }));

const selArb = fc.record({ matchLabels: fc.dictionary(fc.constantFrom('app', 'tier'), fc.constantFrom('web', 'db', 'fe'), { maxKeys: 1 }) }, { requiredKeys: [] });
const peerArb = fc.oneof(
  fc.record({ podSelector: selArb }),
  fc.record({ namespaceSelector: fc.record({ matchLabels: fc.constantFrom({ env: 'prod' }, { env: 'dev' }, {}) }) }),
  fc.record({ namespaceSelector: fc.constant({}), podSelector: selArb }),
  fc.record({ ipBlock: fc.constantFrom({ cidr: '10.128.0.0/12' }, { cidr: '10.128.0.0/12', except: ['10.128.0.0/26'] }, { cidr: '192.168.0.0/16' }) }),
);
const portArb = fc.constantFrom<Record<string, unknown>>({ port: 80 }, { protocol: 'UDP', port: 53 }, { port: 'http' }, { port: 'web' }, { protocol: 'UDP' }, { port: 8000, endPort: 8100 });
const ruleArb = fc.record({ peers: fc.option(fc.array(peerArb, { maxLength: 2 }), { nil: undefined }), ports: fc.option(fc.array(portArb, { minLength: 1, maxLength: 2 }), { nil: undefined }) });
const k8sArb = fc
  .tuple(fc.constantFrom(...NAMESPACES), selArb, fc.constantFrom(['Ingress'], ['Egress'], ['Ingress', 'Egress'], undefined), fc.array(ruleArb, { maxLength: 2 }), fc.array(ruleArb, { maxLength: 2 }))
  .map(([namespace, podSelector, policyTypes, ing, eg]) => {
    const spec: Record<string, unknown> = { podSelector };
    if (policyTypes) spec.policyTypes = policyTypes;
    if (ing.length) spec.ingress = ing.map((r) => ({ ...(r.peers ? { from: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) }));
    if (eg.length) spec.egress = eg.map((r) => ({ ...(r.peers ? { to: r.peers } : {}), ...(r.ports ? { ports: r.ports } : {}) }));
    return { namespace, spec };
  });
const calicoArb = fc
  .tuple(fc.constantFrom("app == 'web'", "tier == 'be'", 'all()'), fc.constantFrom('Deny', 'Pass', 'Allow', 'Log'), fc.constantFrom("app == 'db'", "has(tier)", undefined), fc.constantFrom(80, 53, undefined))
  .map(([selector, action, source, port]): Record<string, unknown> => ({
    tier: 'security',
    order: 10,
    selector,
    types: ['Ingress', 'Egress'],
    ingress: [{ action, ...(port !== undefined ? { protocol: port === 53 ? 'UDP' : 'TCP', destination: { ports: [port] } } : {}), ...(source ? { source: { selector: source } } : {}) }, { action: 'Pass' }],
    egress: [{ action: 'Pass' }],
  }));

const worldArb = fc.record({
  pods: fc.array(podSpecArb, { minLength: 3, maxLength: 7 }),
  envs: fc.tuple(fc.constantFrom('prod', 'dev'), fc.constantFrom('prod', 'dev'), fc.constantFrom('prod', 'dev')),
  k8s: fc.array(k8sArb, { maxLength: 4 }),
  calico: fc.array(calicoArb, { maxLength: 2 }),
  allowAllNs: fc.constantFrom(...NAMESPACES),
});

type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

function clusterOf(w: World): ClusterState {
  const s: Scenario = emptyScenario();
  s.topology.networks.push({ name: 'lan', cidr: '10.0.0.0/24', gateway: '10.0.0.1' });
  for (let i = 0; i < 3; i++) s.topology.nodes.push(node(`n${i + 1}`, [['eth0', `10.0.0.${i + 11}/24`, 'lan']]));
  s.ippools.push(pool('default-ipv4-ippool', '10.128.0.0/12'));
  s.namespaces = NAMESPACES.map((name, i) => ({ name, labels: { 'kubernetes.io/metadata.name': name, env: w.envs[i] } }));
  w.pods.forEach(([ns, labels, ports, n], i) => s.pods.push(pod(ns, `p${i}`, `n${n + 1}`, { labels, containers: [{ name: 'c', ports }] })));
  s.networkPolicies = w.k8s.map((p, i): K8sNetworkPolicy => ({ namespace: p.namespace, name: `np${i}`, spec: p.spec }));
  if (w.calico.length) s.tiers = [{ name: 'security', order: 100 }];
  s.calicoPolicies = w.calico.map((spec, i): CalicoPolicy => ({ kind: 'GlobalNetworkPolicy', name: `security.g${i}`, spec }));
  return buildCluster(s);
}

function withAllowAll(st: ClusterState, namespace: string): ClusterState {
  const allowAll: K8sNetworkPolicy = { namespace, name: 'zz-allow-all', spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'], ingress: [{}], egress: [{}] } };
  return { ...st, scenario: { ...st.scenario, networkPolicies: [...st.scenario.networkPolicies, allowAll] } };
}

describe('generated clusters', () => {
  it('adding an allow-all policy never removes a connection', () => {
    let removedNone = 0;
    fc.assert(
      fc.property(worldArb, (w) => {
        const st = clusterOf(w);
        const before = clusterMatrix(st, PROBES);
        const after = clusterMatrix(withAllowAll(st, w.allowAllNs), PROBES);
        for (const [probe, table] of Object.entries(before))
          for (const [c, row] of Object.entries(table))
            for (const [s, ok] of Object.entries(row)) if (ok && !after[probe][c][s]) throw new Error(`${probe} ${c} → ${s} removed by allow-all in ${w.allowAllNs}`);
        removedNone++;
      }),
      { seed: SEED, numRuns: 60 },
    );
    expect(removedNone).toBe(60);
  });

  it('the walk (policyHooks) agrees with the matrix on every pair', () => {
    let denied = 0;
    let pairs = 0;
    fc.assert(
      fc.property(worldArb, (w) => {
        const st = clusterOf(w);
        const m = clusterMatrix(st, PROBES);
        const byKey = new Map(st.pods.map((p) => [`${p.namespace}/${p.name}`, p]));
        for (const probe of PROBES) {
          const table = m[`${probe.protocol}/${probe.port}`];
          for (const [client, row] of Object.entries(table))
            for (const [server, ok] of Object.entries(row)) {
              if (client === server) continue;
              const r = runWalk(st, { from: client, to: byKey.get(server)!.ip, protocol: probe.protocol === 'TCP' ? 'tcp' : 'udp', port: probe.port, reply: true });
              const delivered = r.verdict.kind === 'delivered' && r.reply?.verdict.kind === 'delivered';
              if (delivered !== ok) throw new Error(`${probe.protocol}/${probe.port} ${client} → ${server}: matrix ${ok}, walk ${r.verdict.kind} ${JSON.stringify(r.verdict)}`);
              if (!ok) {
                denied++;
                if (r.verdict.kind !== 'dropped' || r.verdict.reason !== 'policy') throw new Error(`denied pair not dropped by policy: ${JSON.stringify(r.verdict)}`);
              }
              pairs++;
            }
        }
      }),
      { seed: SEED, numRuns: 25 },
    );
    // the generator must exercise both outcomes
    expect(denied).toBeGreaterThan(50);
    expect(pairs - denied).toBeGreaterThan(50);
  });
});
