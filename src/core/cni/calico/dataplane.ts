// What calico-node (BIRD for IPIP and no-encap pools, Felix for VXLAN pools, workload routes and — without
// BIRD — blackholes) programs on one node. The routes follow cni-facts §2:
//   IPIP           10.244.1.0/26 via 192.168.1.11 dev tunl0 proto bird onlink
//   no encap       10.244.1.0/26 via 192.168.1.11 dev eth0 proto bird          (recursive next hop)
//   VXLAN          10.244.1.0/26 via 10.244.1.0 dev vxlan.calico onlink         (Felix, proto boot: not printed)
//   VXLAN same net 10.244.1.0/26 via 192.168.1.11 dev eth0 proto 80 onlink
//   local block    blackhole 10.244.0.0/26 proto bird   (proto 80 when Felix owns it)
//   local pod      10.244.0.5 dev cali1234567890a scope link

import type { NodeInfo } from '../../model/cluster';
import type { Link, MasqRule, NetNS, Route } from '../../model/kernel';
import { RTPROT } from '../../model/kernel';
import type { EncapMode, IPPool } from '../../model/scenario';
import { cidrContains, ipToNum, maskOf, parseCidr } from '../../util/ipv4';
import { resolveNextHop, type ResolvedNextHop } from '../../dataplane/routeResolve';

/** A prefix some node originates: an affine block, a borrowed pod address, or a VTEP address outside its blocks. */
export interface ClusterPrefix {
  prefix: string;
  /** kernel-order sort key (dstKey), computed once */
  key: number;
  node: string;
  /** the originating node (resolved once: this list is walked once per node) */
  origin: NodeInfo;
  kind: 'block' | 'borrowed' | 'vtep';
  pool: IPPool;
  /** distinct Route objects programmed for this prefix across all nodes (most nodes share one) */
  variants: Route[];
}

export interface CalicoNodeBuild {
  ns: NetNS;
  node: NodeInfo;
  backend: 'bird' | 'vxlan' | 'none';
  ipipEnabled: boolean;
  vxlanEnabled: boolean;
  mtus: { ipip: number; vxlan: number };
  /** the enabled pools (whose mode decides who programs a block's blackhole) */
  pools: IPPool[];
  /** the remote routes of this node's class (remoteRoutesFor), its own prefixes still in */
  classRemote: RemoteList;
  nextIfindex: number;
}

/** What remoteRoutesFor needs: the node's own view (address, underlay) and the cluster's prefixes. */
export interface RemoteBuild {
  node: NodeInfo;
  underlay: Route[];
  backend: 'bird' | 'vxlan' | 'none';
  ipipEnabled: boolean;
  vxlanEnabled: boolean;
  /** every prefix in the cluster, in kernel order (sorted once for all nodes) */
  prefixes: ClusterPrefix[];
  /** next hop of the route BIRD learned for prefixes originated by `from`, or undefined when no Established
   *  session path delivered them (mesh off, no peers, a fault) */
  bgpNextHop: (from: string) => string | undefined;
}

/** Routes to remote prefixes in kernel order, with their sort keys and originators, and the VTEPs they use. */
export interface RemoteList {
  routes: Route[];
  keys: number[];
  origins: NodeInfo[];
  vteps: NodeInfo[];
}

export function poolFor(pools: IPPool[], prefix: string): IPPool | undefined {
  const c = parseCidr(prefix);
  return pools.find((p) => cidrContains(parseCidr(p.cidr), c.base));
}

/** The Route for a prefix with these attributes: an existing variant when one matches, else a new one. */
function variant(
  p: ClusterPrefix,
  via: string | undefined,
  dev: string,
  proto: number,
  scope: Route['scope'],
  onlink: boolean,
  owner: Route['owner'],
): Route {
  for (const v of p.variants) {
    if (v.via === via && v.dev === dev && v.proto === proto && v.scope === scope && !!v.onlink === onlink) return v;
  }
  const r: Route = { type: 'unicast', dst: p.prefix, ...(via ? { via } : {}), dev, proto, scope, ...(onlink ? { onlink } : {}), owner };
  p.variants.push(r);
  return r;
}

/**
 * Adds Calico's devices, neighbours and local routes (blackholes) to a node namespace that already holds
 * its underlay, and returns the next free ifindex. Which routes to remote prefixes it keeps is `keepsClassRoute`.
 */
export function programCalicoNode(b: CalicoNodeBuild): { nextIfindex: number } {
  const { ns, node } = b;
  let ifindex = b.nextIfindex;
  const addr = node.address;
  if (b.ipipEnabled) {
    ns.links.push({
      ifindex: ifindex++,
      name: 'tunl0',
      kind: 'ipip',
      mtu: b.mtus.ipip,
      addrs: node.ipipTunnelAddr ? [{ ip: node.ipipTunnelAddr, prefixLen: 32, scope: 'global', brd: node.ipipTunnelAddr }] : [],
      up: true,
      qdisc: 'noqueue',
    });
  }
  // Felix's VXLAN manager builds vxlan.calico only once it knows this node's VTEP, which needs a VXLAN
  // tunnel address: a node that no VXLAN pool selects has no device.
  const vtep = vtepOf(node, b.vxlanEnabled);
  if (vtep && addr) {
    ns.links.push({
      ifindex: ifindex++,
      name: 'vxlan.calico',
      kind: 'vxlan',
      mtu: b.mtus.vxlan,
      mac: node.vtepMac,
      addrs: [{ ip: vtep, prefixLen: 32, scope: 'global' }],
      up: true,
      vxlan: { vni: 4096, port: 4789, local: addr.ip, dev: addr.iface, learning: false },
      qdisc: 'noqueue',
    } satisfies Link);
  }

  // Blackholes for the node's own confirmed blocks: BIRD's static protocol when BIRD runs, else Felix. Even
  // with BIRD, a VXLAN pool's block is Felix's: confd's calico_kernel_programming rejects VXLAN pools' routes.
  if (b.backend !== 'none') {
    for (const block of node.blocks) {
      if (parseCidr(block).prefixLen === 32) continue;
      const pool = poolFor(b.pools, block);
      const vxlanPool = !!pool && pool.vxlanMode !== 'Never';
      const bird = b.backend === 'bird' && !vxlanPool;
      ns.routes.push({ type: 'blackhole', dst: block, proto: bird ? RTPROT.bird : RTPROT.felix, scope: 'universe', owner: bird ? 'bird' : 'felix' });
    }
  }

  if (!addr) return { nextIfindex: ifindex };
  // Felix programs a static ARP entry and an FDB entry for every remote VTEP.
  for (const other of vtep ? b.classRemote.vteps : []) {
    if (other === node) continue;
    ns.neigh.push({ ip: other.vxlanTunnelAddr!, dev: 'vxlan.calico', lladdr: other.vtepMac, state: 'PERMANENT' });
    ns.fdb.push({ mac: other.vtepMac!, dev: 'vxlan.calico', dst: other.address!.ip, self: true, permanent: true });
  }
  return { nextIfindex: ifindex };
}

/** A node's own VTEP address, when Felix runs VXLAN there (programCalicoNode's vxlan.calico). */
function vtepOf(node: NodeInfo, vxlanEnabled: boolean): string | undefined {
  return vxlanEnabled && node.address ? node.vxlanTunnelAddr : undefined;
}

/** Whether `node` programs its class's route i (remoteRoutesFor): not for its own prefixes, which the
 *  list holds as its classmates program them, nor — without its own VTEP — for any VXLAN route. */
export function keepsClassRoute(node: NodeInfo, c: RemoteList, vxlanEnabled: boolean): (i: number) => boolean {
  if (!node.address) return () => false;
  // without its own VTEP Felix programs no VXLAN route at all (it cannot find the parent device either)
  const vtep = vtepOf(node, vxlanEnabled);
  return (i) => c.origins[i] !== node && (!!vtep || c.routes[i].owner !== 'felix');
}

/**
 * The routes `b.node` programs to every prefix of the cluster — its own included, since what it would program
 * for them is what every other node of its class programs. Nodes of one class (same subnet, NIC, underlay
 * routes and BGP next hops) share the list, so a 1,000-node mesh computes it once, not 1,000 times.
 */
export function remoteRoutesFor(b: RemoteBuild): RemoteList {
  const { node } = b;
  const addr = node.address;
  const out: RemoteList = { routes: [], keys: [], origins: [], vteps: [] };
  if (!addr) return out;
  // "Same subnet" (CrossSubnet) comes from the node address's own prefix (spec.bgp.ipv4Address).
  const mask = maskOf(addr.prefixLen);
  const mySubnet = (ipToNum(addr.ip) & mask) >>> 0;
  const sameSubnetAs = (other: NodeInfo) => ((ipToNum(other.address!.ip) & mask) >>> 0) === mySubnet;
  const encap = (mode: EncapMode, other: NodeInfo) => mode === 'Always' || (mode === 'CrossSubnet' && !sameSubnetAs(other));
  const resolved = new Map<string, ResolvedNextHop | undefined>();
  const vtepSeen = new Set<NodeInfo>();
  for (const p of b.prefixes) {
    const other = p.origin;
    if (!other.address) continue;
    let r: Route | undefined;
    if (p.pool.vxlanMode === 'Never') {
      // BIRD-programmed (IPIP or no encapsulation), only what BGP delivered.
      if (b.backend !== 'bird' || p.kind === 'vtep') continue;
      const nextHop = other === node ? addr.ip : b.bgpNextHop(p.node);
      if (!nextHop) continue;
      if (b.ipipEnabled && encap(p.pool.ipipMode, other)) {
        r = variant(p, nextHop, 'tunl0', RTPROT.bird, 'universe', true, 'bird');
      } else {
        // BIRD's `gateway recursive`: a next hop behind a router resolves through the underlay route to it.
        if (!resolved.has(nextHop)) resolved.set(nextHop, resolveNextHop(b.underlay, nextHop));
        const nh = resolved.get(nextHop);
        if (!nh) continue; // unresolvable next hop: the route stays in BIRD, not in the kernel
        r = variant(p, nh.via, nh.dev, RTPROT.bird, 'universe', false, 'bird');
      }
    } else {
      // Felix-programmed VXLAN routes, computed from the datastore (no BGP needed).
      if (!b.vxlanEnabled || !other.vxlanTunnelAddr || !other.vtepMac) continue;
      vtepSeen.add(other);
      if (p.kind === 'vtep') r = variant(p, undefined, 'vxlan.calico', RTPROT.boot, 'link', false, 'felix');
      else if (p.kind === 'block' && !encap(p.pool.vxlanMode, other)) r = variant(p, other.address.ip, addr.iface, RTPROT.felix, 'universe', true, 'felix');
      else r = variant(p, other.vxlanTunnelAddr, 'vxlan.calico', RTPROT.boot, 'universe', true, 'felix');
    }
    out.routes.push(r);
    out.keys.push(p.key);
    out.origins.push(other);
  }
  out.vteps = [...vtepSeen];
  return out;
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
