// icmp_send (net/ipv4/icmp.c): the error a namespace sends back about a packet it could not pass on.
// Source address: the packet's own destination when it was addressed to this namespace (port
// unreachable comes from the host that was asked); otherwise 0, which the route lookup back to the
// sender turns into the address that route selects (fib_result_prefsrc / inet_select_addr). The error
// quotes as much of the packet as fits in 576 bytes, is sent with TTL 64, TOS 0xc0 and DF clear.

import type { NetNS } from '../model/kernel';
import { icmpQuoteRoom } from '../model/headers';
import type { DropReason, Header, IcmpHeader, Verdict } from '../model/packet';
import { COST } from './clock';
import type { WalkCtx } from './ctx';
import { fibLookup, routeLine, routeSource } from './fib';
import { ipOf, ipv4, PROTO_ICMP, truncate } from './headers';
import { icmpErrorText, summarize, type IcmpErrorKind } from './text';
import { nsIndex, ipNum } from './world';
import { wm, type WalkMsgId } from './messages';
import type { Msg, Txt } from '../msg';

export const ICMP_DEST_UNREACH = 3;
export const ICMP_TIME_EXCEEDED = 11;
export const CODE_NET_UNREACH = 0;
export const CODE_HOST_UNREACH = 1;
export const CODE_PROT_UNREACH = 2;
export const CODE_PORT_UNREACH = 3;
export const CODE_FRAG_NEEDED = 4;
export const CODE_PKT_FILTERED = 13;

const ICMP_ROOM = icmpQuoteRoom();

type IcmpNameId = Exclude<Extract<WalkMsgId, `walk.icmpName.${string}`>, 'walk.icmpName.other'>;
const NAMES: Record<string, IcmpNameId> = {
  '11/0': 'walk.icmpName.ttl',
  '3/0': 'walk.icmpName.net',
  '3/1': 'walk.icmpName.host',
  '3/2': 'walk.icmpName.protocol',
  '3/3': 'walk.icmpName.port',
  '3/4': 'walk.icmpName.frag',
  '3/13': 'walk.icmpName.prohibited',
};

function isIcmpError(pkt: readonly Header[]): boolean {
  const l4 = pkt[1];
  return ipOf(pkt).protocol === PROTO_ICMP && l4?.type === 'icmp' && l4.icmpType !== 0 && l4.icmpType !== 8;
}

/**
 * Sends an ICMP error from `ns` about `pkt` and records it as an 'icmp' hop. Returns the error's source
 * address (what traceroute and ping print), or undefined when none is sent: never about an ICMP error,
 * never without a route back.
 */
export function icmpSend(c: WalkCtx, ns: NetNS, pkt: readonly Header[], type: number, code: number, mtu?: number): string | undefined {
  if (isIcmpError(pkt)) return undefined;
  const ip = ipOf(pkt);
  const idx = nsIndex(ns);
  let saddr: string | undefined;
  let how: Msg;
  if (idx.local.has(ipNum(ip.dst))) {
    saddr = ip.dst;
    how = wm('walk.icmp.howLocal', { ns: ns.name });
  } else {
    const back = fibLookup(idx, ipNum(ip.src));
    if (!back || back.route.type !== 'unicast') return undefined;
    const s = routeSource(idx, back);
    if (!s) return undefined;
    saddr = s.ip;
    how = wm('walk.icmp.howRoute', { dst: ip.src, line: routeLine(back.route), how: s.howMsg });
  }
  const icmp: IcmpHeader = { type: 'icmp', icmpType: type, code };
  if (mtu !== undefined) icmp.mtu = mtu;
  const quote = truncate(pkt, Math.min(ip.totalLength, ICMP_ROOM));
  const err = ipv4({ src: saddr, dst: ip.src, protocol: PROTO_ICMP, ttl: 64, id: c.nextId(ns), df: false, tos: 0xc0 }, [icmp, { type: 'quote', headers: quote }]);
  c.t += COST.step;
  const known = NAMES[`${type}/${code}`];
  const name = known ? wm(known, {}) : wm('walk.icmpName.other', { type, code });
  c.emit(
    ns,
    'icmp',
    err,
    wm('walk.icmp.text', { ns: ns.name, name, mtu: mtu !== undefined ? ` (mtu ${mtu})` : '', src: saddr, dst: ip.src }),
    wm('walk.icmp.why', { how, summary: summarize(pkt) }),
  );
  // the error is a packet like any other: walk() sends it back and decides who hears it
  c.pendingError = { ns, packet: err, type, code, ...(mtu !== undefined ? { mtu } : {}) };
  return saddr;
}

/** An ICMP error from a namespace, and the drop it explains; the message is what the sender's tool
 *  prints on receiving it. */
export function dropWithIcmp(
  c: WalkCtx,
  ns: NetNS,
  pkt: readonly Header[],
  reason: DropReason,
  kind: IcmpErrorKind,
  type: number,
  code: number,
  text: Txt,
  why: Txt,
  mtu?: number,
): Verdict {
  const from = icmpSend(c, ns, pkt, type, code, mtu);
  const message = from ? icmpErrorText(c.app.protocol, kind, from, c.app.seq, mtu) : wm('walk.msg.noIcmpBack', { text });
  return c.drop(ns, pkt, reason, text, why, { message, icmpFrom: from, ...(mtu !== undefined ? { mtu } : {}) });
}

/**
 * A next hop that cannot be resolved. Sent by this namespace: the stack reports EHOSTUNREACH and ping
 * prints "Destination Host Unreachable" from its own address. Forwarded: arp_error_report →
 * ipv4_link_failure sends ICMP host unreachable to the source.
 */
export function neighFailure(c: WalkCtx, ns: NetNS, pkt: readonly Header[], local: boolean, reason: DropReason, text: Txt, why: Txt, dev: string): Verdict {
  const ip = ipOf(pkt);
  if (local && ns.id === c.origin.id) {
    const message = icmpErrorText(c.app.protocol, 'host', ip.src, c.app.seq);
    return c.drop(ns, pkt, reason, text, why, { message, icmpFrom: ip.src }, dev);
  }
  if (local) return c.drop(ns, pkt, reason, text, why, { message: text }, dev);
  return dropWithIcmp(c, ns, pkt, reason, 'host', ICMP_DEST_UNREACH, CODE_HOST_UNREACH, text, why);
}
