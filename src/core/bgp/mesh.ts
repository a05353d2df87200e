// Calico's BGP control plane at the level the core needs first: which sessions exist (the node-to-node
// mesh, on by default) and which routes each node learns through them. Each node exports its confirmed
// affine blocks and any /32 it hosts outside its own blocks (a borrowed address); a route arrives with the
// originating node's address as next hop (iBGP keeps it). BIRD on each node then programs them (dataplane).
// A full mesh is N(N-1) session views; they are derived on demand from the member list.

import type { BgpSession, ClusterState } from '../model/cluster';
import { compareStrings, ipToNum } from '../util/ipv4';

export interface BgpSpeaker {
  node: string;
  address: string;
  /** seconds after the clock start when its BIRD came up */
  up: number;
}

export interface LearnedRoute {
  prefix: string;
  nextHop: string;
  /** originating node */
  from: string;
}

/** Mesh members in the order BIRD lists its Mesh_ protocols (confd writes them in address order). */
export function meshMembers(speakers: BgpSpeaker[]): BgpSpeaker[] {
  return speakers
    .map((s) => ({ node: s.node, address: s.address, up: s.up }))
    .sort((a, b) => ipToNum(a.address) - ipToNum(b.address));
}

function meshSession(self: BgpSpeaker, peer: BgpSpeaker): BgpSession {
  return {
    node: self.node,
    peerAddress: peer.address,
    peerName: peer.node,
    peerType: 'node-to-node mesh',
    state: 'up',
    info: 'Established',
    // confd makes the side whose own address is lower (as a string) passive: it listens on 179.
    passive: compareStrings(self.address, peer.address) < 0,
    // A session reaches Established once both ends run BIRD.
    since: Math.max(self.up, peer.up),
  };
}

/** Every BGP session as `node` sees it, in BIRD's protocol order: mesh peers, then explicit ones. */
export function sessionsOf(state: Pick<ClusterState, 'bgp'>, node: string): BgpSession[] {
  const out: BgpSession[] = [];
  const { bgp } = state;
  if (bgp.meshEnabled) {
    const self = bgp.mesh.find((m) => m.node === node);
    if (self) for (const peer of bgp.mesh) if (peer !== self) out.push(meshSession(self, peer));
  }
  for (const s of bgp.sessions) if (s.node === node) out.push(s);
  return out;
}

/** Number of distinct sessions (each pair once): N(N-1)/2 for the mesh plus explicit ones. */
export function sessionCount(state: Pick<ClusterState, 'bgp'>): number {
  const n = state.bgp.meshEnabled ? state.bgp.mesh.length : 0;
  return (n * (n - 1)) / 2 + state.bgp.sessions.length / 2;
}
