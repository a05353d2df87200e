// Nodes that see the cluster alike program the same remote routes, so a 1,000-node mesh computes the list
// once per class, not once per node (remoteRoutesFor in ./dataplane).

import type { NodeInfo } from '../../model/cluster';
import type { Route } from '../../model/kernel';
import { ipToNum, maskOf } from '../../util/ipv4';

/**
 * The key under which nodes share their remote routes: everything remoteRoutesFor reads about the node — its
 * subnet and NIC, its underlay routes (recursive next hops), and the next hop BGP gave it for each originator
 * (with its own prefixes counted as learned from itself, as its classmates learn them). Nodes without an
 * address get a class of their own.
 */
export function remoteClassKey(
  nodes: NodeInfo[],
  underlay: Map<string, Route[]>,
  bgp: { nextHop: (self: string, from: string) => string | undefined; plainMesh: (self: string) => boolean } | undefined,
): (node: NodeInfo) => string {
  return (node) => {
    const a = node.address;
    if (!a) return `unaddressed:${node.name}`;
    const subnet = (ipToNum(a.ip) & maskOf(a.prefixLen)) >>> 0;
    const routes = underlay
      .get(node.name)!
      .filter((r) => r.type === 'unicast' && r.dev)
      .map((r) => `${r.dst}>${r.via ?? ''}@${r.dev}:${r.metric ?? 0}`)
      .join(',');
    let learned = '';
    if (bgp?.plainMesh(node.name)) learned = 'plain-mesh';
    else if (bgp) {
      const nextHop = bgp.nextHop;
      // a 64-bit digest (two FNV-1a streams) of the next-hop vector over every originator
      let h1 = 0x811c9dc5;
      let h2 = 0x01000193;
      for (const o of nodes) {
        const nh = o === node ? a.ip : nextHop(node.name, o.name) ?? '-';
        for (let i = 0; i < nh.length; i++) {
          const c = nh.charCodeAt(i);
          h1 = Math.imul(h1 ^ c, 0x01000193) >>> 0;
          h2 = Math.imul(h2 ^ c, 0x01000197) >>> 0;
        }
        h1 = Math.imul(h1 ^ 0x2c, 0x01000193) >>> 0;
        h2 = Math.imul(h2 ^ 0x2c, 0x01000197) >>> 0;
      }
      learned = `${h1.toString(16)}${h2.toString(16)}`;
    }
    return `${subnet}/${a.prefixLen}|${a.iface}|${routes}|${learned}`;
  };
}
