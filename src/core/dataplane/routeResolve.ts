// How BIRD installs a BGP route whose next hop is the peer node's address: Calico's BGP template uses
// `gateway recursive`, so a next hop on a connected subnet is used as is, and a next hop behind a router is
// resolved through the underlay route that reaches it (the pod block then points at the router, which is
// why no-encap across a router fails unless the router itself knows the pod routes).

import type { Route } from '../model/kernel';
import { cidrContains, ipToNum, parseCidr } from '../util/ipv4';

export interface ResolvedNextHop {
  via: string;
  dev: string;
  /** the next hop is on a connected subnet */
  direct: boolean;
}

export function lookupUnderlay(routes: Route[], ip: string): Route | undefined {
  const n = ipToNum(ip);
  let best: Route | undefined;
  let bestLen = -1;
  let bestMetric = Infinity;
  for (const r of routes) {
    if (r.type !== 'unicast' || !r.dev) continue;
    const c = parseCidr(r.dst);
    if (!cidrContains(c, n)) continue;
    const m = r.metric ?? 0;
    if (c.prefixLen > bestLen || (c.prefixLen === bestLen && m < bestMetric)) {
      best = r;
      bestLen = c.prefixLen;
      bestMetric = m;
    }
  }
  return best;
}

export function resolveNextHop(underlay: Route[], nextHop: string): ResolvedNextHop | undefined {
  const r = lookupUnderlay(underlay, nextHop);
  if (!r || !r.dev) return undefined;
  if (!r.via) return { via: nextHop, dev: r.dev, direct: true };
  return { via: r.via, dev: r.dev, direct: false };
}
