// traceroute as Linux traceroute (and BusyBox's) runs it: UDP probes to 33434 and up with TTL 1, 2, …;
// each hop is the source of the ICMP time exceeded that probe provokes, the last one the destination
// answering ICMP port unreachable. Each probe is one walk.

import type { EndpointSpec, IcmpHeader, WalkResult } from '../model/packet';
import { resolveTo } from './endpoints';
import type { WalkHooks } from './hooks';
import { walk } from './walk';
import { worldIndex, type World } from './world';

export interface TracerouteHop {
  ttl: number;
  /** who answered; absent = no answer ("* * *") */
  addr?: string;
  /** the destination itself answered (port unreachable) */
  reached: boolean;
  /** traceroute's annotation for an ICMP unreachable: !N, !H, !X, !F, !P */
  flag?: string;
}

export interface TracerouteResult {
  hops: TracerouteHop[];
  dst: string;
  /** the probe could not even be sent (traceroute prints the error and exits) */
  error?: string;
  /** the probes left the lab through an outside gateway: hops beyond it are not modelled */
  external?: boolean;
}

export interface TracerouteOptions {
  maxTtl?: number;
  variant?: 'linux' | 'busybox';
  hooks?: WalkHooks;
}

/** Probe data bytes: Linux traceroute's 60-byte packets, BusyBox's 46 (minus IP and UDP headers). */
const PROBE_DATA = { linux: 32, busybox: 18 } as const;
const BASE_PORT = 33434;
const PROBES_PER_HOP = 3;

function flagOf(r: WalkResult): string {
  const icmp = [...r.hops].reverse().find((h) => h.kind === 'icmp');
  const h = icmp?.packet[1] as IcmpHeader | undefined;
  const code = h?.code ?? 1;
  return { 0: '!N', 1: '!H', 2: '!P', 4: '!F', 13: '!X' }[code] ?? `!<${code}>`;
}

export function traceroute(world: World, req: { from: EndpointSpec; to: EndpointSpec }, opts: TracerouteOptions = {}): TracerouteResult {
  const maxTtl = opts.maxTtl ?? 30;
  const variant = opts.variant ?? 'linux';
  const dst = resolveTo(worldIndex(world), req.to);
  if (typeof dst !== 'string') return { hops: [], dst: '', error: dst.error };
  const out: TracerouteResult = { hops: [], dst };
  for (let ttl = 1; ttl <= maxTtl; ttl++) {
    const r = walk(
      world,
      { from: req.from, to: req.to, protocol: 'udp', port: BASE_PORT + (ttl - 1) * PROBES_PER_HOP, size: PROBE_DATA[variant], ttl, pmtudisc: 'dont' },
      { hooks: opts.hooks },
    );
    const v = r.verdict;
    if (v.kind === 'delivered') {
      if (v.external) {
        // Beyond the outside gateway nothing in the lab answers: traceroute keeps probing and prints a line of
        // stars per TTL up to its limit (it never stops early on silence); the real kernel does the same.
        for (let t = ttl; t <= maxTtl; t++) out.hops.push({ ttl: t, reached: false });
        out.external = true;
      } else {
        // the destination's port unreachable comes from the address the probe was sent to — if it finds its
        // way back: its return path is the reply's (walked here); lost, traceroute sees only silence and
        // keeps probing to its limit
        const back = walk(
          world,
          { from: req.from, to: req.to, protocol: 'udp', port: BASE_PORT + (ttl - 1) * PROBES_PER_HOP, size: PROBE_DATA[variant], ttl, pmtudisc: 'dont', reply: true },
          { hooks: opts.hooks },
        ).reply;
        if (back && (back.verdict.kind !== 'delivered' || back.verdict.external)) {
          for (let t = ttl; t <= maxTtl; t++) out.hops.push({ ttl: t, reached: false });
          return out;
        }
        out.hops.push({ ttl, addr: dst, reached: true });
      }
      return out;
    }
    if (v.reason === 'ttl-exceeded') {
      out.hops.push(v.icmpFrom ? { ttl, addr: v.icmpFrom, reached: false } : { ttl, reached: false });
      continue;
    }
    if (v.icmpFrom) {
      out.hops.push({ ttl, addr: v.icmpFrom, reached: false, flag: flagOf(r) });
      return out;
    }
    const sentAnything = r.hops.some((h) => h.kind === 'wire');
    if (!sentAnything && v.at === r.hops[0]?.ns) {
      out.error = v.message ?? `${v.reason}`;
      return out;
    }
    // a silent drop: every later probe dies at the same place, traceroute prints stars to the end
    for (let t = ttl; t <= maxTtl; t++) out.hops.push({ ttl: t, reached: false });
    return out;
  }
  return out;
}
