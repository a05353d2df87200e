// The world a walk runs in (every network namespace plus the L2 segments) and the lookup indexes the
// kernel keeps implicitly: which addresses are local to a namespace, which link owns an IP on a
// segment, links by name. Indexes are built lazily on first use and cached in WeakMaps keyed on the
// objects they describe, so repeated walks over an unchanged world pay nothing for them. The kernel
// state is treated as immutable: a changed namespace must be a new object (a new record for the world).

import type { Address, FdbEntry, Link, NeighEntry, NetNS, Route } from '../model/kernel';
import type { TopologyNetwork } from '../model/scenario';
import { ipToNum, maskOf, parseCidr } from '../util/ipv4';
import { hostNamespaces } from '../model/lazyNs';

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
  /** routes by prefix length, longest first (fib_trie answers the longest match first); built on the
   *  first lookup, because many namespaces are only ever asked about their addresses */
  readonly buckets: Bucket[];
  /** bridge name → its ports (links with master = bridge), ifindex order */
  bridgePorts: ReadonlyMap<string, Link[]>;
  neigh: ReadonlyMap<string, NeighEntry>;
  fdb: ReadonlyMap<string, FdbEntry>;
}

/**
 * A dotted quad as uint32, parsed by hand: addresses in kernel state are already valid, and the walk
 * converts thousands of them (a regex per octet is the slowest part of indexing a big world).
 * Anything unexpected goes to the strict parser, which throws.
 */
export function ipNum(s: string): number {
  let n = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || octet > 255) return ipToNum(s);
      n = n * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
    } else if (c >= 48 && c <= 57 && digits < 3) {
      octet = octet * 10 + (c - 48);
      digits++;
    } else return ipToNum(s);
  }
  if (dots !== 3 || digits === 0 || octet > 255) return ipToNum(s);
  return (n * 256 + octet) >>> 0;
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

const EMPTY_PORTS: ReadonlyMap<string, Link[]> = new Map();
const EMPTY_NEIGH: ReadonlyMap<string, NeighEntry> = new Map();
const EMPTY_FDB: ReadonlyMap<string, FdbEntry> = new Map();

function sortedByIfindex(links: Link[]): Link[] {
  for (let i = 1; i < links.length; i++) {
    if (links[i - 1].ifindex > links[i].ifindex) return [...links].sort((a, b) => a.ifindex - b.ifindex);
  }
  return links;
}

function buildNsIndex(ns: NetNS): NsIndex {
  // Thirty thousand pods are indexed on a big world: allocate only what a namespace actually has.
  const links = sortedByIfindex(ns.links);
  const byName = new Map<string, Link>();
  const addrs: AddrInfo[] = [];
  const local = new Map<number, AddrInfo>();
  let bridgePorts: Map<string, Link[]> | undefined;
  for (const link of links) {
    byName.set(link.name, link);
    if (link.master) {
      bridgePorts ??= new Map();
      const ports = bridgePorts.get(link.master);
      if (ports) ports.push(link);
      else bridgePorts.set(link.master, [link]);
    }
    const onLink: AddrInfo[] = [];
    for (const addr of link.addrs) {
      const ip = ipNum(addr.ip);
      const mask = maskOf(addr.prefixLen);
      // devinet.c inet_insert_ifa: same mask and inside an existing address's subnet → secondary
      const secondary = onLink.some((o) => o.addr.prefixLen === addr.prefixLen && ((o.ip ^ ip) & mask) === 0);
      const info: AddrInfo = { link, addr, ip, scope: addrScope(addr), secondary };
      onLink.push(info);
      addrs.push(info);
      if (!local.has(ip)) local.set(ip, info);
    }
  }
  let buckets: Bucket[] | undefined;
  let neigh: ReadonlyMap<string, NeighEntry> = EMPTY_NEIGH;
  if (ns.neigh.length) {
    const m = new Map<string, NeighEntry>();
    for (const n of ns.neigh) if (!m.has(`${n.dev}|${n.ip}`)) m.set(`${n.dev}|${n.ip}`, n);
    neigh = m;
  }
  let fdb: ReadonlyMap<string, FdbEntry> = EMPTY_FDB;
  if (ns.fdb.length) {
    const m = new Map<string, FdbEntry>();
    for (const f of ns.fdb) if (!m.has(`${f.dev}|${f.mac}`)) m.set(`${f.dev}|${f.mac}`, f);
    fdb = m;
  }
  return {
    ns,
    links,
    byName,
    addrs,
    local,
    get buckets() {
      return (buckets ??= buildBuckets(ns.routes));
    },
    bridgePorts: bridgePorts ?? EMPTY_PORTS,
    neigh,
    fdb,
  };
}

// A cluster has few distinct destinations (blocks, pod /32s) repeated on every node: parse each once.
const cidrCache = new Map<string, { base: number; prefixLen: number }>();

function parsedDst(dst: string): { base: number; prefixLen: number } {
  let c = cidrCache.get(dst);
  if (!c) {
    c = parseCidr(dst);
    if (cidrCache.size > 200_000) cidrCache.clear();
    cidrCache.set(dst, c);
  }
  return c;
}

function buildBuckets(routes: readonly Route[]): Bucket[] {
  const byLen = new Map<number, Bucket>();
  routes.forEach((route, index) => {
    const c = parsedDst(route.dst);
    let b = byLen.get(c.prefixLen);
    if (!b) {
      b = { prefixLen: c.prefixLen, mask: maskOf(c.prefixLen), routes: new Map() };
      byLen.set(c.prefixLen, b);
    }
    const list = b.routes.get(c.base);
    const p = { index, route, base: c.base, prefixLen: c.prefixLen, metric: route.metric ?? 0 };
    if (list) list.push(p);
    else b.routes.set(c.base, [p]);
  });
  return [...byLen.values()].sort((a, b) => b.prefixLen - a.prefixLen);
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
    // raw links of nodes and routers only: a pod reaches a segment through its veth and its node, never
    // with a NIC of its own, and reading 30,000 pod namespaces would build every lazy one (model/lazyNs)
    for (const ns of hostNamespaces(world.netns)) {
      for (const link of ns.links) {
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
          for (const link of sortedByIfindex(ns.links)) {
            for (const a of link.addrs) {
              if (a.scope === 'host') continue; // 127.0.0.1 is everybody's
              const ip = ipNum(a.ip);
              if (!owners.has(ip)) owners.set(ip, { ns, link });
            }
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
      const ip = ipNum(a.ip);
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
