// Layer 2 as the kernel sees it: who is at the other end of a veth, who hears a broadcast sent on a
// device (a segment, a veth, a bridge and its ports), who answers an ARP request (arp_process: the owner
// of the address, or a proxy_arp device with a route elsewhere), which bridge port leads to a MAC.
// Pure lookups over the world; the walk records the hops.

import type { Link, NeighEntry, NetNS } from '../model/kernel';
import { fibLookup } from './fib';
import type { Member, WorldIndex } from './world';
import { nsIndex, ipNum } from './world';

/** A neighbour entry the kernel would use without asking (NUD_VALID states with an address). */
export function usableNeigh(ns: NetNS, dev: string, ip: string): NeighEntry | undefined {
  const n = nsIndex(ns).neigh.get(`${dev}|${ip}`);
  if (!n || !n.lladdr) return undefined;
  return n.state === 'FAILED' || n.state === 'INCOMPLETE' ? undefined : n;
}

/** The other end of a veth, if it exists. */
export function vethPeer(w: WorldIndex, link: Link): Member | undefined {
  if (link.kind !== 'veth' || !link.peer) return undefined;
  const ns = w.ns(link.peer.ns);
  const peer = ns ? nsIndex(ns).byName.get(link.peer.ifname) : undefined;
  return ns && peer ? { ns, link: peer } : undefined;
}

/** A veth in a non-pod namespace whose other end is in a pod: the pod's host veth. Returns the pod. */
export function podBehind(w: WorldIndex, ns: NetNS, link: Link): NetNS | undefined {
  if (ns.kind === 'pod' || link.kind !== 'veth' || !link.peer) return undefined;
  const peer = w.ns(link.peer.ns);
  return peer?.kind === 'pod' ? peer : undefined;
}

/**
 * A device's MAC. A bridge without an address of its own takes the lowest MAC among its ports
 * (br_stp_recalculate_bridge_id), as Linux does for a bridge whose address was never set.
 */
export function macOf(ns: NetNS, link: Link): string | undefined {
  if (link.mac) return link.mac;
  if (link.kind !== 'bridge') return undefined;
  const macs = (nsIndex(ns).bridgePorts.get(link.name) ?? []).map((p) => p.mac).filter((m): m is string => !!m);
  return macs.sort()[0];
}

/** A member hears frames: its namespace is up, the device up with carrier. */
export function live(m: Member): boolean {
  return !m.ns.down && m.link.up && !m.link.noCarrier;
}

/**
 * Every IP-level device that hears a broadcast sent on `dev`, in a deterministic order. A bridge port
 * is not one: the frame enters its bridge, which hands it to itself and floods its other ports.
 */
export function* hearers(w: WorldIndex, ns: NetNS, dev: Link, seen = new Set<string>()): Generator<Member> {
  if (dev.kind === 'veth') {
    const p = vethPeer(w, dev);
    if (!p || !live(p)) return;
    if (p.link.master) yield* bridgeDomain(w, p.ns, p.link.master, p.link, seen);
    else yield p;
  } else if (dev.kind === 'ether') {
    if (!dev.network) return;
    for (const m of w.segment(dev.network).members) {
      if (m.link === dev || !live(m)) continue;
      if (m.link.master) yield* bridgeDomain(w, m.ns, m.link.master, m.link, seen);
      else yield m;
    }
  } else if (dev.kind === 'bridge') {
    seen.add(`${ns.id}|${dev.name}`);
    for (const port of nsIndex(ns).bridgePorts.get(dev.name) ?? []) {
      if (port.up) yield* hearers(w, ns, port, seen);
    }
  }
}

function* bridgeDomain(w: WorldIndex, ns: NetNS, bridgeName: string, inPort: Link, seen: Set<string>): Generator<Member> {
  const key = `${ns.id}|${bridgeName}`;
  if (seen.has(key)) return;
  seen.add(key);
  const idx = nsIndex(ns);
  const bridge = idx.byName.get(bridgeName);
  if (!bridge || !bridge.up) return;
  yield { ns, link: bridge };
  for (const port of idx.bridgePorts.get(bridgeName) ?? []) {
    if (port !== inPort && port.up) yield* hearers(w, ns, port, seen);
  }
}

export interface ArpAnswer {
  mac: string;
  by: Member;
  /** answered by proxy ARP rather than by the address's owner */
  proxy: boolean;
  /** the route that made the proxy answer, as its device name */
  proxyVia?: string;
}

/** arp_process on one hearer: answer for a local address (arp_ignore=0: any local address, any
 *  device), or by proxy when proxy_arp is on, the namespace forwards, and its route to the target is
 *  unicast and leaves by another device (arp_fwd_proxy). */
function answer(m: Member, target: number): ArpAnswer | undefined {
  const mac = macOf(m.ns, m.link);
  if (!mac || !live(m)) return undefined;
  const idx = nsIndex(m.ns);
  if (idx.local.has(target)) return { mac, by: m, proxy: false };
  if (m.link.proxyArp && m.ns.forwarding) {
    const fib = fibLookup(idx, target);
    if (fib && fib.route.type === 'unicast' && fib.dev && fib.dev !== m.link) {
      return { mac, by: m, proxy: true, proxyVia: fib.dev.name };
    }
  }
  return undefined;
}

/** Who answers "who-has target" sent on dev. A segment uses its prebuilt owner index (a thousand NICs
 *  must not be scanned per lookup); veths and bridges are small and walked. */
export function arpResolve(w: WorldIndex, ns: NetNS, dev: Link, target: string): ArpAnswer | undefined {
  const t = ipNum(target);
  if (dev.kind === 'ether') {
    if (!dev.network) return undefined;
    const seg = w.segment(dev.network);
    const owner = seg.owners.get(t);
    if (owner && owner.link !== dev && !owner.link.master) {
      const a = answer(owner, t);
      if (a) return a;
    }
    for (const p of seg.proxies) {
      if (p.link === dev) continue;
      const a = answer(p, t);
      if (a) return a;
    }
    const seen = new Set<string>();
    for (const b of seg.bridged) {
      if (b.link === dev || !live(b)) continue;
      for (const m of bridgeDomain(w, b.ns, b.link.master!, b.link, seen)) {
        const a = answer(m, t);
        if (a) return a;
      }
    }
    return undefined;
  }
  for (const m of hearers(w, ns, dev)) {
    const a = answer(m, t);
    if (a) return a;
  }
  return undefined;
}

/** The station with a MAC among those a frame sent on dev can reach (the bridge's FDB, assumed learned). */
export function stationFor(w: WorldIndex, ns: NetNS, dev: Link, mac: string): Member | undefined {
  if (dev.kind === 'ether' && dev.network) {
    const m = w.segment(dev.network).byMac.get(mac);
    if (m && m.link !== dev && !m.link.master) return m;
  }
  for (const m of hearers(w, ns, dev)) if (macOf(m.ns, m.link) === mac) return m;
  return undefined;
}

/** The bridge port a frame for `mac` leaves by, never the port it came in on. */
export function bridgePortFor(w: WorldIndex, ns: NetNS, bridge: Link, mac: string, inPort?: Link): Link | undefined {
  for (const port of nsIndex(ns).bridgePorts.get(bridge.name) ?? []) {
    if (port === inPort || !port.up) continue;
    if (stationFor(w, ns, port, mac)) return port;
  }
  return undefined;
}

/** The next device on the medium of `dev` that receives a unicast frame for `mac`: the veth peer or the
 *  segment member (a bridge port when the MAC is behind a bridge). */
export function receiverFor(w: WorldIndex, dev: Link, mac: string): Member | undefined {
  if (dev.kind === 'veth') return vethPeer(w, dev);
  if (dev.kind !== 'ether' || !dev.network) return undefined;
  const seg = w.segment(dev.network);
  const m = seg.byMac.get(mac);
  if (m && m.link !== dev) return m;
  for (const b of seg.bridged) {
    if (b.link === dev) continue;
    const bridge = nsIndex(b.ns).byName.get(b.link.master!);
    if (!bridge) continue;
    if (macOf(b.ns, bridge) === mac || bridgePortFor(w, b.ns, bridge, mac, b.link)) return b;
  }
  return undefined;
}

/** For a diagnosis when ARP gets no reply: the device that owns the target but cannot answer because it
 *  (or its namespace) is down. */
export function silentOwner(w: WorldIndex, dev: Link, target: string): Member | undefined {
  const t = ipNum(target);
  if (dev.kind === 'ether' && dev.network) {
    const o = w.segment(dev.network).owners.get(t);
    return o && !live(o) ? o : undefined;
  }
  const p = vethPeer(w, dev);
  return p && !live(p) && nsIndex(p.ns).local.has(t) ? p : undefined;
}
