// A route's one-line form, as iproute2's print_route writes it: [type] DST [via GW] [dev IF] [proto P]
// [scope S] [src A] [metric N] [onlink] [linkdown]. The kernel model names routes by this line — a hop's
// "route" event, a BGP FIB change, a route diff between two states — so it lives with the Route type, below
// the text renderers; render/routes.ts builds `ip route` tables from it.

import type { Route } from './kernel';
import { parseCidr, numToIp } from '../util/ipv4';

/** rtnl_rtprot_tab of lib/rt_names.c (built in; numbers without a name print as digits, e.g. Felix's
 *  "proto 80"). */
const RT_PROTOS: Record<number, string> = {
  0: 'unspec',
  1: 'redirect',
  2: 'kernel',
  3: 'boot',
  4: 'static',
  8: 'gated',
  9: 'ra',
  10: 'mrt',
  11: 'zebra',
  12: 'bird',
  13: 'dnrouted',
  14: 'xorp',
  15: 'ntk',
  16: 'dhcp',
  18: 'keepalived',
  42: 'babel',
  186: 'bgp',
  187: 'isis',
  188: 'ospf',
  189: 'rip',
  192: 'eigrp',
};

export function protoName(proto: number): string {
  return RT_PROTOS[proto] ?? String(proto);
}

/** Destination as print_route writes it: "default" for 0.0.0.0/0, a bare address for a /32. */
function ipRouteDst(dst: string): string {
  const { base, prefixLen } = parseCidr(dst);
  if (prefixLen === 0) return 'default';
  return prefixLen === 32 ? numToIp(base) : `${numToIp(base)}/${prefixLen}`;
}

/** The tokens of one route in print_route's order:
 *  [type] DST [via GW] [dev IF] [proto P] [scope S] [src A] [metric N] [onlink] [linkdown].
 *  The type is omitted for unicast, proto for boot (3, what Felix's pod routes use), scope for
 *  universe, metric when 0 (the kernel sends no RTA_PRIORITY then). */
function routeTokens(r: Route): string[] {
  const t: string[] = [];
  if (r.type !== 'unicast') t.push(r.type);
  t.push(ipRouteDst(r.dst));
  if (r.via) t.push('via', r.via);
  if (r.dev) t.push('dev', r.dev);
  if (r.proto !== 3) t.push('proto', protoName(r.proto));
  if (r.scope !== 'universe') t.push('scope', r.scope);
  if (r.src) t.push('src', r.src);
  if (r.metric) t.push('metric', String(r.metric));
  if (r.onlink) t.push('onlink');
  if (r.linkdown) t.push('linkdown');
  return t;
}

/** One route as `ip route` prints it, without the space iproute2 leaves before the newline (every
 *  token is printed as "%s "); used for hop events and the UI. */
export function formatRoute(route: Route): string {
  return routeTokens(route).join(' ');
}
