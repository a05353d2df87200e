// ICMP errors the way Linux builds them (net/ipv4/icmp.c, __icmp_send):
//  * the quote: "RFC says return as much as we can without exceeding 576 bytes" — room is
//    min(route MTU, 576) − 20 (IP) − 8 (ICMP), and the offending datagram is quoted up to that
//    (a 60-byte traceroute probe whole: "length 68"; a 1500-byte ping cut to 548: "length 556");
//  * TOS: the original's TOS bits with precedence "internetwork control" (0xc0);
//  * TTL: the host default (64); DF clear (the ICMP socket uses IP_PMTUDISC_DONT);
//  * frag-needed (type 3 code 4) carries the next-hop MTU in the low 16 bits of the second word.

import type { Header, IcmpHeader, IPv4Header, QuoteHeader } from '../model/packet';
import { ICMP_HLEN, IPPROTO_ICMP, IPV4_HLEN, WireError } from './bytes';
import { headerSize } from './serialize';
import { icmpQuoteRoom } from '../model/headers';

/** Bytes of the offending datagram Linux quotes in an ICMP error. */
export function linuxIcmpQuoteLength(originalTotalLength: number, routeMtu = 1500): number {
  return Math.min(originalTotalLength, icmpQuoteRoom(routeMtu));
}

/** IPTOS_PREC_INTERNETCONTROL | (original TOS & IPTOS_TOS_MASK). */
export function linuxIcmpErrorTos(originalTos: number): number {
  return (originalTos & 0x1e) | 0xc0;
}

export interface IcmpErrorSpec {
  /** who sends the error (the router or host that dropped the packet) */
  src: string;
  /** the offending datagram, starting with its IPv4 header, as it arrived (before any TTL change) */
  original: readonly Header[];
  icmpType: 3 | 11;
  code: number;
  /** frag-needed: next-hop MTU */
  mtu?: number;
  /** IP id of the error (Linux picks it per destination; the walk decides) */
  id: number;
  ttl?: number;
  /** MTU of the route back to the sender (caps the quote below 576 only on tiny links) */
  routeMtu?: number;
}

/**
 * The error as an IPv4 stack [ipv4, icmp, quote] addressed to the original sender. The quote holds
 * exactly the quoted bytes (a shortened payload), so the stack's sizes add up like any other.
 */
export function linuxIcmpError(spec: IcmpErrorSpec): Header[] {
  const orig = spec.original[0];
  if (!orig || orig.type !== 'ipv4') throw new WireError('linuxIcmpError: the original must start with its IPv4 header');
  const quoteLen = linuxIcmpQuoteLength(orig.totalLength, spec.routeMtu);
  const icmp: IcmpHeader = { type: 'icmp', icmpType: spec.icmpType, code: spec.code };
  if (spec.icmpType === 3 && spec.code === 4) icmp.mtu = spec.mtu ?? 0;
  const quote: QuoteHeader = { type: 'quote', headers: cutStack(spec.original, quoteLen) };
  const ip: IPv4Header = {
    type: 'ipv4',
    tos: linuxIcmpErrorTos(orig.tos),
    totalLength: IPV4_HLEN + ICMP_HLEN + quoteLen,
    id: spec.id,
    df: false,
    mf: false,
    fragOffset: 0,
    ttl: spec.ttl ?? 64,
    protocol: IPPROTO_ICMP,
    src: spec.src,
    dst: orig.src,
  };
  return [ip, icmp, quote];
}

/**
 * The first `n` bytes of a stack as headers: whole headers while they fit, then a shortened payload.
 * A cut inside any other header cannot be described by a stack and throws.
 */
export function cutStack(headers: readonly Header[], n: number): Header[] {
  const out: Header[] = [];
  let left = n;
  for (const h of headers) {
    if (left <= 0) break;
    const size = headerSize(h);
    if (size <= left) {
      out.push(h);
      left -= size;
    } else if (h.type === 'payload') {
      out.push({ ...h, length: left });
      left = 0;
    } else {
      throw new WireError(`cutStack: byte ${n} falls inside a ${h.type} header`);
    }
  }
  if (left > 0) throw new WireError(`cutStack: the stack holds fewer than ${n} bytes`);
  return out;
}
