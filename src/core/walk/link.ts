// Ethernet devices: neighbour resolution (a valid neigh entry, or ARP on the medium), the frame's trip
// across a veth pair or a segment, reception by a device, and a Linux bridge switching frames between
// its ports by MAC.

import type { Link, NetNS } from '../model/kernel';
import type { Header, Verdict } from '../model/packet';
import { numToIp } from '../util/ipv4';
import { arpCost, COST } from './clock';
import type { WalkCtx } from './ctx';
import { inetSelectAddr } from './fib';
import { eth, ethOf, ipOf, stackLength, ETH_LEN } from './headers';
import { neighFailure } from './icmp';
import { ipReceive } from './ip';
import { arpResolve, bridgePortFor, macOf, podBehind, receiverFor, silentOwner, usableNeigh, vethPeer } from './l2';
import { runPolicy } from './netfilter';
import { nsIndex, SCOPE_LINK, ipNum } from './world';

/** neigh_output: resolve the next hop to a MAC on dev, then transmit the frame. */
export function neighOutput(c: WalkCtx, ns: NetNS, dev: Link, nh: string, pkt: Header[], local: boolean): Verdict {
  const devMac = macOf(ns, dev);
  if ((dev.kind !== 'ether' && dev.kind !== 'veth' && dev.kind !== 'bridge') || !devMac) {
    return c.drop(ns, pkt, 'unreachable-nexthop', `${ns.name}: ${dev.name} (${dev.kind}) cannot carry the frame`, 'Only Ethernet-like devices resolve neighbours.', {}, dev.name);
  }
  let mac: string;
  const entry = usableNeigh(ns, dev.name, nh);
  if (entry) {
    mac = entry.lladdr!;
    c.t += COST.step;
    c.emit(ns, 'arp', pkt, `${ns.name}: neigh ${nh} dev ${dev.name} lladdr ${mac} ${entry.state}`, 'neigh_lookup finds a valid entry, so no ARP request is sent.', { dev: dev.name });
  } else {
    const ip = ipOf(pkt);
    const idx = nsIndex(ns);
    // arp_solicit: the packet's source when it is ours, else inet_select_addr(dev, target, link)
    const own = local && idx.local.has(ipNum(ip.src));
    const tellInfo = own ? undefined : inetSelectAddr(idx, dev, ipNum(nh), SCOPE_LINK);
    const tell = own ? ip.src : tellInfo ? numToIp(tellInfo.ip) : '0.0.0.0';
    c.t += arpCost(dev.kind === 'ether' ? 'segment' : 'veth');
    const ans = arpResolve(c.w, ns, dev, nh);
    const ask = `${ns.name}: ARP who-has ${nh} tell ${tell} on ${dev.name}`;
    if (!ans) {
      const silent = silentOwner(c.w, dev, nh);
      const hint = silent ? ` (${silent.ns.down ? `${silent.ns.name} is down` : `${silent.ns.name} ${silent.link.name} is down`})` : '';
      c.emit(ns, 'arp', pkt, `${ask}: no reply${hint}`, 'arp_solicit broadcasts the request; no device that hears it owns the address or proxies for it (arp_process), so the neighbour stays INCOMPLETE and then FAILED.', { dev: dev.name });
      return neighFailure(c, ns, pkt, local, 'unreachable-nexthop', `${ns.name}: cannot resolve ${nh} on ${dev.name}${hint}`, `No ARP reply for ${nh}: nobody on the medium of ${dev.name} answers for it.`, dev.name);
    }
    mac = ans.mac;
    const by = `${ans.by.ns.name} ${ans.by.link.name}`;
    const why = ans.proxy
      ? `arp_process on ${by}: proxy_arp is on and its route to ${nh} leaves by ${ans.proxyVia}, not by the device the request came in on (arp_fwd_proxy), so it answers with its own MAC.`
      : `arp_process on ${by}: ${nh} is a local address of ${ans.by.ns.name} (arp_ignore=0 answers for any local address).`;
    c.emit(ns, 'arp', pkt, `${ask} → ${nh} is-at ${mac} (${by}${ans.proxy ? ', proxy ARP' : ''})`, why, { dev: dev.name });
  }
  return l2Transmit(c, ns, dev, [eth(devMac, mac), ...pkt], local && ns.id === c.origin.id);
}

/** A frame leaves by dev: across its veth pair, onto its segment, or into its bridge. `ownSend`: the
 *  sending application's own packet on its own device (errors then reach the application). */
export function l2Transmit(c: WalkCtx, ns: NetNS, dev: Link, frame: Header[], ownSend: boolean): Verdict {
  const e = ethOf(frame);
  const ipLen = stackLength(frame) - ETH_LEN;
  if (dev.kind === 'bridge') return bridgeForward(c, ns, dev, undefined, frame, ownSend);
  if (!dev.up || dev.noCarrier) {
    return c.drop(ns, frame, 'unreachable-nexthop', `${ns.name}: ${dev.name} has no carrier`, 'A device without carrier transmits nothing.', {}, dev.name);
  }
  if (dev.kind === 'veth') {
    const p = vethPeer(c.w, dev);
    if (!p || !p.link.up) {
      return c.drop(ns, frame, 'unreachable-nexthop', `${ns.name}: the peer of ${dev.name} is missing or down`, 'veth_xmit drops frames when the peer device is not running.', {}, dev.name);
    }
    if (ipLen > p.link.mtu + 4) {
      const message = ownSend ? (c.app.protocol === 'icmp' ? 'ping: sendmsg: No buffer space available' : 'sendmsg: No buffer space available') : `dropped by the veth ${dev.name}: ${ipLen} bytes > peer MTU ${p.link.mtu}`;
      return c.drop(ns, frame, 'mtu', `${ns.name}: ${dev.name} drops a ${ipLen}-byte packet: peer ${p.link.name} has MTU ${p.link.mtu}`, `veth_xmit → __dev_forward_skb: is_skb_forwardable refuses frames longer than the peer's MTU + 14 + 4 (VLAN), so anything above ${p.link.mtu + 4} IP bytes is dropped.`, { message, mtu: p.link.mtu }, dev.name);
    }
    c.t += COST.veth;
    const length = ipLen + ETH_LEN;
    c.emit(ns, 'wire', frame, `${ns.name} ${dev.name} → ${p.ns.name} ${p.link.name} (veth): ${length} bytes`, 'A veth pair is a cable between two namespaces: what one end sends, the other receives.', {
      dev: dev.name,
      wire: { medium: 'veth', from: { ns: ns.id, dev: dev.name }, to: { ns: p.ns.id, dev: p.link.name }, frame, length },
    });
    return l2Receive(c, p.ns, p.link, frame);
  }
  if (dev.kind === 'ether') {
    if (!dev.network) {
      return c.drop(ns, frame, 'unreachable-nexthop', `${ns.name}: ${dev.name} is not cabled to any network`, 'The frame leaves a NIC that reaches nothing.', { message: `${dev.name} reaches nothing` }, dev.name);
    }
    const seg = c.w.segment(dev.network);
    const m = receiverFor(c.w, dev, e.dst);
    if (!m) {
      return c.drop(ns, frame, 'unreachable-nexthop', `${seg.name}: no station has MAC ${e.dst}`, 'The switch floods the unknown destination and nobody takes it.', {}, dev.name);
    }
    const netMtu = seg.network?.mtu;
    if (netMtu !== undefined && ipLen > netMtu) {
      c.t += COST.segment;
      const message = `dropped silently by the underlay (network mtu ${netMtu})`;
      return c.drop(ns, frame, 'mtu', `${seg.name}: a ${ipLen}-byte packet exceeds the network MTU ${netMtu} and is lost`, 'A switch or link with a smaller MTU than the NICs drops oversized frames without any ICMP: the classic MTU black hole.', { message, mtu: netMtu }, dev.name);
    }
    c.t += COST.segment;
    const length = ipLen + ETH_LEN;
    c.emit(ns, 'wire', frame, `${ns.name} ${dev.name} → ${m.ns.name} ${m.link.name} (${seg.name}): ${length} bytes`, `The segment ${seg.name} switches the frame to the NIC with MAC ${e.dst}.`, {
      dev: dev.name,
      wire: { medium: seg.name, from: { ns: ns.id, dev: dev.name }, to: { ns: m.ns.id, dev: m.link.name }, frame, length },
    });
    return l2Receive(c, m.ns, m.link, frame);
  }
  return c.drop(ns, frame, 'unreachable-nexthop', `${ns.name}: ${dev.name} (${dev.kind}) has no medium`, 'Only veths, NICs and bridges carry frames.', {}, dev.name);
}

/** A device receives a frame: a bridge port hands it to its bridge; otherwise it must be for the
 *  device's MAC (eth_type_trans) and goes up to IP. */
export function l2Receive(c: WalkCtx, ns: NetNS, link: Link, frame: Header[]): Verdict {
  if (ns.down) return c.drop(ns, frame, 'node-down', `${ns.name} is down: the frame is lost`, 'A namespace that is down receives nothing.', { message: `${ns.name} is down` }, link.name);
  if (!link.up) return c.drop(ns, frame, 'unreachable-nexthop', `${ns.name}: ${link.name} is down`, 'A device that is down receives nothing.', {}, link.name);
  const e = ethOf(frame);
  const pkt = frame.slice(1);
  const pod = podBehind(c.w, ns, link);
  if (pod) {
    const v = runPolicy(c, 'host-veth-ingress', ns, link, pod, pkt);
    if (v) return v;
  }
  if (link.master) {
    const bridge = nsIndex(ns).byName.get(link.master);
    if (!bridge || !bridge.up) return c.drop(ns, frame, 'unreachable-nexthop', `${ns.name}: bridge ${link.master} is missing or down`, 'A port of a down bridge passes nothing.', {}, link.name);
    const bridgeMac = macOf(ns, bridge);
    if (e.dst === bridgeMac) {
      c.t += COST.step;
      c.emit(ns, 'receive', pkt, `${ns.name}: ${link.name} (port of ${bridge.name}) receives a frame for ${bridge.name}'s own MAC: up to IP on ${bridge.name}`, "br_handle_frame: a frame for the bridge's own address is delivered to the bridge device itself (PACKET_HOST).", { dev: bridge.name });
      return ipReceive(c, ns, bridge, pkt);
    }
    return bridgeForward(c, ns, bridge, link, frame, false);
  }
  const own = macOf(ns, link);
  if (own && e.dst !== own) {
    return c.drop(ns, frame, 'filtered', `${ns.name}: ${link.name} ignores a frame for ${e.dst}`, "eth_type_trans marks a frame for another MAC PACKET_OTHERHOST and ip_rcv drops it.", {}, link.name);
  }
  c.t += COST.step;
  c.emit(ns, 'receive', pkt, `${ns.name}: ${link.name} receives ${stackLength(frame)} bytes for ${e.dst}`, `The destination MAC is ${link.name}'s own, so the packet goes up to IP.`, { dev: link.name });
  return ipReceive(c, ns, link, pkt);
}

/** The bridge switches a frame to the port its FDB has for the destination MAC (learned: the walk
 *  assumes the ARP exchange just taught it). */
function bridgeForward(c: WalkCtx, ns: NetNS, bridge: Link, inPort: Link | undefined, frame: Header[], ownSend: boolean): Verdict {
  const e = ethOf(frame);
  const port = bridgePortFor(c.w, ns, bridge, e.dst, inPort);
  if (!port) {
    return c.drop(ns, frame, 'unreachable-nexthop', `${ns.name}: ${bridge.name} has no port for ${e.dst}`, 'Unknown unicast is flooded to every port and nobody takes it.', {}, bridge.name);
  }
  c.t += COST.step;
  c.emit(ns, 'receive', frame, `${ns.name}: ${bridge.name} switches the frame for ${e.dst} to port ${port.name}`, 'br_fdb_find: the bridge forwards by destination MAC to the port it learned that MAC on.', { dev: bridge.name });
  const pod = podBehind(c.w, ns, port);
  if (pod) {
    const v = runPolicy(c, 'host-veth-egress', ns, port, pod, frame.slice(1));
    if (v) return v;
  }
  return l2Transmit(c, ns, port, frame, ownSend);
}
