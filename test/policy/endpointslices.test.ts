// EndpointSlices as the controller writes them and kubectl prints them (printers.go: NAME ADDRESSTYPE
// PORTS ENDPOINTS AGE, at most three addresses then "+ N more...", "<unset>" when empty), kube-proxy's
// chains read from them, `kubectl get svc` (PORT(S) "port:nodePort/PROTO", EXTERNAL-IP "<pending>"
// for a LoadBalancer without status), and headless Services (CLUSTER-IP None; no kube-proxy rule).
// Expected addresses are the pod IPs of seed 002's Calico preset (pod-test Deployment: 10.244.5.4 on
// node1, 10.244.6.3 and 10.244.6.4 on node2), read from the scenario's IPAM, not from the slices.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { loadLab } from '../../src/core/session/load';
import { runCommand } from '../../src/core/terminal';
import { policyRuntime } from '../../src/core/policy/cluster';
import { kubeProxyNatSave } from '../../src/core/policy/iptablesSave';
import { runWalk } from '../../src/core/tools';
import { joinDocs, natHops, read, PRESETS } from './support';

const EXTRA = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: default}
spec: {type: NodePort, clusterIP: 10.96.0.80, selector: {app: pod-test}, ports: [{port: 80, nodePort: 30080}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-headless, namespace: default}
spec: {clusterIP: None, selector: {app: pod-test}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: pending, namespace: default}
spec: {type: LoadBalancer, clusterIP: 10.96.0.83, selector: {app: nothing}, ports: [{name: http, port: 80}, {name: dns, port: 53, protocol: UDP}]}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: named, labels: {app: named}}
spec: {nodeName: node1, containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b, namespace: named, labels: {app: named}}
spec: {nodeName: node2, containers: [{name: c, image: x, ports: [{name: http, containerPort: 8081}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: named, namespace: named}
spec: {clusterIP: 10.96.0.84, selector: {app: named}, ports: [{port: 80, targetPort: http}]}
`;
const r = loadLab(joinDocs(read(join(PRESETS, 'seed002-calico-ipip.yaml')), EXTRA), 'slices.yaml');
const st = r.state!;
const sh = (cmd: string) => runCommand(st, { node: 'node1' }, cmd).out;
const ALPHA = '[bcdfghjklmnpqrstvwxz2456789]{5}';

describe('kubectl get endpointslices', () => {
  it('one slice per Service with the ready pods and the target port; an empty one for a selector matching nothing', () => {
    expect(r.errors).toEqual([]);
    const out = sh('kubectl get endpointslices');
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME +ADDRESSTYPE +PORTS +ENDPOINTS +AGE$/);
    expect(lines.slice(1).map((l) => l.split(/ {3,}/).slice(1).join('|'))).toEqual([
      'IPv4|<unset>|<unset>|5m',
      'IPv4|80|10.244.5.4,10.244.6.3,10.244.6.4|5m',
      'IPv4|80|10.244.5.4,10.244.6.3,10.244.6.4|5m',
    ]);
    expect(lines[1]).toMatch(new RegExp(`^pending-${ALPHA} `));
    expect(lines[2]).toMatch(new RegExp(`^web-${ALPHA} `));
    expect(lines[3]).toMatch(new RegExp(`^web-headless-${ALPHA} `));
  });
  it('a named targetPort resolving to different numbers: one slice per port set, and kube-proxy DNATs each pod to its own', () => {
    const out = sh('kubectl get endpointslices -n named');
    expect(out.split('\n').filter((l) => l.startsWith('named-')).map((l) => l.split(/ {3,}/).slice(2, 4).join('|')).sort()).toEqual(['8080|10.244.5.5', '8081|10.244.6.5']);
    const eps = policyRuntime(st).servicePorts.get('10.96.0.84/TCP/80')!.endpoints.map((e) => `${e.ip}:${e.port}`);
    expect(eps).toEqual(['10.244.5.5:8080', '10.244.6.5:8081']);
  });
});

describe('kubectl get svc', () => {
  it('TYPE, CLUSTER-IP (None when headless), EXTERNAL-IP (<pending> without status), port:nodePort/PROTO', () => {
    const out = sh('kubectl get svc');
    expect(out).toMatch(/^pending +LoadBalancer +10\.96\.0\.83 +<pending> +80:30000\/TCP,53:30001\/UDP +5m$/m);
    expect(out).toMatch(/^web +NodePort +10\.96\.0\.80 +<none> +80:30080\/TCP +5m$/m);
    expect(out).toMatch(/^web-headless +ClusterIP +None +<none> +80\/TCP +5m$/m);
    expect(sh('kubectl get svc -n nowhere')).toBe('No resources found in nowhere namespace.\n');
  });
});

describe('headless Services', () => {
  it('no kube-proxy rule: nothing in iptables-save, nothing DNATed; clients reach the pods by their own addresses', () => {
    expect(kubeProxyNatSave(st, 'node1')).not.toContain('web-headless');
    const w = runWalk(st, { from: 'default/pod-client', to: '10.244.5.4', protocol: 'tcp', port: 80 });
    expect(w.verdict.kind).toBe('delivered');
    expect(natHops(w)).toHaveLength(0);
  });
});
