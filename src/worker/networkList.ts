// The big-lab page's "Nodes by network" list, summed from the picture's model rather than counted again
// from the state: view/aggregate.ts has already counted nodes, pods and blocks per node group, and a
// group is a run of one segment's nodes, so a network's line is the sum of its groups. A lab can be big by
// its pods alone (over 400 pods on 40 nodes or fewer): its picture has node cards instead of groups, and the
// line is summed from the cards.

import type { TopoModel, ViewGroup, ViewNode } from '../view/model';
import type { BigGroup } from './protocol';

/** a node cabled to no segment is listed under this name */
export const NO_NETWORK = '(no network)';

interface Part {
  network: string;
  members: readonly string[];
  pods: number;
  blocks: number;
}

const ofGroup = (g: ViewGroup): Part => ({ network: g.network || NO_NETWORK, members: g.members, pods: g.pods, blocks: g.blocks });
const ofCard = (n: ViewNode): Part => ({ network: n.nics[0]?.network ?? NO_NETWORK, members: [n.name], pods: n.pods.length + n.hiddenPods.length, blocks: n.blocks.length });

/**
 * One line per network, in the order its first node comes in the node list (`nodes`: every node, in
 * Topology order). Parts of one network arrive in their nodes' order, so `first` and `last` are the first
 * part's first member and the last part's last.
 */
export function networkList(model: TopoModel, nodes: readonly string[]): BigGroup[] {
  const parts = model.groups ? model.groups.map(ofGroup) : model.nodes.map(ofCard);
  const cidr = new Map(model.networks.map((n) => [n.name, n.cidr]));
  const byNet = new Map<string, BigGroup>();
  for (const p of parts) {
    if (!p.members.length) continue;
    const g = byNet.get(p.network);
    if (!g) {
      byNet.set(p.network, { network: p.network, cidr: cidr.get(p.network) ?? '', nodes: p.members.length, first: p.members[0], last: p.members[p.members.length - 1], pods: p.pods, blocks: p.blocks });
      continue;
    }
    g.nodes += p.members.length;
    g.last = p.members[p.members.length - 1];
    g.pods += p.pods;
    g.blocks += p.blocks;
  }
  // the picture orders groups by segment; the list keeps the order people read the node list in
  const index = new Map(nodes.map((n, i) => [n, i]));
  return [...byNet.values()].sort((a, b) => (index.get(a.first) ?? 0) - (index.get(b.first) ?? 0));
}
