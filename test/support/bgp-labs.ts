// Small labs for the BGP tests, built in TypeScript (the parser has its own tests): nodes on one segment or
// on two segments joined by a router, one pod per node, Calico with BIRD.

import type { ClusterState } from '../../src/core/model/cluster';
import type { BGPPeer, CalicoNode, EncapMode, Fault, IPPool, Pod, Scenario, TopologyNode } from '../../src/core/model/scenario';
import { buildCluster } from '../../src/core/resolve';
import { emptyScenario as baseScenario } from '../../src/core/scenario/empty';

export function emptyScenario(): Scenario {
  return baseScenario('bgp-test');
}

function node(name: string, ifaces: [string, string, string][], extra: Partial<TopologyNode> = {}): TopologyNode {
  return { name, labels: {}, annotations: {}, interfaces: ifaces.map(([n, ip, network]) => ({ name: n, ip, mtu: 1500, network })), ...extra };
}

function pod(namespace: string, name: string, nodeName: string): Pod {
  return { namespace, name, nodeName, labels: {}, annotations: {}, containers: [{ name: 'c', ports: [] }] };
}

function pool(name: string, cidr: string, extra: Partial<IPPool>): IPPool {
  return { name, cidr, blockSize: 26, ipipMode: 'Always', vxlanMode: 'Never', natOutgoing: true, disabled: false, disableBGPExport: false, nodeSelector: 'all()', ...extra };
}

export interface LabOptions {
  ipipMode?: EncapMode;
  vxlanMode?: EncapMode;
  mesh?: boolean;
  peers?: BGPPeer[];
  calicoNodes?: CalicoNode[];
  faults?: Fault[];
  labels?: Record<string, Record<string, string>>;
  backend?: 'bird' | 'vxlan';
}

function finish(s: Scenario, o: LabOptions): Scenario {
  s.cluster.calico.networkingBackend = o.backend ?? (o.vxlanMode && o.vxlanMode !== 'Never' ? 'vxlan' : 'bird');
  s.ippools.push(pool('default-ipv4-ippool', '10.244.0.0/16', { ipipMode: o.ipipMode ?? 'Always', vxlanMode: o.vxlanMode ?? 'Never' }));
  if (o.mesh === false) s.bgpConfigurations.push({ name: 'default', nodeToNodeMeshEnabled: false, asNumber: 64512 });
  s.bgpPeers.push(...(o.peers ?? []));
  s.calicoNodes.push(...(o.calicoNodes ?? []));
  s.faults.push(...(o.faults ?? []));
  for (const n of s.topology.nodes) {
    Object.assign(n.labels, o.labels?.[n.name] ?? {});
    s.pods.push(pod('default', `pod-${n.name}`, n.name));
  }
  return s;
}

/** `n` nodes node-01 … on 10.0.0.0/24 (addresses .11, .12, …), gateway 10.0.0.1 outside the lab. */
export function flatScenario(n: number, o: LabOptions = {}): Scenario {
  const s = emptyScenario();
  s.topology.networks.push({ name: 'lan', cidr: '10.0.0.0/24', gateway: '10.0.0.1' });
  for (let i = 1; i <= n; i++) {
    s.topology.nodes.push(node(`node-${String(i).padStart(2, '0')}`, [['eth0', `10.0.0.${10 + i}/24`, 'lan']]));
  }
  return finish(s, o);
}

export function flat(n: number, o: LabOptions = {}): ClusterState {
  return buildCluster(flatScenario(n, o));
}

/** a1, a2 on net1 192.168.1.0/24 and b1, b2 on net2 192.168.2.0/24; router r1 (.1 on both) joins them,
 *  `bgp` makes it a BGP speaker with that AS. */
export function twoSubnetsScenario(o: LabOptions & { routerAs?: number } = {}): Scenario {
  const s = emptyScenario();
  s.topology.networks.push({ name: 'net1', cidr: '192.168.1.0/24', gateway: '192.168.1.1' });
  s.topology.networks.push({ name: 'net2', cidr: '192.168.2.0/24', gateway: '192.168.2.1' });
  s.topology.routers.push({
    name: 'r1',
    interfaces: [
      { network: 'net1', ip: '192.168.1.1/24' },
      { network: 'net2', ip: '192.168.2.1/24' },
    ],
    ...(o.routerAs ? { bgp: { asNumber: o.routerAs } } : {}),
  });
  s.topology.nodes.push(node('a1', [['eth0', '192.168.1.11/24', 'net1']], { labels: { rack: 'a' } }));
  s.topology.nodes.push(node('a2', [['eth0', '192.168.1.12/24', 'net1']], { labels: { rack: 'a' } }));
  s.topology.nodes.push(node('b1', [['eth0', '192.168.2.11/24', 'net2']], { labels: { rack: 'b' } }));
  s.topology.nodes.push(node('b2', [['eth0', '192.168.2.12/24', 'net2']], { labels: { rack: 'b' } }));
  return finish(s, o);
}

export function twoSubnets(o: LabOptions & { routerAs?: number } = {}): ClusterState {
  return buildCluster(twoSubnetsScenario(o));
}

/** BGP-learned (`proto bird`, unicast) routes of a namespace as `dst via` strings. */
export function birdRoutes(state: ClusterState, nsId: string): string[] {
  return state.netns[nsId].routes.filter((r) => r.owner === 'bird' && r.type === 'unicast').map((r) => `${r.dst} via ${r.via}`);
}

export function blockOf(state: ClusterState, nodeName: string): string {
  return state.nodes.find((n) => n.name === nodeName)!.blocks[0];
}

export const reflectorPeer: BGPPeer = { name: 'peer-with-route-reflectors', nodeSelector: 'all()', peerSelector: "route-reflector == 'true'" };

export function reflector(name: string, clusterId: string, address: string): CalicoNode {
  return { name, labels: { 'route-reflector': 'true' }, bgp: { ipv4Address: address, routeReflectorClusterID: clusterId } };
}
