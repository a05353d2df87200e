import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseScenario } from './index';

const FULL = readFileSync(join(__dirname, '../../../test/fixtures/scenario/full.yaml'), 'utf8');

function ok(text: string) {
  const r = parseScenario(text, 'lab.yaml');
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return { s: r.scenario!, warnings: r.warnings, locator: r.locator };
}

export const TOPO = `apiVersion: cnilab/v1
kind: Topology
metadata: {name: t}
spec:
  networks: [{name: lan, cidr: 192.168.1.0/24}]
  nodes:
    - name: n1
      interfaces: [{name: eth0, network: lan, ip: 192.168.1.11/24}]
    - name: n2
      interfaces: [{name: eth0, network: lan, ip: 192.168.1.12/24}]
`;

describe('a full valid scenario', () => {
  const { s, warnings } = ok(FULL);

  it('has no warnings', () => {
    expect(warnings).toEqual([]);
  });

  it('reads the Topology in order, with interface defaults', () => {
    expect(s.topology.name).toBe('two-subnets');
    expect(s.topology.networks).toEqual([
      { name: 'lan-a', cidr: '192.168.1.0/24', gateway: '192.168.1.1' },
      { name: 'lan-b', cidr: '192.168.2.0/24', mtu: 9000 },
    ]);
    expect(s.topology.routers).toEqual([
      { name: 'r1', interfaces: [{ network: 'lan-a', ip: '192.168.1.1/24' }, { network: 'lan-b', ip: '192.168.2.1/24' }], bgp: { asNumber: 65000 } },
    ]);
    expect(s.topology.nodes.map((n) => n.name)).toEqual(['master', 'worker-1', 'worker-2']);
    expect(s.topology.nodes[0]).toEqual({
      name: 'master',
      labels: { 'node-role.kubernetes.io/control-plane': '' },
      annotations: {},
      interfaces: [
        { name: 'eth0', network: 'lan-a', ip: '192.168.1.10/24', mtu: 1500, metric: 100, defaultRouteProto: 'static' },
        { name: 'docker0', ip: '172.17.0.1/16', mtu: 1500, linkdown: true },
      ],
      extraRoutes: ['169.254.0.0/16 dev eth0 scope link metric 1000'],
    });
    // MACs are stored as Linux prints them (lower case)
    expect(s.topology.nodes[1].interfaces[0].mac).toBe('52:54:00:aa:bb:01');
    expect(s.topology.nodes[2].interfaces[0].mtu).toBe(9000);
  });

  it('fills the Cluster defaults (calico, bird, calico-ipam, flannel defaults kept)', () => {
    expect(s.cluster).toEqual({
      name: 'lab',
      cni: 'calico',
      calico: { ipAutodetectionMethod: 'interface=eth.*', networkingBackend: 'bird', ipam: 'calico-ipam', vethMtu: 0 },
      flannel: { netConf: { Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } }, ipMasq: true },
      clockStart: '09:30:00',
    });
  });

  it('fills IPPool API defaults (blockSize 26, modes Never, natOutgoing false, all())', () => {
    expect(s.ippools).toEqual([
      { name: 'pool-a', cidr: '10.244.0.0/16', blockSize: 26, ipipMode: 'CrossSubnet', vxlanMode: 'Never', natOutgoing: true, disabled: false, disableBGPExport: false, nodeSelector: 'all()' },
      { name: 'pool-b', cidr: '10.245.0.0/24', blockSize: 28, ipipMode: 'Never', vxlanMode: 'Never', natOutgoing: false, disabled: true, disableBGPExport: false, nodeSelector: 'all()' },
    ]);
  });

  it('reads BGP resources and the Calico Node (labels extend the Kubernetes labels)', () => {
    expect(s.bgpConfigurations).toEqual([{ name: 'default', nodeToNodeMeshEnabled: false, asNumber: 64512 }]);
    expect(s.bgpPeers).toEqual([{ name: 'to-rr', nodeSelector: '!has(route-reflector)', peerSelector: 'has(route-reflector)' }]);
    expect(s.calicoNodes).toEqual([
      {
        name: 'master',
        labels: { 'node-role.kubernetes.io/control-plane': '', 'route-reflector': 'true' },
        bgp: { ipv4Address: '192.168.1.10/24', routeReflectorClusterID: '244.0.0.1' },
      },
    ]);
  });

  it('reads IPAM resources and tiers', () => {
    expect(s.blockAffinities).toEqual([{ name: 'worker-1-10-244-1-0-26', node: 'worker-1', cidr: '10.244.1.0/26', state: 'confirmed' }]);
    expect(s.ipamConfig).toEqual({ strictAffinity: true, autoAllocateBlocks: true, maxBlocksPerHost: 0 });
    expect(s.tiers).toEqual([{ name: 'security', order: 100 }]);
  });

  it('adds the namespace label and the implicit default namespace', () => {
    expect(s.namespaces).toEqual([
      { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } },
      { name: 'develop', labels: { team: 'dev', 'kubernetes.io/metadata.name': 'develop' } },
    ]);
  });

  it('reads pods with their pins, then the Deployment replicas round-robin over workers', () => {
    expect(s.pods[0]).toEqual({
      namespace: 'develop',
      name: 'client',
      labels: { run: 'client' },
      annotations: { 'cni.projectcalico.org/ipAddrs': '["10.244.1.10"]' },
      nodeName: 'worker-1',
      containers: [{ name: 'box', ports: [] }],
      pinnedIPs: ['10.244.1.10'],
    });
    const web = s.pods.slice(1);
    expect(web.map((p) => p.nodeName)).toEqual(['worker-1', 'worker-2', 'worker-1']);
    for (const p of web) {
      expect(p.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{10}-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.ownerDeployment).toBe('web');
      expect(p.namespace).toBe('default');
      expect(p.labels.app).toBe('web');
      expect(p.containers).toEqual([{ name: 'nginx', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }]);
    }
    expect(new Set(web.map((p) => p.name)).size).toBe(3);
    expect(s.deployments).toEqual([
      {
        namespace: 'default',
        name: 'web',
        replicas: 3,
        template: { labels: { app: 'web' }, annotations: {}, containers: [{ name: 'nginx', ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }] }] },
      },
    ]);
  });

  it('defaults Service protocol and targetPort', () => {
    expect(s.services).toEqual([{ namespace: 'default', name: 'web', clusterIP: '10.96.0.80', selector: { app: 'web' }, ports: [{ protocol: 'TCP', port: 80, targetPort: 80 }] }]);
  });

  it('keeps policies with their spec as written', () => {
    expect(s.networkPolicies).toEqual([{ namespace: 'develop', name: 'deny-all', spec: { podSelector: {}, policyTypes: ['Ingress'] } }]);
    expect(s.calicoPolicies).toEqual([
      {
        kind: 'GlobalNetworkPolicy',
        name: 'allow-dns',
        spec: { tier: 'security', order: 10, selector: 'all()', types: ['Egress'], egress: [{ action: 'Allow', protocol: 'UDP', destination: { ports: [53] } }] },
      },
    ]);
  });

  it('reads faults', () => {
    expect(s.faults).toEqual([{ name: 'cut-b', type: 'filter', filter: { between: ['lan-a', 'lan-b'], protocol: 'TCP', port: 179 } }]);
  });

  it('records where each resource came from', () => {
    expect(s.refs['Topology/two-subnets']).toEqual({ kind: 'Topology', name: 'two-subnets', doc: 0 });
    expect(s.refs['IPPool/pool-b']).toEqual({ kind: 'IPPool', name: 'pool-b', doc: 3 });
    expect(s.refs['CalicoNode/master']).toEqual({ kind: 'CalicoNode', name: 'master', doc: 6 });
    expect(s.refs['Pod/develop/client']).toEqual({ kind: 'Pod', name: 'develop/client', doc: 11 });
    expect(s.refs[`Pod/default/${s.pods[1].name}`]).toEqual({ kind: 'Deployment', name: 'default/web', doc: 12 });
    expect(s.refs['GlobalNetworkPolicy/allow-dns'].doc).toBe(15);
  });

  it('is deterministic', () => {
    const strip = ({ locator: _l, ...rest }: ReturnType<typeof parseScenario>) => rest;
    expect(strip(parseScenario(FULL, 'lab.yaml'))).toEqual(strip(parseScenario(FULL, 'lab.yaml')));
  });
});

describe('defaults when documents are left out', () => {
  it('uses calico/bird/calico-ipam/first-found and creates the default pool with a warning', () => {
    const { s, warnings } = ok(TOPO);
    expect(s.cluster.cni).toBe('calico');
    expect(s.cluster.calico).toEqual({ ipAutodetectionMethod: 'first-found', networkingBackend: 'bird', ipam: 'calico-ipam' });
    // 192.168.0.0/16 holds the node addresses, so calico-node takes the first free 172.N.0.0/16
    expect(s.ippools).toEqual([
      { name: 'default-ipv4-ippool', cidr: '172.16.0.0/16', blockSize: 26, ipipMode: 'Always', vxlanMode: 'Never', natOutgoing: true, disabled: false, disableBGPExport: false, nodeSelector: 'all()' },
    ]);
    expect(warnings.map((w) => w.code)).toEqual(['W104']);
    expect(s.ipamConfig).toEqual({ strictAffinity: false, autoAllocateBlocks: true, maxBlocksPerHost: 0 });
    expect(s.namespaces).toEqual([{ name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' } }]);
  });

  it('takes 192.168.0.0/16 when no node address is in it', () => {
    const { s } = ok(TOPO.replaceAll('192.168.1', '10.0.0'));
    expect(s.ippools[0].cidr).toBe('192.168.0.0/16');
  });

  it('skips every 172.N.0.0/16 that holds a node address (docker0 on 172.16-172.17)', () => {
    const text = TOPO.replace(
      'interfaces: [{name: eth0, network: lan, ip: 192.168.1.11/24}]',
      'interfaces: [{name: eth0, network: lan, ip: 192.168.1.11/24}, {name: docker0, ip: 172.16.0.1/16}, {name: br0, ip: 172.17.0.1/16}]',
    );
    expect(ok(text).s.ippools[0].cidr).toBe('172.18.0.0/16');
  });

  it('gives the default pool VXLAN CrossSubnet for the vxlan backend and no encapsulation for none', () => {
    const cluster = (backend: string) => `${TOPO}---\napiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  calico: {networkingBackend: ${backend}}\n`;
    const vx = ok(cluster('vxlan')).s.ippools[0];
    expect([vx.ipipMode, vx.vxlanMode]).toEqual(['Never', 'CrossSubnet']);
    const none = ok(cluster('none')).s.ippools[0];
    expect([none.ipipMode, none.vxlanMode]).toEqual(['Never', 'Never']);
  });

  it('creates no pool for flannel', () => {
    const { s, warnings } = ok(`${TOPO}---\napiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: c}\nspec: {cni: flannel}\n`);
    expect(s.ippools).toEqual([]);
    expect(warnings).toEqual([]);
    expect(s.cluster.flannel).toEqual({ netConf: { Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } }, ipMasq: true });
  });

  it('points the default pool ref at the Cluster, else at the Topology', () => {
    expect(ok(TOPO).s.refs['IPPool/default-ipv4-ippool']).toEqual({ kind: 'Topology', name: 't', doc: 0 });
    const withCluster = ok(`${TOPO}---\napiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: c}\n`).s;
    expect(withCluster.refs['IPPool/default-ipv4-ippool']).toEqual({ kind: 'Cluster', name: 'c', doc: 1 });
  });
});

describe('Kubernetes and Calico merges', () => {
  it('merges a v1 Node into the Topology node (labels, annotations, podCIDR)', () => {
    const { s } = ok(`${TOPO}---\napiVersion: v1\nkind: Node\nmetadata:\n  name: n2\n  labels: {disk: ssd}\n  annotations: {a: b}\nspec:\n  podCIDR: 10.244.2.0/24\n  podCIDRs: [10.244.2.0/24]\n  taints: []\n`);
    expect(s.topology.nodes[1]).toMatchObject({ name: 'n2', labels: { disk: 'ssd' }, annotations: { a: 'b' }, podCIDR: '10.244.2.0/24' });
    expect(s.refs['Node/n2']).toEqual({ kind: 'Node', name: 'n2', doc: 1 });
  });

  it('accepts the real flannel ConfigMap (net-conf.json string) and switches the CNI to flannel', () => {
    const cm = `apiVersion: v1
kind: ConfigMap
metadata:
  name: kube-flannel-cfg
  namespace: kube-flannel
data:
  cni-conf.json: |
    {"name": "cbr0", "cniVersion": "0.3.1"}
  net-conf.json: |
    {
      "Network": "10.244.0.0/16",
      "EnableNFTables": false,
      "Backend": {
        "Type": "host-gw"
      }
    }
`;
    const { s, warnings } = ok(`${TOPO}---\n${cm}`);
    expect(s.cluster.cni).toBe('flannel');
    expect(s.cluster.flannel.netConf).toEqual({ Network: '10.244.0.0/16', Backend: { Type: 'host-gw' } });
    expect(s.ippools).toEqual([]);
    expect(warnings).toEqual([]);
    expect(s.refs['ConfigMap/kube-flannel/kube-flannel-cfg'].doc).toBe(1);
  });

  it('lets an explicit Cluster cni: calico win over the ConfigMap (with a warning)', () => {
    const text = `${TOPO}---\napiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: c}\nspec: {cni: calico}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: kube-flannel-cfg, namespace: kube-system}\ndata:\n  net-conf.json: '{"Network": "10.244.0.0/16", "Backend": {"Type": "vxlan"}}'\n`;
    const { s, warnings } = ok(text);
    expect(s.cluster.cni).toBe('calico');
    expect(warnings.map((w) => [w.code, w.loc?.line])).toContainEqual(['W108', 19]);
  });

  it('accepts net-conf as a JSON string inside the Cluster', () => {
    const { s } = ok(`${TOPO}---\napiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: c}\nspec:\n  cni: flannel\n  flannel:\n    netConf: '{"Network": "10.200.0.0/16", "SubnetLen": 25, "Backend": {"Type": "vxlan", "DirectRouting": true, "VNI": 1, "Port": 8472}}'\n    iface: [eth0]\n    ipMasq: false\n`);
    expect(s.cluster.flannel).toEqual({
      netConf: { Network: '10.200.0.0/16', SubnetLen: 25, Backend: { Type: 'vxlan', DirectRouting: true, VNI: 1, Port: 8472 } },
      iface: ['eth0'],
      ipMasq: false,
    });
  });

  it('creates namespaces that are only referenced, sorted, after the declared ones', () => {
    const pod = (ns: string, name: string) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  nodeName: n1\n  containers: [{name: c}]\n`;
    const { s } = ok(`${TOPO}${pod('zeta', 'a')}${pod('alpha', 'b')}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: mid}\n`);
    expect(s.namespaces.map((n) => n.name)).toEqual(['default', 'mid', 'alpha', 'zeta']);
    expect(s.namespaces[2].labels).toEqual({ 'kubernetes.io/metadata.name': 'alpha' });
  });

  it('keeps names as plain text, byte for byte', () => {
    const weird = '<b>x</b> & "q"';
    const { s, warnings } = ok(TOPO.replace('name: lan,', `name: '${weird}',`).replaceAll('network: lan,', `network: '${weird}',`));
    expect(s.topology.networks[0].name).toBe(weird);
    expect(s.topology.nodes[0].interfaces[0].network).toBe(weird);
    expect(warnings.filter((w) => w.code !== 'W104')).toEqual([]);
  });

  it('warns (not fails) on a node name Kubernetes would reject, and keeps it', () => {
    const { s, warnings } = ok(TOPO.replace('name: n1', 'name: Node_1'));
    expect(s.topology.nodes[0].name).toBe('Node_1');
    expect(warnings.find((w) => w.code === 'W106')?.loc).toEqual({ file: 'lab.yaml', line: 7, path: 'spec.nodes[0].name' });
  });

  it('keeps a label key called __proto__ as an ordinary key', () => {
    const { s } = ok(TOPO.replace('- name: n1', '- name: n1\n      labels: {__proto__: x}'));
    expect(Object.keys(s.topology.nodes[0].labels)).toEqual(['__proto__']);
    expect(s.topology.nodes[0].labels['__proto__']).toBe('x');
  });
});
