// Can a TCP connection to port 179 be made between two addresses over the underlay? BGP runs before the CNI
// has programmed anything, so only the underlay counts: each namespace's routes from the Topology (connected,
// default, distribution extras — never BIRD's own routes), hop by hop through the routers, with the faults
// applied (a namespace down, a NIC down, a router down, a filter between two networks).
//
// This is a small walk of its own, not the packet walk (core/walk): it answers one question per address pair
// and must stay cheap for a 1,000-node mesh. Two nodes with the same underlay (same routes, same networks,
// same faults) reach any address the same way, so results are kept per (underlay class, destination): a flat
// cluster on one segment has one class, and each pair costs two array reads.

import type { NetNS, Route } from '../model/kernel';
import type { Fault } from '../model/scenario';
import { filterDrops, type FaultIndex } from '../faults';
import { ipToNum, maskOf, parseCidr } from '../util/ipv4';
import { hostNamespaces } from '../model/lazyNs';

/** Why a connection attempt fails, as the connecting socket experiences it. */
export type ReachFailure =
  /** no route at the sender, or an ICMP net-unreachable from a router: connect() fails at once */
  | 'no-route'
  /** nobody answers ARP for the next hop (host down, address unused): EHOSTUNREACH after the ARP timeout */
  | 'no-host'
  /** dropped silently on the way (router down, filter, the gateway out of the lab): SYN retransmits */
  | 'dropped';

export interface ReachOk {
  ok: true;
  /** namespace holding the destination address */
  ns: string;
  /** networks crossed at each router: [ingress, egress] */
  hops: [string, string][];
}

export interface ReachFail {
  ok: false;
  failure: ReachFailure;
  /** human reason, e.g. "router r1 is down" */
  detail: string;
  /** a filter fault that dropped it */
  fault?: Fault;
}

export type ReachResult = ReachOk | ReachFail;

interface PreparedRoute {
  base: number;
  mask: number;
  prefixLen: number;
  metric: number;
  route: Route;
}

const UNDERLAY_OWNERS = new Set(['topology', 'kernel', 'distro']);

function prepare(ns: NetNS, downLinks: { has(name: string): boolean } | undefined): PreparedRoute[] {
  const out: PreparedRoute[] = [];
  for (const r of ns.routes) {
    if (!UNDERLAY_OWNERS.has(r.owner)) continue;
    if (r.dev && downLinks?.has(r.dev)) continue;
    const c = parseCidr(r.dst);
    out.push({ base: c.base, mask: maskOf(c.prefixLen), prefixLen: c.prefixLen, metric: r.metric ?? 0, route: r });
  }
  return out;
}

function lookup(routes: PreparedRoute[], ip: number): PreparedRoute | undefined {
  let best: PreparedRoute | undefined;
  for (const p of routes) {
    if (((ip & p.mask) >>> 0) !== p.base) continue;
    if (!best || p.prefixLen > best.prefixLen || (p.prefixLen === best.prefixLen && p.metric < best.metric)) best = p;
  }
  return best;
}

export class Underlay {
  private routes = new Map<string, PreparedRoute[]>();
  private classOf = new Map<string, number>();
  private classKeys = new Map<string, number>();
  /** class → destination address → result */
  private memo: Map<string, ReachResult>[] = [];
  /** "network|ip" → namespace holding that address on that network (its NIC up) */
  private owners = new Map<string, string>();
  private down = new Set<string>();

  constructor(
    private readonly netns: Record<string, NetNS>,
    private readonly faults: FaultIndex,
  ) {
    for (const ns of hostNamespaces(netns)) {
      if (ns.kind === 'pod') continue;
      const downLinks = ns.kind === 'node' ? faults.linkDown.get(ns.name) : undefined;
      const isDown = ns.down || (ns.kind === 'node' ? faults.nodeDown.has(ns.name) : faults.routerDown.has(ns.name));
      if (isDown) this.down.add(ns.id);
      for (const l of ns.links) {
        if (!l.network || !l.up || downLinks?.has(l.name)) continue;
        for (const a of l.addrs) {
          const key = `${l.network}|${a.ip}`;
          if (!this.owners.has(key)) this.owners.set(key, ns.id);
        }
      }
      const prepared = prepare(ns, downLinks);
      this.routes.set(ns.id, prepared);
      // The class key: everything the walk from this namespace depends on, except the namespace itself.
      const linkNet = new Map(ns.links.map((l) => [l.name, l.network ?? '']));
      const key =
        (isDown ? 'down;' : '') +
        prepared
          .map((p) => `${p.route.type} ${p.route.dst} ${p.route.via ?? ''} ${linkNet.get(p.route.dev ?? '') ?? ''} ${p.metric}`)
          .join(';');
      let cls = this.classKeys.get(key);
      if (cls === undefined) {
        cls = this.classKeys.size;
        this.classKeys.set(key, cls);
        this.memo.push(new Map());
      }
      this.classOf.set(ns.id, cls);
    }
  }

  isDown(nsId: string): boolean {
    return this.down.has(nsId);
  }

  /** The underlay class of a namespace (namespaces of one class reach every address the same way). */
  classIndex(nsId: string): number {
    return this.classOf.get(nsId) ?? -1;
  }

  /** The namespace a packet from `fromNs` to `dst` is delivered to, or why it is not. */
  reach(fromNs: string, dst: string): ReachResult {
    const cls = this.classOf.get(fromNs);
    if (cls === undefined) return { ok: false, failure: 'no-route', detail: `no namespace ${fromNs}` };
    const memo = this.memo[cls];
    let r = memo.get(dst);
    if (!r) {
      r = this.walk(fromNs, ipToNum(dst), dst);
      memo.set(dst, r);
    }
    return r;
  }

  /** A TCP connection from `a` (address aAddr) to `b`:port and its replies: the forward path must deliver
   *  to b's namespace and pass the filters for `port`; the return path must deliver back to a (replies go
   *  to an ephemeral port, so only port-less filters drop them). */
  tcp(aNs: string, aAddr: string, bNs: string, bAddr: string, port: number, filters: readonly Fault[]): ReachResult {
    return tcpOver(this.reach(aNs, bAddr), this.reach(bNs, aAddr), aNs, aAddr, bNs, bAddr, port, filters);
  }

  private walk(fromNs: string, ip: number, dst: string): ReachResult {
    let nsId = fromNs;
    let inNet: string | undefined;
    const hops: [string, string][] = [];
    for (let ttl = 0; ttl < 32; ttl++) {
      const ns = this.netns[nsId];
      if (this.down.has(nsId)) {
        return { ok: false, failure: inNet === undefined ? 'no-route' : 'dropped', detail: `${ns.kind} ${ns.name} is down` };
      }
      const p = lookup(this.routes.get(nsId) ?? [], ip);
      const where = inNet === undefined ? '' : ` at ${ns.kind} ${ns.name}`;
      if (!p || p.route.type !== 'unicast' || !p.route.dev) {
        return { ok: false, failure: 'no-route', detail: `no route to ${dst}${where}` };
      }
      const link = ns.links.find((l) => l.name === p.route.dev);
      const net = link?.network;
      if (!net) return { ok: false, failure: 'dropped', detail: `route to ${dst}${where} leaves on ${p.route.dev}, which is on no network` };
      if (inNet !== undefined) hops.push([inNet, net]);
      const gw = p.route.via ?? dst;
      const owner = this.owners.get(`${net}|${gw}`);
      if (!owner) return { ok: false, failure: 'no-host', detail: `nobody answers ARP for ${gw} on ${net}${where}` };
      const next = this.netns[owner];
      if (this.down.has(owner)) {
        return { ok: false, failure: 'no-host', detail: `${next.kind} ${next.name} (${gw}) is down` };
      }
      if (gw === dst) return { ok: true, ns: owner, hops };
      if (next.external) return { ok: false, failure: 'dropped', detail: `${dst} is routed out of the lab through ${gw}` };
      if (!next.forwarding) return { ok: false, failure: 'dropped', detail: `${next.name} does not forward` };
      nsId = owner;
      inNet = net;
    }
    return { ok: false, failure: 'dropped', detail: `routing loop towards ${dst}` };
  }
}

/** The TCP verdict from the two one-way results (forward a→b, reverse b→a). */
export function tcpOver(fwd: ReachResult, rev: ReachResult, aNs: string, aAddr: string, bNs: string, bAddr: string, port: number, filters: readonly Fault[]): ReachResult {
  if (!fwd.ok) return fwd;
  if (fwd.ns !== bNs) return { ok: false, failure: 'dropped', detail: `${bAddr} answers from ${fwd.ns}, not ${bNs}` };
  if (!rev.ok) return { ok: false, failure: 'dropped', detail: `replies from ${bAddr} are lost: ${rev.detail}` };
  if (rev.ns !== aNs) return { ok: false, failure: 'dropped', detail: `replies to ${aAddr} go to ${rev.ns}` };
  if (filters.length) {
    for (const [i, o] of fwd.hops) {
      const f = filterDrops(filters, { srcNetwork: i, dstNetwork: o, protocol: 'TCP', port });
      if (f) return { ok: false, failure: 'dropped', detail: `Fault ${f.name} drops TCP ${port} from ${i} to ${o}`, fault: f };
    }
    for (const [i, o] of rev.hops) {
      const f = filterDrops(filters, { srcNetwork: i, dstNetwork: o, protocol: 'TCP' });
      if (f) return { ok: false, failure: 'dropped', detail: `Fault ${f.name} drops TCP from ${i} to ${o}`, fault: f };
    }
  }
  return fwd;
}
