// The big-lab page's panels as the worker answers them: a 60-node lab (over SMALL_LAB) with web1 and web2 of
// 60 replicas each (replica i on node i+1) and one policy — web2 takes TCP/80 from web1 only. Expected values
// by hand, and the explain text from the same pair in a 4-node lab run through the CLI.
import { describe, expect, it } from 'vitest';
import { BigLab } from './big';
import { panel } from './panelReply';
import type { PanelAnswer } from './panelProtocol';
import { twoDeploymentsYaml } from '../../test/support/bigPolicyLab';
import { bigLabYaml } from '../../test/support/bigLab';

const lab = new BigLab();
const opened = lab.open({ yaml: twoDeploymentsYaml(60, 60), file: 'big.yaml', steps: [] });
if (!opened.ok) throw new Error(opened.message);
const state = lab.state!;
const answer = <K extends PanelAnswer['panel']>(ask: Parameters<typeof panel>[1] & { panel: K }) => {
  const r = panel(state, ask);
  if (r.kind !== 'panel') throw new Error(r.message);
  // plain data: what crosses to the page survives structured clone unchanged
  expect(structuredClone(r.answer)).toEqual(r.answer);
  return r.answer as Extract<PanelAnswer, { panel: K }>;
};
const failed = (ask: Parameters<typeof panel>[1]) => {
  const r = panel(state, ask);
  if (r.kind !== 'failed') throw new Error('expected a refusal');
  return r.message;
};
// replica 0 and 1 of each Deployment (names from <deployment>-<template hash>-<suffix>, the same in any lab)
const WEB1_0 = 'default/web1-sdjdrcrz6x-v5cg7';
const WEB2_0 = 'default/web2-fbqfpfxspg-m6j6p';
const WEB2_1 = 'default/web2-fbqfpfxspg-9mj2p';

describe('the big-lab page’s panels, answered by the worker', () => {
  it('BGP: node-1’s calicoctl node status lists its 59 mesh peers; 60·59/2 = 1,770 sessions, all Established', () => {
    const { bgp } = answer({ panel: 'bgp', node: 'node-1' });
    const lines = bgp.status.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      'Calico process is running.',
      '',
      'IPv4 BGP status',
      '+--------------+-------------------+-------+----------+-------------+',
      '| PEER ADDRESS |     PEER TYPE     | STATE |  SINCE   |    INFO     |',
      '+--------------+-------------------+-------+----------+-------------+',
    ]);
    const peers = lines.filter((l) => l.includes('node-to-node mesh'));
    expect(peers).toHaveLength(59);
    // BIRD lists mesh peers by hostname: node-10 (10.0.0.19) first, node-2 (10.0.0.11) after node-19
    expect(peers[0]).toBe('| 10.0.0.19    | node-to-node mesh | up    | 00:00:00 | Established |');
    expect(peers.findIndex((l) => l.startsWith('| 10.0.0.11 '))).toBe(10);
    expect(bgp).toMatchObject({ node: 'node-1', running: true, meshEnabled: true, nodes: 60, reflectors: 0 });
    expect(bgp.summary).toEqual({ configured: 1770, established: 1770, kinds: [{ kind: 'mesh', sessions: 1770, byState: { Established: 1770 } }] });
    expect(failed({ panel: 'bgp', node: 'node-61' })).toBe('no node "node-61" in this lab');
  });

  it('explain: the same verdict and deciding rule as the CLI prints for the pair in a 4-node lab', () => {
    expect(answer({ panel: 'explain', from: WEB1_0, to: WEB2_1, probe: 'TCP/80' }).text).toBe(
      [
        'TCP/80 from default/web1-sdjdrcrz6x-v5cg7 (10.135.119.129) to default/web2-fbqfpfxspg-9mj2p (10.136.247.2): ALLOWED',
        'egress of default/web1-sdjdrcrz6x-v5cg7: no policy selects this pod: allowed by profile kns.default',
        'ingress of default/web2-fbqfpfxspg-9mj2p: selected by 1 policy:',
        '  - knp.default.web2-from-web1 (KubernetesNetworkPolicy in default, tier default, order 1000)',
        "  knp.default.web2-from-web1: ingress rule 0 matched: Allow TCP from selector projectcalico.org/orchestrator == 'k8s' && app == 'web1' to ports 80",
        '  → allowed: knp.default.web2-from-web1 ingress rule 0 Allow',
        '',
      ].join('\n'),
    );
    const denied = answer({ panel: 'explain', from: WEB2_0, to: WEB2_1, probe: 'tcp/80' }).text.split('\n');
    expect(denied[0]).toBe('TCP/80 from default/web2-fbqfpfxspg-m6j6p (10.135.119.130) to default/web2-fbqfpfxspg-9mj2p (10.136.247.2): DENIED');
    expect(denied.slice(-3)).toEqual(['  knp.default.web2-from-web1: no ingress rule matched', '  → denied: default tier: no rule matched: implicit deny', '']);
    // an unknown pod: explain names the first 8 of the 120 pods and counts the rest
    const unknown = failed({ panel: 'explain', from: 'default/nope', to: WEB2_1, probe: 'TCP/80' });
    expect(unknown).toMatch(/^--from must be a pod \(namespace\/name\) with a pod IP; "default\/nope" is not one \(pods: (default\/web[12]-[a-z0-9]+-[a-z0-9]+, ){7}default\/web[12]-[a-z0-9]+-[a-z0-9]+ and 112 more\)$/);
    expect(failed({ panel: 'explain', from: WEB1_0, to: WEB2_1, probe: 'TCP' })).toBe('"TCP" is not a probe: write TCP/80, UDP/53, SCTP/9 or ICMP');
  });

  it('matrix: 120 pods as 120 rows of 120 marks; by hand 14,400 − 60·59 pairs connect on TCP/80, 14,400 − 120·60 + 60 on UDP/53', () => {
    const { matrix } = answer({ panel: 'matrix', probe: 'TCP/80' });
    expect(matrix.probe).toBe('TCP/80');
    expect(matrix.pods).toHaveLength(120);
    expect(matrix.pods.slice(0, 60).every((p) => p.startsWith('default/web1-'))).toBe(true);
    expect(matrix.rows.map((r) => r.length)).toEqual(Array(120).fill(120));
    expect(matrix.allowed).toBe(10_860);
    // row 61 (a web2 pod) reaches every web1 pod and only itself among web2's
    expect(matrix.rows[60]).toBe('.'.repeat(61) + 'X'.repeat(59));
    expect(matrix.note).toBeUndefined();
    expect(answer({ panel: 'matrix', probe: 'UDP/53' }).matrix.allowed).toBe(7_260);
  });

  it('matrix: refused past the pair limit with the CLI’s numbered error, before any pair is worked out', () => {
    const big = new BigLab();
    const o = big.open({ yaml: bigLabYaml(60, 17), file: 'big.yaml', steps: [] });
    if (!o.ok) throw new Error(o.message);
    // 1,020 pods: 1,040,400 ordered pairs, over 1,000,000
    const r = panel(big.state!, { panel: 'matrix', probe: 'TCP/80' });
    expect(r).toEqual({ kind: 'failed', message: 'E123 the matrix would hold 1,040,400 ordered pairs (1,020 pods × 1,020 × 1 probe), more than the limit of 1,000,000 (allowed: at most 1,000,000 ordered pairs)' });
  });

  it('inspect: a node’s card fields (NIC, tunnel and who made it, DaemonSet pods, block, pods) and a pod’s', () => {
    const { inspect } = answer({ panel: 'inspect', target: { node: 'node-2' } });
    if (inspect.kind !== 'node') throw new Error(inspect.kind);
    expect(inspect.pods).toBe(2);
    expect(inspect.node).toMatchObject({ name: 'node-2', address: '10.0.0.11/16', nics: [{ name: 'eth0', ip: '10.0.0.11/16', network: 'lan', mtu: 1500 }], blocks: ['10.136.247.0/26'], reflector: false, down: false });
    // tunl0: the block's first address, MTU 1500 − 20 (IPIP)
    expect(inspect.node.devices.map((d) => [d.name, d.kind, d.ip, d.mtu, d.madeBy.by, d.madeBy.pod])).toEqual([['tunl0', 'ipip', '10.136.247.0/32', 1480, 'Felix', 'calico-node']]);
    expect(inspect.node.components.map((c) => `${c.name} ${c.readyText} ${c.status}`)).toEqual(['calico-node 1/1 Running', 'kube-proxy 1/1 Running']);
    expect(inspect.node.pods.map((p) => `${p.namespace}/${p.name} ${p.ip}`)).toEqual(['default/web1-sdjdrcrz6x-mb89l 10.136.247.1', `${WEB2_1} 10.136.247.2`]);
    const pod = answer({ panel: 'inspect', target: { pod: WEB2_1 } }).inspect;
    expect(pod).toMatchObject({ kind: 'pod', namespace: 'default', name: 'web2-fbqfpfxspg-9mj2p', node: 'node-2', ip: '10.136.247.2', mtu: 1480 });
    if (pod.kind !== 'pod') throw new Error(pod.kind);
    expect(pod.veth).toMatch(/^cali[0-9a-f]{11}$/);
    expect(pod.labels).toMatchObject({ app: 'web2' });
    expect(failed({ panel: 'inspect', target: { pod: 'web2' } })).toBe('no pod "web2" in this lab (name it namespace/name)');
  });
});

describe('compare on the big-lab page', () => {
  it('the packet in IPIP Always (the lab) and with no encapsulation: the IPIP header and tunl0 routes only in A', () => {
    // web1's replicas 0 and 1, on node-1 and node-2 (web2 would take no ping: the policy)
    const { compare } = answer({ panel: 'compare', a: 'current', b: 'none', packet: { from: WEB1_0, to: 'default/web1-sdjdrcrz6x-mb89l', protocol: 'icmp', port: 0, size: 56 } });
    expect(compare.a.choice).toEqual({ id: 'current', label: 'Current lab' });
    expect(compare.b.choice.id).toBe('none');
    expect(compare.a.verdict).toEqual({ kind: 'delivered' });
    expect(compare.b.verdict).toEqual({ kind: 'delivered' });
    // on node-1's eth0: Ethernet 14 + outer IPv4 20 + inner IPv4 20 + ICMP 8 + 56 = 118 bytes; without IPIP 98
    expect([compare.a.wireBytes, compare.b.wireBytes]).toEqual([118, 98]);
    expect(compare.a.headers.some((h) => h.endsWith('(encap)'))).toBe(true);
    expect(compare.b.headers.some((h) => h.endsWith('(encap)'))).toBe(false);
    // node-1's 59 routes through tunl0 become 59 on eth0 (one per other node's block)
    expect(compare.node).toBe('node-1');
    expect(compare.onlyA).toHaveLength(59);
    expect(compare.onlyA.every((l) => l.includes('dev tunl0'))).toBe(true);
    expect(compare.onlyB).toHaveLength(59);
    expect(compare.onlyB.every((l) => l.includes('dev eth0'))).toBe(true);
    expect(failed({ panel: 'compare', a: 'current', b: 'host-gw', packet: { from: WEB1_0, to: WEB2_1, protocol: 'icmp', port: 0, size: 56 } })).toBe(
      'no mode "host-gw" to compare for calico (modes: current, ipip-always, ipip-cross, vxlan-always, vxlan-cross, none)',
    );
  });

  it('the page lists the same modes as the app’s compare', async () => {
    const { compareChoices } = await import('../ui/CompareParts');
    const { modeChoices } = await import('../view/compare');
    for (const cni of ['calico', 'flannel'] as const) expect(compareChoices(cni)).toEqual(modeChoices({ cluster: { cni } } as never).map((c) => ({ id: c.id, label: c.label })));
  });
});

describe('panel answers stay bounded', () => {
  it('an inspected node lists at most INSPECT_PODS of its pods and counts the rest', async () => {
    const { INSPECT_PODS } = await import('./panelProtocol');
    const big = new BigLab();
    // 2 nodes × 250 pods: over 400 pods, so a big lab with node cards
    const o = big.open({ yaml: bigLabYaml(2, 250), file: 'big.yaml', steps: [] });
    if (!o.ok) throw new Error(o.message);
    const r = panel(big.state!, { panel: 'inspect', target: { node: 'node-1' } });
    if (r.kind !== 'panel' || r.answer.panel !== 'inspect' || r.answer.inspect.kind !== 'node') throw new Error('expected a node');
    expect(INSPECT_PODS).toBe(200);
    expect(r.answer.inspect.pods).toBe(250);
    expect(r.answer.inspect.node.pods).toHaveLength(200);
    expect(r.answer.inspect.node.hiddenPods).toEqual([]);
    // 250 pods and the tunnel address take four /26 blocks (64 addresses each)
    expect(r.answer.inspect.node.blocks).toHaveLength(4);
  });
});
