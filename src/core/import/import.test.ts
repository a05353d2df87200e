// The importer against hand-written dumps in the shape kubectl and calicoctl print them (test/fixtures/import),
// and against broken ones: every expected value below is read off the fixture text, not produced by the code.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify, parse } from 'yaml';
import { loadLab } from '../session/load';
import { ipRoute } from '../render';
import { bgpStatus } from '../bgp/text';
import { importCluster, type DumpFile } from '.';
import { readNodeFile } from './nodeFile';
import type { LabError } from '../model/errors';
import { clusterDump } from '../../../test/support/clusterDump';
import { flat } from '../../../test/support/bgp-labs';
import { perTest } from '../../../test/support/perTest';

const FIX = join(__dirname, '../../../test/fixtures/import');
const dir = (d: string): DumpFile[] => readdirSync(join(FIX, d)).sort().map((name) => ({ name, text: readFileSync(join(FIX, d, name), 'utf8') }));
const one = (files: DumpFile[], name: string) => files.find((f) => f.name === name)!;

function loaded(files: DumpFile[]) {
  const r = importCluster(files);
  expect(r.errors.map((e) => e.message)).toEqual([]);
  const l = loadLab(r.yaml!, 'imported.yaml');
  expect(l.errors.map((e) => e.message)).toEqual([]);
  return { r, state: l.state! };
}

describe('kubeadm + Calico IPIP (kubectl List, calicoctl *List, BlockAffinity CRDs, one node\'s ip -o addr)', () => {
  const files = dir('kubeadm-calico');
  const lab = perTest(() => loaded(files));

  it('keeps every running pod on its node with its real address', () => {
    const pods = Object.fromEntries(lab().state.pods.map((p) => [`${p.namespace}/${p.name}`, `${p.ip} ${p.node}`]));
    expect(pods).toEqual({
      'kube-system/coredns-5dd5756b68-9wzxl': '10.244.235.193 k8s-master',
      'default/web-7c5ddbdf54-4kq7d': '10.244.230.1 k8s-worker1',
      'default/web-7c5ddbdf54-xz2m9': '10.244.194.65 k8s-worker2',
      'default/client': '10.244.194.66 k8s-worker2',
    });
  });

  it('gives each node the tunnel address and blocks the cluster printed', () => {
    expect(lab().state.nodes.map((n) => [n.name, n.ipipTunnelAddr ?? n.vxlanTunnelAddr, n.blocks.join(' ')])).toEqual([
      ['k8s-master', '10.244.235.192', '10.244.235.192/26'],
      ['k8s-worker1', '10.244.230.0', '10.244.230.0/26'],
      ['k8s-worker2', '10.244.194.64', '10.244.194.64/26'],
    ]);
  });

  it('uses the NIC names of the node whose ip -o addr was given, and routes blocks over tunl0', () => {
    const w1 = ipRoute(lab().state.netns[lab().state.nodes[1].ns]);
    expect(w1).toContain('10.244.194.64/26 via 192.168.56.12 dev tunl0 proto bird onlink');
    expect(w1).toContain('192.168.56.0/24 dev enp0s8 proto kernel scope link src 192.168.56.11');
    expect(w1).toContain('10.0.2.0/24 dev enp0s3 proto kernel scope link src 10.0.2.15');
  });

  it("takes SINCE from each calico-node container's start", () => {
    expect(bgpStatus(lab().state, 'k8s-worker2')).toMatch(/192\.168\.56\.10 \| node-to-node mesh \| up {4}\| 09:23:48/);
    expect(bgpStatus(lab().state, 'k8s-master')).toMatch(/192\.168\.56\.11 \| node-to-node mesh \| up {4}\| 09:22:10/);
  });

  it('leaves out the agents, the unscheduled pod and the Secret, and says so', () => {
    expect(lab().r.yaml).not.toContain('calico-node-');
    expect(lab().r.yaml).not.toContain('web-tls');
    expect(lab().r.yaml).not.toContain('LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCg==');
    expect(lab().r.notes.map((n) => n.code + ' ' + n.message)).toEqual(
      expect.arrayContaining([
        'W903 1 Secret dropped: the lab needs none, and they are never written out',
        'W902 1 pod without an address left out: default/pending (not scheduled)',
        'W901 default gateway unknown (no node\'s ip route): guessed 192.168.56.1 on 192.168.56.0/24',
      ]),
    );
    expect(lab().r.notes.filter((n) => n.node === 'k8s-master').map((n) => n.message)).toEqual(['k8s-master: NIC names, MTU (1500) and any docker0 unknown; assumed one NIC eth0 with 192.168.56.10/24']);
  });

  it('reads the same cluster from kubectl -o json', () => {
    const asJson = files.map((f) => (f.name === 'cluster.yaml' ? { name: 'cluster.json', text: JSON.stringify(parse(f.text), null, 4) } : f));
    const j = importCluster(asJson);
    expect(j.errors).toEqual([]);
    expect(j.yaml!.split('\n').slice(1)).toEqual(lab().r.yaml!.split('\n').slice(1)); // the first line names the files
  });

  it('reads single objects and multi-document files as well as Lists', () => {
    const list = parse(one(files, 'cluster.yaml').text) as { items: unknown[] };
    const multi = { name: 'cluster.yaml', text: list.items.map((i) => stringify(i)).join('---\n') };
    const m = importCluster([multi, ...files.filter((f) => f.name !== 'cluster.yaml')]);
    expect(m.errors).toEqual([]);
    expect(m.yaml!.split('\n').slice(1)).toEqual(lab().r.yaml!.split('\n').slice(1));
  });
});

describe('bad dumps: located errors', () => {
  const base = dir('kubeadm-calico');
  const cluster = one(base, 'cluster.yaml').text;
  const errs = (files: DumpFile[]): [string, string, number][] => importCluster(files).errors.map((e: LabError) => [e.code, e.loc!.file, e.loc!.line]);
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

  it('E901: a YAML syntax error, at its line', () => {
    const text = cluster.replace('    name: k8s-worker1\n', '    name: [k8s-worker1\n');
    const e = errs([{ name: 'cluster.yaml', text }]);
    expect(e[0][0]).toBe('E901');
    expect(e[0][1]).toBe('cluster.yaml');
    expect(e[0][2]).toBeGreaterThanOrEqual(lineOf(text, 'name: [k8s-worker1'));
  });

  it('E902: a List item that is not a resource', () => {
    const text = cluster.replace('- apiVersion: v1\n  kind: Namespace\n  metadata:\n    labels:\n      kubernetes.io/metadata.name: default', '- metadata:\n    labels:\n      kubernetes.io/metadata.name: default');
    const line = text.split('\n').findIndex((l, i, a) => l === '- metadata:' && a[i + 2]?.includes('kubernetes.io/metadata.name: default')) + 1;
    expect(line).toBeGreaterThan(0);
    expect(errs([{ name: 'cluster.yaml', text }])).toEqual([['E902', 'cluster.yaml', line]]);
  });

  it('E903: an address that is not one, at its field', () => {
    const text = cluster.replace('    podIP: 10.244.194.65\n', '    podIP: 10.244.194.656\n');
    const r = importCluster([{ name: 'cluster.yaml', text }]);
    expect(r.errors.map((e) => [e.code, e.loc!.line, e.loc!.path])).toEqual([['E903', lineOf(text, 'podIP: 10.244.194.656'), 'items[9].status.podIP']]);
    const bad = one(base, 'calico.yaml').text.replace('cidr: 10.244.0.0/16', 'cidr: 10.244.0.0');
    expect(errs([{ name: 'cluster.yaml', text: cluster }, { name: 'calico.yaml', text: bad }])).toEqual([['E903', 'calico.yaml', lineOf(bad, 'cidr: 10.244.0.0')]]);
  });

  it('E903 / E902 in kubectl -o json (read with JSON.parse, located through the YAML reader only when needed)', () => {
    const json = JSON.stringify(parse(cluster), null, 4).replace('"podIP": "10.244.194.65"', '"podIP": "10.244.194.656"');
    const r = importCluster([{ name: 'cluster.json', text: json }]);
    expect(r.errors.map((e) => [e.code, e.loc!.line, e.loc!.path])).toEqual([['E903', lineOf(json, '"podIP": "10.244.194.656"'), 'items[9].status.podIP']]);
    const noKind = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ metadata: { name: 'x' } }] }, null, 2);
    expect(errs([{ name: 'l.json', text: noKind }])).toEqual([['E902', 'l.json', 5]]);
  });

  it('E904: no nodes at all', () => {
    expect(errs([one(base, 'blocks.yaml')])).toEqual([['E904', 'blocks.yaml', 1]]);
  });

  it('E905 / E906: ip output for a node the dump lacks, and a line that is not ip output', () => {
    expect(errs([{ name: 'cluster.yaml', text: cluster }, { name: 'worker9.ip-addr.txt', text: '1: lo    inet 127.0.0.1/8 scope host lo\n' }])).toEqual([['E905', 'worker9.ip-addr.txt', 1]]);
    const text = '# node: k8s-worker2\n2: eth0    inet 192.168.56.12/24 brd 192.168.56.255 scope global eth0\nhello world\n3: eth1    inet 10.1.1.300/24 scope global eth1\n';
    expect(errs([{ name: 'cluster.yaml', text: cluster }, { name: 'w2.txt', text }])).toEqual([
      ['E906', 'w2.txt', 3],
      ['E906', 'w2.txt', 4],
    ]);
  });
});

describe('ip output', () => {
  it('reads ip -o addr, ip addr, ip -o link and ip route alike', () => {
    const text = [
      '[root@node1 ~]# ip -o addr',
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
      '2: ens33    inet 10.0.0.12/24 brd 10.0.0.255 scope global noprefixroute ens33\\       valid_lft forever preferred_lft forever',
      '2: ens33    inet6 fe80::20c:29ff:fe3b:1c01/64 scope link \\       valid_lft forever preferred_lft forever',
      '3: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default ',
      '    link/ether 02:42:6b:1f:0c:9a brd ff:ff:ff:ff:ff:ff',
      '    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0',
      '2: ens33: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc fq_codel state UP mode DEFAULT group default qlen 1000\\    link/ether 00:50:56:2A:1C:01 brd ff:ff:ff:ff:ff:ff',
      'default via 10.0.0.2 dev ens33 proto static metric 100 ',
      '169.254.0.0/16 dev ens33 scope link metric 1000 ',
    ].join('\n');
    const errors: LabError[] = [];
    const f = readNodeFile({ name: 'node1.ip-addr.txt', text }, 'node1', errors);
    expect(errors).toEqual([]);
    expect(f.links.map((l) => [l.index, l.name, l.addrs.join(','), l.mtu, l.mac, !!l.noCarrier])).toEqual([
      [1, 'lo', '127.0.0.1/8', undefined, undefined, false],
      [2, 'ens33', '10.0.0.12/24', 1450, '00:50:56:2a:1c:01', false],
      [3, 'docker0', '172.17.0.1/16', 1500, '02:42:6b:1f:0c:9a', true],
    ]);
    expect(f.routes.map((r) => [r.dst, r.via, r.dev, r.proto, r.metric])).toEqual([
      ['default', '10.0.0.2', 'ens33', 'static', 100],
      ['169.254.0.0/16', undefined, 'ens33', undefined, 1000],
    ]);
  });
});

describe('flannel VXLAN from kubectl -o json, the kube-flannel-cfg ConfigMap and one node\'s ip -o addr/-o link/ip route', () => {
  const lab = perTest(() => loaded(dir('flannel-json')));

  it('reads net-conf.json, the pods and the VTEP MACs from the annotations', () => {
    expect(lab().state.scenario.cluster.cni).toBe('flannel');
    expect(lab().state.scenario.cluster.flannel.netConf).toMatchObject({ Network: '10.244.0.0/16', Backend: { Type: 'vxlan' } });
    expect(lab().state.pods.map((p) => `${p.name} ${p.ip} ${p.node}`)).toEqual(['shop-6f8b9c7d5-2xk4p 10.244.1.5 w1', 'shop-6f8b9c7d5-q7n9m 10.244.2.3 w2', 'debug 10.244.2.4 w2']);
    expect(lab().state.nodes.map((n) => n.vtepMac)).toEqual(['9a:3e:61:0b:7c:11', 'c6:1f:4d:88:02:5e', '3e:b0:97:14:aa:c1']);
  });

  it("w2's table has its own gateway, metric, MTU and DHCP host route from its ip output", () => {
    const w2 = ipRoute(lab().state.netns[lab().state.nodes[2].ns]);
    expect(w2).toContain('default via 172.16.10.1 dev eth0 proto dhcp metric 100');
    expect(w2).toContain('172.16.10.1 dev eth0 proto dhcp scope link src 172.16.10.22 metric 100');
    expect(w2).toContain('10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink');
    expect(lab().state.scenario.topology.nodes[2].interfaces).toEqual([{ name: 'eth0', network: 'lan', ip: '172.16.10.22/24', mtu: 1450, mac: '02:00:ac:10:0a:16', metric: 100, defaultRouteProto: 'dhcp' }]);
    // the other nodes' prefix is a guess, and says so
    expect(lab().r.notes.find((n) => n.node === 'cp1')?.message).toBe('cp1: NIC names, MTU (1500) and any docker0 unknown; assumed one NIC eth0 with 172.16.10.11/24 (prefix /24 guessed)');
  });
});

describe('two racks, Calico resources fetched with kubectl (crd.projectcalico.org/v1), a ToR BGPPeer, no BlockAffinities', () => {
  const lab = perTest(() => loaded(dir('two-racks-crd')));

  it('joins the racks with a router at the guessed gateways, which speaks BGP as the peer says', () => {
    expect(lab().state.scenario.topology.routers).toEqual([
      {
        name: 'gateway',
        interfaces: [
          { network: 'net-10.1.1.0', ip: '10.1.1.1/24' },
          { network: 'net-10.1.2.0', ip: '10.1.2.1/24' },
        ],
        bgp: { asNumber: 64513 },
      },
    ]);
    expect(bgpStatus(lab().state, 'rack1-a')).toMatch(/10\.1\.1\.1 +\| node specific +\| up/);
    expect(lab().r.notes.map((n) => n.message)).toContain('nodes sit in 2 subnets: a router "gateway" joins them at 10.1.1.1/24, 10.1.2.1/24 (addresses guessed)');
  });

  it('derives the blocks from the tunnel and pod addresses, and CrossSubnet encapsulates only across the router', () => {
    expect(lab().state.nodes.map((n) => n.blocks.join(' '))).toEqual(['192.168.77.128/26', '192.168.12.64/26', '192.168.200.0/26']);
    const a = ipRoute(lab().state.netns[lab().state.nodes[0].ns]);
    expect(a).toContain('192.168.12.64/26 via 10.1.1.22 dev eth0 proto bird');
    expect(a).toContain('192.168.200.0/26 via 10.1.2.21 dev tunl0 proto bird onlink');
  });
});

describe('partial dumps', () => {
  const base = dir('kubeadm-calico');

  it('cluster.yaml alone: Calico from the node annotations, the pool and the blocks guessed from the addresses, with the gaps listed', () => {
    const { r, state } = loaded([one(base, 'cluster.yaml')]);
    expect(state.scenario.ippools.map((p) => `${p.name} ${p.cidr} ${p.blockSize} ${p.ipipMode}`)).toEqual(['default-ipv4-ippool 10.244.0.0/16 26 Always']);
    expect(state.nodes.map((n) => n.blocks.join(' '))).toEqual(['10.244.235.192/26', '10.244.230.0/26', '10.244.194.64/26']);
    expect(state.pods.map((p) => p.ip)).toEqual(['10.244.235.193', '10.244.230.1', '10.244.194.65', '10.244.194.66']);
    const gaps = r.notes.filter((n) => n.code === 'W902').map((n) => n.message);
    expect(gaps).toContain('no IPPool in the dump (calicoctl get ippools -o yaml): assumed 10.244.0.0/16, blockSize 26, ipipMode Always, from the pods\' addresses');
    expect(gaps).toContain('no BlockAffinities in the dump (kubectl get blockaffinities.crd.projectcalico.org -o yaml): 3 blocks derived from the pod and tunnel addresses');
  });

  it('nodes without ip output: a note each up to three, then one note for all of them', () => {
    const three = importCluster([one(base, 'cluster.yaml')]);
    expect(three.notes.filter((n) => n.message.includes('NIC names')).map((n) => n.node)).toEqual(['k8s-master', 'k8s-worker1', 'k8s-worker2']);
    const five = importCluster(clusterDump(flat(5), { nodeFiles: false }));
    expect(five.notes.filter((n) => n.message.includes('NIC names')).map((n) => n.message)).toEqual([
      '5 nodes without ip output (node-01, node-02, node-03, …): NIC names, MTU (1500) and any docker0 unknown; each assumed one NIC eth0 with the address the API holds',
    ]);
  });

  it('E907: more text than the import reads', () => {
    const r = importCluster([{ name: 'huge.yaml', text: '#'.repeat(64 * 1024 * 1024 + 1) }]);
    expect(r.errors.map((e) => [e.code, e.loc?.file, e.loc?.line])).toEqual([['E907', 'huge.yaml', 1]]);
  });
});
