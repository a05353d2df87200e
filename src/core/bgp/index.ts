// The BGP control plane as the rest of the core sees it: given the resolved nodes, which sessions exist
// (ClusterState.bgp, expanded per node by sessionsOf) and, for the FIB, the next hop of the route a node
// learned for prefixes another node originates — undefined when no Established path delivered them.

import type { ClusterState, NodeInfo } from '../model/cluster';
import type { Scenario } from '../model/scenario';
import { meshMembers, type BgpSpeaker } from './mesh';

export { sessionsOf, sessionCount } from './mesh';

export interface BgpInput {
  scenario: Scenario;
  nodes: NodeInfo[];
  backend: 'bird' | 'vxlan' | 'none';
}

export interface BgpComputed {
  state: ClusterState['bgp'];
  nextHop: (self: string, from: string) => string | undefined;
}

export function secondsOf(hms: string): number {
  const [h, m, s] = hms.split(':').map(Number);
  return h * 3600 + m * 60 + s;
}

export function computeBgp({ scenario, nodes, backend }: BgpInput): BgpComputed {
  const topo = scenario.topology;
  const bgpConf = scenario.bgpConfigurations.find((c) => c.name === 'default');
  const meshEnabled = bgpConf?.nodeToNodeMeshEnabled ?? true;
  const clockStart = secondsOf(scenario.cluster.clockStart ?? '00:00:00');
  const upOf = (name: string) => {
    const at = topo.nodes.find((t) => t.name === name)?.startedAt;
    return at ? (secondsOf(at) - clockStart + 86400) % 86400 : 0;
  };
  const speakers: BgpSpeaker[] =
    backend === 'bird' ? nodes.filter((n) => n.address).map((n) => ({ node: n.name, address: n.address!.ip, up: upOf(n.name) })) : [];
  const mesh = meshMembers(speakers);
  const addrOf = new Map(mesh.map((m) => [m.node, m.address]));
  return {
    state: { running: backend === 'bird', meshEnabled, mesh, sessions: [] },
    nextHop: (self, from) => (meshEnabled && addrOf.has(self) ? addrOf.get(from) : undefined),
  };
}
