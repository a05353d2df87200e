import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../model/catalogue';
import { parseScenario } from './index';
import { BASE, errs, lineOf, withDocs, warns } from '../../../test/support/diagnostics';

const pod = (name: string, extra = '', ns = 'default') => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${ns}
${extra}spec:
  nodeName: n1
  containers:
    - name: c
`;

const pool = (name: string, spec: string) => `apiVersion: projectcalico.org/v3
kind: IPPool
metadata:
  name: ${name}
spec:
${spec}`;

describe('input that is not a scenario', () => {
  it('rejects empty input', () => {
    expect(errs('')).toEqual([['E100', 1, '']]);
    expect(errs('  \n\n')).toEqual([['E100', 1, '']]);
  });

  it('rejects a file with only comments and separators', () => {
    expect(errs('# nothing here\n---\n---\n')).toEqual([['E100', 1, '']]);
  });

  it('reports YAML syntax errors with their line', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: a\nspec: {}\n';
    const e = errs(text);
    expect(e.length).toBeGreaterThan(0);
    expect(e.every(([code]) => code === 'E101')).toBe(true);
    expect(e[0][1]).toBeGreaterThanOrEqual(3);
  });

  it('rejects a document that is plain text or a number', () => {
    expect(errs('hello world\n')).toEqual([['E102', 1, '']]);
    expect(errs(`${BASE}---\n42\n`)).toEqual([['E102', 21, '']]);
  });

  it('rejects text that is not YAML at all', () => {
    expect(errs('{{{{ not yaml').map(([c, l]) => [c, l])).toEqual([['E101', 1]]);
    expect(errs('<html><body>hello</body></html>\n')).toEqual([['E102', 1, '']]);
    expect(errs('\u0000\u0001\u0002').every(([c]) => c === 'E101' || c === 'E102')).toBe(true);
  });

  it('rejects list items that are not resources', () => {
    expect(errs('- 1\n- two\n')).toEqual([
      ['E102', 1, '[0]'],
      ['E102', 2, '[1]'],
    ]);
  });

  it('names the line of a duplicate key', () => {
    const text = withDocs('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n');
    expect(errs(text)).toEqual([['E101', lineOf(text, 'name: b'), '']]);
  });

  it('requires apiVersion and kind', () => {
    const text = withDocs('metadata: {name: x}\nspec: {}\n');
    expect(errs(text)).toEqual([['E103', 21, 'apiVersion']]);
    const noKind = withDocs('apiVersion: v1\nmetadata: {name: x}\n');
    expect(errs(noKind)).toEqual([['E103', 21, 'kind']]);
  });

  it('requires a Topology', () => {
    expect(errs('apiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: c}\n')).toEqual([['E201', 1, '']]);
  });

  it('allows exactly one Topology', () => {
    const text = `${BASE}---\n${BASE}`;
    expect(errs(text)).toEqual([['E118', 22, 'kind']]);
  });

  it('does not claim a missing Topology when a document could not be read', () => {
    expect(errs('apiVersion: cnilab/v1\nkind: Topology\nspec: [\n')).toEqual(errs('apiVersion: cnilab/v1\nkind: Topology\nspec: [\n').filter(([c]) => c === 'E101'));
  });
});

describe('kinds', () => {
  it('rejects an invented kind and lists the supported ones', () => {
    const text = withDocs('apiVersion: cnilab/v1\nkind: Router\nmetadata: {name: r}\n');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E104', 22, 'kind']]);
    expect(r.errors[0].allowed).toContain('cnilab/v1: Topology, Cluster, Fault');
    expect(r.errors[0].allowed).toContain('apps/v1: Deployment');
  });

  it('suggests the right spelling of a kind', () => {
    const r = parseScenario(withDocs('apiVersion: v1\nkind: pod\nmetadata: {name: p}\n'), 'f.yaml');
    expect(r.errors[0].detail).toContain('did you mean Pod?');
    const t = parseScenario(withDocs('apiVersion: projectcalico.org/v3\nkind: IPPoool\nmetadata: {name: p}\n'), 'f.yaml');
    expect(t.errors[0].detail).toContain('did you mean IPPool?');
  });

  it('rejects a known kind under the wrong apiVersion, naming the right one', () => {
    const r = parseScenario(withDocs('apiVersion: v1\nkind: Deployment\nmetadata: {name: d}\n'), 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E105', 21, 'apiVersion']]);
    expect(r.errors[0].allowed).toBe('apps/v1');
    const np = parseScenario(withDocs('apiVersion: v1\nkind: NetworkPolicy\nmetadata: {name: d}\n'), 'f.yaml');
    expect(np.errors[0].allowed).toBe('projectcalico.org/v3, crd.projectcalico.org/v1, networking.k8s.io/v1');
    const cnilab = parseScenario(withDocs('apiVersion: cnilab/v2\nkind: Fault\nmetadata: {name: d}\n'), 'f.yaml');
    expect(cnilab.errors[0].code).toBe('E105');
  });

  it('keeps real Kubernetes and Calico kinds it does not model, with a warning', () => {
    const text = withDocs(
      'apiVersion: v1\nkind: Secret\nmetadata: {name: s, namespace: kube-system}\ndata: {k: dg==}\n',
      'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: calico-node, namespace: kube-system}\nspec: {}\n',
      'apiVersion: projectcalico.org/v3\nkind: FelixConfiguration\nmetadata: {name: default}\nspec: {bpfEnabled: false}\n',
      'apiVersion: crd.projectcalico.org/v1\nkind: HostEndpoint\nmetadata: {name: h}\n',
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: calico-config, namespace: kube-system}\ndata: {veth_mtu: "0"}\n',
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: calico-node}\n',
      'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: ippools.crd.projectcalico.org}\n',
    );
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors).toEqual([]);
    expect(r.warnings.filter((w) => w.code === 'W102').map((w) => w.loc?.line)).toEqual([
      lineOf(text, 'kind: Secret'),
      lineOf(text, 'kind: DaemonSet'),
      lineOf(text, 'kind: FelixConfiguration'),
      lineOf(text, 'kind: HostEndpoint'),
      lineOf(text, 'kind: ConfigMap'),
      lineOf(text, 'kind: ClusterRole'),
      lineOf(text, 'kind: CustomResourceDefinition'),
    ]);
    expect(r.scenario!.foreign).toEqual([
      { apiVersion: 'v1', kind: 'Secret', name: 'kube-system/s' },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', name: 'kube-system/calico-node' },
      { apiVersion: 'projectcalico.org/v3', kind: 'FelixConfiguration', name: 'default' },
      { apiVersion: 'crd.projectcalico.org/v1', kind: 'HostEndpoint', name: 'h' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'kube-system/calico-config' },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'calico-node' },
      { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'ippools.crd.projectcalico.org' },
    ]);
  });
});

describe('field shape', () => {
  it('requires fields and says which', () => {
    const text = BASE.replace('      cidr: 192.168.1.0/24\n', '');
    expect(errs(text)).toEqual([['E106', lineOf(text, '- name: lan'), 'spec.networks[0].cidr']]);
  });

  it('requires metadata.name', () => {
    const text = withDocs('apiVersion: v1\nkind: Namespace\nmetadata:\n  labels: {a: b}\n');
    expect(errs(text)).toEqual([['E106', lineOf(text, 'metadata:', 2), 'metadata.name']]);
  });

  it('rejects a string where a number is expected, and says to drop the quotes', () => {
    const text = BASE.replace('          ip: 192.168.1.11/24', '          ip: 192.168.1.11/24\n          mtu: "1500"');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E107', lineOf(text, 'mtu: "1500"'), 'spec.nodes[0].interfaces[0].mtu']]);
    expect(r.errors[0].detail).toBe('spec.nodes[0].interfaces[0].mtu must be an integer, got the string "1500" (write it without quotes)');
  });

  it('rejects a number where a label value string is expected, and says to quote it', () => {
    const text = BASE.replace('    - name: n1\n', '    - name: n1\n      labels: {version: 1.0}\n');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E107', 11, 'spec.nodes[0].labels.version']]);
    expect(r.errors[0].detail).toContain('(quote it: "1")');
  });

  it('rejects a list where a mapping is expected', () => {
    const text = BASE.replace('  name: t', '  name: t\n  labels: [a]');
    expect(errs(text)).toEqual([['E107', 5, 'metadata.labels']]);
  });

  it('rejects yes/no where a boolean is expected (YAML 1.2: only true/false)', () => {
    const text = BASE.replace('          ip: 192.168.1.11/24', '          ip: 192.168.1.11/24\n          linkdown: yes');
    expect(errs(text)).toEqual([['E107', 15, 'spec.nodes[0].interfaces[0].linkdown']]);
  });

  it('warns about unknown fields with their line, path and the nearest known field', () => {
    const text = BASE.replace('      cidr: 192.168.1.0/24', '      cidr: 192.168.1.0/24\n      gatway: 192.168.1.1');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors).toEqual([]);
    const w = r.warnings.find((x) => x.code === 'W101')!;
    expect([w.loc?.line, w.loc?.path]).toEqual([9, 'spec.networks[0].gatway']);
    expect(w.message).toContain('did you mean gateway?');
  });

  it('says where a top-level field that lost its indentation belongs', () => {
    const text = withDocs('apiVersion: v1\nkind: Namespace\nmetadata:\nname: x\n');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E106', 23, 'metadata.name']]);
    expect(r.warnings.map((w) => [w.code, w.loc?.line, w.loc?.path, w.message])).toContainEqual(['W101', 24, 'name', 'unknown field name is ignored (it belongs under metadata: indent it)']);
  });

  it('reports every error of the file, sorted by line', () => {
    const text = withDocs(pool('p', '  cidr: 10.244.0.0/16\n  blockSize: 40\n'), pod('a', '', 'default').replace('nodeName: n1', 'nodeName: n9'));
    const t = text.replace('cidr: 192.168.1.0/24', 'cidr: 192.168.1.0/33');
    expect(errs(t).map(([c, l]) => [c, l])).toEqual([
      ['E113', lineOf(t, '/33')],
      ['E402', lineOf(t, 'blockSize: 40')],
      ['E208', lineOf(t, 'nodeName: n9')],
    ]);
  });
});

describe('unknown and unsimulated fields of known kinds', () => {
  it('warn with line, path and suggestion (Calico)', () => {
    const text = withDocs(pool('p', '  cidr: 10.244.0.0/16\n  ipipmode: Always\n  allowedUses: [Workload]\n'));
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors).toEqual([]);
    expect(r.warnings.map((w) => [w.code, w.loc?.line, w.loc?.path])).toEqual([
      ['W101', lineOf(text, 'ipipmode'), 'spec.ipipmode'],
      ['W103', lineOf(text, 'allowedUses'), 'spec.allowedUses'],
    ]);
    expect(r.warnings[0].message).toContain('did you mean ipipMode?');
    // the misspelt field is ignored, so the API default applies
    expect(r.scenario!.ippools[0].ipipMode).toBe('Never');
  });

  it('accept what a pasted kubectl manifest carries (image, resources, status, server metadata)', () => {
    const text = withDocs(`apiVersion: v1
kind: Pod
metadata:
  name: p
  uid: 1234
  resourceVersion: "99"
  creationTimestamp: "2024-01-01T00:00:00Z"
spec:
  nodeName: n1
  restartPolicy: Always
  tolerations: []
  containers:
    - name: c
      image: nginx
      imagePullPolicy: IfNotPresent
      resources: {limits: {cpu: 100m}}
status:
  podIP: 10.0.0.1
`);
    expect(warns(text).filter(([c]) => c !== 'W104')).toEqual([]);
    expect(errs(text)).toEqual([]);
  });

  it('reject a Calico kind under a Calico apiVersion that does not exist', () => {
    const text = withDocs('apiVersion: projectcalico.org/v1\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.0/8}\n');
    expect(errs(text)).toEqual([['E105', lineOf(text, 'projectcalico.org/v1'), 'apiVersion']]);
  });
});

describe('addresses', () => {
  it('rejects an octet out of range', () => {
    const text = BASE.replace('cidr: 192.168.1.0/24', 'cidr: 10.244.300.0/16');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E113', 8, 'spec.networks[0].cidr']]);
    expect(r.errors[0].detail).toBe('spec.networks[0].cidr: "10.244.300.0/16" is not a CIDR: octet 300 is out of range 0-255');
  });

  it('rejects a CIDR with host bits set and gives the canonical form', () => {
    const text = BASE.replace('cidr: 192.168.1.0/24', 'cidr: 192.168.1.7/24');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path, e.allowed])).toEqual([['E114', 8, 'spec.networks[0].cidr', '192.168.1.0/24']]);
    expect(r.errors[0].message).toBe('f.yaml:8 spec.networks[0].cidr: E114 spec.networks[0].cidr: 192.168.1.7/24 has host bits set; the network is 192.168.1.0/24 (allowed: 192.168.1.0/24)');
  });

  it('wants interface addresses in CIDR form', () => {
    const text = BASE.replace('ip: 192.168.1.11/24', 'ip: 192.168.1.11');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E113', 14, 'spec.nodes[0].interfaces[0].ip']]);
    expect(r.errors[0].detail).toContain('the /prefix length is missing');
  });

  it('rejects an interface address outside its network', () => {
    const text = BASE.replace('ip: 192.168.1.12/24', 'ip: 192.168.2.12/24');
    expect(errs(text)).toEqual([['E203', 19, 'spec.nodes[1].interfaces[0].ip']]);
  });

  it("rejects the network's own and broadcast address on an interface", () => {
    expect(errs(BASE.replace('ip: 192.168.1.12/24', 'ip: 192.168.1.255/24'))).toEqual([['E207', 19, 'spec.nodes[1].interfaces[0].ip']]);
    expect(errs(BASE.replace('ip: 192.168.1.12/24', 'ip: 192.168.1.0/24'))).toEqual([['E207', 19, 'spec.nodes[1].interfaces[0].ip']]);
  });

  it('warns when an interface prefix differs from its network', () => {
    expect(warns(BASE.replace('ip: 192.168.1.12/24', 'ip: 192.168.1.12/16')).filter(([c]) => c === 'W107')).toEqual([['W107', 19, 'spec.nodes[1].interfaces[0].ip']]);
  });

  it('rejects the same address twice on the networks', () => {
    const text = BASE.replace('ip: 192.168.1.12/24', 'ip: 192.168.1.11/24');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E205', 19, 'spec.nodes[1].interfaces[0].ip']]);
    expect(r.errors[0].detail).toContain('already used by node n1 (line 14)');
  });

  it('allows the same address on network-less interfaces of different nodes (docker0)', () => {
    const text = BASE.replace('          ip: 192.168.1.11/24', '          ip: 192.168.1.11/24\n        - {name: docker0, ip: 172.17.0.1/16}').replace(
      '          ip: 192.168.1.12/24',
      '          ip: 192.168.1.12/24\n        - {name: docker0, ip: 172.17.0.1/16}',
    );
    expect(errs(text)).toEqual([]);
  });

  it('rejects a gateway outside its network', () => {
    const text = BASE.replace('      cidr: 192.168.1.0/24', '      cidr: 192.168.1.0/24\n      gateway: 192.168.2.1');
    expect(errs(text)).toEqual([['E206', 9, 'spec.networks[0].gateway']]);
  });

  it('rejects a router interface outside its network, and routers on unknown networks', () => {
    const text = BASE.replace('  nodes:', '  routers:\n    - name: r1\n      interfaces:\n        - {network: lan, ip: 10.0.0.1/24}\n        - {network: wan, ip: 10.0.0.1/24}\n  nodes:');
    expect(errs(text)).toEqual([
      ['E204', 12, 'spec.routers[0].interfaces[0].ip'],
      ['E202', 13, 'spec.routers[0].interfaces[1].network'],
    ]);
  });

  it('rejects an interface on an unknown network and lists the declared ones', () => {
    const text = BASE.replace('          network: lan\n          ip: 192.168.1.12/24', '          network: lna\n          ip: 192.168.1.12/24');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path, e.allowed])).toEqual([['E202', 18, 'spec.nodes[1].interfaces[0].network', 'lan']]);
  });

  it('checks extraRoutes lines', () => {
    const text = BASE.replace('    - name: n2\n', '      extraRoutes: ["169.254.0.0/16 dev eth0 scope link metric 1000", "10.0.0.0/8 dev eth9", "10.1.0.0/8 via 1.2.3.4"]\n    - name: n2\n');
    expect(errs(text)).toEqual([
      ['E210', 15, 'spec.nodes[0].extraRoutes[1]'],
      ['E119', 15, 'spec.nodes[0].extraRoutes[2]'],
    ]);
  });
});

describe('duplicate names', () => {
  it('rejects two nodes with one name', () => {
    const text = BASE.replace('- name: n2', '- name: n1');
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E110', 15, 'spec.nodes[1].name']]);
    expect(r.errors[0].detail).toContain('first at line 10');
  });

  it('rejects two networks with one name', () => {
    const text = BASE.replace('      cidr: 192.168.1.0/24\n', '      cidr: 192.168.1.0/24\n    - name: lan\n      cidr: 192.168.2.0/24\n');
    expect(errs(text)).toEqual([['E110', 9, 'spec.networks[1].name']]);
  });

  it('rejects a router named like a node', () => {
    const text = BASE.replace('  nodes:', '  routers:\n    - name: n1\n      interfaces: [{network: lan, ip: 192.168.1.1/24}]\n  nodes:');
    expect(errs(text)).toEqual([['E110', lineOf(text, '- name: n1', 2), 'spec.nodes[0].name']]);
  });

  it('rejects two interfaces with one name on a node', () => {
    const text = BASE.replace('          ip: 192.168.1.11/24', '          ip: 192.168.1.11/24\n        - {name: eth0, ip: 10.0.0.1/8}');
    expect(errs(text)).toEqual([['E110', 15, 'spec.nodes[0].interfaces[1].name']]);
  });

  it('rejects an interface name Linux would refuse', () => {
    const text = BASE.replace('        - name: eth0\n          network: lan\n          ip: 192.168.1.12/24', '        - name: a-very-long-interface\n          network: lan\n          ip: 192.168.1.12/24');
    expect(errs(text)).toEqual([['E111', 17, 'spec.nodes[1].interfaces[0].name']]);
  });

  it('rejects two pools with one name', () => {
    const text = withDocs(pool('p', '  cidr: 10.244.0.0/16\n'), pool('p', '  cidr: 10.245.0.0/16\n'));
    expect(errs(text)).toEqual([['E110', lineOf(text, 'name: p', 2), 'metadata.name']]);
  });

  it('rejects two pods with one name in a namespace, but not across namespaces', () => {
    const text = withDocs(pod('a'), pod('a'));
    expect(errs(text)).toEqual([['E110', lineOf(text, 'name: a', 2), 'metadata.name']]);
    expect(errs(withDocs(pod('a'), pod('a', '', 'other')))).toEqual([]);
  });

  it('treats a pod without namespace as in "default"', () => {
    const text = withDocs(pod('a'), pod('a').replace('  namespace: default\n', ''));
    expect(errs(text).map(([c]) => c)).toEqual(['E110']);
  });
});

describe('IP pools', () => {
  it('rejects overlapping pools at the later one', () => {
    const text = withDocs(pool('a', '  cidr: 10.244.0.0/16\n'), pool('b', '  cidr: 10.244.128.0/17\n'));
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E401', lineOf(text, '10.244.128.0/17'), 'spec.cidr']]);
    expect(r.errors[0].detail).toContain(`overlaps IPPool a (10.244.0.0/16, line ${lineOf(text, '10.244.0.0/16')})`);
  });

  it('rejects blockSize outside 20-32', () => {
    const text = withDocs(pool('a', '  cidr: 10.244.0.0/16\n  blockSize: 19\n'));
    expect(errs(text)).toEqual([['E402', lineOf(text, 'blockSize'), 'spec.blockSize']]);
  });

  it('rejects a block larger than the pool', () => {
    const text = withDocs(pool('a', '  cidr: 10.244.0.0/27\n'));
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path, e.allowed])).toEqual([['E402', lineOf(text, '10.244.0.0/27'), 'spec.cidr', '27 to 32']]);
  });

  it('rejects IPIP and VXLAN together', () => {
    const text = withDocs(pool('a', '  cidr: 10.244.0.0/16\n  ipipMode: Always\n  vxlanMode: CrossSubnet\n'));
    expect(errs(text)).toEqual([['E403', lineOf(text, 'vxlanMode'), 'spec.vxlanMode']]);
  });

  it('rejects an unknown mode and lists the allowed ones (case-sensitive, as the API)', () => {
    const text = withDocs(pool('a', '  cidr: 10.244.0.0/16\n  ipipMode: always\n'));
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path, e.allowed])).toEqual([['E108', lineOf(text, 'ipipMode'), 'spec.ipipMode', 'Never, Always, CrossSubnet']]);
    expect(r.errors[0].detail).toBe('spec.ipipMode: "always" is not allowed (did you mean Always? values are case-sensitive)');
  });

  it('warns when a pool overlaps a node network', () => {
    const text = withDocs(pool('a', '  cidr: 192.168.0.0/16\n'));
    expect(warns(text)).toEqual([['W111', lineOf(text, '192.168.0.0/16'), 'spec.cidr']]);
  });
});

describe('pods and pins', () => {
  it('rejects a pod on an unknown node, listing the nodes', () => {
    const text = withDocs(pod('a').replace('nodeName: n1', 'nodeName: n3'));
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path, e.allowed])).toEqual([['E208', lineOf(text, 'nodeName'), 'spec.nodeName', 'n1, n2']]);
  });

  const pinned = (name: string, ip: string) => pod(name, `  annotations:\n    cni.projectcalico.org/ipAddrs: '["${ip}"]'\n`);
  const pools = pool('p', '  cidr: 10.244.0.0/16\n');

  it('rejects a pinned IP outside every pool (calico-ipam)', () => {
    const text = withDocs(pools, pinned('a', '10.99.0.5'));
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E501', lineOf(text, 'ipAddrs'), 'metadata.annotations["cni.projectcalico.org/ipAddrs"]']]);
    expect(r.errors[0].allowed).toBe('p 10.244.0.0/16');
  });

  it('accepts a pinned IP inside the default pool', () => {
    expect(errs(withDocs(pinned('a', '172.16.0.9')))).toEqual([]);
  });

  it('rejects two pods pinning the same IP', () => {
    const text = withDocs(pools, pinned('a', '10.244.0.9'), pinned('b', '10.244.0.9'));
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line])).toEqual([['E503', lineOf(text, 'ipAddrs', 2)]]);
    expect(r.errors[0].detail).toBe(`pod default/b pins 10.244.0.9, already pinned by pod default/a (line ${lineOf(text, 'ipAddrs')})`);
  });

  it('rejects a Deployment with several replicas pinning one IP, once', () => {
    const dep = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 2\n  template:\n    metadata:\n      annotations: {cni.projectcalico.org/ipAddrs: '["10.244.0.9"]'}\n    spec:\n      containers: [{name: c}]\n`;
    const text = withDocs(pools, dep);
    expect(errs(text)).toEqual([['E503', lineOf(text, 'ipAddrs'), 'spec.template.metadata.annotations["cni.projectcalico.org/ipAddrs"]']]);
  });

  it('rejects malformed pin annotations', () => {
    expect(errs(withDocs(pod('a', "  annotations:\n    cni.projectcalico.org/ipAddrs: '10.244.0.9'\n"))).map(([c]) => c)).toEqual(['E115']);
    expect(errs(withDocs(pod('a', "  annotations:\n    cni.projectcalico.org/ipAddrs: '[\"10.244.0.999\"]'\n"))).map(([c]) => c)).toEqual(['E112']);
    expect(errs(withDocs(pod('a', "  annotations:\n    cni.projectcalico.org/ipAddrs: '[\"10.244.0.1\", \"10.244.0.2\"]'\n"))).map(([c]) => c)).toEqual(['E119']);
  });

  const flannel = 'apiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: c}\nspec: {cni: flannel}\n';
  const node = (name: string, cidr: string) => `apiVersion: v1\nkind: Node\nmetadata: {name: ${name}}\nspec: {podCIDR: ${cidr}}\n`;

  it("rejects a pinned IP outside the node's podCIDR with host-local IPAM (flannel)", () => {
    const text = withDocs(flannel, node('n1', '10.244.1.0/24'), pinned('a', '10.244.2.5'));
    const r = parseScenario(text, 'f.yaml');
    expect(r.errors.map((e) => [e.code, e.loc?.line])).toEqual([['E502', lineOf(text, 'ipAddrs')]]);
    expect(r.errors[0].detail).toBe('pod default/a pins 10.244.2.5, outside the podCIDR 10.244.1.0/24 of node n1');
  });

  it("rejects pinning the podCIDR's gateway (.1) with host-local IPAM", () => {
    const text = withDocs(flannel, node('n1', '10.244.1.0/24'), pinned('a', '10.244.1.1'));
    expect(errs(text).map(([c]) => c)).toEqual(['E502']);
    expect(errs(withDocs(flannel, node('n1', '10.244.1.0/24'), pinned('a', '10.244.1.2')))).toEqual([]);
  });

  it("checks against flannel's Network while the podCIDR is not known yet", () => {
    expect(errs(withDocs(flannel, pinned('a', '10.99.1.2'))).map(([c]) => c)).toEqual(['E502']);
    expect(errs(withDocs(flannel, pinned('a', '10.244.1.2')))).toEqual([]);
  });

  it("rejects a node podCIDR outside flannel's Network", () => {
    const text = withDocs(flannel, node('n1', '10.99.1.0/24'));
    expect(errs(text)).toEqual([['E132', lineOf(text, 'podCIDR: 10.99.1.0/24'), 'spec.podCIDR']]);
  });

  it('rejects two nodes with overlapping podCIDRs, and a v1 Node contradicting the Topology', () => {
    const text = withDocs(node('n1', '10.244.1.0/24'), node('n2', '10.244.1.0/25'));
    expect(errs(text)).toEqual([['E211', lineOf(text, '10.244.1.0/25'), 'spec.podCIDR']]);
    const t2 = withDocs(node('n1', '10.244.1.0/24')).replace('    - name: n1\n', '    - name: n1\n      podCIDR: 10.244.9.0/24\n');
    expect(errs(t2)).toEqual([['E211', lineOf(t2, 'podCIDR: 10.244.1.0/24'), 'spec.podCIDR']]);
  });

  it('rejects a v1 Node that is not in the Topology', () => {
    const text = withDocs(node('n7', '10.244.1.0/24'));
    expect(errs(text)).toEqual([['E208', lineOf(text, 'name: n7'), 'metadata.name']]);
  });
});

describe('Deployments and Services', () => {
  const dep = (spec: string) => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n${spec}`;

  it('rejects a selector the template does not carry', () => {
    const text = withDocs(dep('  selector: {matchLabels: {app: x}}\n  template:\n    metadata: {labels: {app: y}}\n    spec: {containers: [{name: c}]}\n'));
    expect(errs(text)).toEqual([['E505', lineOf(text, 'matchLabels'), 'spec.selector.matchLabels.app']]);
  });

  it('rejects a nodeSelector no node matches', () => {
    const text = withDocs(dep('  template:\n    spec:\n      nodeSelector: {disk: ssd}\n      containers: [{name: c}]\n'));
    expect(errs(text)).toEqual([['E504', lineOf(text, 'nodeSelector'), 'spec.template.spec.nodeSelector']]);
  });

  it('rejects containers missing and a container without name', () => {
    const text = withDocs(dep('  template:\n    spec:\n      containers: [{image: nginx}]\n'));
    expect(errs(text)).toEqual([['E106', lineOf(text, 'containers'), 'spec.template.spec.containers[0].name']]);
    const t2 = withDocs(dep('  template:\n    spec: {}\n'));
    expect(errs(t2)).toEqual([['E106', lineOf(t2, 'spec: {}'), 'spec.template.spec.containers']]);
  });

  const svc = (spec: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n${spec}`;

  it('wants names on the ports of a multi-port Service', () => {
    const text = withDocs(svc('  ports:\n    - {name: a, port: 80}\n    - {port: 443}\n'));
    expect(errs(text)).toEqual([['E506', lineOf(text, 'port: 443'), 'spec.ports[1].name']]);
  });

  it('rejects two Services with one clusterIP', () => {
    const text = withDocs(svc('  clusterIP: 10.96.0.10\n  ports: [{port: 53}]\n'), svc('  clusterIP: 10.96.0.10\n  ports: [{port: 53}]\n').replace('name: s', 'name: t'));
    expect(errs(text)).toEqual([['E507', lineOf(text, 'clusterIP', 2), 'spec.clusterIP']]);
  });

  it('rejects a port out of range', () => {
    const text = withDocs(svc('  ports: [{port: 70000}]\n'));
    expect(errs(text)).toEqual([['E109', lineOf(text, '70000'), 'spec.ports[0].port']]);
  });
});

describe('Calico resources', () => {
  const res = (kind: string, name: string, spec: string) => `apiVersion: projectcalico.org/v3\nkind: ${kind}\nmetadata: {name: ${name}}\nspec:\n${spec}`;

  it('requires a Calico Node to name a Topology node', () => {
    const text = withDocs(res('Node', 'n9', '  bgp: {ipv4Address: 192.168.1.9/24}\n'));
    expect(errs(text)).toEqual([['E208', lineOf(text, 'name: n9'), 'metadata.name']]);
  });

  it('wants routeReflectorClusterID to be an IPv4 address', () => {
    const text = withDocs(res('Node', 'n1', '  bgp: {routeReflectorClusterID: 244.0.0.256}\n'));
    expect(errs(text)).toEqual([['E112', lineOf(text, 'routeReflectorClusterID'), 'spec.bgp.routeReflectorClusterID']]);
  });

  const pools = pool('p', '  cidr: 10.244.0.0/16\n');

  it('checks block affinities against pools, block size, claims and nodes', () => {
    const aff = (name: string, node: string, cidr: string) => res('BlockAffinity', name, `  node: ${node}\n  cidr: ${cidr}\n`);
    const text = withDocs(pools, aff('a', 'n1', '10.99.0.0/26'), aff('b', 'n1', '10.244.0.0/24'), aff('c', 'n1', '10.244.0.64/26'), aff('d', 'n2', '10.244.0.64/26'), aff('e', 'n8', '10.244.0.128/26'));
    expect(errs(text)).toEqual([
      ['E404', lineOf(text, '10.99.0.0/26'), 'spec.cidr'],
      ['E405', lineOf(text, '10.244.0.0/24'), 'spec.cidr'],
      ['E406', lineOf(text, '10.244.0.64/26', 2), 'spec.cidr'],
      ['E208', lineOf(text, 'node: n8'), 'spec.node'],
    ]);
  });

  it('rejects autoAllocateBlocks: false without strictAffinity', () => {
    const text = withDocs(res('IPAMConfig', 'default', '  strictAffinity: false\n  autoAllocateBlocks: false\n'));
    expect(errs(text)).toEqual([['E407', lineOf(text, 'autoAllocateBlocks'), 'spec.autoAllocateBlocks']]);
  });

  it('rejects conflicting BGPPeer fields', () => {
    const text = withDocs(res('BGPPeer', 'p', '  peerIP: 192.168.1.1\n  peerSelector: all()\n'));
    expect(errs(text)).toEqual([['E120', lineOf(text, 'peerSelector'), 'spec.peerSelector']]);
  });

  it('checks IP autodetection methods', () => {
    const cluster = (m: string) => withDocs(`apiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  calico:\n    ipAutodetectionMethod: "${m}"\n`);
    for (const good of ['first-found', 'kubernetes-internal-ip', 'can-reach=192.168.1.1', 'interface=eth.*,ens3[23]', 'skip-interface=docker.*', 'cidr=192.168.1.0/24, 10.0.0.0/8']) {
      expect(errs(cluster(good))).toEqual([]);
    }
    for (const bad of ['firstfound', 'interface=eth[', 'interface=(?=x)', 'cidr=192.168.1.0', 'can-reach=www.example.com', 'interface=']) {
      const text = cluster(bad);
      expect(errs(text)).toEqual([['E130', lineOf(text, 'ipAutodetectionMethod'), 'spec.calico.ipAutodetectionMethod']]);
    }
  });
});

describe('flannel configuration', () => {
  const cm = (json: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-flannel-cfg, namespace: kube-flannel}\ndata:\n  net-conf.json: '${json}'\n`;

  it('rejects invalid JSON in net-conf.json', () => {
    const text = withDocs(cm('{"Network": "10.244.0.0/16",}'));
    expect(errs(text)).toEqual([['E115', lineOf(text, 'net-conf.json'), 'data["net-conf.json"]']]);
  });

  it('rejects a backend the lab does not model, and a missing Backend (flannel would use udp)', () => {
    const text = withDocs(cm('{"Network": "10.244.0.0/16", "Backend": {"Type": "wireguard"}}'));
    expect(errs(text)).toEqual([['E108', lineOf(text, 'net-conf.json'), 'data["net-conf.json"].Backend.Type']]);
    const t2 = withDocs(cm('{"Network": "10.244.0.0/16"}'));
    expect(errs(t2)).toEqual([['E106', lineOf(t2, 'net-conf.json'), 'data["net-conf.json"].Backend']]);
  });

  it('rejects net-conf given both in the Cluster and in the ConfigMap', () => {
    const cluster = 'apiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  cni: flannel\n  flannel:\n    netConf: {Network: 10.244.0.0/16, Backend: {Type: vxlan}}\n';
    const text = withDocs(cm('{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}'), cluster);
    expect(errs(text)).toEqual([['E131', lineOf(text, 'net-conf.json'), 'data["net-conf.json"]']]);
  });

  it('rejects a SubnetLen larger than the Network', () => {
    const text = withDocs(cm('{"Network": "10.244.0.0/16", "SubnetLen": 8, "Backend": {"Type": "vxlan"}}'));
    expect(errs(text).map(([c, , p]) => [c, p])).toEqual([['E109', 'data["net-conf.json"].SubnetLen']]);
  });
});

describe('faults', () => {
  const fault = (spec: string) => `apiVersion: cnilab/v1\nkind: Fault\nmetadata: {name: f}\nspec:\n${spec}`;

  it('checks what each fault type names', () => {
    expect(errs(withDocs(fault('  type: nodeDown\n  node: n1\n')))).toEqual([]);
    const t1 = withDocs(fault('  type: routerDown\n  router: r9\n'));
    expect(errs(t1)).toEqual([['E209', lineOf(t1, 'router: r9'), 'spec.router']]);
    const t2 = withDocs(fault('  type: linkDown\n  node: n1\n  iface: eth9\n'));
    expect(errs(t2)).toEqual([['E210', lineOf(t2, 'iface: eth9'), 'spec.iface']]);
    const t3 = withDocs(fault('  type: linkDown\n  node: n1\n'));
    expect(errs(t3)).toEqual([['E106', lineOf(t3, 'spec:', 2), 'spec.iface']]);
    const t4 = withDocs(fault('  type: filter\n  filter: {between: [lan, wan], protocol: ICMP, port: 1}\n'));
    expect(errs(t4).map(([c]) => c)).toEqual(['E202', 'E120']);
  });
});

describe('the catalogue', () => {
  it('has a title and a fix for every code the parser uses', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const used = new Set<string>();
    for (const f of readdirSync(__dirname)) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts')) continue;
      for (const m of readFileSync(join(__dirname, f), 'utf8').matchAll(/'([EW]\d{3})'/g)) used.add(m[1]);
    }
    for (const code of used) {
      const e = (CATALOGUE as Record<string, { title: string; fix: string }>)[code];
      expect(e, code).toBeDefined();
      expect(e.title.length).toBeGreaterThan(3);
      expect(e.fix.length).toBeGreaterThan(10);
    }
  });
});

describe('the README', () => {
  it('lists every catalogue code with its title', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const readme = readFileSync(join(__dirname, 'README.md'), 'utf8');
    for (const [code, e] of Object.entries(CATALOGUE)) expect(readme, code).toContain(`| ${code} | ${e.title} |`);
  });
});
