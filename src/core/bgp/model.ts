// The converged BGP control plane of one scenario: speakers, confd's protocols, session states and, where
// routes do not simply come straight from their originator, what each speaker learned. Built once per
// state by computeBgp and kept beside the state (a WeakMap keyed by ClusterState.bgp), so the state itself
// stays plain data; a state that lost its model (deserialised) gets it rebuilt from the state.

import type { ClusterState, NodeInfo, Warning } from '../model/cluster';
import type { NetNS, Route } from '../model/kernel';
import { RTPROT, nsIdNode } from '../model/kernel';
import type { Scenario } from '../model/scenario';
import type { ClusterPrefix } from '../cni/calico/dataplane';
import { baseNodeNs, routerNamespaces } from '../dataplane/underlay';
import { resolveNextHop } from '../dataplane/routeResolve';
import { sortKernelOrder } from '../dataplane/fib';
import { indexFaults } from '../faults';
import { cidrContains, ipToNum, maskOf, numToIp, parseCidr, parseCidrLoose } from '../util/ipv4';
import { peeringConfig, type PeeringConfig } from './config';
import { Underlay } from './reach';
import { buildSpeakers, type Speaker, type SpeakerTable } from './speakers';
import { computeSessions, pairKey, type Edge, type SessionModel } from './sessions';
import { Propagator } from './propagate';

/** A prefix a node originates (the fields of resolve's ClusterPrefix that BGP needs). */
export type BgpPrefix = Pick<ClusterPrefix, 'prefix' | 'node' | 'kind' | 'pool'>;

export interface BgpInput {
  scenario: Scenario;
  nodes: NodeInfo[];
  backend: 'bird' | 'vxlan' | 'none';
  /** namespaces holding the underlay (nodes before the CNI programs them, routers); default: built from
   *  the Topology */
  netns?: Record<string, NetNS>;
  /** what each node originates (resolve's list); default: each node's blocks */
  prefixes?: readonly BgpPrefix[];
}

export interface BgpModel {
  scenario: Scenario;
  backend: string;
  speakers: SpeakerTable;
  config: PeeringConfig;
  sessions: SessionModel;
  /** BGP-exported prefixes of each node speaker (by index), kernel order */
  prefixes: string[][];
  /** node speaker → originator index → next hop (uint32), for routes that did not come straight from
   *  their originator */
  learned: Map<number, Uint32Array>;
  /** routers' learned next hops: router index → originator index → next hop */
  routerRib: Map<number, Uint32Array>;
  /** where a router's choice for an originator's VXLAN-pool blocks differs from routerRib: a copy another
   *  node exported from the route Felix programmed (router index → originator index → next hop) */
  routerRibFelix: Map<number, Uint32Array>;
  /** VXLAN-pool blocks of each node speaker (a subset of prefixes) */
  felixPrefixes: Set<string>[];
  routerInterfaces: Map<number, { addr: number; base: number; mask: number }[]>;
  /** some originator's propagation hit the iteration cap */
  diverged: boolean;
  warnings: Warning[];
  propagator(): Propagator;
  /** an Established session links the two speakers directly (mesh or explicit) */
  direct(a: number, b: number): boolean;
  /** an Established session of that kind links them */
  session(a: number, b: number, kind: 'mesh' | 'explicit'): boolean;
  /** u's explicit protocol to v on an Established session */
  edgeTo(u: number, v: number): Edge | undefined;
}

export function buildModel(input: BgpInput): BgpModel {
  const { scenario, nodes, backend } = input;
  const faults = indexFaults(scenario.faults);
  const netns = input.netns ?? underlayNamespaces(scenario);
  const speakers = buildSpeakers(scenario, nodes, backend, faults);
  const config = peeringConfig(scenario, speakers);
  const underlay = new Underlay(netns, faults);
  const sessions = computeSessions({ speakers, config, underlay, filters: faults.filters });
  const S = speakers.all.length;

  const prefixes: string[][] = speakers.all.map(() => []);
  const list = input.prefixes ?? defaultPrefixes(scenario, nodes);
  for (const p of list) {
    if (p.kind === 'vtep' || p.pool.disableBGPExport) continue;
    const s = speakers.byName.get(p.node);
    if (s && s.kind === 'node') prefixes[s.index].push(p.prefix);
  }
  // Felix programs a route for every remote VXLAN-pool block (vxlan.calico, or eth0 in CrossSubnet) on a node
  // with a VTEP; calico-node's BIRD learns it (kernel protocol `learn`) and, when it has no BGP route for the
  // block, exports it to eBGP peers like any pool route, itself as next hop (reject_tunnel_routes applies to
  // iBGP peers only; towards them the next hop would be the owner's anyway).
  const felixPrefixes: Set<string>[] = speakers.all.map(() => new Set());
  for (const p of list) {
    if (p.kind !== 'block' || p.pool.disableBGPExport || p.pool.vxlanMode === 'Never') continue;
    const s = speakers.byName.get(p.node);
    if (s && s.kind === 'node') felixPrefixes[s.index].add(p.prefix);
  }
  const hasVtep = new Uint8Array(S);
  for (const n of nodes) {
    const s = speakers.byName.get(n.name);
    if (n.vxlanTunnelAddr && s && s.kind === 'node') hasVtep[s.index] = 1;
  }

  const routerInterfaces = new Map<number, { addr: number; base: number; mask: number }[]>();
  const topoRouters = new Map(scenario.topology.routers.map((r) => [r.name, r]));
  for (const s of speakers.all) {
    if (s.kind !== 'router') continue;
    const r = topoRouters.get(s.name)!;
    routerInterfaces.set(
      s.index,
      r.interfaces.map((i) => {
        const c = parseCidrLoose(i.ip)!;
        const mask = maskOf(c.prefixLen);
        return { addr: c.ip, base: (c.ip & mask) >>> 0, mask };
      }),
    );
  }

  const memberSet = new Uint8Array(S);
  for (const m of sessions.meshRunning) memberSet[m.index] = 1;
  const session = (a: number, b: number, kind: 'mesh' | 'explicit'): boolean => {
    if (a === b) return false;
    const k = pairKey(a, b, S);
    if (kind === 'mesh') return !!memberSet[a] && !!memberSet[b] && !sessions.meshDown.has(k);
    return sessions.explicitUp.has(k);
  };
  const direct = (a: number, b: number): boolean => session(a, b, 'mesh') || session(a, b, 'explicit');

  const edgeIndex = new Map<number, Map<number, Edge>>();
  const edgeTo = (u: number, v: number): Edge | undefined => {
    let m = edgeIndex.get(u);
    if (!m) {
      m = new Map();
      for (const e of sessions.edges[u]) if (!m.has(e.peer)) m.set(e.peer, e);
      edgeIndex.set(u, m);
    }
    return m.get(v);
  };

  let prop: Propagator | undefined;
  const propagator = () => (prop ??= new Propagator(speakers.all, sessions, routerInterfaces));

  // Routes that only travel straight from their originator need no propagation: a direct Established
  // session always gives the originator's own address as next hop (shortest AS_PATH, no CLUSTER_LIST).
  const learned = new Map<number, Uint32Array>();
  const routerRib = new Map<number, Uint32Array>();
  const routerRibFelix = new Map<number, Uint32Array>();
  const onRouterNet = (r: number, ip: number) => (routerInterfaces.get(r) ?? []).some((i) => ((ip & i.mask) >>> 0) === i.base);
  let diverged = false;
  const needsPropagation = sessions.explicit.some((e) => e.established) || sessions.meshMixedAs;
  if (needsPropagation) {
    const p = propagator();
    for (let o = 0; o < speakers.nodeCount; o++) {
      if (!speakers.all[o].running || !prefixes[o].length) continue;
      p.run(o);
      if (p.diverged) diverged = true;
      for (const v of p.touched) {
        if (v === o) continue;
        const sv = speakers.all[v];
        if (sv.kind === 'router') {
          let t = routerRib.get(v);
          if (!t) routerRib.set(v, (t = new Uint32Array(S)));
          t[o] = p.nh[v];
        } else if (!direct(v, o)) {
          let t = learned.get(v);
          if (!t) learned.set(v, (t = new Uint32Array(S)));
          t[o] = p.nh[v];
        }
      }
      if (felixPrefixes[o].size && hasVtep[o]) {
        for (const r of routerInterfaces.keys()) {
          const nh = felixCopyWins(p, sessions, speakers.all, r, o, hasVtep, onRouterNet);
          if (!nh) continue;
          let t = routerRibFelix.get(r);
          if (!t) routerRibFelix.set(r, (t = new Uint32Array(S)));
          t[o] = nh;
        }
      }
    }
  }
  const warnings = [...config.warnings];
  if (diverged) {
    warnings.push({ code: 'W405', message: 'BGP did not settle for some routes (the lab stopped after many rounds); check reflector and AS settings' });
  }
  return { scenario, backend, speakers, config, sessions, prefixes, learned, routerRib, routerRibFelix, felixPrefixes, routerInterfaces, diverged, warnings, propagator, direct, session, edgeTo };
}

/**
 * The next hop router r takes for originator o's VXLAN-pool blocks when a copy exported from a Felix route
 * beats what BGP brought (p holds o's converged propagation), else 0. Such a copy comes from a node u with an
 * Established eBGP session to r, its own VTEP, and no BGP route for o except r's: AS_PATH [u's AS], next hop u.
 * Compared as BIRD does: shorter AS_PATH, eBGP over iBGP, lower router id, shorter CLUSTER_LIST, lower
 * neighbour address. When u's only BGP route is r's, both outcomes are stable in real BGP (which one a cluster
 * lands in depends on which UPDATE crossed first); the lab takes the one reached when r has heard every node
 * before it speaks, and emulate starts the router's BIRD that way.
 */
function felixCopyWins(
  p: Propagator,
  sessions: SessionModel,
  all: Speaker[],
  r: number,
  o: number,
  hasVtep: Uint8Array,
  onRouterNet: (r: number, ip: number) => boolean,
): number {
  const router = all[r];
  if (!router.running) return 0;
  let best: { len: number; ext: boolean; id: number; cl: number; addr: number; nh: number } | null = null;
  if (p.has(r) && p.from[r] >= 0) {
    const e = p.fromEdge[r];
    best = { len: p.pathLen[r], ext: !!e && !e.internal, id: p.originator[r] || all[p.from[r]].routerId, cl: p.clusters[r]?.length ?? 0, addr: p.fromAddr[r], nh: 0 };
  }
  let felix = 0;
  for (const e of sessions.edges[r]) {
    const u = e.peer;
    const q = e.reverse;
    // u's own BGP route wins over its kernel route (preference 100 over 10) unless it is the one r sent: then
    // r's choice decides — u's copy winning there withdraws r's route from u, losing lets it in.
    if (!q || u === o || q.internal || !hasVtep[u] || (p.has(u) && p.from[u] !== r)) continue;
    const su = all[u];
    if (su.kind !== 'node' || !su.running || !onRouterNet(r, q.localAddress)) continue;
    const c = { len: 1, ext: true, id: su.routerId, cl: 0, addr: q.localAddress, nh: q.localAddress };
    const better =
      !best ||
      (c.len !== best.len ? c.len < best.len : c.ext !== best.ext ? c.ext : c.id !== best.id ? c.id < best.id : c.cl !== best.cl ? c.cl < best.cl : c.addr < best.addr);
    if (better) {
      best = c;
      felix = c.nh;
    }
  }
  return felix;
}

/** Next hop of the routes `self` learned for prefixes `from` originates, undefined when none arrived. */
export function nextHopOf(m: BgpModel, self: string, from: string): string | undefined {
  return nextHopFn(m)(self, from);
}

/** nextHopOf as a function remembering the last `self`: resolve asks for every (node, prefix) pair, node by
 *  node, a million times for 1,000 nodes. */
export function nextHopFn(m: BgpModel): (self: string, from: string) => string | undefined {
  let selfName: string | undefined;
  let s: Speaker | undefined;
  let table: Uint32Array | undefined;
  const S = m.speakers.all.length;
  const members = new Uint8Array(S);
  for (const x of m.sessions.meshRunning) members[x.index] = 1;
  const { meshDown, explicitUp } = m.sessions;
  return (self, from) => {
    if (self !== selfName) {
      selfName = self;
      const x = m.speakers.byName.get(self);
      s = x && x.kind === 'node' && x.running ? x : undefined;
      table = s ? m.learned.get(s.index) : undefined;
    }
    if (!s) return undefined;
    const o = m.speakers.byName.get(from);
    if (!o || o.kind !== 'node' || !o.running || o === s) return undefined;
    // m.direct, inlined: this runs once per (node, remote prefix)
    const k = pairKey(s.index, o.index, S);
    if (members[s.index] && members[o.index] && (meshDown.size === 0 || !meshDown.has(k))) return o.address;
    if (explicitUp.size !== 0 && explicitUp.has(k)) return o.address;
    const nh = table ? table[o.index] : 0;
    return nh ? ipString(nh) : undefined;
  };
}

/** See BgpComputed.plainMesh: nextHop(self, o) is then o's address for every running mesh member o. */
export function plainMeshFn(m: BgpModel): (self: string) => boolean {
  const healthy = m.sessions.meshDown.size === 0 && m.sessions.explicitUp.size === 0 && m.learned.size === 0;
  const members = new Set(m.sessions.meshRunning.map((x) => x.name));
  return (self) => healthy && members.has(self);
}

const ipStrings = new Map<number, string>();
export function ipString(n: number): string {
  let s = ipStrings.get(n);
  if (s === undefined) {
    s = numToIp(n);
    if (ipStrings.size > 100_000) ipStrings.clear();
    ipStrings.set(n, s);
  }
  return s;
}

/** Routes each BGP router installs (`proto bird`), keyed by namespace id, in kernel order. */
export function routerRoutes(m: BgpModel, netns: Record<string, NetNS> | undefined): Map<string, Route[]> {
  const out = new Map<string, Route[]>();
  for (const r of new Set([...m.routerRib.keys(), ...m.routerRibFelix.keys()])) {
    const rib = m.routerRib.get(r) ?? new Uint32Array(m.speakers.all.length);
    const sp = m.speakers.all[r];
    const underlay = (netns?.[sp.ns]?.routes ?? []).filter((x) => x.owner !== 'bird');
    const routes: Route[] = [];
    const felix = m.routerRibFelix.get(r);
    for (let o = 0; o < rib.length; o++) {
      if (!rib[o] && !felix?.[o]) continue;
      // a Felix copy only replaces the route of o's VXLAN-pool blocks
      for (const prefix of m.prefixes[o]) {
        const useFelix = !!felix?.[o] && m.felixPrefixes[o].has(prefix);
        const hop = useFelix ? felix![o] : rib[o];
        if (!hop) continue;
        const nh = resolveNextHop(underlay, ipString(hop));
        // A router's next hop must sit on one of its own segments: on a single-hop eBGP session BIRD withdraws
        // any other ("Invalid NEXT_HOP ... not directly reachable"), and on iBGP it resolves only through its
        // own BGP table, which never holds the router's static routes.
        if (!nh || !nh.direct) continue;
        routes.push({ type: 'unicast', dst: prefix, via: nh.via, dev: nh.dev, proto: RTPROT.bird, scope: 'universe', owner: 'bird' });
      }
    }
    out.set(sp.ns, sortKernelOrder(routes));
  }
  return out;
}

function defaultPrefixes(scenario: Scenario, nodes: NodeInfo[]): BgpPrefix[] {
  const out: BgpPrefix[] = [];
  for (const n of nodes) {
    for (const b of n.blocks) {
      const base = parseCidr(b).base;
      const pool = scenario.ippools.find((p) => cidrContains(parseCidr(p.cidr), base));
      if (pool) out.push({ prefix: b, node: n.name, kind: 'block', pool });
    }
  }
  return out;
}

function underlayNamespaces(scenario: Scenario): Record<string, NetNS> {
  const netns: Record<string, NetNS> = {};
  for (const n of scenario.topology.nodes) netns[nsIdNode(n.name)] = baseNodeNs(scenario.topology, n);
  for (const r of routerNamespaces(scenario.topology)) netns[r.id] = r;
  return netns;
}

/** What each node of a resolved state originates: its confirmed blocks and the addresses it hosts
 *  outside them (borrowed), as resolve computes them. */
export function prefixesOfState(state: ClusterState): BgpPrefix[] {
  const out: BgpPrefix[] = [];
  const pools = state.scenario.ippools;
  const poolOf = (ip: number) => pools.find((p) => cidrContains(parseCidr(p.cidr), ip));
  const blockState = new Map(state.ipam.blocks.map((b) => [b.cidr, b.state]));
  for (const n of state.nodes) {
    for (const b of n.blocks) {
      const st = blockState.get(b);
      if (st && st !== 'confirmed') continue;
      const pool = poolOf(parseCidr(b).base);
      if (pool) out.push({ prefix: b, node: n.name, kind: 'block', pool });
    }
  }
  const byName = new Map(state.nodes.map((n) => [n.name, n]));
  for (const p of state.pods) {
    const n = byName.get(p.node);
    if (!n) continue;
    const ip = ipToNum(p.ip);
    if (n.blocks.some((b) => cidrContains(parseCidr(b), ip))) continue;
    const pool = poolOf(ip);
    if (pool) out.push({ prefix: `${p.ip}/32`, node: n.name, kind: 'borrowed', pool });
  }
  return out;
}

// ---- the model kept beside each state

const models = new WeakMap<object, BgpModel>();

export function remember(bgp: ClusterState['bgp'], m: BgpModel): void {
  models.set(bgp, m);
}

export function modelOf(state: ClusterState): BgpModel {
  let m = models.get(state.bgp);
  if (!m) {
    const backend = state.scenario.cluster.cni === 'calico' ? state.scenario.cluster.calico.networkingBackend : 'none';
    m = buildModel({ scenario: state.scenario, nodes: state.nodes, backend, netns: state.netns, prefixes: prefixesOfState(state) });
    models.set(state.bgp, m);
  }
  return m;
}
