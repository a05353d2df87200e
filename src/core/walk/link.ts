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
import { wm } from './messages';

/** neigh_output: resolve the next hop to a MAC on dev, then transmit the frame. */
export function neighOutput(c: WalkCtx, ns: NetNS, dev: Link, nh: string, pkt: Header[], local: boolean): Verdict {
  const devMac = macOf(ns, dev);
  if ((dev.kind !== 'ether' && dev.kind !== 'veth' && dev.kind !== 'bridge') || !devMac) {
    return c.drop(ns, pkt, 'unreachable-nexthop', wm('walk.noNeighDev.text', { ns: ns.name, dev: dev.name, kind: dev.kind }), wm('walk.noNeighDev.why', {}), {}, dev.name);
  }
  let mac: string;
  const entry = usableNeigh(ns, dev.name, nh);
  if (entry) {
    mac = entry.lladdr!;
    c.t += COST.step;
    c.emit(ns, 'arp', pkt, wm('walk.neigh.text', { ns: ns.name, nh, dev: dev.name, mac, state: entry.state }), wm('walk.neigh.why', {}), { dev: dev.name });
  } else {
    const ip = ipOf(pkt);
    const idx = nsIndex(ns);
    // arp_solicit: the packet's source when it is ours, else inet_select_addr(dev, target, link)
    const own = local && idx.local.has(ipNum(ip.src));
    const tellInfo = own ? undefined : inetSelectAddr(idx, dev, ipNum(nh), SCOPE_LINK);
    const tell = own ? ip.src : tellInfo ? numToIp(tellInfo.ip) : '0.0.0.0';
    c.t += arpCost(dev.kind === 'ether' ? 'segment' : 'veth');
    const ans = arpResolve(c.w, ns, dev, nh);
    const ask = wm('walk.arpAsk', { ns: ns.name, nh, tell, dev: dev.name });
    if (!ans) {
      const silent = silentOwner(c.w, dev, nh);
      const hint = !silent ? '' : silent.ns.down ? wm('walk.arpHint.nsDown', { ns: silent.ns.name }) : wm('walk.arpHint.devDown', { ns: silent.ns.name, dev: silent.link.name });
      c.emit(ns, 'arp', pkt, wm('walk.arpNoReply.text', { ask, hint }), wm('walk.arpNoReply.why', {}), { dev: dev.name });
      return neighFailure(c, ns, pkt, local, 'unreachable-nexthop', wm('walk.arpFail.text', { ns: ns.name, nh, dev: dev.name, hint }), wm('walk.arpFail.why', { nh, dev: dev.name }), dev.name);
    }
    mac = ans.mac;
    const by = `${ans.by.ns.name} ${ans.by.link.name}`;
    const why = ans.proxy
      ? wm('walk.arpReply.whyProxy', { by, nh, via: String(ans.proxyVia) })
      : wm('walk.arpReply.why', { by, nh, owner: ans.by.ns.name });
    c.emit(ns, 'arp', pkt, wm(ans.proxy ? 'walk.arpReply.textProxy' : 'walk.arpReply.text', { ask, nh, mac, by }), why, { dev: dev.name });
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
    return c.drop(ns, frame, 'unreachable-nexthop', wm('walk.noCarrier.text', { ns: ns.name, dev: dev.name }), wm('walk.noCarrier.why', {}), {}, dev.name);
  }
  if (dev.kind === 'veth') {
    const p = vethPeer(c.w, dev);
    if (!p || !p.link.up) {
      return c.drop(ns, frame, 'unreachable-nexthop', wm('walk.vethPeerDown.text', { ns: ns.name, dev: dev.name }), wm('walk.vethPeerDown.why', {}), {}, dev.name);
    }
    if (ipLen > p.link.mtu + 4) {
      const message = ownSend ? (c.app.protocol === 'icmp' ? 'ping: sendmsg: No buffer space available' : 'sendmsg: No buffer space available') : wm('walk.msg.vethMtu', { dev: dev.name, len: ipLen, mtu: p.link.mtu });
      const text = wm('walk.vethMtu.text', { ns: ns.name, dev: dev.name, len: ipLen, peer: p.link.name, mtu: p.link.mtu });
      return c.drop(ns, frame, 'mtu', text, wm('walk.vethMtu.why', { limit: p.link.mtu + 4 }), { message, mtu: p.link.mtu }, dev.name);
    }
    c.t += COST.veth;
    const length = ipLen + ETH_LEN;
    c.emit(ns, 'wire', frame, wm('walk.veth.text', { ns: ns.name, dev: dev.name, peerNs: p.ns.name, peer: p.link.name, length }), wm('walk.veth.why', {}), {
      dev: dev.name,
      wire: { medium: 'veth', from: { ns: ns.id, dev: dev.name }, to: { ns: p.ns.id, dev: p.link.name }, frame, length },
    });
    return l2Receive(c, p.ns, p.link, frame);
  }
  if (dev.kind === 'ether') {
    if (!dev.network) {
      return c.drop(ns, frame, 'unreachable-nexthop', wm('walk.uncabled.text', { ns: ns.name, dev: dev.name }), wm('walk.uncabled.why', {}), { message: wm('walk.msg.uncabled', { dev: dev.name }) }, dev.name);
    }
    const seg = c.w.segment(dev.network);
    const m = receiverFor(c.w, dev, e.dst);
    if (!m) {
      return c.drop(ns, frame, 'unreachable-nexthop', wm('walk.noStation.text', { segment: seg.name, mac: e.dst }), wm('walk.noStation.why', {}), {}, dev.name);
    }
    const netMtu = seg.network?.mtu;
    if (netMtu !== undefined && ipLen > netMtu) {
      c.t += COST.segment;
      const message = wm('walk.msg.netMtu', { mtu: netMtu });
      return c.drop(ns, frame, 'mtu', wm('walk.netMtu.text', { segment: seg.name, len: ipLen, mtu: netMtu }), wm('walk.netMtu.why', {}), { message, mtu: netMtu }, dev.name);
    }
    if (ipLen > m.link.mtu) {
      // the receiving NIC's buffers are sized for its own MTU: a bigger frame is dropped (an rx length error),
      // silently — an MTU mismatch on one LAN is a path MTU the sender cannot see
      c.t += COST.segment;
      const message = wm('walk.msg.rxMtu', { ns: m.ns.name, dev: m.link.name, mtu: m.link.mtu });
      return c.drop(ns, frame, 'mtu', wm('walk.rxMtu.text', { peerNs: m.ns.name, peer: m.link.name, len: ipLen, mtu: m.link.mtu }), wm('walk.rxMtu.why', {}), { message, mtu: m.link.mtu }, dev.name);
    }
    c.t += COST.segment;
    const length = ipLen + ETH_LEN;
    c.emit(ns, 'wire', frame, wm('walk.segment.text', { ns: ns.name, dev: dev.name, peerNs: m.ns.name, peer: m.link.name, segment: seg.name, length }), wm('walk.segment.why', { segment: seg.name, mac: e.dst }), {
      dev: dev.name,
      wire: { medium: seg.name, from: { ns: ns.id, dev: dev.name }, to: { ns: m.ns.id, dev: m.link.name }, frame, length },
    });
    return l2Receive(c, m.ns, m.link, frame);
  }
  return c.drop(ns, frame, 'unreachable-nexthop', wm('walk.noMedium.text', { ns: ns.name, dev: dev.name, kind: dev.kind }), wm('walk.noMedium.why', {}), {}, dev.name);
}

/** A device receives a frame: a bridge port hands it to its bridge; otherwise it must be for the
 *  device's MAC (eth_type_trans) and goes up to IP. */
export function l2Receive(c: WalkCtx, ns: NetNS, link: Link, frame: Header[]): Verdict {
  if (ns.down) return c.drop(ns, frame, 'node-down', wm('walk.down.recv.text', { ns: ns.name }), wm('walk.down.recv.why', {}), { message: wm('walk.msg.down', { ns: ns.name }) }, link.name);
  if (!link.up) return c.drop(ns, frame, 'unreachable-nexthop', wm('walk.devDown.text', { ns: ns.name, dev: link.name }), wm('walk.devDown.why', {}), {}, link.name);
  const e = ethOf(frame);
  const pkt = frame.slice(1);
  const pod = podBehind(c.w, ns, link);
  // a bridged pod veth (Flannel's cni0) is judged as its frame enters the bridge; a routed one (Calico's
  // cali*) after nat PREROUTING, where Felix's cali-fw chain sits (filter FORWARD/INPUT): see ipReceive
  if (pod && link.master) {
    const v = runPolicy(c, 'host-veth-ingress', ns, link, pod, pkt);
    if (v) return v;
  }
  if (link.master) {
    const bridge = nsIndex(ns).byName.get(link.master);
    if (!bridge || !bridge.up) return c.drop(ns, frame, 'unreachable-nexthop', wm('walk.bridgeDown.text', { ns: ns.name, bridge: link.master }), wm('walk.bridgeDown.why', {}), {}, link.name);
    const bridgeMac = macOf(ns, bridge);
    if (e.dst === bridgeMac) {
      c.t += COST.step;
      c.emit(ns, 'receive', pkt, wm('walk.bridgeHost.text', { ns: ns.name, dev: link.name, bridge: bridge.name }), wm('walk.bridgeHost.why', {}), { dev: bridge.name });
      return ipReceive(c, ns, bridge, pkt);
    }
    return bridgeForward(c, ns, bridge, link, frame, false);
  }
  const own = macOf(ns, link);
  if (own && e.dst !== own) {
    return c.drop(ns, frame, 'filtered', wm('walk.otherHost.text', { ns: ns.name, dev: link.name, mac: e.dst }), wm('walk.otherHost.why', {}), {}, link.name);
  }
  c.t += COST.step;
  c.emit(ns, 'receive', pkt, wm('walk.recv.text', { ns: ns.name, dev: link.name, len: stackLength(frame), mac: e.dst }), wm('walk.recv.why', { dev: link.name }), { dev: link.name });
  return ipReceive(c, ns, link, pkt);
}

/** The bridge switches a frame to the port its FDB has for the destination MAC (learned: the walk
 *  assumes the ARP exchange just taught it). */
function bridgeForward(c: WalkCtx, ns: NetNS, bridge: Link, inPort: Link | undefined, frame: Header[], ownSend: boolean): Verdict {
  const e = ethOf(frame);
  const port = bridgePortFor(c.w, ns, bridge, e.dst, inPort);
  if (!port) {
    return c.drop(ns, frame, 'unreachable-nexthop', wm('walk.bridgeNoPort.text', { ns: ns.name, bridge: bridge.name, mac: e.dst }), wm('walk.bridgeNoPort.why', {}), {}, bridge.name);
  }
  c.t += COST.step;
  c.emit(ns, 'receive', frame, wm('walk.bridgeFwd.text', { ns: ns.name, bridge: bridge.name, mac: e.dst, port: port.name }), wm('walk.bridgeFwd.why', {}), { dev: bridge.name });
  const pod = podBehind(c.w, ns, port);
  if (pod) {
    const v = runPolicy(c, 'host-veth-egress', ns, port, pod, frame.slice(1));
    if (v) return v;
  }
  return l2Transmit(c, ns, port, frame, ownSend);
}
