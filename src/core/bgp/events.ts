// From one converged state to the next as BGP messages and FIB changes, for the UI to animate convergence.
// Both states are computed directly (model.ts); this only tells the story between them, lazily: a generator
// re-derives each originator's propagation when it needs it, so a 1,000-node convergence streams a million
// events without holding them.
//
// The story, in logical milliseconds after the change:
//   1            sessions the configuration removed close: NOTIFICATION (Cease) from the side that dropped
//                the protocol; routes learned over them are gone at once
//   2000         new sessions: BIRD's connect delay (2 s), then OPEN both ways, KEEPALIVE both ways
//   240000       sessions whose peer vanished (node down, link down, filter) drop when the hold timer expires
//                (BIRD's default hold time, 240 s); no message crosses them
//   then         each speaker tells its peers what changed in what it sends them (its Adj-RIB-Out): UPDATE for
//                a new or changed route — the whole table on a new session — WITHDRAW for a route it no longer
//                sends; one hop per millisecond, in the order of the converged propagation (a route's depth);
//                withdrawals start after the last session loss, announcements after the last OPEN exchange.
//   FIB          a node's (or BGP router's) kernel routes for an originator's prefixes change when the message
//                that decides its best route arrives (`ip route` lines, BIRD's routes only);
//                a route lost with the session it came over leaves at that session's loss, not a hop later.
// Transient best routes that real BGP may pick and drop on the way are not shown: messages carry the final
// choice of each sender.

import type { ClusterState } from '../model/cluster';
import type { Route } from '../model/kernel';
import { formatRoute } from '../model/routeLine';
import { compareStrings } from '../util/ipv4';
import { ipString, modelOf, type BgpModel } from './model';
import { asPathArray, type AsPath, type Attrs, type Propagator } from './propagate';
import { pairKey } from './sessions';
import type { Speaker } from './speakers';

export const T_CEASE = 1;
export const T_OPEN = 2000;
export const T_HOLD = 240000;
export const HOP_MS = 1;
export const HOLD_TIME_S = 240;

interface Msg {
  t: number;
  from: string;
  to: string;
  fromAddress: string;
  toAddress: string;
}

export type BgpEvent =
  | (Msg & { type: 'OPEN'; as: number; routerId: string; holdTime: number })
  | (Msg & { type: 'KEEPALIVE' })
  | (Msg & { type: 'UPDATE'; originator: string; prefixes: readonly string[]; nextHop: string; asPath: number[]; originatorId?: string; clusterList?: string[] })
  | (Msg & { type: 'WITHDRAW'; originator: string; prefixes: readonly string[] })
  | (Msg & { type: 'NOTIFICATION'; error: string })
  | { t: number; type: 'SESSION'; node: string; peer: string; nodeAddress: string; peerAddress: string; state: 'Established' | 'down'; reason?: string }
  | { t: number; type: 'FIB'; node: string; op: 'add' | 'del'; route: string; originator: string };

export type BgpEventCounts = Record<BgpEvent['type'], number> & { messages: number; events: number };

/** Counts a stream without keeping it. */
export function countEvents(events: Iterable<BgpEvent>): BgpEventCounts {
  const c: BgpEventCounts = { OPEN: 0, KEEPALIVE: 0, UPDATE: 0, WITHDRAW: 0, NOTIFICATION: 0, SESSION: 0, FIB: 0, messages: 0, events: 0 };
  for (const e of events) {
    c[e.type]++;
    c.events++;
    if (e.type !== 'SESSION' && e.type !== 'FIB') c.messages++;
  }
  return c;
}

interface Pair {
  a: Speaker;
  b: Speaker;
  /** speaker index holding port 179 */
  listener: number;
  kind: 'mesh' | 'explicit';
}

function* establishedPairs(m: BgpModel): Generator<Pair> {
  const members = m.sessions.meshRunning;
  const S = m.speakers.all.length;
  for (let i = 0; i < members.length; i++) {
    for (let j = i + 1; j < members.length; j++) {
      const a = members[i];
      const b = members[j];
      if (m.sessions.meshDown.has(pairKey(a.index, b.index, S))) continue;
      yield { a, b, listener: compareStrings(a.address, b.address) < 0 ? a.index : b.index, kind: 'mesh' };
    }
  }
  for (const e of m.sessions.explicit) {
    if (!e.established || e.b < 0) continue;
    yield { a: m.speakers.all[e.a], b: m.speakers.all[e.b], listener: e.listener, kind: 'explicit' };
  }
}

const skey = (s: Speaker) => `${s.kind}:${s.name}`;

function lookup(m: BgpModel | undefined, s: Speaker): Speaker | undefined {
  if (!m) return undefined;
  const x = m.speakers.byName.get(s.name);
  return x && x.kind === s.kind ? x : undefined;
}

/** The same session (same kind: a mesh protocol replaced by a BGPPeer one is a new session) is up in m. */
function sessionIn(m: BgpModel | undefined, p: Pair): boolean {
  const x = lookup(m, p.a);
  const y = lookup(m, p.b);
  return !!x && !!y && m!.session(x.index, y.index, p.kind);
}

/** Is the session still configured in m (the pair shares the mesh, or a BGPPeer protocol links them)? */
function configured(m: BgpModel, p: Pair): boolean {
  const x = lookup(m, p.a);
  const y = lookup(m, p.b);
  if (!x || !y) return false;
  if (p.kind === 'mesh') {
    const mesh = m.config.meshMembers;
    return mesh.includes(x) && mesh.includes(y);
  }
  const has = (u: Speaker, w: Speaker) => m.config.explicit.get(u.index)?.some((pr) => w.addresses.includes(pr.peerAddress)) ?? false;
  return has(x, y) || has(y, x);
}

function sameAttrs(a: Attrs, b: Attrs): boolean {
  if (a.nh !== b.nh || a.pathLen !== b.pathLen || a.originator !== b.originator) return false;
  const pa = asPathArray(a.asPath).join(',');
  const pb = asPathArray(b.asPath).join(',');
  if (pa !== pb) return false;
  return (a.clusters ?? []).join(',') === (b.clusters ?? []).join(',');
}

const NO_PATH: number[] = [];
const NO_LINES: string[] = [];

// Most nodes share one Route object per remote block (resolve keeps a few variants per prefix): format once.
const lines = new WeakMap<Route, string>();
function lineOf(r: Route): string {
  let l = lines.get(r);
  if (l === undefined) {
    l = formatRoute(r);
    lines.set(r, l);
  }
  return l;
}

/**
 * The BGP messages and FIB changes from `before` (undefined: nothing running yet) to `after`, ordered by
 * logical time. Lazy: nothing is computed until iterated.
 */
export function* bgpEvents(before: ClusterState | undefined, after: ClusterState): Generator<BgpEvent> {
  const A = modelOf(after);
  const B = before ? modelOf(before) : undefined;

  // ---- sessions lost and gained
  let lostToFault = false;
  const lost: { p: Pair; cease: boolean; reason?: string }[] = [];
  if (B) {
    for (const p of establishedPairs(B)) {
      if (sessionIn(A, p)) continue;
      const cease = !configured(A, p);
      if (!cease) lostToFault = true;
      const view = after.bgp.sessions.find((s) => (s.node === p.a.name && s.peerName === p.b.name) || (s.node === p.b.name && s.peerName === p.a.name));
      lost.push({ p, cease, reason: cease ? 'removed from the configuration' : view?.reason ?? 'peer unreachable' });
    }
  }
  // A from-scratch start re-walks A's pairs instead of holding them.
  const newPairs = B ? [...establishedPairs(A)].filter((p) => !sessionIn(B, p)) : undefined;
  const pairsNew = () => (newPairs ? newPairs.values() : establishedPairs(A));
  const anyNew = !pairsNew().next().done;
  const wdBase = lostToFault ? T_HOLD : T_CEASE;
  const annBase = anyNew ? T_OPEN + 3 : T_CEASE;

  const stages: { t: number; run: () => Iterable<BgpEvent[]> }[] = [];
  stages.push({
    t: T_CEASE,
    run: function* () {
      const out: BgpEvent[] = [];
      for (const l of lost) {
        if (!l.cease) continue;
        // The side whose configuration lost the protocol closes it (if its BIRD still runs).
        const { a, b } = l.p;
        const closer = lookup(A, a)?.running ? a : b;
        const other = closer === a ? b : a;
        out.push({ t: T_CEASE, type: 'NOTIFICATION', from: closer.name, to: other.name, fromAddress: closer.address, toAddress: other.address, error: 'Cease (administrative shutdown)' });
      }
      for (const l of lost) {
        if (l.cease) out.push({ t: T_CEASE, type: 'SESSION', node: l.p.a.name, peer: l.p.b.name, nodeAddress: l.p.a.address, peerAddress: l.p.b.address, state: 'down', reason: l.reason });
      }
      yield out;
    },
  });
  stages.push({
    t: T_HOLD,
    run: function* () {
      const out: BgpEvent[] = [];
      for (const l of lost) {
        if (!l.cease) out.push({ t: T_HOLD, type: 'SESSION', node: l.p.a.name, peer: l.p.b.name, nodeAddress: l.p.a.address, peerAddress: l.p.b.address, state: 'down', reason: `hold timer expired: ${l.reason}` });
      }
      yield out;
    },
  });
  if (anyNew) {
    stages.push({
      t: T_OPEN,
      run: function* () {
        // in chunks of a few thousand events: cheap to yield, small to hold
        let out: BgpEvent[] = [];
        for (const p of pairsNew()) {
          const [c, l] = p.listener === p.a.index ? [p.b, p.a] : [p.a, p.b];
          out.push({ t: T_OPEN, type: 'OPEN', from: c.name, to: l.name, fromAddress: c.address, toAddress: l.address, as: c.as, routerId: c.address, holdTime: HOLD_TIME_S });
          out.push({ t: T_OPEN, type: 'OPEN', from: l.name, to: c.name, fromAddress: l.address, toAddress: c.address, as: l.as, routerId: l.address, holdTime: HOLD_TIME_S });
          if (out.length >= CHUNK) {
            yield out;
            out = [];
          }
        }
        for (const p of pairsNew()) {
          const [c, l] = p.listener === p.a.index ? [p.b, p.a] : [p.a, p.b];
          out.push({ t: T_OPEN + 1, type: 'KEEPALIVE', from: c.name, to: l.name, fromAddress: c.address, toAddress: l.address });
          out.push({ t: T_OPEN + 1, type: 'KEEPALIVE', from: l.name, to: c.name, fromAddress: l.address, toAddress: c.address });
          if (out.length >= CHUNK) {
            yield out;
            out = [];
          }
        }
        for (const p of pairsNew()) {
          out.push({ t: T_OPEN + 2, type: 'SESSION', node: p.a.name, peer: p.b.name, nodeAddress: p.a.address, peerAddress: p.b.address, state: 'Established' });
          if (out.length >= CHUNK) {
            yield out;
            out = [];
          }
        }
        yield out;
      },
    });
  }

  // ---- routes: per phase, one pass over the originators per depth (each pass re-runs the propagation, so
  // nothing is held between passes); the first pass finds how deep anything is sent.
  const originators = originatorList(A, B);
  const fib = new FibIndex(before, after, A, B);
  const pa = A.propagator();
  const pb = B?.propagator();
  const phases: { kind: 'wd' | 'ann'; base: number }[] = [];
  if (B) phases.push({ kind: 'wd', base: wdBase });
  phases.push({ kind: 'ann', base: annBase });
  for (const base of [...new Set(phases.map((p) => p.base))]) {
    const group = phases.filter((p) => p.base === base);
    stages.push({
      t: base,
      run: function* (): Generator<BgpEvent[]> {
        let maxDepth = 0;
        for (let d = 0; d <= maxDepth; d++) {
          const t = base + d * HOP_MS;
          for (const { kind } of group) {
            for (const o of originators) {
              const oa = lookup(A, o);
              const ob = lookup(B, o);
              if (oa) pa.run(oa.index);
              if (ob && pb) pb.run(ob.index);
              if (d === 0) maxDepth = Math.max(maxDepth, oa ? sendDepth(pa) : 0, ob && pb ? sendDepth(pb) : 0);
              const prefA = oa ? A.prefixes[oa.index] : [];
              const prefB = ob && B ? B.prefixes[ob.index] : [];
              if (!prefA.length && !prefB.length) continue;
              const out: BgpEvent[] = [];
              if (kind === 'ann' && oa && prefA.length) announcements(out, A, pa, B, pb, ob, oa, d, t, o.name);
              if (kind === 'wd' && B && pb && ob && prefB.length) withdrawals(out, A, oa ? pa : undefined, B, pb, ob, d, t, o.name);
              // the FIB changes these messages decide: receivers one hop further
              fib.changes(out, o, kind, d + 1, t, oa ? pa : undefined, ob ? pb : undefined);
              if (out.length) yield out;
            }
          }
        }
      },
    });
  }
  stages.sort((x, y) => x.t - y.t); // stable: equal times keep the order above
  for (const st of stages) for (const chunk of st.run()) for (const e of chunk) yield e;
}

const CHUNK = 4096;

function originatorList(A: BgpModel, B: BgpModel | undefined): Speaker[] {
  const seen = new Set<string>();
  const out: Speaker[] = [];
  for (const m of B ? [A, B] : [A]) {
    for (let i = 0; i < m.speakers.nodeCount; i++) {
      const s = m.speakers.all[i];
      if (!s.running || !m.prefixes[i].length || seen.has(skey(s))) continue;
      seen.add(skey(s));
      out.push(s);
    }
  }
  return out;
}

/** The deepest speaker that sends anything for the originator `p` last ran for (a plain mesh: 0). */
function sendDepth(p: Propagator): number {
  let max = 0;
  for (const u of p.touched) if (p.depth[u] > max && p.sendsAnything(u)) max = p.depth[u];
  return max;
}

function announcements(out: BgpEvent[], A: BgpModel, pa: Propagator, B: BgpModel | undefined, pb: Propagator | undefined, ob: Speaker | undefined, oa: Speaker, d: number, t: number, origin: string): void {
  const all = A.prefixes[oa.index];
  const before = new Set(B && ob ? B.prefixes[ob.index] : []);
  const added = all.filter((p) => !before.has(p));
  for (const u of pa.touched) {
    if (pa.depth[u] !== d) continue;
    const su = A.speakers.all[u];
    const ub = B ? lookup(B, su) : undefined;
    for (const { v, edge, attrs } of pa.exportsList(u)) {
      const sv = A.speakers.all[v];
      let prefixes = all;
      if (B && pb && ub && ob) {
        const vb = lookup(B, sv);
        if (vb && B.session(ub.index, vb.index, edge.mesh ? 'mesh' : 'explicit')) {
          // The session existed: only what changed is sent (new prefixes, or all of them with new attributes).
          const old = exportFrom(B, pb, ub.index, vb.index);
          if (old && sameAttrs(old, attrs)) {
            if (!added.length) continue;
            prefixes = added;
          }
        }
      }
      const ev: Extract<BgpEvent, { type: 'UPDATE' }> = {
        t,
        type: 'UPDATE',
        from: su.name,
        to: sv.name,
        fromAddress: ipString(edge.localAddress),
        toAddress: ipString(edge.peerAddress),
        originator: origin,
        prefixes,
        nextHop: ipString(attrs.nh),
        asPath: pathOf(attrs.asPath),
      };
      if (attrs.originator) ev.originatorId = ipString(attrs.originator);
      if (attrs.clusters) ev.clusterList = clusterListOf(attrs.clusters);
      out.push(ev);
    }
  }
}

// Messages of one sender share their AS_PATH and CLUSTER_LIST objects: convert each once.
const paths = new WeakMap<AsPath, number[]>();
function pathOf(p: AsPath | null): number[] {
  if (!p) return NO_PATH;
  let a = paths.get(p);
  if (!a) paths.set(p, (a = asPathArray(p)));
  return a;
}
const clusterLists = new WeakMap<number[], string[]>();
function clusterListOf(c: number[]): string[] {
  let a = clusterLists.get(c);
  if (!a) clusterLists.set(c, (a = c.map(ipString)));
  return a;
}

function withdrawals(out: BgpEvent[], A: BgpModel, pa: Propagator | undefined, B: BgpModel, pb: Propagator, ob: Speaker, d: number, t: number, origin: string): void {
  const all = B.prefixes[ob.index];
  const oa = lookup(A, ob);
  const now = new Set(oa ? A.prefixes[oa.index] : []);
  const removed = all.filter((p) => !now.has(p));
  for (const u of pb.touched) {
    if (pb.depth[u] < d || lossPass(B, pb, u, A) !== d) continue;
    const su = B.speakers.all[u];
    const ua = lookup(A, su);
    for (const { v, edge } of pb.exportsList(u)) {
      const sv = B.speakers.all[v];
      const va = lookup(A, sv);
      // Only over a session that is still up; a route still sent withdraws only the prefixes that left.
      if (!ua || !va || !A.session(ua.index, va.index, edge.mesh ? 'mesh' : 'explicit')) continue;
      let prefixes = all;
      if (pa && exportFrom(A, pa, ua.index, va.index)) {
        if (!removed.length) continue;
        prefixes = removed;
      }
      out.push({ t, type: 'WITHDRAW', from: su.name, to: sv.name, fromAddress: ipString(edge.localAddress), toAddress: ipString(edge.peerAddress), originator: origin, prefixes });
    }
  }
}

/** What u sends v in model m for the originator p last ran for. */
function exportFrom(m: BgpModel, p: Propagator, u: number, v: number): Attrs | null {
  if (!p.has(u)) return null;
  const e = m.edgeTo(u, v);
  if (e) return p.exportAttrs(u, e);
  if (p.meshUp(u, v)) return p.exportAttrs(u, p.meshEdge(u, v));
  return null;
}

/** BIRD's kernel routes per speaker namespace, by destination, built on first use. */
class FibIndex {
  /** state tag → namespace id → destination → kernel lines */
  private cache = { a: new Map<string, Map<string, string[]>>(), b: new Map<string, Map<string, string[]>>() };
  constructor(
    private readonly before: ClusterState | undefined,
    private readonly after: ClusterState,
    private readonly A: BgpModel,
    private readonly B: BgpModel | undefined,
  ) {}

  private index(state: ClusterState | undefined, ns: string, tag: 'a' | 'b'): Map<string, string[]> {
    const byNs = this.cache[tag];
    let m = byNs.get(ns);
    if (!m) {
      m = new Map();
      for (const r of state?.netns[ns]?.routes ?? []) {
        if (r.owner !== 'bird' || r.type !== 'unicast') continue;
        const l = m.get(r.dst);
        if (l) l.push(lineOf(r));
        else m.set(r.dst, [lineOf(r)]);
      }
      byNs.set(ns, m);
    }
    return m;
  }

  /** FIB lines that changed at the speakers whose route for `o` was decided at `depth` in this phase.
   *  A route whose path lost a session while the new path needs a session that is not up yet leaves a gap:
   *  its lines go when the session goes, and come back with the new path (seed 001: pods are unreachable
   *  between switching the mesh off and the reflector sessions coming up). */
  changes(out: BgpEvent[], o: Speaker, kind: 'wd' | 'ann', depth: number, t: number, pa: Propagator | undefined, pb: Propagator | undefined): void {
    const A = this.A;
    const B = this.B;
    const oa = lookup(A, o);
    const ob = lookup(B, o);
    const prefixes = [...new Set([...(oa ? A.prefixes[oa.index] : []), ...(ob && B ? B.prefixes[ob.index] : [])])];
    if (!prefixes.length) return;
    const gapped = (s: Speaker): boolean => {
      if (!B || !pb) return false;
      const vb = lookup(B, s);
      if (!vb || !pb.has(vb.index) || !chainChanged(B, pb, vb.index, A)) return false;
      const va = lookup(A, s);
      return !va || !pa || !pa.has(va.index) || chainChanged(A, pa, va.index, B);
    };
    const emit = (s: Speaker, was: string[], now: string[]) => {
      for (const line of was) if (!now.includes(line)) out.push({ t, type: 'FIB', node: s.name, op: 'del', route: line, originator: o.name });
      for (const line of now) if (!was.includes(line)) out.push({ t, type: 'FIB', node: s.name, op: 'add', route: line, originator: o.name });
    };
    const lines = (state: ClusterState | undefined, s: Speaker, tag: 'a' | 'b'): string[] => {
      const ix = this.index(state, s.ns, tag);
      if (prefixes.length === 1) return ix.get(prefixes[0]) ?? NO_LINES;
      const out: string[] = [];
      for (const p of prefixes) {
        const l = ix.get(p);
        if (l) out.push(...l);
      }
      return out;
    };
    if (kind === 'ann') {
      if (!pa) return;
      for (const v of pa.touched) {
        if (pa.depth[v] !== depth) continue;
        const s = A.speakers.all[v];
        if (s.name === o.name && s.kind === o.kind) continue;
        if (!s.running) continue; // a node that is down has no FIB to change
        const was = gapped(s) ? [] : lines(this.before, s, 'b');
        emit(s, was, lines(this.after, s, 'a'));
      }
    } else {
      if (!pb || !B) return;
      for (const v of pb.touched) {
        if (pb.depth[v] < depth || lossPass(B, pb, v, A) !== depth) continue;
        const s = B.speakers.all[v];
        if (s.name === o.name && s.kind === o.kind) continue;
        const va = lookup(A, s);
        if (!va || !va.running) continue; // down (or gone) in `after`: no FIB to change
        const stillHas = !!va && !!pa && pa.has(va.index);
        if (stillHas && !gapped(s)) continue; // handled in the announce phase
        emit(s, lines(this.before, s, 'b'), stillHas ? [] : lines(this.after, s, 'a'));
      }
    }
  }
}

/** The pass in which v loses (or changes) the route it had in m, one pass per hop: a speaker whose own
 *  session on the route's path went drops the route when that session goes (pass 1, the loss's own time);
 *  below the last lost session, each hop waits for the WITHDRAW from the one above. With no session lost
 *  on the path (the originator withdrew), the route's depth. */
function lossPass(m: BgpModel, p: Propagator, v: number, other: BgpModel): number {
  for (let x = v, s = 0; p.from[x] >= 0 && s < 64; x = p.from[x], s++) {
    const a = lookup(other, m.speakers.all[x]);
    const b = lookup(other, m.speakers.all[p.from[x]]);
    if (!a || !b || !other.session(a.index, b.index, p.fromEdge[x]?.mesh ? 'mesh' : 'explicit')) return s + 1;
  }
  return p.depth[v];
}

/** Does the path the route took to v in m use a session that is not up (as the same kind) in `other`? */
function chainChanged(m: BgpModel, p: Propagator, v: number, other: BgpModel): boolean {
  for (let x = v, n = 0; p.from[x] >= 0 && n < 64; x = p.from[x], n++) {
    const e = p.fromEdge[x];
    const a = lookup(other, m.speakers.all[x]);
    const b = lookup(other, m.speakers.all[p.from[x]]);
    if (!a || !b || !other.session(a.index, b.index, e?.mesh ? 'mesh' : 'explicit')) return true;
  }
  return false;
}
