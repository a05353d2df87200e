// The FIB lookup (fib_table_lookup in net/ipv4/fib_trie.c) and source-address selection
// (fib_result_prefsrc in fib_semantics.c, inet_select_addr in devinet.c), applied to whatever routes and
// addresses a namespace holds.

import type { Link, Route } from '../model/kernel';
import { formatRoute } from '../model/routeLine';
import { numToIp } from '../util/ipv4';
import type { AddrInfo, NsIndex, PreparedRoute } from './world';
import { routeScope, SCOPE_LINK, ipNum } from './world';
import { walkEnglish, wm } from './messages';
import type { Msg } from '../msg';

export interface FibResult {
  prepared: PreparedRoute;
  route: Route;
  /** the output device (absent for blackhole/unreachable/prohibit) */
  dev?: Link;
}

/** A route is usable unless its device is missing or administratively down: the kernel flushes or marks
 *  dead (RTNH_F_DEAD) the nexthops of a down device. A carrier-less device ("linkdown") stays usable:
 *  ignore_routes_with_linkdown defaults to 0. */
function usable(idx: NsIndex, r: Route): Link | undefined | false {
  if (r.type !== 'unicast') return undefined;
  if (!r.dev) return false;
  const dev = idx.byName.get(r.dev);
  if (!dev || !dev.up) return false;
  return dev;
}

/**
 * Longest-prefix match: the most specific prefix with a usable route wins; among routes with that same
 * prefix the lowest metric, then the first in table order (fib_table_lookup walks the leaf's aliases in
 * order and takes the first whose priority matches; equal prefixes are kept sorted by priority).
 */
export function fibLookup(idx: NsIndex, dst: number): FibResult | undefined {
  for (const b of idx.buckets) {
    const list = b.routes.get((dst & b.mask) >>> 0);
    if (!list) continue;
    let best: { p: PreparedRoute; dev?: Link } | undefined;
    for (const p of list) {
      const dev = usable(idx, p.route);
      if (dev === false) continue;
      if (!best || p.metric < best.p.metric) best = { p, dev: dev ?? undefined };
    }
    if (best) return { prepared: best.p, route: best.p.route, dev: best.dev };
  }
  return undefined;
}

/** The next hop a route sends to: its gateway, or the destination itself on a connected route
 *  (rt_nexthop). */
export function nextHop(route: Route, dst: string): string {
  return route.via ?? dst;
}

/** `ip route` text of a route (model/routeLine's formatRoute). */
export function routeLine(route: Route): string {
  return formatRoute(route);
}

/**
 * inet_select_addr(dev, dst, scope): the first primary address on dev whose scope is not narrower than
 * asked, preferring one whose subnet holds dst; if dev has none, the first primary address of any
 * device in ifindex order that is neither link-scoped nor narrower than asked (in_dev_select_addr) —
 * which is how a route through an address-less cali* or tunl0 still gets a source.
 */
export function inetSelectAddr(idx: NsIndex, dev: Link | undefined, dst: number | undefined, scope: number): AddrInfo | undefined {
  let chosen: AddrInfo | undefined;
  if (dev) {
    for (const a of idx.addrs) {
      if (a.link !== dev || a.secondary) continue;
      if (a.scope > scope) continue;
      if (dst === undefined || ((a.ip ^ dst) & maskLen(a.addr.prefixLen)) === 0) return a;
      if (!chosen) chosen = a;
    }
    if (chosen) return chosen;
  }
  for (const a of idx.addrs) {
    if (a.secondary) continue;
    if (a.scope !== SCOPE_LINK && a.scope <= scope) return a;
  }
  return undefined;
}

function maskLen(prefixLen: number): number {
  return prefixLen === 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
}

/** How a source address was chosen, for the "why" of a hop. */
export interface SourceChoice {
  ip: string;
  how: string;
  /** the same as a message, for other languages */
  howMsg: Msg;
}

/**
 * fib_result_prefsrc: the route's `src` if it has one, else inet_select_addr on the route's device with
 * the gateway as the address to match and the route's scope.
 */
export function routeSource(idx: NsIndex, fib: FibResult): SourceChoice | undefined {
  const r = fib.route;
  if (r.src) return choice(r.src, wm('walk.src.routeSrc', { ip: r.src }));
  const gw = r.via ? ipNum(r.via) : undefined;
  const a = inetSelectAddr(idx, fib.dev, gw, routeScope(r));
  if (!a) return undefined;
  const how =
    a.link === fib.dev
      ? wm('walk.src.primary', { dev: a.link.name })
      : fib.dev
        ? wm('walk.src.fallback', { dev: fib.dev.name, other: a.link.name })
        : wm('walk.src.fallbackNoDev', { other: a.link.name });
  return choice(numToIp(a.ip), how);
}

function choice(ip: string, howMsg: Msg): SourceChoice {
  return { ip, how: walkEnglish(howMsg), howMsg };
}
