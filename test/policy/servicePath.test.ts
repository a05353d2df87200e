// The Service path the app draws: stages in the order the kernel runs them. nat PREROUTING (kube-proxy's
// DNAT) comes before filter FORWARD, where Felix's cali-fw chain judges the pod's egress, so the egress
// policy stage follows the DNAT stage; the ingress policy is judged as the packet leaves by the endpoint's
// veth, before nat POSTROUTING, so a masquerade on that node comes after it. Expected orders are written
// from netfilter's hook order (NF_INET_PRE_ROUTING < FORWARD < POST_ROUTING), not read off the walk.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadLab } from '../../src/core/session/load';
import { runWalk } from '../../src/core/tools';
import { servicePath } from '../../src/core/walk';
import { joinDocs, read, PRESETS } from './support';

const EXTRA = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {type: NodePort, clusterIP: 10.96.0.80, selector: {app: pod-test}, ports: [{port: 80, nodePort: 30080}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress-all, namespace: default}
spec:
  podSelector: {matchLabels: {run: pod-client}}
  policyTypes: [Egress]
  egress: [{}]
`;
const st = loadLab(joinDocs(read(join(PRESETS, 'seed002-calico-ipip.yaml')), EXTRA), 'path.yaml').state!;

describe('servicePath', () => {
  it('pod → clusterIP: client, DNAT on its node, then its egress policy, then the endpoint\'s ingress, then the endpoint', () => {
    const r = runWalk(st, { from: 'default/pod-client', to: '10.96.0.80', protocol: 'tcp', port: 80 });
    const p = servicePath(r)!;
    expect(p.map((s) => `${s.role}${s.direction ? `:${s.direction}` : ''}@${s.ns}`)).toEqual([
      'client@pod/default/pod-client',
      'dnat@node/node2',
      'policy:egress@node/node2',
      `policy:ingress@node/${p[p.length - 1].ns === 'pod/default/pod-deployment-76dd67889b-zn5hp' ? 'node1' : 'node2'}`,
      `endpoint@${p[p.length - 1].ns}`,
    ]);
    expect(p[1].from).toBe('10.96.0.80:80');
    expect(p[1].to).toMatch(/^10\.244\.\d+\.\d+:80$/);
    // the hop list itself: the egress policy hop comes after the DNAT hop
    const natAt = r.hops.findIndex((h) => h.nat?.type === 'dnat');
    const egressAt = r.hops.findIndex((h) => h.policy?.direction === 'egress');
    expect(natAt).toBeGreaterThan(-1);
    expect(egressAt).toBeGreaterThan(natAt);
  });

  it('outside → nodePort (Cluster): the load balancer is absent, DNAT then SNAT on the first node', () => {
    const r = runWalk(st, { from: '10.0.0.2', to: '10.0.0.12', protocol: 'tcp', port: 30080 });
    const roles = servicePath(r)!.filter((s) => s.role !== 'policy').map((s) => `${s.role}@${s.ns}`);
    expect(roles.slice(0, 3)).toEqual(['client@router/lan-gateway', 'dnat@node/master1', 'snat@node/master1']);
    expect(roles[3]).toMatch(/^endpoint@pod\/default\/pod-deployment-/);
  });

  it('no Service on the way: no Service path', () => {
    expect(servicePath(runWalk(st, { from: 'default/pod-client', to: '10.0.0.12' }))).toBeUndefined();
  });
});
