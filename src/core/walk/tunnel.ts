// Encapsulation by the egress device and decapsulation on receive: the IPIP fallback device tunl0
// (net/ipv4/ipip.c, ip_tunnel.c) and VXLAN devices (drivers/net/vxlan). A tunnel is just a device
// routes point at; what it does is the kernel's, whichever CNI created it.

import type { Link, NetNS } from '../model/kernel';
import type { Header, Verdict } from '../model/packet';
import { COST } from './clock';
import type { WalkCtx } from './ctx';
import { fibLookup, nextHop, routeLine, routeSource, type FibResult } from './fib';
import { flowHash, udpFlowSrcPort } from './flowhash';
import { eth, ethOf, ipOf, ipv4, udp, vxlanHeader, IPV4_LEN, PROTO_IPIP, PROTO_UDP } from './headers';
import { CODE_FRAG_NEEDED, ICMP_DEST_UNREACH, dropWithIcmp, neighFailure } from './icmp';
import { pmtuKey } from './ctx';
import { ipOutput, ipReceive } from './ip';
import { usableNeigh } from './l2';
import { nsIndex, ipNum } from './world';
import { wm } from './messages';

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
    return { verdict: c.drop(ns, pkt, 'no-route', wm('walk.tunNoRoute.text', { ns: ns.name, dev: dev.name, remote }), wm('walk.tunNoRoute.why', {}), { message: wm('walk.msg.tunNoRoute', { remote }) }, dev.name) };
  }
  if (fib.dev === dev) {
    return { verdict: c.drop(ns, pkt, 'loop', wm('walk.tunLoop.text', { ns: ns.name, remote, dev: dev.name }), wm('walk.tunLoop.why', {}), { message: wm('walk.msg.tunLoop', { dev: dev.name }) }, dev.name) };
  }
  return { fib: fib as typeof fib & { dev: Link }, idx };
}

/** Routes and sends a tunnel's outer packet: a route hop, then output (or the loop back through lo). */
function sendOuter(c: WalkCtx, ns: NetNS, r: { fib?: FibResult & { dev: Link }; local?: Link }, remote: string, outer: Header[]): Verdict {
  c.t += COST.step;
  if (r.local) {
    c.emit(ns, 'route', outer, wm('walk.localRoute.text', { ns: ns.name, dst: remote, dev: r.local.name }), wm('walk.tunLocal.why', { remote, ns: ns.name }), { dev: r.local.name });
    return ipOutput(c, ns, r.local, remote, outer, true);
  }
  const fib = r.fib!;
  c.emit(ns, 'route', outer, wm('walk.route.text', { ns: ns.name, line: routeLine(fib.route) }), wm('walk.tunRoute.why', { remote, ns: ns.name, prefix: fib.route.dst }), {
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
  if (r.fib && ii.df) {
    // tnl_update_pmtu: with DF the room is the outer route's MTU (a learned path MTU included) minus the
    // 20-byte outer header; a bigger inner packet is refused with Frag needed to its source, and the inner
    // route learns the smaller MTU (skb_dst_update_pmtu). So the outer packet never leaves too big for the
    // NIC, whatever tunl0's own MTU says.
    const room = c.pathMtu(ns, nh, r.fib.dev.mtu) - IPV4_LEN;
    if (ii.totalLength > room) {
      c.shared.pmtu.set(pmtuKey(ns.id, ii.dst), room);
      const text = wm('walk.tunPmtu.text', { ns: ns.name, len: ii.totalLength, dev: dev.name, remote: nh, mtu: room });
      return dropWithIcmp(c, ns, inner, 'mtu', 'frag', ICMP_DEST_UNREACH, CODE_FRAG_NEEDED, text, wm('walk.tunPmtu.why', { remote: nh, pmtu: room + IPV4_LEN }), room);
    }
  }
  const outer = ipv4({ src, dst: nh, protocol: PROTO_IPIP, ttl: ii.ttl, id: c.nextId(ns), df: ii.df }, inner);
  c.t += COST.step;
  const text = wm('walk.ipipEncap.text', { ns: ns.name, dev: dev.name, src, dst: nh, ttl: ii.ttl, df: ii.df ? ', DF' : '' });
  c.emit(ns, 'encap', outer, text, wm('walk.ipipEncap.why', { dev: dev.name, dst: nh }), {
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
  if (!info || !dev.mac) return c.drop(ns, inner, 'unreachable-nexthop', wm('walk.vxlanNoParams.text', { ns: ns.name, dev: dev.name }), wm('walk.vxlanNoParams.why', {}), {}, dev.name);
  const n = usableNeigh(ns, dev.name, nh);
  if (!n) {
    return neighFailure(c, ns, inner, ns.id === c.origin.id, 'unreachable-nexthop', wm('walk.vxlanNoNeigh.text', { ns: ns.name, nh, dev: dev.name }), wm('walk.vxlanNoNeigh.why', {}), dev.name);
  }
  c.t += COST.step;
  c.emit(ns, 'arp', inner, wm('walk.neigh.text', { ns: ns.name, nh, dev: dev.name, mac: String(n.lladdr), state: n.state }), wm('walk.vxlanNeigh.why', {}), { dev: dev.name });
  const fdbs = nsIndex(ns).fdb;
  const f = fdbs.get(`${dev.name}|${n.lladdr}`) ?? fdbs.get(`${dev.name}|${ZERO_MAC}`);
  if (!f || !f.dst) {
    return c.drop(ns, inner, 'unreachable-nexthop', wm('walk.vxlanNoFdb.text', { ns: ns.name, mac: String(n.lladdr), dev: dev.name }), wm('walk.vxlanNoFdb.why', {}), { message: wm('walk.msg.noFdb', { mac: String(n.lladdr) }) }, dev.name);
  }
  const r = outerRoute(c, ns, dev, f.dst, inner);
  if (r.verdict) return r.verdict;
  const idx = r.idx;
  if (info.local && !idx.local.has(ipNum(info.local))) {
    return c.drop(ns, inner, 'no-route', wm('walk.vxlanBadLocal.text', { ns: ns.name, dev: dev.name, local: info.local }), wm('walk.vxlanBadLocal.why', {}), {}, dev.name);
  }
  if (r.local) {
    // vxlan_xmit_one: a remote VTEP that is an address of this host bypasses encapsulation — the frame goes
    // straight to the local VXLAN device with the same VNI and port, received as PACKET_HOST whatever its
    // inner MAC, so the packet is routed again here (a loop that ends in Time to live exceeded when the
    // route points back into the tunnel). Found by `verify` against the kernel on gym-flannel-nat.
    const peer = idx.links.find((l) => l.kind === 'vxlan' && l.up && l.vxlan?.vni === info.vni && l.vxlan?.port === info.port);
    if (!peer) return c.drop(ns, inner, 'unreachable-nexthop', wm('walk.vxlanNoFdb.text', { ns: ns.name, mac: String(n.lladdr), dev: dev.name }), wm('walk.vxlanBypass.why', {}), {}, dev.name);
    c.t += COST.step;
    c.emit(ns, 'decap', inner, wm('walk.vxlanBypass.text', { ns: ns.name, dev: dev.name, dst: f.dst, peer: peer.name }), wm('walk.vxlanBypass.why', {}), { dev: peer.name });
    return ipReceive(c, ns, peer, inner);
  }
  const src = info.local || routeSource(idx, r.fib!)?.ip || '0.0.0.0';
  const sport = udpFlowSrcPort(flowHash(ns.id, inner));
  const innerFrame: Header[] = [eth(dev.mac, n.lladdr!), ...inner];
  const vx = vxlanHeader(info.vni);
  const outer = ipv4({ src, dst: f.dst, protocol: PROTO_UDP, ttl: 64, id: c.nextId(ns), df: false }, udp(sport, info.port, [vx, ...innerFrame], true));
  c.t += COST.step;
  const text = wm('walk.vxlanEncap.text', { ns: ns.name, dev: dev.name, vni: info.vni, sport, port: info.port, src, dst: f.dst });
  c.emit(ns, 'encap', outer, text, wm('walk.vxlanEncap.why', { mac: String(n.lladdr), dst: f.dst, sport }), {
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
  c.emit(ns, 'decap', inner, wm('walk.ipipDecap.text', { ns: ns.name, dst: ipOf(pkt).dst, dev: tun.name }), wm('walk.ipipDecap.why', { dev: tun.name }), {
    dev: tun.name,
    popped: [pkt[0]],
  });
  return ipReceive(c, ns, tun, inner);
}

/** vxlan_rcv: UDP to a local address on a VXLAN device's port, with its VNI, is decapsulated and the
 *  inner frame received on that device (it must be for the device's MAC). Devices sharing a port share
 *  its socket, which picks the device by VNI (vxlan_vs_find_vni). Returns undefined when no VXLAN device
 *  listens on the port. */
export function vxlanDecap(c: WalkCtx, ns: NetNS, dev: Link, pkt: Header[]): Verdict | undefined {
  const u = pkt[1];
  if (u?.type !== 'udp') return undefined;
  const listeners = nsIndex(ns).links.filter((l) => l.kind === 'vxlan' && l.up && l.vxlan?.port === u.dstPort);
  if (!listeners.length) return undefined;
  const vx = pkt[2];
  if (vx?.type !== 'vxlan' || pkt[3]?.type !== 'eth') {
    return c.drop(ns, pkt, 'filtered', wm('walk.vxlanNotVxlan.text', { ns: ns.name, port: u.dstPort }), wm('walk.vxlanNotVxlan.why', {}), {}, dev.name);
  }
  const vxdev = listeners.find((l) => l.vxlan!.vni === vx.vni);
  if (!vxdev) {
    const first = listeners[0];
    return c.drop(ns, pkt, 'filtered', wm('walk.vxlanVni.text', { ns: ns.name, vni: vx.vni, dev: first.name, devVni: first.vxlan!.vni }), wm('walk.vxlanVni.why', {}), { message: wm('walk.msg.vni', { vni: vx.vni, ns: ns.name }) }, dev.name);
  }
  const innerFrame = pkt.slice(3);
  c.t += COST.step;
  c.emit(ns, 'decap', innerFrame, wm('walk.vxlanDecap.text', { ns: ns.name, vni: vx.vni, port: u.dstPort, dev: vxdev.name }), wm('walk.vxlanDecap.why', { dev: vxdev.name }), {
    dev: vxdev.name,
    popped: [pkt[0], pkt[1], vx],
  });
  const e = ethOf(innerFrame);
  if (e.dst !== vxdev.mac) {
    return c.drop(ns, innerFrame, 'filtered', wm('walk.vxlanInnerMac.text', { ns: ns.name, dev: vxdev.name, mac: e.dst }), wm('walk.vxlanInnerMac.why', {}), { message: wm('walk.msg.innerMac', { mac: e.dst, dev: vxdev.name }) }, vxdev.name);
  }
  return ipReceive(c, ns, vxdev, innerFrame.slice(1));
}
