// cnilab/v1 Fault resources applied to the resolved state. A fault is part of the scenario, so removing it
// and rebuilding recovers everything: nothing here is sticky. What each fault does to the kernel state:
//   nodeDown    the node's namespace and its pods' namespaces are down (they neither answer nor forward);
//               calico-node and BIRD stop with it.
//   linkDown    the NIC is set down: `ip link set dev X down` makes the kernel drop every route through it.
//   routerDown  the router's namespace is down.
//   filter      a firewall between two networks drops matching packets (both directions); it lives on the
//               path, not in any namespace, so the kernel state is untouched and `filterDrops` answers for
//               each packet (BGP asks it for TCP 179; the packet walk can ask it for any hop).

import type { NetNS } from '../model/kernel';
import type { Fault } from '../model/scenario';

export interface FaultIndex {
  nodeDown: Map<string, Fault>;
  routerDown: Map<string, Fault>;
  /** node → iface → fault */
  linkDown: Map<string, Map<string, Fault>>;
  filters: Fault[];
}

export function indexFaults(faults: readonly Fault[]): FaultIndex {
  const ix: FaultIndex = { nodeDown: new Map(), routerDown: new Map(), linkDown: new Map(), filters: [] };
  for (const f of faults) {
    if (f.type === 'nodeDown' && f.node) ix.nodeDown.set(f.node, f);
    else if (f.type === 'routerDown' && f.router) ix.routerDown.set(f.router, f);
    else if (f.type === 'linkDown' && f.node && f.iface) {
      const m = ix.linkDown.get(f.node) ?? new Map<string, Fault>();
      m.set(f.iface, f);
      ix.linkDown.set(f.node, m);
    } else if (f.type === 'filter' && f.filter) ix.filters.push(f);
  }
  return ix;
}

export interface FilterQuery {
  /** network the packet comes from (at a router: the ingress segment) */
  srcNetwork: string;
  /** network the packet goes to (at a router: the egress segment) */
  dstNetwork: string;
  protocol: 'TCP' | 'UDP' | 'ICMP';
  /** destination port (TCP/UDP); a filter with a port drops only packets to that port */
  port?: number;
}

/** The first filter fault dropping this packet, if any. A filter is symmetric: `between: [a, b]` drops
 *  a→b and b→a alike; without a port it drops the whole protocol. */
export function filterDrops(faults: readonly Fault[], q: FilterQuery): Fault | undefined {
  for (const f of faults) {
    const flt = f.type === 'filter' ? f.filter : undefined;
    if (!flt || flt.protocol !== q.protocol) continue;
    const [a, b] = flt.between;
    const pair = (q.srcNetwork === a && q.dstNetwork === b) || (q.srcNetwork === b && q.dstNetwork === a);
    if (!pair) continue;
    if (flt.port !== undefined && flt.port !== q.port) continue;
    return f;
  }
  return undefined;
}

/** Applies node, link and router faults to the namespaces, in place (the state is being built). A pod
 *  namespace goes down with the node its veth is plugged into. Routes through a downed link are deleted,
 *  as the kernel does when a device goes down. */
export function applyFaults(netns: Record<string, NetNS>, faults: readonly Fault[]): void {
  if (!faults.length) return;
  const ix = indexFaults(faults);
  for (const ns of Object.values(netns)) {
    if (ns.kind === 'node') {
      if (ix.nodeDown.has(ns.name)) ns.down = true;
      const links = ix.linkDown.get(ns.name);
      if (links) {
        for (const l of ns.links) if (links.has(l.name)) l.up = false;
        ns.routes = ns.routes.filter((r) => !r.dev || !links.has(r.dev));
      }
    } else if (ns.kind === 'router') {
      if (ix.routerDown.has(ns.name)) ns.down = true;
    } else if (ns.kind === 'pod') {
      const host = ns.links.find((l) => l.kind === 'veth')?.peer?.ns;
      if (host && host.startsWith('node/') && ix.nodeDown.has(host.slice('node/'.length))) ns.down = true;
    }
  }
}
