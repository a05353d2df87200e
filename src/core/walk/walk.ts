// The packet walk: send one packet from an endpoint and follow the kernel's rules through every
// namespace it reaches until it is delivered or dropped; optionally walk the reply. Pure: the same
// world and request give the same hops.

import type { Header, IcmpBack, Protocol, Verdict, WalkRequest, WalkResult } from '../model/packet';
import { replyPacket, requestPacket } from './apps';
import { HopLimit, newShared, pmtuKey, verdictExtra, WalkCtx, type PendingError, type Shared } from './ctx';
import { wm } from './messages';
import { resolveFrom, resolveTo } from './endpoints';
import type { WalkHooks } from './hooks';
import { ipOf, PROTO_IPIP } from './headers';
import { sendFrom, type OutputSpec } from './ip';
import type { NetNS } from '../model/kernel';
import { worldIndex, type World, type WorldIndex } from './world';

export interface WalkOptions {
  hooks?: WalkHooks;
  /** hop budget per direction; beyond it the walk ends with a 'loop' verdict (default 512) */
  maxHops?: number;
  /** path MTUs learned so far (see Shared.pmtu): pass the same map to successive walks of one tool run
   *  (ping's probes) so a Frag needed changes what the next probe does */
  pmtu?: Map<string, number>;
}

export const DEFAULT_MAX_HOPS = 512;

function failed(req: WalkRequest, message: string): WalkResult {
  return { request: req, src: '', dst: '', hops: [], verdict: { kind: 'dropped', reason: 'no-route', at: '', message } };
}

interface Run {
  ctx: WalkCtx;
  verdict: Verdict;
  icmpBack?: IcmpBack;
}

function run(
  w: WorldIndex,
  opts: WalkOptions,
  shared: Shared,
  app: { protocol: Protocol; seq: number },
  ns: NetNS,
  spec: OutputSpec,
  established: ReadonlySet<string>,
  isReply: boolean,
  t: number,
): Run {
  const maxHops = opts.maxHops ?? DEFAULT_MAX_HOPS;
  const ctx = new WalkCtx(w, opts.hooks ?? {}, maxHops, shared, app, established, isReply, ns, t);
  let verdict: Verdict;
  try {
    verdict = sendFrom(ctx, ns, spec);
  } catch (e) {
    if (!(e instanceof HopLimit)) throw e;
    return { ctx, verdict: { kind: 'dropped', reason: 'loop', at: e.ns, ...verdictExtra({ message: wm('walk.msg.loop', { n: maxHops }) }) } };
  }
  const pe = ctx.pendingError;
  if (!pe || isReply) return { ctx, verdict };
  const back = sendError(w, opts, shared, app, pe, ctx.traversed, ctx.t);
  const heard = !!back.delivered && back.delivered.ns.id === ns.id && !back.delivered.external && !encapsulated(quoteOf(pe.packet));
  if (pe.mtu !== undefined && back.delivered && !back.delivered.external) {
    // ip_rt_update_pmtu: whoever receives a Frag needed remembers the path MTU towards the quoted
    // destination — the sender for its own packet, the node (ipip_err → ipv4_update_pmtu) for its outer one
    const q = ipOf(quoteOf(pe.packet));
    shared.pmtu.set(pmtuKey(back.delivered.ns.id, q.dst), pe.mtu);
  }
  const icmpBack: IcmpBack = { hops: back.ctx.hops, verdict: back.verdict, heard };
  if (heard || verdict.icmpFrom === undefined) return { ctx, verdict, icmpBack };
  // nobody tells the sender: the drop stays, the ICMP error is the node's or is lost on the way
  const { icmpFrom: _from, msg: _msg, ...rest } = verdict;
  const to = back.delivered && !back.delivered.external ? back.delivered.ns.name : undefined;
  const message = to ? wm('walk.msg.icmpKept', { to }) : wm('walk.msg.icmpLost', {});
  return { ctx, verdict: { ...rest, ...verdictExtra({ message }) }, icmpBack };
}

function quoteOf(err: readonly Header[]): Header[] {
  const q = err.find((h) => h.type === 'quote');
  return q && q.type === 'quote' ? q.headers : [];
}

/** An ICMP error about a tunnel's outer packet goes to the outer source, the node: ipip_err only updates
 *  the PMTU, and a VXLAN socket's error lookup relays nothing, so the inner sender never hears it. */
function encapsulated(quote: readonly Header[]): boolean {
  if (!quote.length) return false;
  return ipOf(quote).protocol === PROTO_IPIP || quote.some((h) => h.type === 'vxlan');
}

/** Walks an ICMP error from the namespace that sent it towards its destination (the quoted packet's source). */
function sendError(w: WorldIndex, opts: WalkOptions, shared: Shared, app: { protocol: Protocol; seq: number }, pe: PendingError, related: ReadonlySet<string>, t: number) {
  const ip = ipOf(pe.packet);
  const l4 = pe.packet.slice(1);
  const spec: OutputSpec = {
    dst: ip.dst,
    bound: ip.src,
    protocol: ip.protocol,
    ttl: ip.ttl,
    pmtudisc: 'dont',
    tos: ip.tos,
    l4: () => l4,
    what: wm('walk.app.icmpError', { dst: ip.dst }),
    noDnat: true,
  };
  // kernel-made, like a reply: conntrack reverses NAT for it (RELATED), no socket sees a failure to send it
  const ctx = new WalkCtx(w, opts.hooks ?? {}, opts.maxHops ?? DEFAULT_MAX_HOPS, shared, app, related, true, pe.ns, t);
  let verdict: Verdict;
  try {
    verdict = sendFrom(ctx, pe.ns, spec);
  } catch (e) {
    if (!(e instanceof HopLimit)) throw e;
    verdict = { kind: 'dropped', reason: 'loop', at: e.ns };
  }
  return { ctx, verdict, delivered: ctx.delivered };
}

/** Walks a request (and, when asked and delivered, its reply). */
export function walk(world: World, req: WalkRequest, opts: WalkOptions = {}): WalkResult {
  const w = worldIndex(world);
  const from = resolveFrom(w, req.from);
  if ('error' in from) return failed(req, from.error);
  const dst = resolveTo(w, req.to);
  if (typeof dst !== 'string') return failed(req, dst.error);
  const shared = newShared(opts.pmtu);
  const app = requestPacket(req, from.ns.id, dst, from.bound);
  const appInfo = { protocol: req.protocol, seq: app.seq };
  const r = run(w, opts, shared, appInfo, from.ns, app.spec, new Set(), false, 0);
  const result: WalkResult = { request: req, src: r.ctx.src, dst, hops: r.ctx.hops, verdict: r.verdict, ...(r.icmpBack ? { icmpBack: r.icmpBack } : {}) };
  const d = r.ctx.delivered;
  if (req.reply && r.verdict.kind === 'delivered' && d) {
    const spec = replyPacket(d.ns.id, d.packet);
    if (spec) {
      const back = run(w, opts, shared, appInfo, d.ns, spec, r.ctx.traversed, true, r.ctx.t);
      const ip = ipOf(d.packet);
      result.reply = {
        request: { from: { ip: ip.dst }, to: { ip: ip.src }, protocol: req.protocol, ...(req.port !== undefined ? { port: req.port } : {}) },
        src: back.ctx.src,
        dst: ip.src,
        hops: back.ctx.hops,
        verdict: back.verdict,
      };
    }
  }
  return result;
}
