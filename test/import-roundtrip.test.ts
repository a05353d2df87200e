// Issue 18's acceptance: a cluster built from each preset, dumped as its API server and nodes would print it
// (test/support/clusterDump.ts), imported, gives the same route tables on every node, the same `calicoctl
// node status`, `calicoctl ipam show` and reachability matrix. With the nodes' ip output the route tables
// match line for line; from the API alone (no ip output) the NIC names, docker0 and the gateway are guesses,
// so only what the API does hold is compared.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/main';
import { listPresets } from '../src/cli/io';
import { importCluster } from '../src/core/import';
import { loadLab } from '../src/core/session/load';
import { clusterDump } from './support/clusterDump';
import { flatScenario, reflector, reflectorPeer, twoSubnetsScenario } from './support/bgp-labs';
import { scenarioToYaml } from '../src/core/scenario';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';

/** A lab's start scenario as written in labs/NAME.yaml. */
const gymStart = (lab: string): string => (parse(readFileSync(join(__dirname, '../labs', `${lab}.yaml`), 'utf8')) as { spec: { start: { scenario: string } } }).spec.start.scenario;

const dir = mkdtempSync(join(tmpdir(), 'cnilab-roundtrip-'));
const cli = (...args: string[]) => {
  const r = runCli(args);
  expect(r.stderr).toBe('');
  return r.stdout;
};

describe.each(listPresets().map((p) => p.name))('%s', (preset) => {
  const p = listPresets().find((x) => x.name === preset)!;
  const original = loadLab(readFileSync(p.file, 'utf8'), p.file);
  const state = original.state!;
  const nodes = state.nodes.map((n) => n.name);
  const imported = (nodeFiles: boolean) => {
    const r = importCluster(clusterDump(state, { nodeFiles }));
    expect(r.errors.map((e) => e.message)).toEqual([]);
    const file = join(dir, `${preset}${nodeFiles ? '' : '-api'}.yaml`);
    writeFileSync(file, r.yaml!);
    return file;
  };
  const same = (file: string, args: string[]) => expect(cli(...args.slice(0, 1), file, ...args.slice(1))).toBe(cli(...args.slice(0, 1), '--preset', preset, ...args.slice(1)));

  it('with the nodes\' ip output: every route table, node status, ipam show and the matrix', () => {
    const file = imported(true);
    for (const n of nodes) {
      same(file, ['routes', '--node', n, '--format', 'ip-route']);
      if (state.scenario.cluster.cni === 'calico') same(file, ['bgp', '--node', n]);
    }
    if (state.scenario.cluster.cni === 'calico') same(file, ['ipam', '--show-blocks']);
    same(file, ['matrix']);
    same(file, ['pods', '-A']);
  });

  it('from the API alone: node status, ipam show, pods and the matrix', () => {
    const file = imported(false);
    if (state.scenario.cluster.cni === 'calico') {
      for (const n of nodes) same(file, ['bgp', '--node', n]);
      same(file, ['ipam', '--show-blocks']);
    }
    same(file, ['matrix']);
    same(file, ['pods', '-A']);
  });
});

// Beyond the presets (none has reflectors, BGP peers or a VXLAN backend): the BGP test worlds.
describe.each([
  ['route reflector (mesh off, node-04 reflects)', () => flatScenario(4, { mesh: false, peers: [reflectorPeer], calicoNodes: [reflector('node-04', '244.0.0.1', '10.0.0.14/24')] })],
  ['two subnets, a BGP-speaking router peered from rack a', () => twoSubnetsScenario({ routerAs: 64513, ipipMode: 'CrossSubnet', peers: [{ name: 'tor', peerIP: '192.168.1.1', asNumber: 64513, nodeSelector: "rack == 'a'" }] })],
  ['VXLAN Always (vxlan backend)', () => flatScenario(3, { vxlanMode: 'Always', ipipMode: 'Never' })],
  ['gym-flannel-nat: Vagrant VMs, flanneld on the NAT NIC', () => gymStart('gym-flannel-nat')],
  ['gym-flannel-nat fixed: flanneld --iface=eth1', () => gymStart('gym-flannel-nat').replace('netConf: {Network: 10.244.0.0/16, Backend: {Type: vxlan}}', 'netConf: {Network: 10.244.0.0/16, Backend: {Type: vxlan}}\n    iface: [eth1]')],
])('%s', (name, make) => {
  it('round-trips every route table and node status', () => {
    const made = make();
    const orig = join(dir, `${name.replace(/\W+/g, '-')}-orig.yaml`);
    writeFileSync(orig, typeof made === 'string' ? made : scenarioToYaml(made));
    const state = loadLab(readFileSync(orig, 'utf8'), orig).state!;
    const r = importCluster(clusterDump(state));
    expect(r.errors.map((e) => e.message)).toEqual([]);
    const file = join(dir, `${name.replace(/\W+/g, '-')}.yaml`);
    writeFileSync(file, r.yaml!);
    for (const n of state.nodes.map((x) => x.name)) {
      expect(cli('routes', file, '--node', n, '--format', 'ip-route')).toBe(cli('routes', orig, '--node', n, '--format', 'ip-route'));
      if (state.scenario.cluster.cni === 'calico') expect(cli('bgp', file, '--node', n)).toBe(cli('bgp', orig, '--node', n));
    }
    if (state.scenario.cluster.cni === 'calico') expect(cli('ipam', file, '--show-blocks')).toBe(cli('ipam', orig, '--show-blocks'));
    else expect(cli('fdb', file, '--node', state.nodes[0].name)).toBe(cli('fdb', orig, '--node', state.nodes[0].name));
  });
});
