// Calico's tunnel addresses per encapsulation (calico-node allocateip: determineEnabledPoolCIDRs): the IPIP
// address comes only from pools that select the node and enable IPIP, the VXLAN address only from pools that
// select it and enable VXLAN; Felix builds vxlan.calico, and routes to or from a node, only with a VTEP.

import { describe, expect, it } from 'vitest';
import { loadLab } from '../src/core/session/load';
import { pingText, tracerouteText } from '../src/core/tools';
import { cidrContains, ipToNum, parseCidr } from '../src/core/util/ipv4';

const scenario = (ipipSelector: string, vxlanSelector: string, pinned?: string) => `apiVersion: cnilab/v1
kind: Topology
metadata: {name: t}
spec:
  networks: [{name: lan, cidr: 10.0.0.0/24, gateway: 10.0.0.1}]
  nodes:
    - name: n1
      labels: {rack: a}
      interfaces: [{name: eth0, network: lan, ip: 10.0.0.11/24}]
    - name: n2
      labels: {rack: b}
      interfaces: [{name: eth0, network: lan, ip: 10.0.0.12/24}]
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: ipip}
spec: {cidr: 10.244.0.0/16, ipipMode: Always, nodeSelector: "${ipipSelector}"}
---
apiVersion: projectcalico.org/v3
kind: IPPool
metadata: {name: vx}
spec: {cidr: 10.245.0.0/16, vxlanMode: Always, ipipMode: Never, nodeSelector: "${vxlanSelector}"}
---
apiVersion: v1
kind: Pod
metadata: {name: a}
spec: {nodeName: n1, containers: [{name: c, image: x}]}
---
apiVersion: v1
kind: Pod
metadata: {name: b${pinned ? `, annotations: {cni.projectcalico.org/ipAddrs: '["${pinned}"]'}` : ''}}
spec: {nodeName: n2, containers: [{name: c, image: x}]}
`;

const build = (text: string) => {
  const r = loadLab(text, 't.yaml');
  expect(r.errors).toEqual([]);
  return r.state!;
};
const inPool = (ip: string | undefined, cidr: string) => !!ip && cidrContains(parseCidr(cidr), ipToNum(ip));

describe('tunnel addresses per encapsulation', () => {
  it('a node selected by an IPIP pool and a VXLAN pool holds one address of each, on its own device', () => {
    const st = build(scenario('all()', 'all()'));
    for (const n of st.nodes) {
      expect(inPool(n.ipipTunnelAddr, '10.244.0.0/16')).toBe(true);
      expect(inPool(n.vxlanTunnelAddr, '10.245.0.0/16')).toBe(true);
      const links = st.netns[n.ns]!.links;
      expect(links.find((l) => l.name === 'tunl0')!.addrs.map((a) => a.ip)).toEqual([n.ipipTunnelAddr]);
      expect(links.find((l) => l.name === 'vxlan.calico')!.addrs.map((a) => a.ip)).toEqual([n.vxlanTunnelAddr]);
    }
  });

  it('no IPIP address from a VXLAN-only pool: a node no IPIP pool selects has an empty tunl0', () => {
    const st = build(scenario("rack == 'a'", 'all()'));
    const [n1, n2] = st.nodes;
    expect(inPool(n1!.ipipTunnelAddr, '10.244.0.0/16')).toBe(true);
    expect(n2!.ipipTunnelAddr).toBeUndefined();
    expect(inPool(n2!.vxlanTunnelAddr, '10.245.0.0/16')).toBe(true);
    expect(st.netns[n2!.ns]!.links.find((l) => l.name === 'tunl0')!.addrs).toEqual([]);
  });

  it('a node without a VXLAN address has no vxlan.calico, and no VXLAN route leads to or from it', () => {
    // n2 holds a block of the VXLAN pool only through a pinned pod address; no VXLAN pool selects it
    const st = build(scenario('all()', "rack == 'a'", '10.245.9.5'));
    const [n1, n2] = st.nodes;
    expect(inPool(n1!.vxlanTunnelAddr, '10.245.0.0/16')).toBe(true);
    expect(n2!.vxlanTunnelAddr).toBeUndefined();
    expect(st.netns[n2!.ns]!.links.some((l) => l.name === 'vxlan.calico')).toBe(false);
    expect(st.netns[n2!.ns]!.routes.filter((r) => r.owner === 'felix' && r.type === 'unicast')).toEqual([]);
    const n1ns = st.netns[n1!.ns]!;
    expect(n1ns.routes.some((r) => r.dst === '10.245.9.0/26')).toBe(false);
    expect(n1ns.neigh).toEqual([]);
    expect(n1ns.fdb).toEqual([]);
  });
});

describe('found by verify on a mixed-pool cluster', () => {
  it("a VXLAN pool's block is blackholed by Felix (proto 80) even when BIRD runs: confd keeps VXLAN pools out of the kernel", () => {
    const st = build(scenario('all()', "rack == 'a'"));
    const n1 = st.netns[st.nodes[0]!.ns]!;
    const holes = n1.routes.filter((r) => r.type === 'blackhole').map((r) => [r.dst.startsWith('10.245.') ? 'vx' : 'ipip', r.proto]);
    expect(holes).toEqual([['ipip', 12], ['vx', 80]]);
  });

  const st0 = () => build(scenario('all()', "rack == 'a'").replace('ipipMode: Always', 'ipipMode: Never'));

  it('an echo reply that leaves through the outside gateway never reaches ping: 100% loss', () => {
    // b (no-encap pool on n2) answers a (VXLAN pool on n1), but n2 has no route to a's VXLAN block (no VTEP)
    const st = st0();
    const out = pingText(st, 'default/a', 'default/b', { count: 2 });
    expect(out).toContain('2 packets transmitted, 0 received, 100% packet loss');
  });

  it("traceroute on that path: n2's time exceeded and b's port unreachable are lost the same way, so stars to the limit", () => {
    const hops = tracerouteText(st0(), 'default/a', 'default/b')
      .split('\n')
      .filter((l) => /^\s*\d+\s/.test(l))
      .map((l) => l.trim().replace(/\s+/g, ' ').replace(/ [\d.]+ ms.*$/, ''));
    expect(hops[0]).toBe('1 10.0.0.11');
    expect(hops.slice(1)).toEqual(Array.from({ length: 29 }, (_, i) => `${i + 2} * * *`));
  });
});
