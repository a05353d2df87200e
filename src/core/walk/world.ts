// The world a walk runs in (every network namespace plus the L2 segments) and the lookup indexes the
// kernel keeps implicitly: which addresses are local to a namespace, which link owns an IP on a
// segment, links by name. Indexes are built lazily on first use and cached in WeakMaps keyed on the
// objects they describe, so repeated walks over an unchanged world pay nothing for them. The kernel
// state is treated as immutable: a changed namespace must be a new object (a new record for the world).

import type { Address, FdbEntry, Link, NeighEntry, NetNS, Route } from '../model/kernel';
import type { TopologyNetwork } from '../model/scenario';
import { ipToNum, maskOf, parseCidr } from '../util/ipv4';

export interface World {
  netns: Record<string, NetNS>;
  networks: TopologyNetwork[];
}

/** One address of a namespace, with what the kernel derives from it. */
export interface AddrInfo {
  link: Link;
  addr: Address;
  ip: number;
  /** RT_SCOPE_* number: 0 universe (global), 253 link, 254 host */
  scope: number;
  /** IFA_F_SECONDARY: an earlier address on the same link has the same mask and covers this one */
  secondary: boolean;
}

/** A route with its destination pre-parsed for the longest-prefix match. */
export interface PreparedRoute {
  /** index into ns.routes */
  index: number;
  route: Route;
  base: number;
  prefixLen: number;
  metric: number;
}

interface Bucket {
  prefixLen: number;
  mask: number;
  routes: Map<number, PreparedRoute[]>;
}

export interface NsIndex {
  ns: NetNS;
  /** links in ifindex order (for_each_netdev order) */
  links: Link[];
  byName: Map<string, Link>;
  /** every address, links in ifindex order, addresses in the order they were added */
  addrs: AddrInfo[];
  /** local addresses (the kernel's local table): ip → first address carrying it */
  local: Map<number, AddrInfo>;
  /** routes by prefix length, longest first (fib_trie answers the longest match first) */
  buckets: Bucket[];
  /** bridge name → its ports (links with master = bridge), ifindex order */
  bridgePorts: Map<string, Link[]>;
  neigh: Map<string, NeighEntry>;
  fdb: Map<string, FdbEntry>;
}

export const SCOPE_UNIVERSE = 0;
export const SCOPE_LINK = 253;
export const SCOPE_HOST = 254;

export function addrScope(a: Address): number {
  return a.scope === 'host' ? SCOPE_HOST : a.scope === 'link' ? SCOPE_LINK : SCOPE_UNIVERSE;
}

export function routeScope(r: Route): number {
  return r.scope === 'host' ? SCOPE_HOST : r.scope === 'link' ? SCOPE_LINK : SCOPE_UNIVERSE;
}

const nsCache = new WeakMap<NetNS, NsIndex>();

/** The per-namespace index, built on first use. */
export function nsIndex(ns: NetNS): NsIndex {
  let idx = nsCache.get(ns);
  if (!idx) {
    idx = buildNsIndex(ns);
    nsCache.set(ns, idx);
  }
  return idx;
}

function buildNsIndex(ns: NetNS): NsIndex {
  const links = [...ns.links].sort((a, b) => a.ifindex - b.ifindex);
  const byName = new Map<string, Link>();
  const addrs: AddrInfo[] = [];
  const local = new Map<number, AddrInfo>();
  const bridgePorts = new Map<string, Link[]>();
  for (const link of links) {
    byName.set(link.name, link);
    if (link.master) {
      const ports = bridgePorts.get(link.master) ?? [];
      ports.push(link);
      bridgePorts.set(link.master, ports);
    }
    const onLink: AddrInfo[] = [];
    for (const addr of link.addrs) {
      const ip = ipToNum(addr.ip);
      const mask = maskOf(addr.prefixLen);
      // devinet.c inet_insert_ifa: same mask and inside an existing address's subnet → secondary
      const secondary = onLink.some((o) => o.addr.prefixLen === addr.prefixLen && ((o.ip ^ ip) & mask) === 0);
      const info: AddrInfo = { link, addr, ip, scope: addrScope(addr), secondary };
      onLink.push(info);
      addrs.push(info);
      if (!local.has(ip)) local.set(ip, info);
    }
  }
  const byLen = new Map<number, Bucket>();
  ns.routes.forEach((route, index) => {
    const c = parseCidr(route.dst);
    let b = byLen.get(c.prefixLen);
    if (!b) {
      b = { prefixLen: c.prefixLen, mask: maskOf(c.prefixLen), routes: new Map() };
      byLen.set(c.prefixLen, b);
    }
    const list = b.routes.get(c.base) ?? [];
    list.push({ index, route, base: c.base, prefixLen: c.prefixLen, metric: route.metric ?? 0 });
    b.routes.set(c.base, list);
  });
  const buckets = [...byLen.values()].sort((a, b) => b.prefixLen - a.prefixLen);
  const neigh = new Map<string, NeighEntry>();
  for (const n of ns.neigh) if (!neigh.has(`${n.dev}|${n.ip}`)) neigh.set(`${n.dev}|${n.ip}`, n);
  const fdb = new Map<string, FdbEntry>();
  for (const f of ns.fdb) if (!fdb.has(`${f.dev}|${f.mac}`)) fdb.set(`${f.dev}|${f.mac}`, f);
  return { ns, links, byName, addrs, local, buckets, bridgePorts, neigh, fdb };
}

/** A link as seen from the world: which namespace holds it. */
export interface Member {
  ns: NetNS;
  link: Link;
}

/** One L2 segment: every NIC cabled to it, and who answers ARP for what. */
export interface Segment {
  name: string;
  network?: TopologyNetwork;
  members: Member[];
  byMac: Map<string, Member>;
  /** ARP answers (arp_ignore=0: a host answers for any of its local addresses on any NIC): ip → first member */
  owners: Map<number, Member>;
  /** members that may answer by proxy ARP */
  proxies: Member[];
  /** members that are bridge ports: their bridge's domain continues the segment */
  bridged: Member[];
}

export interface WorldIndex {
  world: World;
  ns(id: string): NetNS | undefined;
  segment(name: string): Segment;
  /** which namespace owns an address (first in world order), for `{ip}` endpoints */
  ipOwner(ip: number): Member | undefined;
}

interface WorldCache {
  networks: TopologyNetwork[];
  index: WorldIndex;
}

const worldCache = new WeakMap<Record<string, NetNS>, WorldCache>();

/** The world index, cached on the netns record (rebuilt when the record or the network list changes). */
export function worldIndex(world: World): WorldIndex {
  const hit = worldCache.get(world.netns);
  if (hit && hit.networks === world.networks) return hit.index;
  const index = buildWorldIndex(world);
  worldCache.set(world.netns, { networks: world.networks, index });
  return index;
}

function buildWorldIndex(world: World): WorldIndex {
  const networks = new Map(world.networks.map((n) => [n.name, n]));
  let segments: Map<string, Segment> | undefined;
  let owners: Map<number, Member> | undefined;

  const allSegments = (): Map<string, Segment> => {
    if (segments) return segments;
    segments = new Map();
    for (const ns of Object.values(world.netns)) {
      for (const link of nsIndex(ns).links) {
        if (link.kind !== 'ether' || !link.network) continue;
        let seg = segments.get(link.network);
        if (!seg) {
          seg = emptySegment(link.network, networks.get(link.network));
          segments.set(link.network, seg);
        }
        seg.members.push({ ns, link });
      }
    }
    for (const seg of segments.values()) fillSegment(seg);
    return segments;
  };

  return {
    world,
    ns: (id) => world.netns[id],
    segment(name) {
      const all = allSegments();
      let seg = all.get(name);
      if (!seg) {
        seg = emptySegment(name, networks.get(name));
        all.set(name, seg);
      }
      return seg;
    },
    ipOwner(ip) {
      if (!owners) {
        owners = new Map();
        for (const ns of Object.values(world.netns)) {
          for (const a of nsIndex(ns).addrs) {
            if (a.scope === SCOPE_HOST) continue; // 127.0.0.1 is everybody's
            if (!owners.has(a.ip)) owners.set(a.ip, { ns, link: a.link });
          }
        }
      }
      return owners.get(ip);
    },
  };
}

function emptySegment(name: string, network: TopologyNetwork | undefined): Segment {
  return { name, network, members: [], byMac: new Map(), owners: new Map(), proxies: [], bridged: [] };
}

function fillSegment(seg: Segment): void {
  // Owners first by the link that carries the address, then by the weak-host rule (any local address
  // of the namespace), so the NIC holding the IP wins when a host has two NICs on one segment.
  for (const m of seg.members) {
    if (m.link.mac && !seg.byMac.has(m.link.mac)) seg.byMac.set(m.link.mac, m);
    if (m.link.master) seg.bridged.push(m);
    if (m.link.proxyArp) seg.proxies.push(m);
    for (const a of m.link.addrs) {
      const ip = ipToNum(a.ip);
      if (!seg.owners.has(ip)) seg.owners.set(ip, m);
    }
  }
  for (const m of seg.members) {
    if (m.link.master) continue; // a bridge port has no IP of its own: its bridge answers
    for (const a of nsIndex(m.ns).addrs) {
      if (a.scope === SCOPE_HOST) continue;
      if (!seg.owners.has(a.ip)) seg.owners.set(a.ip, m);
    }
  }
}
