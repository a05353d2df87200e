import { describe, expect, it } from 'vitest';
import { parseScenario } from './index';
import { lineOf, withDocs } from '../../../test/support/diagnostics';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  template:
    metadata:
      labels: {app: web}
      annotations: {cni.projectcalico.org/ipAddrs: '["172.16.0.10"]'}
    spec:
      nodeName: n1
      containers: [{name: c}]
`;
const pod = `apiVersion: v1
kind: Pod
metadata:
  name: client
spec:
  nodeName: n2
  containers: [{name: c}]
`;

describe('locator (errors found after parsing, mapped back to file:line)', () => {
  const text = withDocs(pod, deployment.replace('replicas: 2', 'replicas: 1'));
  const r = parseScenario(text, 'lab.yaml');
  const s = r.scenario!;

  it('locates a field of a Topology entry', () => {
    expect(r.locator(s.refs['Topology/t'], 'spec.nodes[1].interfaces[0].ip')).toEqual({ file: 'lab.yaml', line: lineOf(text, 'ip: 192.168.1.12/24'), path: 'spec.nodes[1].interfaces[0].ip' });
  });

  it('locates a field of a pod', () => {
    expect(r.locator(s.refs['Pod/default/client'], 'spec.nodeName')).toEqual({ file: 'lab.yaml', line: lineOf(text, 'nodeName: n2'), path: 'spec.nodeName' });
  });

  it('falls back to the nearest existing parent for a field that is not written', () => {
    expect(r.locator(s.refs['Pod/default/client'], 'spec.hostNetwork').line).toBe(lineOf(text, 'spec:', 2));
    expect(r.locator(s.refs['IPPool/default-ipv4-ippool'], 'spec.cidr').line).toBe(lineOf(text, 'spec:')); // the Topology's spec
  });

  it("maps a Deployment pod's fields to the Deployment's pod template", () => {
    const podName = s.pods.find((p) => p.ownerDeployment === 'web')!.name;
    const ref = s.refs[`Pod/shop/${podName}`];
    expect(ref).toMatchObject({ kind: 'Deployment', name: 'shop/web' });
    expect(r.locator(ref, 'spec.nodeName').line).toBe(lineOf(text, 'nodeName: n1'));
    // dotted annotation keys are found whether written with brackets or dots
    expect(r.locator(ref, 'metadata.annotations["cni.projectcalico.org/ipAddrs"]').line).toBe(lineOf(text, 'annotations: {cni'));
    expect(r.locator(ref, 'metadata.annotations.cni.projectcalico.org/ipAddrs').line).toBe(lineOf(text, 'annotations: {cni'));
    expect(r.locator(s.refs['Deployment/shop/web'], 'spec.replicas').line).toBe(lineOf(text, 'replicas: 1'));
  });

  it('says line 0 for a ref it does not know', () => {
    expect(r.locator({ kind: 'Pod', name: 'x/y', doc: 99 }, 'spec')).toEqual({ file: 'lab.yaml', line: 0, path: 'spec' });
  });

  it('is returned even when the file has errors', () => {
    const bad = parseScenario(withDocs(pod.replace('nodeName: n2', 'nodeName: n9')), 'lab.yaml');
    expect(bad.scenario).toBeUndefined();
    expect(bad.locator({ kind: 'Pod', name: 'default/client', doc: 1 }, 'spec.nodeName').line).toBe(lineOf(withDocs(pod), 'nodeName'));
  });
});

describe('lines inside an embedded net-conf.json', () => {
  it('point at the key inside the ConfigMap block scalar', () => {
    const cm = `apiVersion: v1
kind: ConfigMap
metadata: {name: kube-flannel-cfg, namespace: kube-flannel}
data:
  net-conf.json: |
    {
      "Network": "10.244.0.0/16",
      "Backend": {
        "Type": "udp"
      }
    }
`;
    const text = withDocs(cm);
    const r = parseScenario(text, 'lab.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E108', lineOf(text, '"Type": "udp"'), 'data["net-conf.json"].Backend.Type']]);
  });
});
