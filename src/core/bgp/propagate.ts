// How one originator's routes spread over the Established sessions, following BIRD 1.6 (Calico's BIRD is a
// 1.6 fork; proto/bgp/attrs.c):
//   export (bgp_import_control)  never back to the peer it came from; an iBGP-learned route goes to another
//        iBGP peer only by reflection (either protocol is `rr client`); never to an `rr client` protocol whose
//        cluster ID is already in the CLUSTER_LIST.
//   attributes (bgp_create_attrs / bgp_update_attrs)  eBGP prepends the local AS and drops ORIGINATOR_ID and
//        CLUSTER_LIST; the next hop is kept on iBGP and with `next hop keep`, otherwise it is this end's
//        address (Calico's protocols are `multihop`, so BIRD's same-interface exception never applies; a
//        Topology router is a single-hop speaker and keeps a next hop on the neighbour's own segment);
//        reflecting sets ORIGINATOR_ID and prepends the source protocol's cluster ID when the route comes
//        from a client, else the target protocol's (and both when two clients have different IDs).
//        A route whose next hop is the peer itself is not sent ("Invalid NEXT_HOP").
//   import  rejected when the AS_PATH holds the local AS, when ORIGINATOR_ID is the local router id, or (on
//        an `rr client` protocol) when the CLUSTER_LIST holds its cluster ID; at a Topology router, when the
//        next hop is not on one of its segments (BIRD withdraws it as an invalid NEXT_HOP).
//   decision (bgp_rte_better)  shorter AS_PATH; eBGP over iBGP; lower ORIGINATOR_ID or neighbour router id;
//        shorter CLUSTER_LIST; lower neighbour address. A Topology router decides the same way: it is modelled
//        as BIRD 2 with its defaults, `prefer older` off, so the choice never depends on which UPDATE arrived
//        first (RFC 5004's "keep the older eBGP route", the default of FRR and Cisco, would). With Calico's
//        mesh every node re-exports every block to an eBGP router with itself as next hop, so the lowest
//        router id wins, whoever owns the block (see README, "BGP routers").
// Each speaker's best route is recomputed from what its neighbours currently export, until nothing changes,
// so a withdrawal falls back to the next candidate like an Adj-RIB-In would.

import type { Speaker } from './speakers';
import type { Edge, SessionModel } from './sessions';
import { pairKey } from './sessions';

/** AS_PATH as a shared linked list: most routes never cross an AS boundary. */
export interface AsPath {
  as: number;
  next: AsPath | null;
}

export interface Attrs {
  nh: number;
  pathLen: number;
  asPath: AsPath | null;
  clusters: number[] | null;
  originator: number;
}

interface Candidate extends Attrs {
  from: number;
  edge: Edge | null;
  fromAddr: number;
  depth: number;
}

function newCandidate(): Candidate {
  return { nh: 0, pathLen: 0, asPath: null, clusters: null, originator: 0, from: -1, edge: null, fromAddr: 0, depth: 0 };
}

function pathHas(p: AsPath | null, as: number): boolean {
  for (let x = p; x; x = x.next) if (x.as === as) return true;
  return false;
}

export function asPathArray(p: AsPath | null): number[] {
  const out: number[] = [];
  for (let x = p; x; x = x.next) out.push(x.as);
  return out;
}

const MAX_ROUNDS_PER_SPEAKER = 64;

export class Propagator {
  readonly S: number;
  private gen = 0;
  private stamp: Int32Array;
  readonly nh: Uint32Array;
  readonly depth: Int32Array;
  readonly pathLen: Int32Array;
  readonly originator: Uint32Array;
  readonly from: Int32Array;
  readonly fromAddr: Uint32Array;
  readonly asPath: (AsPath | null)[];
  readonly clusters: (number[] | null)[];
  readonly fromEdge: (Edge | null)[];
  private queued: Int32Array;
  private queue: Int32Array;
  /** speakers holding a route for the current originator, in the order they got it */
  touched: number[] = [];
  origin = -1;
  /** the last run hit the iteration cap (a configuration BGP itself would not settle) */
  diverged = false;
  private memberIx: Int32Array;
  private members: Speaker[];
  /** mesh members that may export the current route to other members */
  private meshExporters: number[] = [];
  private addr: Uint32Array;
  /** router speaker → its interfaces as [address, network base, mask] triples */
  private routerNets = new Map<number, number[]>();

  constructor(
    readonly speakers: Speaker[],
    readonly sessions: SessionModel,
    routerInterfaces: Map<number, { addr: number; base: number; mask: number }[]>,
  ) {
    const S = speakers.length;
    this.S = S;
    this.stamp = new Int32Array(S);
    this.nh = new Uint32Array(S);
    this.depth = new Int32Array(S);
    this.pathLen = new Int32Array(S);
    this.originator = new Uint32Array(S);
    this.from = new Int32Array(S);
    this.fromAddr = new Uint32Array(S);
    this.asPath = new Array(S).fill(null);
    this.clusters = new Array(S).fill(null);
    this.fromEdge = new Array(S).fill(null);
    this.queued = new Int32Array(S);
    this.queue = new Int32Array(Math.max(1, S));
    this.members = sessions.meshRunning;
    this.memberIx = new Int32Array(S).fill(-1);
    this.members.forEach((m, i) => (this.memberIx[m.index] = i));
    this.addr = new Uint32Array(S);
    speakers.forEach((s, i) => (this.addr[i] = s.routerId));
    for (const [r, ifs] of routerInterfaces) this.routerNets.set(r, ifs.flatMap((i) => [i.addr, i.base, i.mask]));
  }

  has(s: number): boolean {
    return this.stamp[s] === this.gen;
  }

  meshUp(a: number, b: number): boolean {
    return this.memberIx[a] >= 0 && this.memberIx[b] >= 0 && a !== b && !this.sessions.meshDown.has(pairKey(a, b, this.S));
  }

  /** The mesh protocol from u to v (implicit: mesh protocols carry no reflector settings). */
  meshEdge(u: number, v: number): Edge {
    const su = this.speakers[u];
    const sv = this.speakers[v];
    return { peer: v, internal: su.as === sv.as, rrClient: false, clusterId: 0, keepNextHop: false, localAddress: this.addr[u], peerAddress: this.addr[v], mesh: true };
  }

  /** What u sends to the peer of its protocol e for the current originator, or null when it sends nothing. */
  exportAttrs(u: number, e: Edge): Attrs | null {
    const out: Attrs = { nh: 0, pathLen: 0, asPath: null, clusters: null, originator: 0 };
    return this.exportInto(u, e, out) ? out : null;
  }

  // One-entry caches: a reflector sends the same CLUSTER_LIST (and an eBGP speaker the same AS_PATH) to every
  // peer, so each is built once per sender instead of once per message.
  private clGen = -1;
  private clU = -1;
  private clFirst = 0;
  private clExtra = 0;
  private clVal: number[] | null = null;
  private apGen = -1;
  private apU = -1;
  private apVal: AsPath | null = null;

  private exportInto(u: number, e: Edge, out: Attrs): boolean {
    if (this.stamp[u] !== this.gen) return false;
    if (e.peer === this.from[u]) return false; // never back to where it came from
    const src = this.fromEdge[u];
    let rr = false;
    if (src && src.internal && e.internal) {
      if (!(e.rrClient || src.rrClient)) return false;
      rr = true;
    }
    const cl = this.clusters[u];
    if (e.rrClient && cl && cl.includes(e.clusterId)) return false;
    const su = this.speakers[u];
    let nh: number;
    if (!src) nh = e.localAddress;
    else {
      const cur = this.nh[u];
      const keep = su.kind === 'router' ? e.internal || this.sameNet(u, e.localAddress, cur) : e.keepNextHop || (e.internal && cur !== 0);
      nh = keep ? cur : e.localAddress;
    }
    if (nh === e.peerAddress) return false;
    out.nh = nh;
    if (e.internal) {
      out.asPath = this.asPath[u];
      out.pathLen = this.pathLen[u];
    } else {
      if (this.apGen !== this.gen || this.apU !== u || this.apVal!.next !== this.asPath[u]) {
        this.apGen = this.gen;
        this.apU = u;
        this.apVal = { as: su.as, next: this.asPath[u] };
      }
      out.asPath = this.apVal;
      out.pathLen = this.pathLen[u] + 1;
    }
    out.clusters = null;
    out.originator = 0;
    if (rr) {
      out.originator = this.originator[u] || this.speakers[this.from[u]].routerId;
      const first = src!.rrClient ? src!.clusterId : e.clusterId;
      const extra = src!.rrClient && e.rrClient && src!.clusterId !== e.clusterId ? e.clusterId : 0;
      if (this.clGen !== this.gen || this.clU !== u || this.clFirst !== first || this.clExtra !== extra || !sameTail(this.clVal!, cl, extra ? 2 : 1)) {
        this.clGen = this.gen;
        this.clU = u;
        this.clFirst = first;
        this.clExtra = extra;
        const list = [first, ...(cl ?? [])];
        if (extra) list.unshift(extra);
        this.clVal = list;
      }
      out.clusters = this.clVal;
    } else if (e.internal) {
      out.originator = this.originator[u];
      out.clusters = cl;
    }
    return true;
  }

  private sameNet(router: number, local: number, ip: number): boolean {
    const nets = this.routerNets.get(router);
    if (!nets) return false;
    for (let i = 0; i < nets.length; i += 3) {
      if (nets[i] === local) return ((ip & nets[i + 2]) >>> 0) === nets[i + 1];
    }
    return false;
  }

  private onRouterNet(router: number, ip: number): boolean {
    const nets = this.routerNets.get(router);
    if (!nets) return true;
    for (let i = 0; i < nets.length; i += 3) if (((ip & nets[i + 2]) >>> 0) === nets[i + 1]) return true;
    return false;
  }

  private better(v: number, n: Candidate, o: Candidate): boolean {
    if (n.pathLen !== o.pathLen) return n.pathLen < o.pathLen;
    const nExt = !n.edge!.internal;
    const oExt = !o.edge!.internal;
    if (nExt !== oExt) return nExt;
    const nId = n.originator || this.speakers[n.from].routerId;
    const oId = o.originator || this.speakers[o.from].routerId;
    if (nId !== oId) return nId < oId;
    const nl = n.clusters ? n.clusters.length : 0;
    const ol = o.clusters ? o.clusters.length : 0;
    if (nl !== ol) return nl < ol;
    return n.fromAddr < o.fromAddr;
  }

  private was = new Uint8Array(16);
  private scratch: Attrs = { nh: 0, pathLen: 0, asPath: null, clusters: null, originator: 0 };
  private tmp: Candidate = newCandidate();
  private best: Candidate = newCandidate();

  /** Fills `c` with what v would receive from u (u's protocol e, v's protocol q); false when nothing. */
  private fill(c: Candidate, u: number, e: Edge, v: number, q: Edge): boolean {
    if (!this.exportInto(u, e, c)) return false;
    const sv = this.speakers[v];
    if (c.asPath && pathHas(c.asPath, sv.as)) return false;
    if (c.originator !== 0 && c.originator === sv.routerId) return false;
    if (q.rrClient && c.clusters && c.clusters.includes(q.clusterId)) return false;
    // a router takes only next hops on its own segments (BIRD: "Invalid NEXT_HOP", treated as a withdrawal)
    if (sv.kind === 'router' && !this.onRouterNet(v, c.nh)) return false;
    c.from = u;
    c.edge = q;
    c.fromAddr = e.localAddress;
    c.depth = this.depth[u] + 1;
    return true;
  }

  private consider(v: number, u: number, e: Edge, q: Edge, have: boolean): boolean {
    if (!this.fill(this.tmp, u, e, v, q)) return have;
    if (have && !this.better(v, this.tmp, this.best)) return have;
    const t = this.best;
    this.best = this.tmp;
    this.tmp = t;
    return true;
  }

  private bestFor(v: number): Candidate | null {
    let have = false;
    for (const q of this.sessions.edges[v]) {
      const u = q.peer;
      if (this.stamp[u] !== this.gen || !q.reverse) continue;
      have = this.consider(v, u, q.reverse, q, have);
    }
    if (this.memberIx[v] >= 0) {
      for (const u of this.meshExporters) {
        if (u === v || !this.meshUp(u, v)) continue;
        have = this.consider(v, u, this.meshEdge(u, v), this.meshEdge(v, u), have);
      }
    }
    return have ? this.best : null;
  }

  private mayExportToMesh(u: number): boolean {
    if (this.memberIx[u] < 0 || !this.has(u)) return false;
    const src = this.fromEdge[u];
    return !src || !src.internal || this.sessions.meshMixedAs;
  }

  /** Converges the routes of originator `o` (a node speaker) over every Established session. */
  run(o: number): void {
    const gen = ++this.gen;
    this.origin = o;
    this.diverged = false;
    this.touched = [o];
    this.stamp[o] = gen;
    this.nh[o] = 0;
    this.depth[o] = 0;
    this.pathLen[o] = 0;
    this.originator[o] = 0;
    this.from[o] = -1;
    this.fromAddr[o] = 0;
    this.asPath[o] = null;
    this.clusters[o] = null;
    this.fromEdge[o] = null;
    const exporters = new Set<number>(this.memberIx[o] >= 0 ? [o] : []);
    this.meshExporters = [...exporters];

    // A ring buffer: a speaker is queued at most once at a time, so S slots suffice.
    const S = this.S;
    const cap = S * MAX_ROUNDS_PER_SPEAKER + 1000;
    const ring = this.queue;
    let head = 0;
    let size = 0;
    let pops = 0;
    const push = (v: number) => {
      if (v === o || this.queued[v] === gen) return;
      this.queued[v] = gen;
      ring[(head + size) % ring.length] = v;
      size++;
    };
    const pushMembers = (u: number) => {
      for (const m of this.members) if (m.index !== u && this.meshUp(u, m.index)) push(m.index);
    };
    for (const e of this.sessions.edges[o]) push(e.peer);
    if (this.memberIx[o] >= 0) pushMembers(o);

    while (size > 0) {
      const v = ring[head];
      head = (head + 1) % ring.length;
      size--;
      this.queued[v] = 0;
      if (++pops > cap) {
        this.diverged = true;
        break;
      }
      const had = this.has(v);
      const c = this.bestFor(v);
      if (!c && !had) continue;
      if (
        c &&
        had &&
        this.from[v] === c.from &&
        this.nh[v] === c.nh &&
        this.pathLen[v] === c.pathLen &&
        this.originator[v] === c.originator &&
        this.depth[v] === c.depth &&
        this.fromEdge[v] === c.edge &&
        sameList(this.clusters[v], c.clusters)
      ) {
        continue;
      }
      // Only the neighbours v sent something to, before or after the change, need to look again.
      const ev = this.sessions.edges[v];
      const scratch = this.scratch;
      if (this.was.length < ev.length) this.was = new Uint8Array(ev.length * 2);
      const was = this.was;
      for (let i = 0; i < ev.length; i++) was[i] = this.exportInto(v, ev[i], scratch) ? 1 : 0;
      const wasMesh = this.mayExportToMesh(v);
      if (!c) this.stamp[v] = 0;
      else {
        if (!had) this.touched.push(v);
        this.stamp[v] = gen;
        this.nh[v] = c.nh;
        this.depth[v] = c.depth;
        this.pathLen[v] = c.pathLen;
        this.originator[v] = c.originator;
        this.from[v] = c.from;
        this.fromAddr[v] = c.fromAddr;
        this.asPath[v] = c.asPath;
        this.clusters[v] = c.clusters;
        this.fromEdge[v] = c.edge;
      }
      const isMesh = this.mayExportToMesh(v);
      if (isMesh !== wasMesh) {
        if (isMesh) exporters.add(v);
        else exporters.delete(v);
        this.meshExporters = [...exporters];
      }
      for (let i = 0; i < ev.length; i++) if (was[i] || this.exportInto(v, ev[i], scratch)) push(ev[i].peer);
      if (wasMesh || isMesh) pushMembers(v);
    }
    this.touched = this.touched.filter((s) => this.has(s));
  }

  /** Does u send the current originator's route to anyone? */
  sendsAnything(u: number): boolean {
    if (!this.has(u)) return false;
    for (const e of this.sessions.edges[u]) if (this.exportInto(u, e, this.scratch)) return true;
    if (this.mayExportToMesh(u)) {
      for (const m of this.members) {
        if (m.index !== u && this.meshUp(u, m.index) && this.exportInto(u, this.meshEdge(u, m.index), this.scratch)) return true;
      }
    }
    return false;
  }

  /** Every (peer, protocol, attributes) u sends for the current originator: explicit sessions, then mesh. */
  exportsList(u: number): { v: number; edge: Edge; attrs: Attrs }[] {
    const out: { v: number; edge: Edge; attrs: Attrs }[] = [];
    if (!this.has(u)) return out;
    for (const e of this.sessions.edges[u]) {
      const a = this.exportAttrs(u, e);
      if (a) out.push({ v: e.peer, edge: e, attrs: a });
    }
    if (this.mayExportToMesh(u)) {
      for (const m of this.members) {
        if (m.index === u || !this.meshUp(u, m.index)) continue;
        const e = this.meshEdge(u, m.index);
        const a = this.exportAttrs(u, e);
        if (a) out.push({ v: m.index, edge: e, attrs: a });
      }
    }
    return out;
  }
}

/** `list` minus its first `skip` entries equals `tail` (the sender's current CLUSTER_LIST). */
function sameTail(list: number[], tail: number[] | null, skip: number): boolean {
  const n = tail ? tail.length : 0;
  if (list.length !== n + skip) return false;
  for (let i = 0; i < n; i++) if (list[i + skip] !== tail![i]) return false;
  return true;
}

function sameList(a: number[] | null, b: number[] | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
