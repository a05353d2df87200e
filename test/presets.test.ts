// End to end from the preset files: YAML → parse → resolve → the real tools' text, compared with what the
// seed tutorials printed (fixtures in test/fixtures/seed-output, copied from the seeds). The seeds'
// pod names are unknown, so cali* interface names are matched by pattern.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../src/core/session/load';
import type { ClusterState } from '../src/core/model/cluster';
import { bridgeFdb, getIPPoolWide, ipAddr, ipNeigh, ipRoute, nodeStatus, routeN } from '../src/core/render';
import { sessionsOf } from '../src/core/bgp';
import { nodeSubnets } from '../src/core/query';
import { perTest } from './support/perTest';

const FIX = join(__dirname, 'fixtures/seed-output');
const fixture = (name: string) => readFileSync(join(FIX, name), 'utf8');

function preset(name: string): ClusterState {
  const file = join(__dirname, '../presets', `${name}.yaml`);
  const r = loadLab(readFileSync(file, 'utf8'), `presets/${name}.yaml`);
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return r.state!;
}

const caliPattern = /cali[0-9a-f]{9,11}/g;
const normCali = (s: string) => s.replace(caliPattern, 'caliXXXXXXXXXXX');
/** route -n pads the interface column after the name; cali names of other lengths shift nothing (last column). */
const lines = (s: string) => s.split('\n').map((l) => l.trimEnd()).filter((l) => l !== '');
const ns = (st: ClusterState, node: string) => st.netns[`node/${node}`];

describe('seed 000: kubeasz, IPIP Always', () => {
  const st = perTest(() => preset('seed000-ipip'));

  it("prints node-2's and node-1's route -n exactly as the seed (cali names by pattern)", () => {
    expect(normCali(routeN(ns(st(), 'node-2')))).toBe(normCali(fixture('000_route_n_node2.txt')));
    expect(normCali(routeN(ns(st(), 'node-1')))).toBe(normCali(fixture('000_route_n_node1.txt')));
  });

  it("prints a pod's route -n (default via 169.254.1.1)", () => {
    const pod = st().pods.find((p) => p.node === 'node-2')!;
    expect(routeN(st().netns[pod.ns])).toBe(fixture('000_route_n_pod.txt'));
  });

  it("gives node-2's tunl0 172.20.247.0/32 with the manifest's MTU 1440", () => {
    const out = ipAddr(ns(st(), 'node-2'), { dev: 'tunl0', txqlen: { tunl0: 1 } });
    // The seed's tunl0 is interface 11 on that machine; everything after the index must match.
    expect(out.replace(/^\d+:/, '11:')).toBe(fixture('000_ip_addr_tunl0.txt'));
  });

  it("prints master-1's calicoctl node status (full mesh, all Established)", () => {
    const out = nodeStatus(sessionsOf(st(), 'master-1'), { running: st().bgp.running, clockStart: st().scenario.cluster.clockStart });
    expect(out).toBe(fixture('000_node_status.txt') + '\n');
  });

  it('numbers pods from ordinal 1 after the tunnel address (ordinal 0)', () => {
    const node2 = st().pods.filter((p) => p.node === 'node-2').map((p) => p.ip);
    expect(node2).toEqual(['172.20.247.1', '172.20.247.2', '172.20.247.3', '172.20.247.4']);
  });
});

describe('seed 000 with ipipMode Never', () => {
  it('routes every remote block on ens33 with proto bird, no tunl0', () => {
    const st = preset('seed000-no-encap');
    const out = ipRoute(ns(st, 'node-1'));
    expect(out).toContain('172.20.247.0/26 via 192.168.2.26 dev ens33 proto bird \n');
    expect(out).not.toContain('tunl0');
    expect(st.netns['node/node-1'].links.some((l) => l.name === 'tunl0')).toBe(false);
  });
});

describe('seed 001: IPIP Always → Never', () => {
  it('prints calicoctl get ippool -o wide before and after', () => {
    const before = getIPPoolWide(preset('seed001-ipip').scenario.ippools);
    const after = getIPPoolWide(preset('seed001-no-encap').scenario.ippools);
    const cmp = (got: string, fix: string) => {
      const g = got.split('\n');
      const f = fix.replace(/\n$/, '').split('\n');
      expect(g[0]).toBe(f[0]);
      expect(g[1].startsWith(f[1].trimEnd())).toBe(true);
    };
    cmp(before, fixture('001_get_ippool_wide_always.txt'));
    cmp(after, fixture('001_get_ippool_wide_never.txt'));
  });

  it("routes k8s-master's remote blocks on ens32 after the switch (seed's ip route lines)", () => {
    const out = ipRoute(ns(preset('seed001-no-encap'), 'k8s-master'));
    for (const l of fixture('001_ip_route_master.txt').split('\n').filter(Boolean)) expect(out).toContain(l + '\n');
  });

  it("prints k8s-master's mesh status with each peer's SINCE", () => {
    const st = preset('seed001-ipip');
    const out = nodeStatus(sessionsOf(st, 'k8s-master'), { running: true, clockStart: st.scenario.cluster.clockStart });
    expect(out).toBe(fixture('001_node_status_mesh.txt') + '\n');
  });
});

describe('seed 002: Flannel', () => {
  it('prints the three route -n tables in vxlan mode', () => {
    const st = preset('seed002-flannel-vxlan');
    expect(routeN(ns(st, 'master1'))).toBe(fixture('002_route_n_master1_vxlan.txt'));
    expect(routeN(ns(st, 'node1'))).toBe(fixture('002_route_n_node1_vxlan.txt'));
    expect(routeN(ns(st, 'node2'))).toBe(fixture('002_route_n_node2_vxlan.txt'));
  });

  it("holds node2's PERMANENT neighbours and FDB entries for the other VTEPs", () => {
    const st = preset('seed002-flannel-vxlan');
    const neigh = lines(ipNeigh(ns(st, 'node2')));
    const want = lines(fixture('002_ip_neigh_node2.txt')).filter((l) => l.endsWith('PERMANENT'));
    expect([...neigh].sort()).toEqual([...want].sort());
    const fdb = lines(bridgeFdb(ns(st, 'node2')));
    expect(fdb).toEqual(lines(fixture('002_bridge_fdb_node2.txt')).slice(0, 2));
  });

  it('routes on ens33 with DirectRouting and with host-gw (the seed prints the same table)', () => {
    expect(routeN(ns(preset('seed002-flannel-directrouting'), 'master1'))).toBe(fixture('002_route_n_master1_directrouting.txt'));
    expect(routeN(ns(preset('seed002-flannel-hostgw'), 'master1'))).toBe(fixture('002_route_n_master1_directrouting.txt'));
  });

  it('keeps flannel.1 with DirectRouting but creates none with host-gw', () => {
    expect(ns(preset('seed002-flannel-directrouting'), 'node1').links.some((l) => l.name === 'flannel.1')).toBe(true);
    expect(ns(preset('seed002-flannel-hostgw'), 'node1').links.some((l) => l.name === 'flannel.1')).toBe(false);
  });
});

describe('seed 002: Calico with host-local IPAM and /24 blocks', () => {
  const cmp = (got: string, fix: string) => expect(lines(normCali(got))).toEqual(lines(normCali(fix)));

  it("prints master1's and node2's ip route in IPIP mode", () => {
    const st = preset('seed002-calico-ipip');
    cmp(ipRoute(ns(st, 'master1')), fixture('002_ip_route_master1_ipip.txt'));
    // The seed printed node2's table before creating pod-deployment: the preset (which has it) adds exactly
    // those two pods' /32 routes and nothing else.
    const deployIps = st.pods.filter((p) => p.node === 'node2' && p.name.startsWith('pod-deployment')).map((p) => p.ip);
    expect(deployIps).toEqual(['10.244.6.3', '10.244.6.4']);
    const got = lines(normCali(ipRoute(ns(st, 'node2')))).filter((l) => !deployIps.some((ip) => l.startsWith(`${ip} dev cali`)));
    expect(got).toEqual(lines(normCali(fixture('002_ip_route_node2_ipip.txt'))));
  });

  it("prints master1's ip route in CrossSubnet mode (all nodes share 10.0.0.0/24)", () => {
    cmp(ipRoute(ns(preset('seed002-calico-crosssubnet'), 'master1')), fixture('002_ip_route_master1_bgp.txt'));
  });

  it('gives tunl0 the podCIDR .1 and pods .2 onwards; cali and tunl0 MTU 1480 (auto)', () => {
    const st = preset('seed002-calico-ipip');
    expect(st.nodes.find((n) => n.name === 'master1')!.ipipTunnelAddr).toBe('10.244.0.1');
    expect(st.pods.filter((p) => p.node === 'node2').map((p) => p.ip)).toEqual(['10.244.6.2', '10.244.6.3', '10.244.6.4']);
    expect(st.pods.find((p) => p.name.endsWith('zn5hp'))!.ip).toBe('10.244.5.4');
    const links = ns(st, 'node2').links;
    expect(links.find((l) => l.name === 'tunl0')!.mtu).toBe(1480);
    expect(links.find((l) => l.name.startsWith('cali'))!.mtu).toBe(1480);
  });
});

describe('seed 004: which NIC carries the tunnel', () => {
  const tunlLines = (st: ClusterState, node: string) => lines(ipRoute(ns(st, node))).filter((l) => l.includes('tunl0'));
  const seed = lines(fixture('004_ip_route_tunl0.txt'));
  const cases: [string, string[]][] = [
    ['seed004-interface-ens33-eth0', [seed[0], seed[1]]],
    ['seed004-interface-ens32-eth1', [seed[2], seed[3]]],
    ['seed004-skip-interface', [seed[0], seed[1]]],
    ['seed004-can-reach', [seed[0], seed[1]]],
    ['seed004-cidr', [seed[2], seed[3]]],
  ];
  for (const [name, [vms71, vms72]] of cases) {
    it(`${name}: vms71 → "${vms71}", vms72 → "${vms72}"`, () => {
      const st = preset(name);
      expect(tunlLines(st, 'vms71.rhce.cc')).toEqual([vms71]);
      expect(tunlLines(st, 'vms72.rhce.cc')).toEqual([vms72]);
    });
  }

  it('first-found walks NICs in reverse: vms71 takes ens33, vms72 takes eth1 (the "wrong" pair)', () => {
    const st = preset('seed004-first-found');
    expect(st.nodes.map((n) => [n.name, n.address!.iface, n.address!.ip])).toEqual([
      ['vms71.rhce.cc', 'ens33', '192.168.30.71'],
      ['vms72.rhce.cc', 'eth1', '192.168.26.72'],
    ]);
    expect(tunlLines(st, 'vms71.rhce.cc')).toEqual(['10.244.5.192/26 via 192.168.26.72 dev tunl0 proto bird onlink']);
  });

  it("gives the seed's pod addresses", () => {
    const st = preset('seed004-interface-ens33-eth0');
    expect(st.pods.find((p) => p.name === 'pod1')!.ip).toBe('10.244.118.193');
    expect(st.pods.find((p) => p.name === 'pod2')!.ip).toBe('10.244.5.194');
  });
});

// Not a seed: the two-subnet cluster the app offers when CrossSubnet runs on seed 002's single /24. Expected
// lines follow Calico's CrossSubnet rule (encapsulate only when the peer node is outside the local subnet).
describe('calico-crosssubnet-two-racks: CrossSubnet with two subnets behind a router', () => {
  const st = perTest(() => preset('calico-crosssubnet-two-racks'));

  it('has two node subnets where seed 002 has one', () => {
    expect(nodeSubnets(st())).toEqual(['192.168.1.0/24', '192.168.2.0/24']);
    expect(nodeSubnets(preset('seed002-calico-crosssubnet'))).toEqual(['10.0.0.0/24']);
  });

  it("routes the same rack's block on eth0 and the other rack's through tunl0 (onlink)", () => {
    const routes = ipRoute(ns(st(), 'node-a1'));
    const a2 = st().nodes.find((n) => n.name === 'node-a2')!.blocks[0];
    const b1 = st().nodes.find((n) => n.name === 'node-b1')!.blocks[0];
    const b2 = st().nodes.find((n) => n.name === 'node-b2')!.blocks[0];
    expect(routes).toContain(`${a2} via 192.168.1.12 dev eth0 proto bird \n`);
    expect(routes).toContain(`${b1} via 192.168.2.11 dev tunl0 proto bird onlink \n`);
    expect(routes).toContain(`${b2} via 192.168.2.12 dev tunl0 proto bird onlink \n`);
  });
});
