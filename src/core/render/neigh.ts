// The neighbour table (`ip neigh`) and the bridge forwarding database (`bridge fdb show`), in the
// order the namespace holds them.

import type { NetNS } from '../model/kernel';

export interface NeighRenderOptions {
  /** only entries on this device (`ip neigh show dev flannel.1`) */
  dev?: string;
}

/** `ip neigh` (iproute2 ≥ 5.15, ip/ipneigh.c print_neigh): "DST dev IF [lladdr MAC] STATE " — every
 *  attribute is printed as "%s ", so lines end with a space (older iproute2 put the space before each
 *  attribute instead; seed 002 is a blog copy with trailing spaces stripped either way). FAILED and
 *  INCOMPLETE entries have no lladdr. */
export function ipNeigh(ns: NetNS, opts: NeighRenderOptions = {}): string {
  return ns.neigh
    .filter((n) => opts.dev === undefined || n.dev === opts.dev)
    .map((n) => `${n.ip} dev ${n.dev} ${n.lladdr ? `lladdr ${n.lladdr} ` : ''}${n.state} \n`)
    .join('');
}

/** `bridge fdb show` (bridge/fdb.c print_fdb): "MAC dev IF [dst IP] [self] STATE" where STATE is
 *  "permanent" for NUD_PERMANENT and empty for a learned (reachable) entry, printed last with "%s\n";
 *  so a permanent entry has no trailing space and a learned one ends in "self ". */
export function bridgeFdb(ns: NetNS, opts: NeighRenderOptions = {}): string {
  return ns.fdb
    .filter((f) => opts.dev === undefined || f.dev === opts.dev)
    .map((f) => `${f.mac} dev ${f.dev} ${f.dst ? `dst ${f.dst} ` : ''}${f.self ? 'self ' : ''}${f.permanent ? 'permanent' : ''}\n`)
    .join('');
}
