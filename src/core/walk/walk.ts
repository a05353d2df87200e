// The packet walk: send one packet from an endpoint and follow the kernel's rules through every
// namespace it reaches until it is delivered or dropped; optionally walk the reply. Pure: the same
// world and request give the same hops.

import type { Protocol, Verdict, WalkRequest, WalkResult } from '../model/packet';
import { replyPacket, requestPacket } from './apps';
import { HopLimit, newShared, verdictExtra, WalkCtx, type Shared } from './ctx';
import { wm } from './messages';
import { resolveFrom, resolveTo } from './endpoints';
import type { WalkHooks } from './hooks';
import { ipOf } from './headers';
import { sendFrom, type OutputSpec } from './ip';
import type { NetNS } from '../model/kernel';
import { worldIndex, type World, type WorldIndex } from './world';

export interface WalkOptions {
  hooks?: WalkHooks;
  /** hop budget per direction; beyond it the walk ends with a 'loop' verdict (default 512) */
  maxHops?: number;
}

export const DEFAULT_MAX_HOPS = 512;

function failed(req: WalkRequest, message: string): WalkResult {
  return { request: req, src: '', dst: '', hops: [], verdict: { kind: 'dropped', reason: 'no-route', at: '', message } };
}

interface Run {
  ctx: WalkCtx;
  verdict: Verdict;
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
  try {
    return { ctx, verdict: sendFrom(ctx, ns, spec) };
  } catch (e) {
    if (!(e instanceof HopLimit)) throw e;
    return { ctx, verdict: { kind: 'dropped', reason: 'loop', at: e.ns, ...verdictExtra({ message: wm('walk.msg.loop', { n: maxHops }) }) } };
  }
}

/** Walks a request (and, when asked and delivered, its reply). */
export function walk(world: World, req: WalkRequest, opts: WalkOptions = {}): WalkResult {
  const w = worldIndex(world);
  const from = resolveFrom(w, req.from);
  if ('error' in from) return failed(req, from.error);
  const dst = resolveTo(w, req.to);
  if (typeof dst !== 'string') return failed(req, dst.error);
  const shared = newShared();
  const app = requestPacket(req, from.ns.id, dst, from.bound);
  const appInfo = { protocol: req.protocol, seq: app.seq };
  const r = run(w, opts, shared, appInfo, from.ns, app.spec, new Set(), false, 0);
  const result: WalkResult = { request: req, src: r.ctx.src, dst, hops: r.ctx.hops, verdict: r.verdict };
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
