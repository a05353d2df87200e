// The state of every configured BGP session, as BIRD's `show protocols` reports it on each side.
//
// A session is Established when both ends run BGP, both have a protocol for each other, one end can open a TCP
// connection to the other's port 179 over the underlay (and the replies come back), and each end's OPEN
// carries the AS the other expects. Otherwise each configured end shows why (BIRD's wording):
//   passive end (mesh, the lower address)        start  Passive
//   connect() fails at once (no route, ICMP)      start  Active  Socket: Network is unreachable
//   nobody answers ARP (peer down on the segment) start  Active  Socket: No route to host
//   SYN dropped on the way (router down, filter)  start  Connect
//   nothing listens on 179 (a router without BGP) start  Active  Socket: Connection refused
//   the peer's BIRD has no protocol for us        start  Active  Socket: Connection closed
//        (BIRD accepts, logs "Unexpected connect from unknown address", closes: bgp_incoming_connection)
//   AS mismatch (the side that finds it)          start  Idle    BGP Error: Bad peer AS
//               (the side that is told)           start  Idle    Received: Bad peer AS
// SINCE is the later of the two BIRD start times (never before the clock start) when Established, else the
// viewer's own start. Which end holds port 179 (for `ss`): the passive end; when both ends are active
// (BGPPeer sessions), BIRD's connect timers race and the lab settles it the way seed 001 shows it: the end
// whose BIRD has been running longer listens (the newcomer connects), equal start times → the lower address
// listens.
//
// Mesh sessions are N(N-1)/2; only the ones that are not Established are stored (both views), the rest are
// derived from the member list on demand (sessionsOf).

import type { BgpPeerType, BgpSession } from '../model/cluster';
import type { Fault } from '../model/scenario';
import { compareStrings, ipToNum } from '../util/ipv4';
import type { PeeringConfig, Protocol } from './config';
import { tcpOver, type ReachResult, type Underlay } from './reach';
import type { Speaker, SpeakerTable } from './speakers';

export interface Edge {
  peer: number;
  /** iBGP: same AS on both ends */
  internal: boolean;
  /** this end reflects to the peer (`rr client`) */
  rrClient: boolean;
  /** this end's cluster ID (when rrClient) */
  clusterId: number;
  keepNextHop: boolean;
  /** this end's address on the session, and the peer's */
  localAddress: number;
  peerAddress: number;
  mesh: boolean;
  /** the peer's protocol on the same session (explicit sessions) */
  reverse?: Edge;
}

export interface ExplicitSession {
  a: number;
  /** peer speaker, -1 when the peer address belongs to no speaker */
  b: number;
  peerAddress: string;
  established: boolean;
  /** speaker holding port 179 when Established */
  listener: number;
}

export interface SessionModel {
  /** running mesh members in hostname order */
  meshRunning: Speaker[];
  /** mesh pairs (both ends running members) that are not Established: key lo * S + hi */
  meshDown: Set<number>;
  /** Established explicit pairs: key lo * S + hi */
  explicitUp: Set<number>;
  explicit: ExplicitSession[];
  /** explicit Established edges per speaker (mesh edges are implicit) */
  edges: Edge[][];
  /** every stored view: explicit sessions of each node in BIRD order, then mesh sessions that are not Established */
  views: BgpSession[];
  /** mesh members with different AS numbers exist (mesh edges may then be eBGP) */
  meshMixedAs: boolean;
}

interface Proto {
  passive: boolean;
  peerAs: number;
}

interface View {
  state: BgpSession['state'];
  info: BgpSession['info'];
  infoDetail?: string;
  reason?: string;
}

export interface SessionContext {
  speakers: SpeakerTable;
  config: PeeringConfig;
  underlay: Underlay;
  filters: readonly Fault[];
}

// BIRD's bgp_state_dsc() prints "Passive" for a passive protocol waiting in Idle; model/cluster.ts's BgpState
// does not list it yet (reported to the lead), hence the cast.
const PASSIVE: BgpSession['info'] = 'Passive';

export const pairKey = (a: number, b: number, n: number) => (a < b ? a * n + b : b * n + a);

const FAIL_VIEW: Record<string, Omit<View, 'reason'>> = {
  'no-route': { state: 'start', info: 'Active', infoDetail: 'Socket: Network is unreachable' },
  'no-host': { state: 'start', info: 'Active', infoDetail: 'Socket: No route to host' },
  dropped: { state: 'start', info: 'Connect' },
};

export function computeSessions(ctx: SessionContext): SessionModel {
  const { speakers, config, underlay, filters } = ctx;
  const S = speakers.all.length;

  // TCP to 179 from x to the holder of addr (y, if a speaker), replies included.
  const connect = (x: Speaker, y: Speaker | undefined, addr: string): ReachResult => {
    if (y) return underlay.tcp(x.ns, x.address, y.ns, addr, 179, filters);
    const r = underlay.reach(x.ns, addr);
    if (!r.ok) return r;
    return underlay.tcp(x.ns, x.address, r.ns, addr, 179, filters);
  };

  /** Both views of one pair. `b` undefined: the address is no BGP speaker's. */
  const evaluate = (
    a: Speaker,
    pa: Proto | undefined,
    b: Speaker | undefined,
    bAddr: string,
    pb: Proto | undefined,
  ): { up: boolean; listener: number; viewA?: View; viewB?: View } => {
    const aHas = !!pa && a.running;
    const bHas = !!pb && !!b && b.running;
    const rAB = aHas && !pa!.passive ? connect(a, b, bAddr) : undefined;
    const rBA = bHas && !pb!.passive ? connect(b!, a, a.address) : undefined;
    const aToB = !!rAB?.ok && bHas;
    const bToA = !!rBA?.ok && aHas;
    if (aHas && bHas && (aToB || bToA)) {
      const aBad = pa!.peerAs !== b!.as;
      const bBad = pb!.peerAs !== a.as;
      if (aBad || bBad) {
        const idle = (bad: boolean, expected: number, actual: number): View => ({
          state: 'start',
          info: 'Idle',
          infoDetail: bad ? 'BGP Error: Bad peer AS' : 'Received: Bad peer AS',
          reason: bad ? `expects AS ${expected}, the peer's OPEN says AS ${actual}` : 'the peer rejected our AS number',
        });
        return { up: false, listener: -1, viewA: idle(aBad, pa!.peerAs, b!.as), viewB: idle(bBad, pb!.peerAs, a.as) };
      }
      let listener: number;
      if (pa!.passive !== pb!.passive) listener = pa!.passive ? a.index : b!.index;
      else {
        // Both active: the newcomer connects; equal start times, the higher address connects.
        const aConnects = a.up > b!.up || (a.up === b!.up && compareStrings(a.address, b!.address) > 0);
        listener = aConnects ? (aToB ? b!.index : a.index) : bToA ? a.index : b!.index;
      }
      const est: View = { state: 'up', info: 'Established' };
      return { up: true, listener, viewA: est, viewB: est };
    }
    const side = (x: Speaker, px: Proto, r: ReachResult | undefined, y: Speaker | undefined, yAddr: string, yHas: boolean, rBack: ReachResult | undefined): View => {
      const yName = y ? `${y.kind} ${y.name}` : yAddr;
      if (px.passive || !r) {
        let reason: string;
        if (!y) reason = `${yAddr} runs no BGP speaker`;
        else if (!y.running) reason = `${yName} is down`;
        else if (!yHas) reason = `${yName} has no BGP protocol for ${x.address}`;
        else if (rBack && !rBack.ok) reason = `${yName} cannot connect: ${rBack.detail}`;
        else reason = `waiting for ${yName} to connect`;
        return { state: 'start', info: PASSIVE, reason };
      }
      if (!r.ok) return { ...FAIL_VIEW[r.failure], reason: y && !y.running ? `${yName} is down (${r.detail})` : r.detail };
      const holder = y ?? speakers.all.find((s) => s.ns === r.ns);
      if (holder && holder.running && holder.kind === 'node') {
        return { state: 'start', info: 'Active', infoDetail: 'Socket: Connection closed', reason: `${holder.kind} ${holder.name} has no BGP protocol for ${x.address} (BIRD: "Unexpected connect from unknown address")` };
      }
      if (holder && holder.running) {
        return { state: 'start', info: 'Active', infoDetail: 'Socket: Connection closed', reason: `${holder.kind} ${holder.name} does not peer with ${x.address}` };
      }
      return { state: 'start', info: 'Active', infoDetail: 'Socket: Connection refused', reason: `nothing listens on ${yAddr}:179` };
    };
    return {
      up: false,
      listener: -1,
      viewA: aHas ? side(a, pa!, rAB, b, bAddr, bHas, rBA) : undefined,
      viewB: bHas ? side(b!, pb!, rBA, a, a.address, aHas, rAB) : undefined,
    };
  };

  const edges: Edge[][] = speakers.all.map(() => []);
  const views: BgpSession[] = [];
  const since = (x: Speaker, y: Speaker | undefined, up: boolean) => (up ? Math.max(0, x.up, y?.up ?? 0) : Math.max(0, x.up));
  const mkView = (x: Speaker, peerAddress: string, peerName: string, peerType: BgpPeerType, passive: boolean, v: View, up: boolean, y: Speaker | undefined, rrClient: boolean): BgpSession => {
    const s: BgpSession = { node: x.name, peerAddress, peerName, peerType, state: v.state, info: v.info, passive, since: since(x, y, up) };
    if (v.infoDetail) s.infoDetail = v.infoDetail;
    if (v.reason) s.reason = v.reason;
    if (rrClient) s.rrClient = true;
    return s;
  };

  // ---- explicit sessions (Global_ / Node_ protocols, and the routers' side of them)
  const explicitUp = new Set<number>();
  const explicit: ExplicitSession[] = [];
  const results = new Map<string, ReturnType<typeof evaluate> & { aIndex: number }>();
  const protoOf = (x: Speaker, addr: string): Protocol | undefined => config.explicit.get(x.index)?.find((p) => p.peerAddress === addr);
  for (const [ai, protos] of config.explicit) {
    const a = speakers.all[ai];
    for (const p of protos) {
      const b = speakers.byAddress.get(p.peerAddress);
      const key = b ? `${Math.min(ai, b.index)}|${Math.max(ai, b.index)}|${b.kind === 'router' ? p.peerAddress : ''}` : `${ai}|${p.peerAddress}`;
      if (results.has(key)) continue;
      let pb: Proto | undefined;
      if (b?.kind === 'node') {
        const back = protoOf(b, a.address);
        pb = back ? { passive: false, peerAs: back.peerAs } : undefined;
      } else if (b?.kind === 'router') {
        // A BGP router accepts any neighbour that peers with it (a ToR with dynamic neighbours): it listens.
        pb = { passive: true, peerAs: a.as };
      }
      const r = evaluate(a, { passive: false, peerAs: p.peerAs }, b, p.peerAddress, pb);
      results.set(key, { ...r, aIndex: ai });
      explicit.push({ a: ai, b: b ? b.index : -1, peerAddress: p.peerAddress, established: r.up, listener: r.listener });
      if (r.up && b) {
        explicitUp.add(pairKey(ai, b.index, S));
        const aAddr = ipToNum(a.address);
        const bAddr = ipToNum(p.peerAddress);
        const backProto = b.kind === 'node' ? protoOf(b, a.address) : undefined;
        const ea: Edge = { peer: b.index, internal: a.as === b.as, rrClient: p.rrClient, clusterId: a.clusterId, keepNextHop: p.keepNextHop, localAddress: aAddr, peerAddress: bAddr, mesh: false };
        const eb: Edge = {
          peer: ai,
          internal: a.as === b.as,
          rrClient: backProto?.rrClient ?? false,
          clusterId: b.clusterId,
          keepNextHop: backProto?.keepNextHop ?? false,
          localAddress: bAddr,
          peerAddress: aAddr,
          mesh: false,
        };
        ea.reverse = eb;
        eb.reverse = ea;
        edges[ai].push(ea);
        edges[b.index].push(eb);
      }
    }
  }
  // Views in BIRD order, node by node.
  for (const [ai, protos] of config.explicit) {
    const a = speakers.all[ai];
    if (!a.running) continue;
    for (const p of protos) {
      const b = speakers.byAddress.get(p.peerAddress);
      const key = b ? `${Math.min(ai, b.index)}|${Math.max(ai, b.index)}|${b.kind === 'router' ? p.peerAddress : ''}` : `${ai}|${p.peerAddress}`;
      const r = results.get(key)!;
      const mine = r.aIndex === ai ? r.viewA : r.viewB;
      if (!mine) continue;
      views.push(mkView(a, p.peerAddress, b?.name ?? p.peerAddress, p.kind === 'global' ? 'global' : 'node specific', false, mine, r.up, b, p.rrClient));
    }
  }

  // ---- mesh: every pair of members; only failures are stored
  const members = config.meshMembers;
  const meshRunning = members.filter((m) => m.running);
  const meshDown = new Set<number>();
  // Per (underlay class of the sender, target speaker): a flat mesh costs two array reads per pair.
  const clsOf = new Int32Array(S);
  for (const sp of speakers.all) clsOf[sp.index] = underlay.classIndex(sp.ns);
  const rows: (ReachResult | undefined)[][] = [];
  const oneWay = (x: Speaker, y: Speaker): ReachResult => {
    const c = clsOf[x.index];
    if (c < 0) return underlay.reach(x.ns, y.address);
    const row = (rows[c] ??= new Array<ReachResult | undefined>(S));
    return (row[y.index] ??= underlay.reach(x.ns, y.address));
  };
  const reachFast = (x: Speaker, y: Speaker): ReachResult => {
    const fwd = oneWay(x, y);
    const rev = oneWay(y, x);
    if (fwd.ok && rev.ok && fwd.ns === y.ns && rev.ns === x.ns && !filters.length) return fwd;
    return tcpOver(fwd, rev, x.ns, x.address, y.ns, y.address, 179, filters);
  };
  const evalPair = (a: Speaker, b: Speaker) => {
    // confd: passive on the side whose address is lower as a string; the other connects.
    const aPassive = compareStrings(a.address, b.address) < 0;
    if (a.running && b.running) {
      const r = aPassive ? reachFast(b, a) : reachFast(a, b);
      if (r.ok) return;
    }
    const r = evaluate(a, { passive: aPassive, peerAs: b.as }, b, b.address, { passive: !aPassive, peerAs: a.as });
    if (r.up) return;
    if (a.running && b.running) meshDown.add(pairKey(a.index, b.index, S));
    if (r.viewA) views.push(mkView(a, b.address, b.name, 'node-to-node mesh', aPassive, r.viewA, false, b, false));
    if (r.viewB) views.push(mkView(b, a.address, a.name, 'node-to-node mesh', !aPassive, r.viewB, false, a, false));
  };
  // Fast path: when every running member is reachable both ways from every underlay class of the mesh and
  // nothing is filtered, every pair of running members is Established; only pairs with a member that is
  // down need looking at.
  const classes = [...new Set(meshRunning.map((m) => clsOf[m.index]))];
  let allOk = !filters.length && classes.every((c) => c >= 0);
  for (const c of classes) {
    if (!allOk) break;
    const probe = meshRunning.find((m) => clsOf[m.index] === c)!;
    for (const m of meshRunning) {
      const r = oneWay(probe, m);
      if (!r.ok || r.ns !== m.ns) {
        allOk = false;
        break;
      }
    }
  }
  if (allOk) {
    const pos = new Map(members.map((m, i) => [m, i]));
    for (const d of members) {
      if (d.running) continue;
      for (const m of members) {
        if (m === d || (!m.running && pos.get(m)! < pos.get(d)!)) continue; // two down members: once
        if (pos.get(m)! < pos.get(d)!) evalPair(m, d);
        else evalPair(d, m);
      }
    }
  } else {
    for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) evalPair(members[i], members[j]);
  }
  const asSet = new Set(meshRunning.map((m) => m.as));
  return { meshRunning, meshDown, explicitUp, explicit, edges, views, meshMixedAs: asSet.size > 1 };
}
