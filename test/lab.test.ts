// Errors found after parsing (IPAM exhaustion, a pinned IP, a BlockAffinity) still point into the user's
// file, and a failing edit keeps nothing half-built. Edits keep every existing pod's address.

import { describe, expect, it } from 'vitest';
import { loadLab, rebuild } from '../src/core/session/load';

const head = (pool: string, blockSize = 26) => `apiVersion: cnilab/v1
kind: Topology
metadata: {name: t}
spec:
  networks: [{name: lan, cidr: 10.0.0.0/24, gateway: 10.0.0.1}]
  nodes:
    - name: n1
      interfaces: [{name: eth0, network: lan, ip: 10.0.0.11/24}]
    - name: n2
      interfaces: [{name: eth0, network: lan, ip: 10.0.0.12/24}]
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: small}
spec: {cidr: ${pool}, blockSize: ${blockSize}, ipipMode: Always}
`;

const pod = (name: string, node: string, extra = '') => `---
apiVersion: v1
kind: Pod
metadata: {name: ${name}${extra}}
spec: {nodeName: ${node}, containers: [{name: c, image: x}]}
`;

describe('loadLab', () => {
  it('an exhausted pool is an error at the pod that did not fit, with its line', () => {
    // a /29 pool of /30 blocks: 8 addresses; 2 tunnel addresses + 6 pods fit, the 7th does not
    let text = head('10.244.0.0/29', 30);
    for (let i = 1; i <= 7; i++) text += pod(`p${i}`, i % 2 ? 'n1' : 'n2');
    const r = loadLab(text, 'small.yaml');
    expect(r.state).toBeUndefined();
    expect(r.errors).toHaveLength(1);
    const e = r.errors[0];
    expect(e.code).toBe('E310');
    expect(e.loc?.file).toBe('small.yaml');
    expect(text.split('\n')[e.loc!.line - 1]).toContain('p7');
    expect(e.message).toMatch(/exhausted/);
  });

  it("a pinned address that is already a node's tunnel address is refused (tunnels come up before pods)", () => {
    const tunnel = loadLab(head('10.244.0.0/16'), 'x.yaml').state!.nodes[0].ipipTunnelAddr!;
    const clash = head('10.244.0.0/16') + pod('b', 'n2', `, annotations: {cni.projectcalico.org/ipAddrs: '["${tunnel}"]'}`);
    const r = loadLab(clash, 'x.yaml');
    expect(r.errors.map((e) => e.code)).toEqual(['E312']);
    expect(r.errors[0].message).toContain(`${tunnel} is already in use by ipip-tunnel-addr-n1`);
    expect(clash.split('\n')[r.errors[0].loc!.line - 1]).toContain('cni.projectcalico.org/ipAddrs');
  });

  it('deleting a pod frees only its address; the next pod reuses it last (Calico FIFO)', () => {
    const base = head('10.244.0.0/16') + pod('a', 'n1') + pod('b', 'n1') + pod('c', 'n1');
    const one = loadLab(base, 'x.yaml').state!;
    const ips = Object.fromEntries(one.pods.map((p) => [p.name, p.ip]));
    const s2 = structuredClone(one.scenario);
    s2.pods = s2.pods.filter((p) => p.name !== 'b');
    const two = rebuild(s2, one).state!;
    expect(two.pods.map((p) => p.ip)).toEqual([ips.a, ips.c]);
    const s3 = structuredClone(two.scenario);
    s3.pods.push({ ...structuredClone(s3.pods[0]), name: 'd' });
    const three = rebuild(s3, two).state!;
    const d = three.pods.find((p) => p.name === 'd')!;
    // the block's never-used ordinals come before the released one
    expect(d.ip).not.toBe(ips.b);
    expect(three.pods.find((p) => p.name === 'a')!.ip).toBe(ips.a);
  });

  it('switching IPIP to Never keeps every pod address', () => {
    const base = head('10.244.0.0/16') + pod('a', 'n1') + pod('b', 'n2');
    const one = loadLab(base, 'x.yaml').state!;
    const s2 = structuredClone(one.scenario);
    s2.ippools[0].ipipMode = 'Never';
    const two = rebuild(s2, one).state!;
    expect(two.pods.map((p) => p.ip)).toEqual(one.pods.map((p) => p.ip));
    expect(two.netns['node/n1'].links.some((l) => l.name === 'tunl0')).toBe(false);
  });
});
