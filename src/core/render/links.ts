// Interfaces and their addresses as `ip addr`, `ip link` and `ip -d link` (iproute2 5.x/6.x,
// ip/ipaddress.c print_linkinfo + print_addrinfo) print them.
//
// Line 1: "N: name[@peer]: <FLAGS> mtu M qdisc Q [master BR] state S [mode DEFAULT] group default [qlen L]"
//   every token is printed as "%s " except qlen ("qlen %u"), so a link without qlen ends in a space.
// Line 2: "    link/TYPE ADDR brd BRD[ link-netnsid N]" (then the -d details).
// Addresses: "    inet A/P [brd B] scope S LABEL" + "       valid_lft forever preferred_lft forever".
//
// Not modelled: IPv6 (real hosts also print inet6 link-local lines), altnames, "dynamic" addresses.

import type { Link, NetNS } from '../model/kernel';

export interface LinkRenderOptions {
  /** show one device only (`ip addr show dev tunl0`) */
  dev?: string;
  /** txqueuelen per interface name, overriding the per-kind default below (0 = not printed).
   *  Kernels differ: seed 000 (a 4.x kernel) shows tunl0 "qlen 1", seed 001 shows "qlen 1000". */
  txqlen?: Record<string, number>;
  /** link-netnsid per peer NetNS id; by default peers' namespaces are numbered 0, 1, … in the order
   *  their links appear (a pod sees the node's namespace as nsid 0). */
  nsids?: Record<string, number>;
}

/** Default txqueuelen by kind, as current kernels set it: physical NICs and loopback 1000, the ipip
 *  fallback device 1000 (older kernels: 1), and 0 (not printed) for veth, bridge and vxlan. */
function defaultTxqlen(link: Link): number {
  switch (link.kind) {
    case 'ether':
    case 'loopback':
    case 'ipip':
      return 1000;
    default:
      return 0;
  }
}

/** Interface flags in print_link_flags order (LOOPBACK, BROADCAST, POINTOPOINT, MULTICAST, NOARP, …,
 *  UP, LOWER_UP); an UP device without carrier is printed with NO-CARRIER first and no LOWER_UP. */
function linkFlags(link: Link): string {
  const flags: string[] = [];
  if (link.kind === 'loopback') flags.push('LOOPBACK');
  else if (link.kind === 'ipip') flags.push('NOARP');
  else flags.push('BROADCAST', 'MULTICAST');
  const carrier = link.up && !link.noCarrier;
  if (link.up) flags.push('UP');
  if (carrier) flags.push('LOWER_UP');
  return `<${link.up && !carrier ? 'NO-CARRIER,' : ''}${flags.join(',')}>`;
}

/** Operational state: software devices without a carrier notion (lo, tunl0, vxlan) report UNKNOWN. */
function operState(link: Link): string {
  if (!link.up || link.noCarrier) return 'DOWN';
  if (link.kind === 'loopback' || link.kind === 'ipip' || link.kind === 'vxlan') return 'UNKNOWN';
  return 'UP';
}

function defaultQdisc(link: Link): string {
  return link.kind === 'ether' ? 'fq_codel' : 'noqueue';
}

function assignNsids(ns: NetNS, given?: Record<string, number>): Record<string, number> {
  const ids: Record<string, number> = { ...given };
  let next = Object.keys(ids).length === 0 ? 0 : Math.max(...Object.values(ids)) + 1;
  for (const link of ns.links) {
    const peerNs = link.peer?.ns;
    if (peerNs && peerNs !== ns.id && ids[peerNs] === undefined) ids[peerNs] = next++;
  }
  return ids;
}

/** "name", "name@peername" (peer in the same namespace), "name@ifN" (peer elsewhere), "tunl0@NONE". */
function linkName(link: Link, ns: NetNS): string {
  if (link.kind === 'ipip') return `${link.name}@NONE`;
  if (link.peer) return link.peer.ns === ns.id ? `${link.name}@${link.peer.ifname}` : `${link.name}@if${link.peer.ifindex}`;
  return link.name;
}

function firstLine(link: Link, ns: NetNS, opts: LinkRenderOptions, isLink: boolean): string {
  let s = `${link.ifindex}: ${linkName(link, ns)}: ${linkFlags(link)} mtu ${link.mtu} qdisc ${link.qdisc ?? defaultQdisc(link)} `;
  if (link.master) s += `master ${link.master} `;
  s += `state ${operState(link)} `;
  if (isLink) s += 'mode DEFAULT ';
  s += 'group default ';
  const qlen = opts.txqlen?.[link.name] ?? defaultTxqlen(link);
  if (qlen) s += `qlen ${qlen}`;
  return s;
}

function linkLayerLine(link: Link, ns: NetNS, nsids: Record<string, number>): string {
  let s: string;
  if (link.kind === 'loopback') s = '    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00';
  else if (link.kind === 'ipip') s = '    link/ipip 0.0.0.0 brd 0.0.0.0';
  else s = `    link/ether ${link.mac ?? '00:00:00:00:00:00'} brd ff:ff:ff:ff:ff:ff`;
  if (link.peer && link.peer.ns !== ns.id) s += ` link-netnsid ${nsids[link.peer.ns]}`;
  return s;
}

function addressLines(link: Link): string {
  let out = '';
  for (const a of link.addrs) {
    out += `    inet ${a.ip}/${a.prefixLen} ${a.brd ? `brd ${a.brd} ` : ''}scope ${a.scope} ${link.name}\n`;
    out += '       valid_lft forever preferred_lft forever\n';
  }
  return out;
}

function selected(ns: NetNS, opts: LinkRenderOptions): Link[] {
  return opts.dev === undefined ? ns.links : ns.links.filter((l) => l.name === opts.dev);
}

/** `ip addr` (= ip address show). */
export function ipAddr(ns: NetNS, opts: LinkRenderOptions = {}): string {
  const nsids = assignNsids(ns, opts.nsids);
  return selected(ns, opts)
    .map((l) => `${firstLine(l, ns, opts, false)}\n${linkLayerLine(l, ns, nsids)}\n${addressLines(l)}`)
    .join('');
}

/** `ip link` (= ip link show): like ip addr without addresses, with "mode DEFAULT". */
export function ipLink(ns: NetNS, opts: LinkRenderOptions = {}): string {
  const nsids = assignNsids(ns, opts.nsids);
  return selected(ns, opts)
    .map((l) => `${firstLine(l, ns, opts, true)}\n${linkLayerLine(l, ns, nsids)}\n`)
    .join('');
}

// ---------------------------------------------------------------------------------------------
// ip -d link details
// ---------------------------------------------------------------------------------------------

/** minmtu/maxmtu the drivers report: virtual Ethernet-like devices 68/65535, ipip and lo 0/0.
 *  Physical NICs depend on the driver; 68/9000 is a typical virtio/e1000-class value (plausible,
 *  not from a seed). */
function mtuRange(link: Link): [number, number] {
  if (link.kind === 'loopback' || link.kind === 'ipip') return [0, 0];
  if (link.kind === 'ether') return [68, 9000];
  return [68, 65535];
}

/** The kind line print_linktype writes ("    KIND OPTIONS "), or '' for devices without linkinfo. */
function kindDetails(link: Link): string {
  switch (link.kind) {
    case 'vxlan': {
      // iplink_vxlan.c vxlan_print_opt order: id, local, dev, srcport, dstport, nolearning, ttl,
      // ageing, udp checksum flags. "noudpcsum": Linux sends IPv4 VXLAN with a zero UDP checksum
      // unless asked (the packet model's zeroChecksum); "ttl auto" is how 6.x prints ttl 0.
      const v = link.vxlan;
      if (!v) return '\n    vxlan ';
      return (
        `\n    vxlan id ${v.vni} local ${v.local} dev ${v.dev} srcport 0 0 dstport ${v.port} ` +
        `${v.learning ? '' : 'nolearning '}ttl auto ageing 300 noudpcsum noudp6zerocsumtx noudp6zerocsumrx `
      );
    }
    case 'ipip':
      // link_iptnl.c: the fallback tunl0 has protocol 0 ("any") and no endpoints; ttl 0 is "inherit"
      return '\n    ipip any remote any local any ttl inherit nopmtudisc ';
    case 'veth':
      return '\n    veth ';
    case 'bridge':
      // abridged: the real line goes on with bridge_id, root_id, timers and multicast settings
      return '\n    bridge forward_delay 1500 hello_time 200 max_age 2000 ageing_time 30000 stp_state 0 priority 32768 vlan_filtering 0 vlan_protocol 802.1Q ';
    default:
      return '';
  }
}

/** `ip -d link`: ip link plus promiscuity, MTU range, the kind line (vxlan/ipip/veth/bridge options),
 *  the bridge_slave line for bridge ports, and the queue/GSO counters. Kind option lines follow
 *  iplink_vxlan.c and link_iptnl.c; the bridge and bridge_slave lines are abridged. */
export function ipLinkDetails(ns: NetNS, opts: LinkRenderOptions = {}): string {
  const nsids = assignNsids(ns, opts.nsids);
  return selected(ns, opts)
    .map((l) => {
      const [minmtu, maxmtu] = mtuRange(l);
      let s = `${firstLine(l, ns, opts, true)}\n${linkLayerLine(l, ns, nsids)}`;
      s += ` promiscuity ${l.master ? 1 : 0} minmtu ${minmtu} maxmtu ${maxmtu} `;
      s += kindDetails(l);
      if (l.master) {
        s += '\n    bridge_slave state forwarding priority 32 cost 2 hairpin on guard off root_block off fastleave off learning on flood on ';
      }
      s += 'addrgenmode eui64 numtxqueues 1 numrxqueues 1 gso_max_size 65536 gso_max_segs 65535 \n';
      return s;
    })
    .join('');
}
