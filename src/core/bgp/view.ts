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

export type SessionKind = 'mesh' | 'reflector' | 'peer';

/** One kind of session, counted per pair of speakers: how many, and how many in each BIRD state (a pair is
 *  in the worse of its two sides' states). */
export interface SessionKindCount {
  kind: SessionKind;
  sessions: number;
  /** BIRD's Info column ("Established", "Active", "Connect", …) → pairs */
  byState: Record<string, number>;
}

export interface SessionSummary {
  /** N(N-1)/2 among running mesh members plus every other pair some BIRD shows (sessionCount) */
  configured: number;
  /** Established sessions as every node's `calicoctl node status` lists them, halved (each has two sides) */
  established: number;
  kinds: SessionKindCount[];
}

const RANK = { up: 0, start: 1, down: 2 } as const;

/**
 * The cluster's sessions counted without listing them: a 1,000-node mesh is 499,500 pairs and 999,000
 * views, which sessionsOf would build one object each. Mesh pairs between running members are Established
 * unless a stored view says otherwise (sessionsOf derives exactly those); every other pair is stored.
 * `nodes`: the cluster's node names (a view of a router or a non-node is not a node's status line).
 */
export function sessionSummary(state: Pick<ClusterState, 'bgp'>, nodes: readonly string[], reflectors: ReadonlySet<string>): SessionSummary {
  const { bgp } = state;
  const members = new Set(bgp.meshEnabled ? bgp.mesh.map((m) => m.node) : []);
  const isNode = new Set(nodes);
  // pairs with a stored view, the worse side's state kept
  const pairs = new Map<string, { kind: SessionKind; rank: number; info: string }>();
  // a node's stored mesh views of other members: sessionsOf derives the rest of its mesh as Established
  const storedMeshPeers = new Map<string, Set<string>>();
  let established = 0;
  for (const s of bgp.sessions) {
    const mesh = s.peerType === 'node-to-node mesh';
    if (mesh) {
      const peers = storedMeshPeers.get(s.node) ?? new Set<string>();
      peers.add(s.peerName);
      storedMeshPeers.set(s.node, peers);
    }
    if (s.info === 'Established' && isNode.has(s.node)) established++;
    const [a, b] = compareStrings(s.node, s.peerName) < 0 ? [s.node, s.peerName] : [s.peerName, s.node];
    const kind: SessionKind = mesh ? 'mesh' : reflectors.has(a) || reflectors.has(b) ? 'reflector' : 'peer';
    const key = `${mesh ? 'mesh' : 'peer'}|${a}|${b}`;
    const prev = pairs.get(key);
    if (!prev || RANK[s.state] > prev.rank) pairs.set(key, { kind, rank: RANK[s.state], info: s.info });
  }
  const m = members.size;
  for (const x of members) {
    if (!isNode.has(x)) continue;
    let stored = 0;
    for (const p of storedMeshPeers.get(x) ?? []) if (p !== x && members.has(p)) stored++;
    established += m - 1 - stored;
  }
  const kinds = new Map<SessionKind, SessionKindCount>();
  const count = (kind: SessionKind, info: string, n: number) => {
    if (n <= 0) return;
    const k = kinds.get(kind) ?? { kind, sessions: 0, byState: {} };
    k.sessions += n;
    k.byState[info] = (k.byState[info] ?? 0) + n;
    kinds.set(kind, k);
  };
  let storedMemberPairs = 0;
  for (const [key, p] of pairs) {
    const [, a, b] = key.split('|');
    if (p.kind === 'mesh' && members.has(a) && members.has(b)) storedMemberPairs++;
    count(p.kind, p.info, 1);
  }
  count('mesh', 'Established', (m * (m - 1)) / 2 - storedMemberPairs);
  const order: SessionKind[] = ['mesh', 'reflector', 'peer'];
  return { configured: sessionCount(state), established: established / 2, kinds: order.filter((k) => kinds.has(k)).map((k) => kinds.get(k)!) };
}
