// Building and ordering a main routing table the way the kernel dumps it.
// fib_trie walks leaves in ascending key (network address) order; within one leaf the aliases are kept
// in ascending suffix length, i.e. the longest prefix first (fib_insert_alias). Same prefix: insertion
// order, which here is "lower metric first" as the distribution installs them.

import { RTPROT, type Route } from '../model/kernel';
import { canonicalCidr, ipToNum, parseCidr } from '../util/ipv4';

// Parsing a CIDR string costs more than comparing two routes; a cluster has few distinct destinations
// (blocks, pod IPs) shared by every node, so their keys are parsed once.
const keyCache = new Map<string, number>();

/** Sort key of a destination: base * 64 + (32 - prefixLen), so ascending key = kernel dump order. */
export function dstKey(dst: string): number {
  let k = keyCache.get(dst);
  if (k === undefined) {
    const c = parseCidr(dst);
    k = c.base * 64 + (32 - c.prefixLen);
    if (keyCache.size > 200_000) keyCache.clear();
    keyCache.set(dst, k);
  }
  return k;
}

/** Routes with their sort keys looked up once per route, not once per comparison (a node's own list holds
 *  one route per pod), in kernel dump order; same key and metric keep their insertion order. */
function keyedKernelOrder(routes: Route[], known?: readonly (number | undefined)[]): { r: Route; k: number }[] {
  return routes
    .map((r, i) => ({ r, i, k: known?.[i] ?? dstKey(r.dst), m: r.metric ?? 0 }))
    .sort((x, y) => x.k - y.k || x.m - y.m || x.i - y.i);
}

/** Stable sort into kernel dump order. */
export function sortKernelOrder(routes: Route[]): Route[] {
  return keyedKernelOrder(routes).map((x) => x.r);
}

/**
 * Merges the local routes (sorted here) with the remote ones (already in kernel order, with their
 * keys precomputed: a node can hold thousands, and every node's list comes from one sorted prefix list).
 * `localKeys[i]`, when given, is local[i]'s dstKey already known (a pod's /32 from its address).
 * `keep(j)`, when given, says whether b[j] belongs in this table: a shared list is merged in one pass
 * without first copying the part a node keeps.
 */
export function mergeKernelOrder(
  local: Route[],
  b: Route[],
  bKeys: number[],
  localKeys?: readonly (number | undefined)[],
  keep?: (j: number) => boolean,
): Route[] {
  const sorted = keyedKernelOrder(local, localKeys);
  const out: Route[] = [];
  let i = 0;
  for (let j = 0; j < b.length; j++) {
    if (keep && !keep(j)) continue;
    const k = bKeys[j];
    while (i < sorted.length && sorted[i].k <= k) out.push(sorted[i++].r);
    out.push(b[j]);
  }
  while (i < sorted.length) out.push(sorted[i++].r);
  return out;
}

const PROTO_NAMES: Record<string, number> = {
  kernel: RTPROT.kernel,
  boot: RTPROT.boot,
  static: RTPROT.static,
  bird: RTPROT.bird,
  dhcp: RTPROT.dhcp,
  redirect: RTPROT.redirect,
};

export function protoNumber(name: string): number {
  if (/^\d+$/.test(name)) return Number(name);
  const n = PROTO_NAMES[name];
  if (n === undefined) throw new Error(`unknown route protocol "${name}"`);
  return n;
}

/**
 * Parses one `ip route` line (the subset a distribution adds: "169.254.0.0/16 dev ens33 scope link
 * metric 1000", "10.0.0.0/8 via 192.168.1.1 dev eth0 proto static"). Throws with the offending token.
 */
export function parseRouteLine(line: string, owner: Route['owner'] = 'distro'): Route {
  const tok = line.trim().split(/\s+/);
  let i = 0;
  let type: Route['type'] = 'unicast';
  if (tok[i] === 'blackhole' || tok[i] === 'unreachable' || tok[i] === 'prohibit') type = tok[i++] as Route['type'];
  const dstTok = tok[i++];
  if (!dstTok) throw new Error(`empty route line`);
  const dst = dstTok === 'default' ? '0.0.0.0/0' : canonicalCidr(dstTok.includes('/') ? dstTok : `${dstTok}/32`);
  const r: Route = { type, dst, proto: RTPROT.boot, scope: 'universe', owner };
  while (i < tok.length) {
    const k = tok[i++];
    const v = tok[i];
    switch (k) {
      case 'via':
        ipToNum(v);
        r.via = v;
        i++;
        break;
      case 'dev':
        r.dev = v;
        i++;
        break;
      case 'proto':
        r.proto = protoNumber(v);
        i++;
        break;
      case 'scope':
        if (v !== 'link' && v !== 'host' && v !== 'global' && v !== 'universe') throw new Error(`bad scope "${v}"`);
        r.scope = v === 'global' ? 'universe' : v;
        i++;
        break;
      case 'src':
        ipToNum(v);
        r.src = v;
        i++;
        break;
      case 'metric':
        r.metric = Number(v);
        if (!Number.isInteger(r.metric)) throw new Error(`bad metric "${v}"`);
        i++;
        break;
      case 'onlink':
        r.onlink = true;
        break;
      case 'linkdown':
        r.linkdown = true;
        break;
      default:
        throw new Error(`unexpected token "${k}" in route "${line}"`);
    }
  }
  if (type === 'unicast' && !r.dev) throw new Error(`route "${line}" has no dev`);
  return r;
}
