// The lab engine's actions (apply, delete, label, patch, set) on the manifests, the rebuild that keeps pod
// addresses, errors located in the lab file, the checks' verdicts and details, and the terminal table.

import { describe, expect, it } from 'vitest';
import { applyStep, checkStep, loadLabFile, runLabCommand, showStep, startLab, type Lab, type LabRun } from '../../src/core/labs';
import { loadLab } from '../../src/core/session/load';
import { presetSource } from '../../src/cli/lab';

/** Two racks behind a router, Calico IPIP Always, one pod per node. */
const SCENARIO = `apiVersion: cnilab/v1
kind: Topology
metadata: {name: racks}
spec:
  networks:
    - {name: rack-a, cidr: 192.168.1.0/24, gateway: 192.168.1.1}
    - {name: rack-b, cidr: 192.168.2.0/24, gateway: 192.168.2.1}
  routers:
    - name: tor
      interfaces:
        - {network: rack-a, ip: 192.168.1.1/24}
        - {network: rack-b, ip: 192.168.2.1/24}
  nodes:
    - name: node-a1
      interfaces: [{name: eth0, network: rack-a, ip: 192.168.1.11/24}]
    - name: node-a2
      interfaces: [{name: eth0, network: rack-a, ip: 192.168.1.12/24}]
    - name: node-b1
      interfaces: [{name: eth0, network: rack-b, ip: 192.168.2.11/24}]
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: default-ipv4-ippool}
spec: {cidr: 10.244.0.0/16, ipipMode: Always, natOutgoing: true}
---
apiVersion: v1
kind: Pod
metadata: {name: a1}
spec: {nodeName: node-a1, containers: [{name: c, image: busybox}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b1}
spec: {nodeName: node-b1, containers: [{name: c, image: busybox}]}
`;

const indent = (text: string, n: number) =>
  text
    .split('\n')
    .map((l) => (l ? ' '.repeat(n) + l : l))
    .join('\n');

/** A lab over SCENARIO whose steps are the given YAML snippets (each a step body after `- id: sN`). */
function labOf(steps: string[]): Lab {
  const text = [
    'apiVersion: cnilab/v1',
    'kind: Lab',
    'metadata: {name: t}',
    'spec:',
    '  title: {en: T, zh: T}',
    '  summary: {en: S, zh: S}',
    '  start:',
    '    scenario: |',
    indent(SCENARIO, 6),
    '  steps:',
    ...steps.map((s, i) => `    - id: s${i + 1}\n      title: {en: x, zh: x}\n      do: {en: x, zh: x}\n${indent(s, 6)}`),
  ].join('\n');
  const r = loadLabFile(text, 'lab.yaml');
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return r.lab!;
}

const noPresets = () => undefined;

function podIp(run: LabRun, name: string): string {
  return run.state!.pods.find((p) => p.name === name)!.ip;
}

function routes(run: LabRun, node: string): string {
  return runLabCommand(run.state!, { node }, 'ip route').output;
}

describe('startLab', () => {
  it('builds the start state from an inline scenario, every document listed as added', () => {
    const run = startLab(labOf(['checks: []']), noPresets);
    expect(run.errors).toEqual([]);
    expect(run.at).toBe(-1);
    expect(run.state!.nodes.map((n) => n.name)).toEqual(['node-a1', 'node-a2', 'node-b1']);
    expect(run.change.added).toEqual(['Topology/racks', 'IPPool/default-ipv4-ippool', 'Pod/default/a1', 'Pod/default/b1']);
  });

  it('starts from a preset through the callback, and reports an unknown preset', () => {
    const lab = { ...labOf(['checks: []']), start: { preset: 'seed001-ipip' } };
    const run = startLab(lab, presetSource);
    expect(run.errors).toEqual([]);
    expect(run.state!.nodes.map((n) => n.name)).toEqual(['k8s-master', 'k8s-node1', 'k8s-node2']);
    const bad = startLab({ ...lab, start: { preset: 'nope' } }, presetSource);
    expect(bad.errors.map((e) => e.code)).toEqual(['E701']);
    expect(bad.state).toBeUndefined();
  });
});

describe('applyStep: actions', () => {
  it('apply replaces a resource by kind and name, and the pods keep their addresses', () => {
    const lab = labOf([
      `action:
  apply: |
    apiVersion: projectcalico.org/v3
    kind: IPPool
    metadata: {name: default-ipv4-ippool}
    spec: {cidr: 10.244.0.0/16, ipipMode: Never, natOutgoing: true}`,
    ]);
    const run0 = startLab(lab, noPresets);
    const before = podIp(run0, 'a1');
    const run1 = applyStep(run0, 0);
    expect(run1.errors).toEqual([]);
    expect(run1.change).toEqual({ added: [], updated: ['IPPool/default-ipv4-ippool'], removed: [] });
    expect(run1.docs).toHaveLength(run0.docs.length);
    expect(routes(run0, 'node-a1')).toContain('dev tunl0 proto bird onlink');
    expect(routes(run1, 'node-a1')).not.toContain('tunl0');
    expect(podIp(run1, 'a1')).toBe(before);
    // a cluster built from scratch with the final manifests numbers the pod differently (no tunnel
    // address took ordinal 0 of the block): the rebuild is what keeps the running pod's address
    const fresh = loadLab(SCENARIO.replace('ipipMode: Always', 'ipipMode: Never'), 'fresh.yaml');
    expect(fresh.state!.pods.find((p) => p.name === 'a1')!.ip).not.toBe(before);
    // the input run is untouched
    expect(routes(run0, 'node-a1')).toContain('tunl0');
  });

  it('apply creates what does not exist; delete removes it again', () => {
    const lab = labOf([
      `action:
  apply: |
    apiVersion: v1
    kind: Pod
    metadata: {name: a2}
    spec: {nodeName: node-a2, containers: [{name: c, image: busybox}]}`,
      'action:\n  delete: [Pod/default/a2]',
      'action:\n  delete: [{kind: Pod, name: ghost}]',
    ]);
    const r1 = applyStep(startLab(lab, noPresets), 0);
    expect(r1.change.added).toEqual(['Pod/default/a2']);
    expect(r1.state!.pods.map((p) => p.name)).toEqual(['a1', 'b1', 'a2']);
    const r2 = applyStep(r1, 1);
    expect(r2.change.removed).toEqual(['Pod/default/a2']);
    expect(r2.state!.pods.map((p) => p.name)).toEqual(['a1', 'b1']);
    const r3 = applyStep(r2, 2);
    expect(r3.errors.map((e) => e.code)).toEqual(['E703']);
    expect(r3.errors[0].message).toMatch(/^lab\.yaml:\d+ spec\.steps\[2\]\.action: E703 there is no Pod ghost at this step \(there is Pod\/default\/a1, Pod\/default\/b1\)/);
  });

  it('label sets and removes a Kubernetes node label, which selectors then see', () => {
    const lab = labOf([
      'action:\n  label: {node: node-a1, key: rack, value: a}',
      `action:
  apply: |
    apiVersion: projectcalico.org/v3
    kind: IPPool
    metadata: {name: default-ipv4-ippool}
    spec: {cidr: 10.244.0.0/16, ipipMode: Always, natOutgoing: true, nodeSelector: rack == 'a'}`,
      'action:\n  label: {node: node-a1, key: rack, value: null}',
      'action:\n  label: {node: nobody, key: rack, value: a}',
    ]);
    let run = applyStep(startLab(lab, noPresets), 0);
    expect(run.scenario!.topology.nodes[0].labels).toEqual({ rack: 'a' });
    run = applyStep(run, 1);
    expect(run.errors).toEqual([]);
    expect(run.state!.nodes.find((n) => n.name === 'node-a1')!.blocks.length).toBeGreaterThan(0);
    run = applyStep(run, 2);
    expect(run.scenario!.topology.nodes[0].labels).toEqual({});
    const bad = applyStep(run, 3);
    expect(bad.errors.map((e) => e.code)).toEqual(['E706']);
    expect(bad.errors[0].detail).toContain('node-a1, node-a2, node-b1');
  });

  it('patch changes one field; a Calico Node that no document declares is created first', () => {
    const lab = labOf([
      'action:\n  patch: {kind: IPPool, name: default-ipv4-ippool, path: spec.ipipMode, value: CrossSubnet}',
      'action:\n  patch: {kind: Node, name: node-b1, path: spec.bgp.routeReflectorClusterID, value: 244.0.0.1}',
      'action:\n  patch: {kind: IPPool, name: default-ipv4-ippool, path: "spec.cidr[0]", value: x}',
    ]);
    const r0 = startLab(lab, noPresets);
    const r1 = applyStep(r0, 0);
    expect(r1.scenario!.ippools[0].ipipMode).toBe('CrossSubnet');
    expect(podIp(r1, 'a1')).toBe(podIp(r0, 'a1'));
    expect(routes(r1, 'node-a1')).toContain('via 192.168.2.11 dev tunl0 proto bird onlink');
    const r2 = applyStep(r1, 1);
    expect(r2.errors).toEqual([]);
    expect(r2.change).toEqual({ added: ['Node/node-b1'], updated: [], removed: [] });
    expect(r2.scenario!.calicoNodes).toEqual([expect.objectContaining({ name: 'node-b1', bgp: { routeReflectorClusterID: '244.0.0.1' } })]);
    const r3 = applyStep(r2, 2);
    expect(r3.errors.map((e) => e.code)).toEqual(['E705']);
    expect(r3.docs).toBe(r2.docs);
  });

  it('set writes the Cluster spec (creating the Cluster) or, with topology., the Topology spec', () => {
    const lab = labOf([
      'action:\n  set: {path: calico.vethMtu, value: 1400}',
      'action:\n  set: {path: "topology.networks[rack-b].mtu", value: 1400}',
      'action:\n  set: {path: "topology.networks[rack-c].mtu", value: 1400}',
    ]);
    const r1 = applyStep(startLab(lab, noPresets), 0);
    expect(r1.change.added).toEqual(['Cluster/racks']);
    expect(r1.scenario!.cluster.calico.vethMtu).toBe(1400);
    expect(r1.state!.pods[0].mtu).toBe(1400);
    const r2 = applyStep(r1, 1);
    expect(r2.scenario!.topology.networks.map((n) => n.mtu)).toEqual([undefined, 1400]);
    const r3 = applyStep(r2, 2);
    expect(r3.errors[0].code).toBe('E705');
    expect(r3.errors[0].detail).toContain('has no item "rack-c" (it has rack-a, rack-b)');
  });

  it('an error in applied YAML points at its line in the lab file; the last good state stays', () => {
    const lab = labOf([
      `action:
  apply: |
    apiVersion: projectcalico.org/v3
    kind: IPPool
    metadata: {name: default-ipv4-ippool}
    spec: {cidr: 10.244.0.0/33, ipipMode: Never}`,
      'checks:\n  - route: {node: node-a1, lineIncludes: [tunl0]}',
    ]);
    const r0 = startLab(lab, noPresets);
    const r1 = applyStep(r0, 0);
    expect(r1.errors).toHaveLength(1);
    const e = r1.errors[0];
    expect(e.code).toBe('E113');
    // the lab's line of `spec: {cidr: 10.244.0.0/33 ...}` inside the apply block
    const line = lab.steps[0].actions[0].type === 'apply' ? lab.steps[0].actions[0].source.line + 3 : 0;
    expect(e.loc).toEqual({ file: 'lab.yaml', line, path: 'spec.cidr' });
    expect(r1.state).toBe(r0.state);
    // checks of a broken run fail as not evaluated, and say why
    const c = checkStep(r1, 1);
    expect(c[0].ok).toBe(false);
    expect(c[0].detail).toMatch(/^not evaluated: lab\.yaml:\d+ spec\.cidr: E113/);
  });

  it('a step applying a policy the API server would refuse is refused like a file load, located in the lab file', () => {
    const lab = labOf([
      `action:
  apply: |
    apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: range}
    spec:
      podSelector: {}
      ingress:
      - ports:
        - port: 8080
          endPort: 80`,
    ]);
    const r0 = startLab(lab, noPresets);
    const r1 = applyStep(r0, 0);
    expect(r1.errors.map((e) => e.code)).toEqual(['E801']);
    // endPort below port: the error sits on the apply block's ninth line
    const line = lab.steps[0].actions[0].type === 'apply' ? lab.steps[0].actions[0].source.line + 8 : 0;
    expect(r1.errors[0].loc).toEqual({ file: 'lab.yaml', line, path: 'spec.ingress[0].ports[0].endPort' });
    expect(r1.state).toBe(r0.state);
    expect(r1.scenario).toBe(r0.scenario);
  });

  it('errors in a preset document keep the preset file and line', () => {
    const lab = { ...labOf(['checks: []']), start: { preset: 'broken' } };
    const run = startLab(lab, () => ({ text: 'apiVersion: cnilab/v1\nkind: Topology\nmetadata: {name: x}\nspec:\n  networks: []\n  nodes: []\n---\napiVersion: projectcalico.org/v3\nkind: IPPool\nmetadata: {name: p}\nspec: {cidr: 10.0.0.1/8}\n', file: 'presets/broken.yaml' }));
    const e = run.errors.find((x) => x.code === 'E114')!;
    expect(e.loc).toEqual({ file: 'presets/broken.yaml', line: 11, path: 'spec.cidr' });
  });

  it('a step number out of range is an error, not a throw', () => {
    const run = startLab(labOf(['checks: []']), noPresets);
    expect(applyStep(run, 5).errors.map((e) => e.code)).toEqual(['E707']);
  });
});

describe('checkStep: outcomes and details', () => {
  it('walk, route, traceroute, session: ok and failing details say expected and got', () => {
    const lab = labOf([
      `checks:
  - walk: {from: default/a1, to: default/b1, expect: delivered, reply: true, via: [node-a1:tunl0, tor, node-b1], notVia: [node-a2]}
  - walk: {from: default/a1, to: default/b1, expect: dropped}
  - route: {node: node-a1, lineIncludes: [192.168.2.11, tunl0]}
  - route: {node: node-a1, line: 10.244.0.0/26 via 192.168.2.11 dev eth0 proto bird}
  - route: {node: tor, lineIncludes: ["10.244."], present: false}
  - session: {node: node-a1, peer: 192.168.2.11, state: Established, peerType: node-to-node mesh}
  - session: {node: node-a1, peer: node-b1, state: Active}
  - sessions: {node: node-a1, count: 2}
  - traceroute: {from: default/a1, to: default/b1, hops: [192.168.1.11, 192.168.1.1]}
  - walk: {from: default/nobody, to: default/b1, expect: delivered}`,
    ]);
    const res = checkStep(startLab(lab, noPresets), 0);
    expect(res.map((r) => r.ok)).toEqual([true, false, true, false, true, true, false, true, false, false]);
    expect(res[0].detail).toMatch(/^delivered at default\/b1; path default\/a1 → node-a1 → tor → node-b1 → default\/b1$/);
    expect(res[1].detail).toMatch(/^expected dropped; got delivered at default\/b1/);
    expect(res[3].detail).toMatch(/^expected "10\.244\.0\.0\/26 via 192\.168\.2\.11 dev eth0 proto bird" in `ip route` on node-a1; /);
    expect(res[6].detail).toBe('expected state Active; got 192.168.2.11 node-to-node mesh up Established');
    // across the router the probe travels in IPIP: tor's time exceeded goes to node-a1 (ipip_err keeps it), so '*'
    expect(res[8].detail).toMatch(/^expected hops 192\.168\.1\.11 → 192\.168\.1\.1; got 192\.168\.1\.11 → \* → 10\.244\./);
    expect(res[9].detail).toContain('unknown pod "default/nobody"');
    expect(res.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => `s1#${i + 1}`));
  });

  it('output checks read the terminal; left means the packet left through a gateway', () => {
    const lab = labOf([
      'action:\n  patch: {kind: IPPool, name: default-ipv4-ippool, path: spec.ipipMode, value: Never}',
    ]);
    const run = applyStep(startLab(lab, noPresets), 0);
    const extra = loadLabFile(
      `apiVersion: cnilab/v1
kind: Lab
metadata: {name: x}
spec:
  title: {en: x, zh: x}
  summary: {en: x, zh: x}
  start: {preset: x}
  steps:
    - id: c
      title: {en: x, zh: x}
      do: {en: x, zh: x}
      checks:
        - walk: {from: default/a1, to: default/b1, expect: dropped, reason: no-route, at: tor}
        - walk: {from: default/a1, to: 8.8.8.8, expect: dropped, at: tor}
        - output: {node: node-a1, command: ip route | grep -v blackhole | grep bird, includes: [via 192.168.1.1 dev eth0 proto bird], excludes: [blackhole]}
        - output: {node: tor, command: ip route, equals: "192.168.1.0/24 dev eth0 proto kernel scope link src 192.168.1.1 \\n192.168.2.0/24 dev eth1 proto kernel scope link src 192.168.2.1 \\n"}
        - output: {node: node-a1, command: frobnicate, includes: [x]}
`,
      'x.yaml',
    );
    expect(extra.errors).toEqual([]);
    const res = checkStep({ ...run, lab: extra.lab! }, 0);
    expect(res.map((r) => [r.ok, r.detail.slice(0, 60)])).toEqual([
      [true, expect.stringContaining('dropped at tor (no-route')],
      [true, expect.stringContaining('dropped at tor')],
      [true, expect.any(String)],
      [true, expect.any(String)],
      [false, expect.stringContaining('frobnicate')],
    ]);
  });
});

describe('walk outcomes', () => {
  it('left: the packet leaves the lab through a network gateway that is not modelled', () => {
    const lab = loadLabFile(
      `apiVersion: cnilab/v1
kind: Lab
metadata: {name: x}
spec:
  title: {en: x, zh: x}
  summary: {en: x, zh: x}
  start: {preset: seed001-no-encap}
  steps:
    - id: c
      title: {en: x, zh: x}
      do: {en: x, zh: x}
      checks:
        - walk: {from: k8s-master, to: 8.8.8.8, expect: left, at: vmnet8-gateway}
        - walk: {from: k8s-master, to: 8.8.8.8, expect: delivered}
`,
      'x.yaml',
    ).lab!;
    const res = checkStep(startLab(lab, presetSource), 0);
    expect(res.map((r) => r.ok)).toEqual([true, false]);
    expect(res[0].detail).toBe('left the lab through vmnet8-gateway; path k8s-master → vmnet8-gateway');
    expect(res[1].detail).toMatch(/^expected delivered; got left the lab through vmnet8-gateway/);
  });
});

describe('runLabCommand and showStep', () => {
  const run = startLab(labOf(['show:\n  - {node: node-a1, command: ip route | grep tunl0}\n  - {pod: default/a1, command: route -n}\n  - {node: node-a1, command: tcpdump -n -i eth0}']), noPresets);

  it('pipes through grep, runs in pods and on routers', () => {
    const s = run.state!;
    expect(runLabCommand(s, { node: 'node-a1' }, 'ip route | grep tunl0').output.split('\n').filter(Boolean)).toHaveLength(2);
    expect(runLabCommand(s, { node: 'node-a1' }, "ip route | grep -v 'tunl0'").output).not.toContain('tunl0');
    expect(runLabCommand(s, { node: 'node-a1' }, 'ip route | grep -E "tunl0|eth0"').output).toContain('eth0');
    expect(runLabCommand(s, { node: 'tor' }, 'route -n').output).toContain('192.168.2.0      0.0.0.0'.replace('      ', '     '));
    expect(runLabCommand(s, { pod: 'default/a1' }, 'ip route').output).toBe('default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n');
    expect(runLabCommand(s, { node: 'node-a1' }, 'calicoctl get bgppeer').output).toMatch(/^NAME\s+PEERIP\s+NODE\s+ASN/);
    expect(runLabCommand(s, { node: 'node-a1' }, 'ip addr show tunl0').output).toMatch(/^\d+: tunl0@NONE:/);
  });

  it('says what it cannot do instead of throwing', () => {
    const s = run.state!;
    expect(runLabCommand(s, { node: 'node-a1' }, 'frobnicate').error).toContain('not simulated');
    expect(runLabCommand(s, { node: 'ghost' }, 'ip route').error).toContain('ghost');
    expect(runLabCommand(s, { node: 'node-a1' }, 'ip route | sort').error).toContain('only grep');
    expect(runLabCommand(s, { node: 'node-a1' }, 'tcpdump -n -i eth0').error).toContain('during');
    expect(runLabCommand(s, { pod: 'default/a1' }, 'calicoctl node status').error).toBeTruthy();
  });

  it('showStep runs the step commands with their traffic', () => {
    const out = showStep(run, 0);
    expect(out.map((o) => [o.command, !!o.error])).toEqual([
      ['ip route | grep tunl0', false],
      ['route -n', false],
      ['tcpdump -n -i eth0', true],
    ]);
    const captured = runLabCommand(run.state!, { node: 'node-b1' }, 'tcpdump -n -i eth0', { from: 'default/a1', to: 'default/b1' });
    expect(captured.output).toContain('(ipip-proto-4)');
  });
});
