// Walks that meet every kind of policy and Service hop: seed 002's policy lab under each of its policy
// files, Calico and Flannel clusters with NodePort (Cluster and Local), LoadBalancer, ClientIP affinity,
// a Service without endpoints and a named targetPort, walked from pods, nodes and the outside gateway to
// pods, clusterIPs (on and off their ports), nodePorts and load-balancer IPs, with their replies.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ClusterState } from '../../src/core/model/cluster';
import type { WalkResult } from '../../src/core/model/packet';
import { loadLab } from '../../src/core/session/load';
import { runWalk } from '../../src/core/tools';

const ROOT = join(__dirname, '../..');
const read = (p: string) => readFileSync(join(ROOT, p), 'utf8');
const join2 = (...t: string[]) => t.map((x) => (x.endsWith('\n') ? x : x + '\n')).join('---\n');

const SERVICES = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec:
  type: NodePort
  clusterIP: 10.96.0.80
  selector: {app: pod-test}
  ports: [{port: 80, targetPort: 80, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-local, namespace: default}
spec:
  type: NodePort
  clusterIP: 10.96.0.81
  externalTrafficPolicy: Local
  selector: {app: pod-test}
  ports: [{port: 80, nodePort: 30081}]
---
apiVersion: v1
kind: Service
metadata: {name: sticky, namespace: default}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.82
  selector: {app: pod-test}
  sessionAffinity: ClientIP
  ports: [{port: 80}]
status:
  loadBalancer:
    ingress: [{ip: 203.0.113.10}]
---
apiVersion: v1
kind: Service
metadata: {name: nobody, namespace: default}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.83
  selector: {app: nobody}
  ports: [{port: 80, name: http, nodePort: 30083}]
status:
  loadBalancer:
    ingress: [{ip: 203.0.113.11}]
---
apiVersion: v1
kind: Service
metadata: {name: named, namespace: default}
spec:
  clusterIP: 10.96.0.84
  selector: {app: pod-test}
  ports: [{port: 8080, targetPort: web}]
---
apiVersion: v1
kind: Service
metadata: {name: lb-local, namespace: default}
spec:
  type: LoadBalancer
  clusterIP: 10.96.0.85
  externalTrafficPolicy: Local
  selector: {app: pod-test}
  ports: [{port: 80, nodePort: 30085}]
status:
  loadBalancer:
    ingress: [{ip: 203.0.113.12}]
`;

const DENY_ALL = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: default}
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
`;

// a tier before the default one, two policies selecting the same pods (one without an order): a Deny for some
// clients, Pass for the rest, so a pod no default-tier policy selects is allowed by its profile after the pass
const SECURITY_TIER = `apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.block-test}
spec:
  tier: security
  selector: app == 'pod-deployment'
  types: [Ingress]
  ingress:
  - action: Deny
    protocol: TCP
    source: {selector: run == 'pod-test'}
    destination: {ports: [80]}
  - action: Pass
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.log-all}
spec:
  tier: security
  order: 5
  selector: app == 'pod-deployment'
  types: [Ingress]
  ingress:
  - action: Log
`;

function load(text: string, name: string): ClusterState {
  const r = loadLab(text, name);
  if (!r.state) throw new Error(`${name}: ${r.errors.map((e) => e.message).join('; ')}`);
  return r.state;
}

/** Named cluster states that hold policies and Services. */
export function hookStates(): { name: string; state: ClusterState }[] {
  const out: { name: string; state: ClusterState }[] = [];
  const policy = read('presets/seed002-policy.yaml');
  out.push({ name: 'seed002-policy', state: load(policy, 'seed002-policy.yaml') });
  for (const f of readdirSync(join(ROOT, 'presets/policies')).sort())
    out.push({ name: `seed002-policy+${f}`, state: load(join2(policy, read(`presets/policies/${f}`)), `p-${f}`) });
  out.push({ name: 'seed002-policy+security-tier', state: load(join2(policy, SECURITY_TIER), 'sec.yaml') });
  out.push({ name: 'calico-ipip+services', state: load(join2(read('presets/seed002-calico-ipip.yaml'), SERVICES), 'svc.yaml') });
  out.push({ name: 'calico-ipip+services+deny', state: load(join2(read('presets/seed002-calico-ipip.yaml'), SERVICES, DENY_ALL), 'svcd.yaml') });
  out.push({ name: 'flannel-vxlan+services+deny', state: load(join2(read('presets/seed002-flannel-vxlan.yaml'), read('test/fixtures/services/seed002-flannel-vxlan.yaml'), DENY_ALL), 'fl.yaml') });
  out.push({ name: 'seed000-no-encap+services', state: load(join2(read('presets/seed000-no-encap.yaml'), read('test/fixtures/services/seed000-no-encap.yaml')), 's0.yaml') });
  return out;
}

/** Every walk of the corpus (request and its reply), with a label naming it. */
export function* hookWalks(states = hookStates()): Generator<{ label: string; walk: WalkResult }> {
  for (const { name, state } of states) {
    const pods = state.pods.map((p) => `${p.namespace}/${p.name}`);
    const nodes = state.nodes.map((n) => n.name);
    const nodeIps = state.nodes.map((n) => n.address?.ip).filter((x): x is string => !!x);
    const targets: { to: string; protocol: 'icmp' | 'tcp' | 'udp'; port?: number }[] = [];
    for (const b of pods.slice(0, 6)) for (const [protocol, port] of [['icmp'], ['tcp', 80], ['udp', 53], ['tcp', 8080]] as const) targets.push({ to: b, protocol, port });
    for (const s of state.scenario.services) {
      if (!s.clusterIP || s.clusterIP === 'None') continue;
      targets.push({ to: s.clusterIP, protocol: 'icmp' });
      for (const p of s.ports) {
        const proto = p.protocol === 'UDP' ? 'udp' : 'tcp';
        targets.push({ to: s.clusterIP, protocol: proto, port: p.port }, { to: s.clusterIP, protocol: proto, port: p.port + 1 });
        if (p.nodePort) for (const ip of nodeIps) targets.push({ to: ip, protocol: proto, port: p.nodePort });
        for (const lb of s.loadBalancerIPs ?? []) targets.push({ to: lb, protocol: proto, port: p.port });
      }
    }
    const froms = [...pods.slice(0, 4), ...nodes.slice(0, 2), '10.0.0.2'];
    for (const from of froms)
      for (const t of targets) {
        if (t.to === from) continue;
        let walk: WalkResult;
        try {
          walk = runWalk(state, { from, to: t.to, protocol: t.protocol, ...(t.port ? { port: t.port } : {}), reply: true });
        } catch {
          continue; // a source the lab does not have (no gateway at 10.0.0.2)
        }
        yield { label: `${name}: ${from} → ${t.to} ${t.protocol}${t.port ? `/${t.port}` : ''}`, walk };
      }
  }
}
