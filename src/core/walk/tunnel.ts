// Encapsulation by the egress device and decapsulation on receive: the IPIP fallback device tunl0
// (net/ipv4/ipip.c, ip_tunnel.c) and VXLAN devices (drivers/net/vxlan). A tunnel is just a device
// routes point at; what it does is the kernel's, whichever CNI created it.

import type { Link, NetNS } from '../model/kernel';
import type { Header, Verdict } from '../model/packet';
import { COST } from './clock';
import type { WalkCtx } from './ctx';
import { fibLookup, nextHop, routeLine, routeSource, type FibResult } from './fib';
import { flowHash, udpFlowSrcPort } from './flowhash';
import { eth, ethOf, ipOf, ipv4, udp, vxlanHeader, PROTO_IPIP, PROTO_UDP } from './headers';
import { neighFailure } from './icmp';
import { ipOutput, ipReceive } from './ip';
import { usableNeigh } from './l2';
import { nsIndex, ipNum } from './world';

const ZERO_MAC = '00:00:00:00:00:00';

/** The route a tunnel's outer packet takes; a route back into the tunnel itself is a loop
 *  (ip_tunnel_xmit / vxlan_xmit_one: rt->dst.dev == dev → drop, "collisions"). */
function outerRoute(c: WalkCtx, ns: NetNS, dev: Link, remote: string, pkt: readonly Header[]) {
  const idx = nsIndex(ns);
  if (idx.local.has(ipNum(remote))) {
    // the endpoint is this host: the local table sends the outer packet through lo (encap_bypass_if_local)
    const lo = idx.links.find((l) => l.kind === 'loopback');
    if (lo) return { local: lo, idx };
  }
  const fib = fibLookup(idx, ipNum(remote));
  if (!fib || fib.route.type !== 'unicast' || !fib.dev) {
    return { verdict: c.drop(ns, pkt, 'no-route', `${ns.name}: ${dev.name} has no route to the tunnel endpoint ${remote}`, 'The tunnel routes its outer packet like any local packet; with no usable route the packet is dropped (tx_carrier_errors).', { message: `no route to ${remote}` }, dev.name) };
  }
  if (fib.dev === dev) {
    return { verdict: c.drop(ns, pkt, 'loop', `${ns.name}: the route to ${remote} points back into ${dev.name}`, 'The outer packet would re-enter the same tunnel: the kernel drops it as a local routing loop.', { message: `routing loop in ${dev.name}` }, dev.name) };
  }
  return { fib: fib as typeof fib & { dev: Link }, idx };
}

/** Routes and sends a tunnel's outer packet: a route hop, then output (or the loop back through lo). */
function sendOuter(c: WalkCtx, ns: NetNS, r: { fib?: FibResult & { dev: Link }; local?: Link }, remote: string, outer: Header[]): Verdict {
  c.t += COST.step;
  if (r.local) {
    c.emit(ns, 'route', outer, `${ns.name}: local ${remote} dev ${r.local.name} table local`, `The tunnel endpoint ${remote} is an address of ${ns.name}: the outer packet loops back.`, { dev: r.local.name });
    return ipOutput(c, ns, r.local, remote, outer, true);
  }
  const fib = r.fib!;
  c.emit(ns, 'route', outer, `${ns.name}: ${routeLine(fib.route)}`, `The outer packet to ${remote} is routed in ${ns.name}: ${fib.route.dst} is the longest match.`, {
    dev: fib.dev.name,
    route: { index: fib.prepared.index, route: fib.route, line: routeLine(fib.route) },
  });
  return ipOutput(c, ns, fib.dev, nextHop(fib.route, remote), outer, true);
}

/**
 * ip_tunnel_xmit on the NBMA fallback device: outer destination = the inner route's next hop (the
 * gateway of "X via G dev tunl0 onlink"), outer source = what routing picks towards it (tunl0 has
 * "local any"), TTL inherited from the inner packet ("ttl inherit"), DF = the tunnel's (none,
 * "nopmtudisc") OR the inner packet's DF (ipip never sets ignore_df), protocol 4, a fresh IP id.
 */
export function ipipXmit(c: WalkCtx, ns: NetNS, dev: Link, nh: string, inner: Header[]): Verdict {
  const r = outerRoute(c, ns, dev, nh, inner);
  if (r.verdict) return r.verdict;
  const src = r.local ? nh : routeSource(r.idx, r.fib!)?.ip ?? '0.0.0.0';
  const ii = ipOf(inner);
  const outer = ipv4({ src, dst: nh, protocol: PROTO_IPIP, ttl: ii.ttl, id: c.nextId(ns), df: ii.df }, inner);
  c.t += COST.step;
  c.emit(ns, 'encap', outer, `${ns.name}: ${dev.name} encapsulates in IPIP: ${src} > ${nh}, ttl ${ii.ttl}${ii.df ? ', DF' : ''}`, `ip_tunnel_xmit (NBMA ${dev.name}): outer destination is the route's gateway ${nh}, source from routing towards it, TTL inherited, DF copied from the inner header.`, {
    dev: dev.name,
    pushed: [outer[0]],
  });
  return sendOuter(c, ns, r, nh, outer);
}

/**
 * vxlan_xmit: the inner next hop's MAC comes from the neighbour table (PERMANENT entries programmed by
 * the agent; learning is off), the remote VTEP from the FDB entry for that MAC (or the all-zeros
 * default). Outer: IPv4 src = the device's `local`, TTL 64, DF clear; UDP src port =
 * udp_flow_src_port (flow hash of the inner packet), dst port = the device's port, checksum 0; VXLAN
 * flags 0x08 + VNI; the inner Ethernet is VTEP MAC → VTEP MAC.
 */
export function vxlanXmit(c: WalkCtx, ns: NetNS, dev: Link, nh: string, inner: Header[]): Verdict {
  const info = dev.vxlan;
  if (!info || !dev.mac) return c.drop(ns, inner, 'unreachable-nexthop', `${ns.name}: ${dev.name} has no VXLAN parameters`, 'A VXLAN device needs a VNI and a port.', {}, dev.name);
  const n = usableNeigh(ns, dev.name, nh);
  if (!n) {
    return neighFailure(c, ns, inner, ns.id === c.origin.id, 'unreachable-nexthop', `${ns.name}: no neighbour entry for ${nh} on ${dev.name}`, `The VXLAN device does not learn: the next hop's MAC must be a neighbour entry (Felix / flanneld program them PERMANENT); without one ARP inside the overlay goes nowhere.`, dev.name);
  }
  c.t += COST.step;
  c.emit(ns, 'arp', inner, `${ns.name}: neigh ${nh} dev ${dev.name} lladdr ${n.lladdr} ${n.state}`, 'neigh_lookup: the static entry gives the remote VTEP MAC for the inner Ethernet header.', { dev: dev.name });
  const fdbs = nsIndex(ns).fdb;
  const f = fdbs.get(`${dev.name}|${n.lladdr}`) ?? fdbs.get(`${dev.name}|${ZERO_MAC}`);
  if (!f || !f.dst) {
    return c.drop(ns, inner, 'unreachable-nexthop', `${ns.name}: no FDB entry for ${n.lladdr} on ${dev.name}`, 'vxlan_xmit: vxlan_find_mac finds no remote VTEP for the destination MAC and there is no default (00:00:00:00:00:00) entry, so the frame is dropped.', { message: `no VXLAN FDB entry for ${n.lladdr}` }, dev.name);
  }
  const r = outerRoute(c, ns, dev, f.dst, inner);
  if (r.verdict) return r.verdict;
  const idx = r.idx;
  if (info.local && !idx.local.has(ipNum(info.local))) {
    return c.drop(ns, inner, 'no-route', `${ns.name}: ${dev.name} local ${info.local} is not an address here`, 'The outer packet cannot be sourced from an address the host does not have.', {}, dev.name);
  }
  const src = info.local || (r.local ? f.dst : routeSource(idx, r.fib!)?.ip) || '0.0.0.0';
  const sport = udpFlowSrcPort(flowHash(ns.id, inner));
  const innerFrame: Header[] = [eth(dev.mac, n.lladdr!), ...inner];
  const vx = vxlanHeader(info.vni);
  const outer = ipv4({ src, dst: f.dst, protocol: PROTO_UDP, ttl: 64, id: c.nextId(ns), df: false }, udp(sport, info.port, [vx, ...innerFrame], true));
  c.t += COST.step;
  c.emit(ns, 'encap', outer, `${ns.name}: ${dev.name} encapsulates: VXLAN vni ${info.vni}, UDP ${sport} → ${info.port}, IP ${src} > ${f.dst}`, `vxlan_xmit: FDB ${n.lladdr} dst ${f.dst}; UDP source port ${sport} = udp_flow_src_port (flow hash of the inner packet, 32768–60999); TTL 64, DF clear, UDP checksum 0.`, {
    dev: dev.name,
    pushed: [outer[0], outer[1], vx, innerFrame[0]],
  });
  return sendOuter(c, ns, r, f.dst, outer);
}

/** ipip_rcv: protocol 4 to a local address is taken by the fallback tunnel if an ipip device is up;
 *  the inner packet is received on it. Returns undefined when no tunnel takes it. */
export function ipipDecap(c: WalkCtx, ns: NetNS, pkt: Header[]): Verdict | undefined {
  const tun = nsIndex(ns).links.find((l) => l.kind === 'ipip' && l.up);
  if (!tun || pkt[1]?.type !== 'ipv4') return undefined;
  const inner = pkt.slice(1);
  c.t += COST.step;
  c.emit(ns, 'decap', inner, `${ns.name}: IPIP packet to ${ipOf(pkt).dst} decapsulated; the inner packet arrives on ${tun.name}`, `ipip_rcv: ip_tunnel_lookup falls back to the NBMA device ${tun.name} (up) and ip_tunnel_rcv strips the outer header.`, {
    dev: tun.name,
    popped: [pkt[0]],
  });
  return ipReceive(c, ns, tun, inner);
}

/** vxlan_rcv: UDP to a local address on a VXLAN device's port, with its VNI, is decapsulated and the
 *  inner frame received on that device (it must be for the device's MAC). Returns undefined when no
 *  VXLAN device listens on the port. */
export function vxlanDecap(c: WalkCtx, ns: NetNS, dev: Link, pkt: Header[]): Verdict | undefined {
  const u = pkt[1];
  if (u?.type !== 'udp') return undefined;
  const vxdev = nsIndex(ns).links.find((l) => l.kind === 'vxlan' && l.up && l.vxlan?.port === u.dstPort);
  if (!vxdev || !vxdev.vxlan) return undefined;
  const vx = pkt[2];
  if (vx?.type !== 'vxlan' || pkt[3]?.type !== 'eth') {
    return c.drop(ns, pkt, 'filtered', `${ns.name}: UDP to port ${u.dstPort} is not a VXLAN packet`, 'The VXLAN socket owns the port and drops what it cannot parse.', {}, dev.name);
  }
  if (vx.vni !== vxdev.vxlan.vni) {
    return c.drop(ns, pkt, 'filtered', `${ns.name}: VNI ${vx.vni} does not match ${vxdev.name} (vni ${vxdev.vxlan.vni})`, 'vxlan_rcv: no device has this VNI on the port, the packet is dropped.', { message: `VNI ${vx.vni} unknown on ${ns.name}` }, dev.name);
  }
  const innerFrame = pkt.slice(3);
  c.t += COST.step;
  c.emit(ns, 'decap', innerFrame, `${ns.name}: VXLAN vni ${vx.vni} on UDP ${u.dstPort} decapsulated; the inner frame arrives on ${vxdev.name}`, `vxlan_rcv: the UDP socket of ${vxdev.name} takes the packet, checks the VNI and strips IP, UDP and VXLAN headers.`, {
    dev: vxdev.name,
    popped: [pkt[0], pkt[1], vx],
  });
  const e = ethOf(innerFrame);
  if (e.dst !== vxdev.mac) {
    return c.drop(ns, innerFrame, 'filtered', `${ns.name}: ${vxdev.name} ignores an inner frame for ${e.dst}`, 'The inner destination MAC is not the VTEP MAC: PACKET_OTHERHOST, dropped by ip_rcv.', { message: `inner MAC ${e.dst} is not ${vxdev.name}'s` }, vxdev.name);
  }
  return ipReceive(c, ns, vxdev, innerFrame.slice(1));
}
