// The main routing table as `route -n` (net-tools) and `ip route` (iproute2 6.x) print it, and the
// one-route answer of `ip route get`. Row order is the order of ns.routes: the caller sorts.

import type { NetNS, Route } from '../model/kernel';
import { formatRoute } from '../model/routeLine';
import { maskToIp, parseCidr, numToIp } from '../util/ipv4';
import { padRight, padLeft } from './printf';

// A route's one-line form is the model's (walk hops and BGP FIB changes name routes by it); re-exported so
// the renderers' API stays whole.
export { formatRoute, protoName } from '../model/routeLine';

// ---------------------------------------------------------------------------------------------
// route -n (net-tools lib/inet_gr.c rprint_fib, reading the kernel's /proc/net/route)
// ---------------------------------------------------------------------------------------------

const ROUTE_N_HEADER =
  'Kernel IP routing table\n' + 'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface\n';

/** Flags as the kernel reports them in /proc/net/route (fib_flag_trans) and net-tools spells them:
 *  U always; G when there is a gateway; H for a /32. unreachable and prohibit carry RTF_REJECT, which
 *  net-tools prints by replacing the whole string with "!" (then H). blackhole has no RTF_REJECT. */
function routeNFlags(r: Route, host: boolean): string {
  const reject = r.type === 'unreachable' || r.type === 'prohibit';
  let flags = reject ? '!' : 'U';
  if (!reject && r.via) flags += 'G';
  if (host) flags += 'H';
  return flags;
}

/** A destination's Destination and Genmask columns, padded, and whether it is a /32. */
interface DstColumns {
  dest: string;
  mask: string;
  host: boolean;
}

// The two columns follow from the destination's text alone, and a cluster's tables repeat destinations (every
// node lists every block): parsed and padded once per destination, not once per row (bounded).
const dstColumns = new Map<string, DstColumns>();

function columnsOf(dst: string): DstColumns {
  let c = dstColumns.get(dst);
  if (c === undefined) {
    const { base, prefixLen } = parseCidr(dst);
    c = { dest: padRight(numToIp(base), 15), mask: padRight(maskToIp(prefixLen), 15), host: prefixLen === 32 };
    if (dstColumns.size > 100_000) dstColumns.clear();
    dstColumns.set(dst, c);
  }
  return c;
}

const REF_USE = `${padRight('0', 2)} ${padLeft('0', 7)}`;
const REJECT_REF_USE = `-  ${padLeft('0', 7)} -`;

/** One `route -n` row: C format "%-15s %-15s %-15s %-5s %-6d %-2d %7d %s" (Ref and Use are 0). */
export function routeNRow(r: Route): string {
  const { dest, mask, host } = columnsOf(r.dst);
  const flags = padRight(routeNFlags(r, host), 5);
  const metric = padRight(String(r.metric ?? 0), 6);
  if (r.type === 'unreachable' || r.type === 'prohibit') {
    // "%-15s -               %-15s %-5s %-6d -  %7d -"
    return `${dest} -               ${mask} ${flags} ${metric} ${REJECT_REF_USE}`;
  }
  const gateway = r.via ?? '0.0.0.0';
  // a route without a device (blackhole) is listed with Iface "*"
  const iface = r.dev ?? '*';
  return `${dest} ${padRight(gateway, 15)} ${mask} ${flags} ${metric} ${REF_USE} ${iface}`;
}

/** `route -n`: header lines then one row per route of the main table, in ns.routes order. */
export function routeN(ns: NetNS): string {
  if (!ns.routes.length) return ROUTE_N_HEADER;
  return ROUTE_N_HEADER + ns.routes.map(routeNRow).join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// ip route (iproute2 ip/iproute.c print_route)
// ---------------------------------------------------------------------------------------------

/** `ip route` (main table): every line ends with a space, as iproute2 1.x–6.x print it ("%s " per
 *  token). Seeds 001 and 004 show that space; seed 002's blog copy has it stripped. */
export function ipRoute(ns: NetNS): string {
  return ns.routes.map((r) => formatRoute(r) + ' \n').join('');
}

// ---------------------------------------------------------------------------------------------
// ip route get
// ---------------------------------------------------------------------------------------------

export interface RouteGetResult {
  /** the address asked for */
  dst: string;
  /** route type when not unicast: "local" for an address of this host, "broadcast", … */
  type?: 'unicast' | 'local' | 'broadcast' | 'multicast';
  via?: string;
  dev: string;
  /** preferred source the kernel picked */
  src?: string;
  /** RTA_UID: the uid of the asking process (kernels ≥ 4.10 report it) */
  uid?: number;
  /** the answer is a cloned (cache) route — always true for IPv4 route lookups */
  cached?: boolean;
  /** RTCF_* cache flags as iproute2 names them ("local", "brd", …) */
  cacheFlags?: string[];
  /** learned PMTU exception: seconds left and the path MTU ("cache expires 597sec mtu 1450") */
  expires?: number;
  mtu?: number;
}

/** `ip route get ADDR`: the cloned route the kernel returns. proto and scope are not printed for a
 *  cloned route; the cache line is "    cache " with any flags, expiry and mtu after it. */
export function ipRouteGet(result: RouteGetResult): string {
  const t: string[] = [];
  if (result.type && result.type !== 'unicast') t.push(result.type);
  t.push(result.dst);
  if (result.via) t.push('via', result.via);
  t.push('dev', result.dev);
  if (result.src) t.push('src', result.src);
  t.push('uid', String(result.uid ?? 0));
  let out = t.join(' ') + ' ';
  if (result.cached ?? true) {
    out += '\n    cache ';
    if (result.cacheFlags && result.cacheFlags.length > 0) out += `<${result.cacheFlags.join(',')}> `;
    if (result.expires !== undefined) out += `expires ${result.expires}sec `;
    if (result.mtu !== undefined) out += `mtu ${result.mtu} `;
  }
  return out + '\n';
}

export type RouteGetFailure = 'no-route' | 'blackhole' | 'unreachable' | 'prohibit';

/** What `ip route get` prints (on stderr) when the lookup fails: the kernel's errno for the route
 *  type (ENETUNREACH for no route, EINVAL for blackhole, EHOSTUNREACH for unreachable, EACCES for
 *  prohibit) as iproute2 reports it. */
export function ipRouteGetError(kind: RouteGetFailure): string {
  const text: Record<RouteGetFailure, string> = {
    'no-route': 'Network is unreachable',
    blackhole: 'Invalid argument',
    unreachable: 'No route to host',
    prohibit: 'Permission denied',
  };
  return `RTNETLINK answers: ${text[kind]}\n`;
}
