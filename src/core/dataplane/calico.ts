// What calico-node (BIRD for IPIP and no-encap pools, Felix for VXLAN pools, workload routes and — without
// BIRD — blackholes) programs on one node. The routes follow cni-facts §2:
//   IPIP           10.244.1.0/26 via 192.168.1.11 dev tunl0 proto bird onlink
//   no encap       10.244.1.0/26 via 192.168.1.11 dev eth0 proto bird          (recursive next hop)
//   VXLAN          10.244.1.0/26 via 10.244.1.0 dev vxlan.calico onlink         (Felix, proto boot: not printed)
//   VXLAN same net 10.244.1.0/26 via 192.168.1.11 dev eth0 proto 80 onlink
//   local block    blackhole 10.244.0.0/26 proto bird   (proto 80 when Felix owns it)
//   local pod      10.244.0.5 dev cali1234567890a scope link

import type { NodeInfo } from '../model/cluster';
import type { Link, MasqRule, NetNS, Route } from '../model/kernel';
import { RTPROT } from '../model/kernel';
import type { EncapMode, IPPool } from '../model/scenario';
import { cidrContains, parseCidr, sameSubnet } from '../util/ipv4';
import { resolveNextHop } from './routeResolve';

/** A prefix some node originates: an affine block, a borrowed pod address, or a VTEP address outside its blocks. */
export interface ClusterPrefix {
  prefix: string;
  node: string;
  kind: 'block' | 'borrowed' | 'vtep';
  pool: IPPool;
}

export interface CalicoNodeBuild {
  ns: NetNS;
  node: NodeInfo;
  /** underlay routes only (before any CNI route), used to resolve BGP next hops */
  underlay: Route[];
  backend: 'bird' | 'vxlan' | 'none';
  ipipEnabled: boolean;
  vxlanEnabled: boolean;
  mtus: { ipip: number; vxlan: number };
  /** every prefix in the cluster, in kernel order (sorted once for all nodes) */
  prefixes: ClusterPrefix[];
  nodesByName: Map<string, NodeInfo>;
  /** next hop of the route BIRD learned for prefixes originated by `from`, or undefined when no Established
   *  session path delivered them (mesh off, no peers, a fault) */
  bgpNextHop: (from: string) => string | undefined;
  /** Route objects are shared between nodes when identical (most remote routes are) */
  routeCache: Map<string, Route>;
  nextIfindex: number;
}

export function poolFor(pools: IPPool[], prefix: string): IPPool | undefined {
  const c = parseCidr(prefix);
  return pools.find((p) => cidrContains(parseCidr(p.cidr), c.base));
}

function encapOn(mode: EncapMode, local: NodeInfo, remoteAddr: string): boolean {
  if (mode === 'Always') return true;
  if (mode === 'CrossSubnet') {
    // "Same subnet" comes from the node address's own prefix (spec.bgp.ipv4Address), not from the routes.
    const a = local.address!;
    return !sameSubnet(a.ip, a.prefixLen, remoteAddr);
  }
  return false;
}

function shared(cache: Map<string, Route>, r: Route): Route {
  const key = `${r.type} ${r.dst} ${r.via ?? ''} ${r.dev ?? ''} ${r.proto} ${r.scope} ${r.onlink ? 1 : 0}`;
  const hit = cache.get(key);
  if (hit) return hit;
  cache.set(key, r);
  return r;
}

/**
 * Adds Calico's devices, neighbours and local routes (blackholes) to a node namespace that already holds
 * its underlay, and returns the routes to remote prefixes in kernel order plus the next free ifindex.
 */
export function programCalicoNode(b: CalicoNodeBuild): { remote: Route[]; nextIfindex: number } {
  const { ns, node } = b;
  let ifindex = b.nextIfindex;
  const addr = node.address;
  if (b.ipipEnabled) {
    ns.links.push({
      ifindex: ifindex++,
      name: 'tunl0',
      kind: 'ipip',
      mtu: b.mtus.ipip,
      addrs: node.tunnelAddr && !b.vxlanEnabled ? [{ ip: node.tunnelAddr, prefixLen: 32, scope: 'global', brd: node.tunnelAddr }] : [],
      up: true,
      qdisc: 'noqueue',
    });
  }
  if (b.vxlanEnabled && addr) {
    ns.links.push({
      ifindex: ifindex++,
      name: 'vxlan.calico',
      kind: 'vxlan',
      mtu: b.mtus.vxlan,
      mac: node.vtepMac,
      addrs: node.tunnelAddr ? [{ ip: node.tunnelAddr, prefixLen: 32, scope: 'global' }] : [],
      up: true,
      vxlan: { vni: 4096, port: 4789, local: addr.ip, dev: addr.iface, learning: false },
      qdisc: 'noqueue',
    } satisfies Link);
  }

  // Blackholes for the node's own confirmed blocks: BIRD's static protocol when BIRD runs, else Felix.
  if (b.backend !== 'none') {
    const proto = b.backend === 'bird' ? RTPROT.bird : RTPROT.felix;
    const owner = b.backend === 'bird' ? 'bird' : 'felix';
    for (const block of node.blocks) {
      if (parseCidr(block).prefixLen === 32) continue;
      ns.routes.push({ type: 'blackhole', dst: block, proto, scope: 'universe', owner });
    }
  }

  const remote: Route[] = [];
  if (!addr) return { remote, nextIfindex: ifindex };
  const vtepSeen = new Set<string>();
  for (const p of b.prefixes) {
    if (p.node === node.name) continue;
    const other = b.nodesByName.get(p.node);
    if (!other?.address) continue;
    if (p.pool.vxlanMode === 'Never') {
      // BIRD-programmed (IPIP or no encapsulation), only what BGP delivered.
      if (b.backend !== 'bird' || p.kind === 'vtep') continue;
      const nextHop = b.bgpNextHop(p.node);
      if (!nextHop) continue;
      const r = birdRoute(b, p.pool, p.prefix, nextHop);
      if (r) remote.push(shared(b.routeCache, r));
      continue;
    }
    // Felix-programmed VXLAN routes, computed from the datastore (no BGP needed).
    if (!b.vxlanEnabled || !other.tunnelAddr || !other.vtepMac) continue;
    vtepSeen.add(other.name);
    if (p.kind === 'vtep') {
      remote.push(shared(b.routeCache, { type: 'unicast', dst: p.prefix, dev: 'vxlan.calico', proto: RTPROT.boot, scope: 'link', owner: 'felix' }));
    } else if (p.kind === 'block' && !encapOn(p.pool.vxlanMode, node, other.address.ip)) {
      remote.push(shared(b.routeCache, { type: 'unicast', dst: p.prefix, via: other.address.ip, dev: addr.iface, proto: RTPROT.felix, scope: 'universe', onlink: true, owner: 'felix' }));
    } else {
      remote.push(shared(b.routeCache, { type: 'unicast', dst: p.prefix, via: other.tunnelAddr, dev: 'vxlan.calico', proto: RTPROT.boot, scope: 'universe', onlink: true, owner: 'felix' }));
    }
  }
  // Felix programs a static ARP entry and an FDB entry for every remote VTEP.
  for (const name of vtepSeen) {
    const other = b.nodesByName.get(name)!;
    ns.neigh.push({ ip: other.tunnelAddr!, dev: 'vxlan.calico', lladdr: other.vtepMac, state: 'PERMANENT' });
    ns.fdb.push({ mac: other.vtepMac!, dev: 'vxlan.calico', dst: other.address!.ip, self: true, permanent: true });
  }
  return { remote, nextIfindex: ifindex };
}

function birdRoute(b: CalicoNodeBuild, pool: IPPool, prefix: string, nextHop: string): Route | undefined {
  if (b.ipipEnabled && encapOn(pool.ipipMode, b.node, nextHop)) {
    return { type: 'unicast', dst: prefix, via: nextHop, dev: 'tunl0', proto: RTPROT.bird, scope: 'universe', onlink: true, owner: 'bird' };
  }
  const nh = resolveNextHop(b.underlay, nextHop);
  if (!nh) return undefined; // BIRD cannot resolve the next hop: the route stays in BIRD, not in the kernel
  return { type: 'unicast', dst: prefix, via: nh.via, dev: nh.dev, proto: RTPROT.bird, scope: 'universe', owner: 'bird' };
}

/** Felix's cali-nat-outgoing: MASQUERADE from natOutgoing pools to anything outside every pool. */
export function calicoMasquerade(pools: IPPool[]): MasqRule[] {
  const masq = pools.filter((p) => p.natOutgoing && !p.disabled).map((p) => p.cidr);
  if (!masq.length) return [];
  return [
    {
      action: 'MASQUERADE',
      src: { cidrs: masq },
      dst: { cidrs: pools.map((p) => p.cidr), negate: true },
      comment: 'cali-nat-outgoing: -m set --match-set cali40masq-ipam-pools src -m set ! --match-set cali40all-ipam-pools dst -j MASQUERADE',
    },
  ];
}
