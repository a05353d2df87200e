// What the diagnostic tools print for a walk — traceroute, ping, the hop report — computed once here
// from the packet walk so the CLI and the app's terminal show the same text.

import type { ClusterState } from './model/cluster';
import type { Header, Hop, WalkRequest, WalkResult } from './model/packet';
import { traceroute as renderTraceroute, rttFor, pingLines, PING_ICMP_TEXT, type PingEvent } from './render/tools';
import { fibLookup, nsIndex, routeSource, traceroute as traceWalk, walk, type WalkHooks, type World } from './walk';
import { parseEndpoint } from './query';
import type { NetNS } from './model/kernel';
import { ipRouteGet, ipRouteGetError } from './render/routes';
import { parseIp } from './util/ipv4';
import { policyHooks } from './policy';
import { createTcpdump, fragment as fragmentStack, LINKTYPE_ETHERNET, LINKTYPE_RAW, serializeFrame, writePcap } from './wire';

/** The walk's view of a cluster (cached per state object: indexes hang off it). */
const worlds = new WeakMap<ClusterState, World>();
export function worldOf(state: ClusterState): World {
  let w = worlds.get(state);
  if (!w) {
    w = { netns: state.netns, networks: state.scenario.topology.networks };
    worlds.set(state, w);
  }
  return w;
}

export interface TraceArgs {
  from: string;
  to: string;
  protocol?: 'icmp' | 'tcp' | 'udp';
  port?: number;
  size?: number;
  pmtudisc?: 'do' | 'want' | 'dont';
  reply?: boolean;
}

/** Tools walk with the cluster's policy and Service hooks (core/policy) unless given others ({} = none). */
export interface ToolHooks {
  hooks?: WalkHooks;
}

export function runWalk(state: ClusterState, a: TraceArgs, opts: ToolHooks = {}): WalkResult {
  const req: WalkRequest = {
    from: parseEndpoint(state, a.from),
    to: parseEndpoint(state, a.to),
    protocol: a.protocol ?? 'icmp',
    ...(a.port !== undefined ? { port: a.port } : {}),
    ...(a.size !== undefined ? { size: a.size } : {}),
    ...(a.pmtudisc ? { pmtudisc: a.pmtudisc } : {}),
    reply: a.reply ?? false,
  };
  return walk(worldOf(state), req, { hooks: opts.hooks ?? policyHooks(state) });
}

function hopLines(hops: Hop[], prefix: string): string[] {
  const w = String(hops.length).length;
  return hops.flatMap((h) => [
    `${prefix}${String(h.index + 1).padStart(w)}  ${h.kind.padEnd(8)} ${h.text}`,
    `${prefix}${' '.repeat(w)}  ${''.padEnd(8)} why: ${h.why}`,
  ]);
}

function verdictLine(r: WalkResult): string {
  const v = r.verdict;
  if (v.kind === 'delivered') return `verdict: delivered at ${v.at}${v.external ? ' (left the lab through the gateway)' : ''}`;
  return `verdict: dropped at ${v.at}: ${v.reason}${v.message ? ` — ${v.message}` : ''}`;
}

/** The hop-by-hop report of `cli trace`. */
export function walkReport(r: WalkResult): string {
  const req = r.request;
  const what = req.protocol === 'icmp' ? `ICMP echo, ${req.size ?? 56} bytes` : `${req.protocol.toUpperCase()} port ${req.port ?? '-'}`;
  const out = [`${r.src || '?'} → ${r.dst || '?'}: ${what}`, ...hopLines(r.hops, '  '), verdictLine(r)];
  if (r.reply) out.push('reply:', ...hopLines(r.reply.hops, '  '), verdictLine(r.reply));
  return out.join('\n') + '\n';
}

/** Linux `traceroute -n` (or BusyBox's, which pods usually have) from a pod or node to a target. */
export function tracerouteText(state: ClusterState, from: string, to: string, variant: 'linux' | 'busybox' = 'linux', opts: ToolHooks = {}): string {
  const res = traceWalk(worldOf(state), { from: parseEndpoint(state, from), to: parseEndpoint(state, to) }, { variant, hooks: opts.hooks ?? policyHooks(state) });
  if (res.error) return `traceroute: ${res.error}\n`;
  const seedKey = `${from}>${to}`;
  const hops = res.hops.map((h) => ({
    hop: h.ttl,
    ...(h.addr ? { addr: h.addr } : {}),
    rtts: [0, 1, 2].map((p) => (h.addr ? rttFor(h.ttl, p, seedKey) : null)),
    ...(h.flag ? { annotation: h.flag } : {}),
  }));
  return renderTraceroute(res.dst, hops, { variant, numeric: true });
}

/** iputils `ping -c COUNT [-s SIZE] [-M do|want|dont]`: one walk per echo request, replies walked back. */
export function pingText(
  state: ClusterState,
  from: string,
  to: string,
  /** pmtu: the route cache's path MTUs, kept by a caller that runs several pings on one cluster (the kernel
   *  keeps them about 10 minutes); absent, this ping starts with an empty cache */
  opts: { count?: number; size?: number; pmtudisc?: 'do' | 'want' | 'dont'; pmtu?: Map<string, number> } & ToolHooks = {},
): string {
  const count = opts.count ?? 3;
  const hooks = opts.hooks ?? policyHooks(state);
  const events: PingEvent[] = [];
  let dstIp = '';
  // one sender across its probes: a Frag needed for probe 1 is in the route cache when probe 2 is sent
  const pmtu = opts.pmtu ?? new Map<string, number>();
  for (let seq = 1; seq <= count; seq++) {
    const r = walk(worldOf(state), {
      from: parseEndpoint(state, from),
      to: parseEndpoint(state, to),
      protocol: 'icmp',
      size: opts.size ?? 56,
      // iputils leaves IP_MTU_DISCOVER at the kernel default (want): DF set, local fragmentation when too big
      ...(opts.pmtudisc ? { pmtudisc: opts.pmtudisc } : {}),
      reply: true,
      icmpSeq: seq,
    }, { hooks, pmtu });
    dstIp = r.dst;
    const v = r.verdict;
    // a reply that left through the outside gateway (no route back into the lab) never reaches the socket
    if (v.kind === 'delivered' && r.reply?.verdict.kind === 'delivered' && !r.reply.verdict.external) {
      const ttl = replyTtl(r);
      const timeMs = ((lastT(r) + lastT(r.reply)) / 1000) * 1 + (seq === 1 ? 0.3 : 0);
      events.push({ kind: 'reply', seq, ttl, timeMs: Math.round(timeMs * 1000) / 1000 });
    } else if (v.kind === 'dropped' && v.reason === 'local-mtu') {
      events.push({ kind: 'local-error', seq, mtu: v.mtu ?? 0 });
    } else if (v.kind === 'dropped' && v.reason === 'mtu' && v.icmpFrom) {
      events.push({ kind: 'icmp-error', seq, from: v.icmpFrom, text: PING_ICMP_TEXT.fragNeeded(v.mtu ?? 0) });
    } else if (v.kind === 'dropped' && v.reason === 'ttl-exceeded' && v.icmpFrom) {
      events.push({ kind: 'icmp-error', seq, from: v.icmpFrom, text: PING_ICMP_TEXT.ttlExceeded });
    } else if (v.kind === 'dropped' && v.icmpFrom && (v.reason === 'no-route' || v.reason === 'unreachable-nexthop')) {
      events.push({ kind: 'icmp-error', seq, from: v.icmpFrom, text: v.reason === 'no-route' ? PING_ICMP_TEXT.netUnreachable : PING_ICMP_TEXT.hostUnreachable });
    } else {
      events.push({ kind: 'lost', seq });
    }
  }
  return pingLines(dstIp, events, { size: opts.size ?? 56, transmitted: count });
}

function lastT(r: WalkResult): number {
  return r.hops.length ? r.hops[r.hops.length - 1].t : 0;
}

/** TTL of the echo reply as it reached the sender's socket. */
function replyTtl(r: WalkResult): number {
  const hops = r.reply!.hops;
  for (let i = hops.length - 1; i >= 0; i--) {
    const ip = hops[i].packet.find((h) => h.type === 'ipv4');
    if (ip && ip.type === 'ipv4') return ip.ttl;
  }
  return 64;
}


// ---------------------------------------------------------------------------------------------------------
// Captures: what tcpdump -i IF sees of a walk (request and reply), as bytes
// ---------------------------------------------------------------------------------------------------------

export interface CapturedFrame {
  bytes: Uint8Array;
  tUs: number;
  /** 'ether' for NICs, veths and VXLAN devices; 'raw' for tunl0 (an IP-only device) */
  link: 'ether' | 'raw';
}

/**
 * Frames seen on `node:dev` during a walk and its reply. Cables and veths are the wire segments that start
 * or end on the device; a tunnel device sees the inner packet of every encap (send) and decap (receive) on it.
 */
export function captureOn(r: WalkResult, nsId: string, dev: string): CapturedFrame[] {
  const hops = allHops(r);
  const whole = unfragmentedOf(hops);
  const out: CapturedFrame[] = [];
  const push = (stack: Header[], tUs: number) => {
    const link = stack[0]?.type === 'eth' ? 'ether' : 'raw';
    for (const f of withFragments(stack, whole)) out.push({ bytes: serializeFrame(f), tUs, link });
  };
  for (const h of hops) {
    if (h.wire && ((h.wire.from.ns === nsId && h.wire.from.dev === dev) || (h.wire.to.ns === nsId && h.wire.to.dev === dev))) {
      if (h.wire.frame[0]?.type === 'eth') push(h.wire.frame, h.t);
      continue;
    }
    if (h.ns !== nsId || h.dev !== dev) continue;
    let inner: Header[] | undefined;
    if (h.kind === 'encap' && h.pushed) inner = h.packet.slice(h.pushed.length);
    else if (h.kind === 'decap') inner = h.packet;
    if (!inner?.length) continue;
    push(inner, h.t);
  }
  return out;
}

const fragKey = (ip: { src: string; dst: string; id: number; protocol: number }) => `${ip.src}|${ip.dst}|${ip.id}|${ip.protocol}`;

/** The datagrams the walk cut into fragments, by the fields every fragment carries. */
function unfragmentedOf(hops: readonly Hop[]): Map<string, Header[]> {
  const m = new Map<string, Header[]>();
  for (const h of hops) {
    const ip = h.unfragmented?.[0];
    if (ip?.type === 'ipv4') m.set(fragKey(ip), h.unfragmented!);
  }
  return m;
}

/**
 * A frame as the wire carries it: the walk follows a datagram's first fragment only, but the others cross the
 * same devices right after it (tcpdump prints them as "offset N" / "ip-proto-17"): cut them from the datagram
 * the fragment hop kept, with this frame's own IP fields (TTL, addresses after NAT).
 */
function withFragments(frame: Header[], whole: Map<string, Header[]>): Header[][] {
  const at = frame[0]?.type === 'eth' ? 1 : 0;
  const ip = frame[at];
  if (ip?.type !== 'ipv4' || !ip.mf || ip.fragOffset !== 0) return [frame];
  const w = whole.get(fragKey(ip));
  const wip = w?.[0];
  if (!w || wip?.type !== 'ipv4') return [frame];
  const window: Header[] = [...frame.slice(0, at), { ...ip, totalLength: wip.totalLength, mf: wip.mf }, ...w.slice(1)];
  return fragmentStack(window, ip.totalLength);
}

/** `tcpdump -n -i IF [-e] [-v]` lines for a walk. */
export function tcpdumpText(state: ClusterState, r: WalkResult, nsId: string, dev: string, opts: { e?: boolean; v?: boolean } = {}): string {
  const frames = captureOn(r, nsId, dev);
  const td = createTcpdump({ e: opts.e, v: opts.v, vxlanPorts: [4789], clockStart: state.scenario.cluster.clockStart ?? '12:00:00', link: frames[0]?.link ?? 'ether' });
  return frames.map((f) => td.print(f.bytes, f.tUs) + '\n').join('');
}

/** The hops of a walk, its ICMP error's and its reply's, in time order. */
function allHops(r: WalkResult): Hop[] {
  return [...r.hops, ...(r.icmpBack?.hops ?? []), ...(r.reply?.hops ?? []), ...(r.reply?.icmpBack?.hops ?? [])];
}

/**
 * The walk's frames (all of them, or one interface's) as a libpcap file: Ethernet, or raw IP on tunl0 as
 * tcpdump -w writes it there; time stamps at the scenario's clockStart, like the tcpdump text.
 */
export function pcapOf(r: WalkResult, iface?: { nsId: string; dev: string }, clockStart?: string): Uint8Array {
  if (iface) {
    const frames = captureOn(r, iface.nsId, iface.dev);
    const raw = frames.length > 0 && frames.every((f) => f.link === 'raw');
    const keep = frames.filter((f) => f.link === (raw ? 'raw' : 'ether'));
    return writePcap(keep.map((f) => ({ bytes: f.bytes, tUs: f.tUs })), { linktype: raw ? LINKTYPE_RAW : LINKTYPE_ETHERNET, clockStart });
  }
  const hops = allHops(r);
  const whole = unfragmentedOf(hops);
  const frames: { bytes: Uint8Array; tUs: number }[] = [];
  for (const h of hops) {
    if (h.wire?.frame[0]?.type !== 'eth') continue;
    for (const f of withFragments(h.wire.frame, whole)) frames.push({ bytes: serializeFrame(f), tUs: h.t });
  }
  return writePcap(frames, { clockStart });
}

/**
 * `ip route get ADDR` in a node's or pod's namespace: the kernel's own lookup (local addresses first, then
 * the main table's longest prefix) and the source it would pick, from the same functions the walk uses.
 */
export function routeGetText(ns: NetNS, dst: string): string {
  const n = parseIp(dst);
  if (n === undefined) return `Error: any valid prefix is expected rather than "${dst}".\n`;
  const idx = nsIndex(ns);
  const local = idx.addrs.find((a) => a.ip === n);
  if (local) return ipRouteGet({ dst, type: 'local', dev: 'lo', src: dst, uid: 0, cached: true, cacheFlags: ['local'] });
  const fib = fibLookup(idx, n);
  if (!fib) return ipRouteGetError('no-route');
  if (fib.route.type !== 'unicast') return ipRouteGetError(fib.route.type as 'blackhole' | 'unreachable' | 'prohibit');
  const src = routeSource(idx, fib);
  return ipRouteGet({ dst, ...(fib.route.via ? { via: fib.route.via } : {}), dev: fib.route.dev!, ...(src ? { src: src.ip } : {}), uid: 0, cached: true });
}
