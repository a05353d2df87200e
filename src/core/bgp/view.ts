// The sessions one node's BIRD lists, from ClusterState.bgp alone (plain data): stored views plus the
// Established mesh sessions derived from the member list.

import type { BgpSession, ClusterState } from '../model/cluster';
import { compareStrings } from '../util/ipv4';

interface SessionIndex {
  members: Map<string, { address: string; up: number }>;
  mesh: Map<string, BgpSession[]>;
  explicit: Map<string, BgpSession[]>;
}

const indexes = new WeakMap<object, SessionIndex>();

function indexOf(bgp: ClusterState['bgp']): SessionIndex {
  let ix = indexes.get(bgp);
  if (ix) return ix;
  ix = { members: new Map(), mesh: new Map(), explicit: new Map() };
  for (const m of bgp.mesh) ix.members.set(m.node, { address: m.address, up: m.up });
  for (const s of bgp.sessions) {
    const map = s.peerType === 'node-to-node mesh' ? ix.mesh : ix.explicit;
    const l = map.get(s.node) ?? [];
    l.push(s);
    map.set(s.node, l);
  }
  indexes.set(bgp, ix);
  return ix;
}

/** Every BGP session `node`'s BIRD lists, in BIRD's protocol order: Mesh_ protocols (peer hostname order),
 *  then Global_, then Node_ (each by peer address as a string). Established mesh sessions are derived from
 *  the member list; the stored ones are the rest. */
export function sessionsOf(state: Pick<ClusterState, 'bgp'>, node: string): BgpSession[] {
  const { bgp } = state;
  const ix = indexOf(bgp);
  const mesh: BgpSession[] = [...(ix.mesh.get(node) ?? [])];
  const self = ix.members.get(node);
  if (bgp.meshEnabled && self) {
    const stored = new Set(mesh.map((s) => s.peerName));
    for (const peer of bgp.mesh) {
      if (peer.node === node || stored.has(peer.node)) continue;
      mesh.push({
        node,
        peerAddress: peer.address,
        peerName: peer.node,
        peerType: 'node-to-node mesh',
        state: 'up',
        info: 'Established',
        passive: compareStrings(self.address, peer.address) < 0,
        since: Math.max(0, self.up, peer.up),
      });
    }
  }
  mesh.sort((a, b) => compareStrings(a.peerName, b.peerName));
  return [...mesh, ...(ix.explicit.get(node) ?? [])];
}

/** Number of distinct configured sessions (each pair once): N(N-1)/2 among running mesh members, plus every
 *  other pair some BIRD shows. */
export function sessionCount(state: Pick<ClusterState, 'bgp'>): number {
  const { bgp } = state;
  const members = new Set(bgp.meshEnabled ? bgp.mesh.map((m) => m.node) : []);
  const n = members.size;
  const others = new Set<string>();
  for (const s of bgp.sessions) {
    const mesh = s.peerType === 'node-to-node mesh';
    if (mesh && members.has(s.node) && members.has(s.peerName)) continue;
    const [a, b] = compareStrings(s.node, s.peerName) < 0 ? [s.node, s.peerName] : [s.peerName, s.node];
    others.add(`${mesh ? 'mesh' : 'peer'}|${a}|${b}`);
  }
  return (n * (n - 1)) / 2 + others.size;
}
