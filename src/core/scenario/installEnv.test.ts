// Install-time settings in the install's own forms mean what the resources they create mean: the calico-node
// env's CALICO_IPV4POOL_* shape the default IPPool exactly as an IPPool document would, kubeasz's config.yml
// keys (seed 000's text) set the same fields, and a value calico-node would refuse is a located error.

import { describe, expect, it } from 'vitest';
import { parseScenario } from './index';
import { loadLab } from '../session/load';
import { runCommand } from '../terminal';

const TOPO = `apiVersion: cnilab/v1
kind: Topology
metadata: {name: t}
spec:
  networks: [{name: lan, cidr: 192.168.2.0/24, gateway: 192.168.2.1}]
  nodes:
    - name: master-1
      labels: {node-role.kubernetes.io/control-plane: ""}
      interfaces: [{name: ens33, network: lan, ip: 192.168.2.22/24}]
    - name: node-1
      interfaces: [{name: ens33, network: lan, ip: 192.168.2.25/24}]
---
`;
const cluster = (calico: string, extra = '') => `${TOPO}apiVersion: cnilab/v1\nkind: Cluster\nmetadata: {name: t}\nspec:\n  cni: calico\n  calico:\n${calico}${extra}`;
const parse = (text: string) => parseScenario(text, 'lab.yaml');

describe('the calico-node env', () => {
  const envForm = cluster(`    env:\n      CALICO_IPV4POOL_IPIP: Never\n      CALICO_IPV4POOL_CIDR: 10.244.0.0/16\n      CALICO_IPV4POOL_BLOCK_SIZE: "24"\n      IP_AUTODETECTION_METHOD: interface=ens33\n      FELIX_IPINIPMTU: "1440"\n`);
  const resourceForm = `${cluster('    ipAutodetectionMethod: interface=ens33\n    vethMtu: 1440\n')}---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: default-ipv4-ippool}\nspec: {cidr: 10.244.0.0/16, blockSize: 24, ipipMode: Never, vxlanMode: Never, natOutgoing: true}\n`;

  it('CALICO_IPV4POOL_IPIP=Never and friends give the IPPool the resource form writes', () => {
    const a = parse(envForm);
    const b = parse(resourceForm);
    expect(a.errors).toEqual([]);
    expect(a.scenario!.ippools).toEqual(b.scenario!.ippools);
    expect(a.scenario!.ippools[0]).toMatchObject({ name: 'default-ipv4-ippool', cidr: '10.244.0.0/16', blockSize: 24, ipipMode: 'Never' });
    expect(a.scenario!.cluster.calico).toEqual(b.scenario!.cluster.calico);
  });

  it('and the same routes: no tunl0 route, blocks via ens33', () => {
    const sh = (text: string) => runCommand(loadLab(text, 'lab.yaml').state!, { node: 'master-1' }, 'ip route').out;
    expect(sh(envForm)).toBe(sh(resourceForm));
    expect(sh(envForm)).not.toContain('tunl0');
  });

  it('reads the modes as calico-node does: any case, "off" for Never', () => {
    const r = parse(cluster('    env: {CALICO_IPV4POOL_IPIP: "off", CALICO_IPV4POOL_VXLAN: crosssubnet}\n'));
    expect(r.scenario!.ippools[0]).toMatchObject({ ipipMode: 'Never', vxlanMode: 'CrossSubnet' });
  });

  it('refuses a mode calico-node refuses, at its line', () => {
    const r = parse(cluster('    env:\n      CALICO_IPV4POOL_IPIP: sometimes\n'));
    expect(r.errors.map((e) => [e.code, e.loc?.line, e.loc?.path])).toEqual([['E134', 20, 'spec.calico.env.CALICO_IPV4POOL_IPIP']]);
  });

  it('refuses a block size outside 20..32', () => {
    const r = parse(cluster('    env: {CALICO_IPV4POOL_BLOCK_SIZE: "16"}\n'));
    expect(r.errors.map((e) => e.code)).toEqual(['E134']);
  });

  it('a setting given as the field and as env is an error naming both', () => {
    const r = parse(cluster('    ipAutodetectionMethod: first-found\n    env: {IP_AUTODETECTION_METHOD: interface=ens33}\n'));
    expect(r.errors.map((e) => [e.code, e.loc?.line])).toEqual([['E133', 20]]);
    expect(r.errors[0].message).toContain('already set by ipAutodetectionMethod (line 19)');
  });

  it('the pool variables change nothing when an IPPool is given (calico-node only creates a missing pool)', () => {
    const r = parse(`${cluster('    env: {CALICO_IPV4POOL_IPIP: Never}\n')}---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.10.0.0/16, ipipMode: Always}\n`);
    expect(r.errors).toEqual([]);
    expect(r.scenario!.ippools.map((p) => [p.name, p.ipipMode])).toEqual([['p', 'Always']]);
    expect(r.warnings.map((w) => w.code)).toContain('W108');
  });

  it('veth_mtu is the calico-config key; the MTU variables may repeat its value', () => {
    const r = parse(cluster('    veth_mtu: 1440\n    env: {FELIX_IPINIPMTU: "1440", FELIX_VXLANMTU: "1440"}\n'));
    expect(r.errors).toEqual([]);
    expect(r.scenario!.cluster.calico.vethMtu).toBe(1440);
    expect(parse(cluster('    veth_mtu: 1440\n    env: {FELIX_IPINIPMTU: "1480"}\n')).errors.map((e) => e.code)).toEqual(['E133']);
  });

  it('kubectl set env edits the env entry, so the setting stays given once', () => {
    const state = loadLab(cluster('    env: {IP_AUTODETECTION_METHOD: first-found}\n'), 'lab.yaml').state!;
    const r = runCommand(state, { node: 'master-1' }, 'kubectl set env ds/calico-node -n kube-system IP_AUTODETECTION_METHOD=interface=ens33');
    expect(r.out).toBe('daemonset.apps/calico-node env updated\n');
    expect(r.write!.scenario.cluster.calico.ipAutodetectionMethod).toBe('interface=ens33');
    const ds = runCommand(r.write!.state, { node: 'master-1' }, 'kubectl -n kube-system get ds calico-node -o yaml | grep -E \'IP_AUTODETECTION|interface=\'').out;
    expect(ds).toBe('        - name: IP_AUTODETECTION_METHOD\n          value: interface=ens33\n');
  });
});

describe("kubeasz's config.yml (seed 000)", () => {
  const seed000 = `  kubeasz:\n    CALICO_IPV4POOL_IPIP: "Always"\n    IP_AUTODETECTION_METHOD: "can-reach={{ groups['kube_master'][0] }}"\n    CALICO_NETWORKING_BACKEND: "brid"\n    calico_ver: "v3.15.3"\n`;

  it("takes the first master for {{ groups['kube_master'][0] }} and brid for bird", () => {
    const r = parse(cluster('    vethMtu: 1440\n', seed000));
    expect(r.errors).toEqual([]);
    expect(r.scenario!.cluster.calico).toMatchObject({ ipAutodetectionMethod: 'can-reach=192.168.2.22', networkingBackend: 'bird' });
    expect(r.scenario!.ippools[0].ipipMode).toBe('Always');
  });

  it('"off" turns IPIP off', () => {
    const r = parse(cluster('    vethMtu: 1440\n', seed000.replace('"Always"', '"off"')));
    expect(r.scenario!.ippools[0].ipipMode).toBe('Never');
  });

  it('refuses a backend kubeasz does not know, listing its own spellings', () => {
    const r = parse(cluster('    vethMtu: 1440\n', seed000.replace('"brid"', '"bgp"')));
    expect(r.errors.map((e) => [e.code, e.allowed])).toEqual([['E108', 'brid, vxlan or none']]);
  });
});
