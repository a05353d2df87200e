// The host-local IPAM plugin (containernetworking/plugins, plugins/ipam/host-local): one range per node —
// its Node.spec.podCIDR — and a per-range allocation store. Flannel always uses it; Calico does with
// `ipam: host-local` (USE_POD_CIDR). Allocation goes round-robin from the address after the last one
// reserved (the store's last_reserved_ip), so a freed address is not reused until the range wraps.

import type { HostLocalRange, NodeInfo } from '../model/cluster';
import { ipToNum, numToIp, parseCidr } from '../util/ipv4';
import { IpamError } from './errors';

/**
 * Each node's range, carrying over the previous state's allocations whose handle is still live (an edit
 * never renumbers pods). Nodes without a podCIDR get no range.
 */
export function hostLocalRanges(
  nodes: readonly Pick<NodeInfo, 'name' | 'podCIDR'>[],
  prev: Record<string, HostLocalRange> | undefined,
  live: Set<string>,
): Record<string, HostLocalRange> {
  const out: Record<string, HostLocalRange> = {};
  for (const node of nodes) {
    if (!node.podCIDR) continue;
    const p = prev?.[node.name];
    const allocations: Record<string, string> = {};
    if (p && p.podCIDR === node.podCIDR) for (const [ip, h] of Object.entries(p.allocations)) if (live.has(h)) allocations[ip] = h;
    out[node.name] = p && p.podCIDR === node.podCIDR ? { ...p, allocations } : { podCIDR: node.podCIDR, allocations };
  }
  return out;
}

/**
 * The address for `handle` (the one it already holds, else the next free one), skipping ordinals below
 * `firstOrdinal` (network address, gateway) and the broadcast address. Throws IpamError('exhausted').
 */
export function hostLocalAssign(r: HostLocalRange, handle: string, firstOrdinal: number): string {
  for (const [ip, h] of Object.entries(r.allocations)) if (h === handle) return ip;
  const net = parseCidr(r.podCIDR);
  const size = 2 ** (32 - net.prefixLen);
  const last = r.lastReserved ? ipToNum(r.lastReserved) - net.base : firstOrdinal - 1;
  for (let k = 1; k <= size; k++) {
    const o = (last + k) % size;
    if (o < firstOrdinal || o === size - 1) continue;
    const ip = numToIp(net.base + o);
    if (r.allocations[ip] === undefined) {
      r.allocations[ip] = handle;
      r.lastReserved = ip;
      return ip;
    }
  }
  throw new IpamError('exhausted', `host-local range ${r.podCIDR} is exhausted`);
}

/** USE_POD_CIDR: the tunnel device takes the podCIDR's first host address (seed 002: tunl0 10.244.0.1). */
export function hostLocalTunnelAddress(r: HostLocalRange, handle: string): string {
  const ip = numToIp(parseCidr(r.podCIDR).base + 1);
  r.allocations[ip] = handle;
  return ip;
}
