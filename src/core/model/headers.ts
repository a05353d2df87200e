// Header sizes: the one place that knows how many bytes each header takes. The walk (lengths it writes
// into IPv4/UDP headers, MTU checks), the serialiser and parser (bytes), the ICMP error builders (how much
// they may quote) and the MTU arithmetic of the dataplane (tunnel overhead) all read these, so a frame's
// text, its bytes and its MTU verdict cannot disagree about a size.

import type { Header, TcpHeader } from './packet';

export const ETH_HLEN = 14;
export const IPV4_HLEN = 20;
export const UDP_HLEN = 8;
export const VXLAN_HLEN = 8;
export const ICMP_HLEN = 8;
/** TCP without options; options add tcpOptionsLength. */
export const TCP_HLEN = 20;

/**
 * What each encapsulation adds in front of the inner IP packet, which is what the tunnel device's MTU gives
 * up: IPIP an outer IPv4 header; VXLAN an outer IPv4 + UDP + VXLAN header plus the inner Ethernet header.
 */
export const ENCAP_OVERHEAD = {
  ipip: IPV4_HLEN,
  vxlan: IPV4_HLEN + UDP_HLEN + VXLAN_HLEN + ETH_HLEN,
} as const;

/** RFC 1812 / Linux icmp.c: an ICMP error, quote included, stays within 576 bytes. */
export const ICMP_ERROR_MAX = 576;

/** Bytes of the offending datagram an ICMP error may quote: min(route MTU, 576) minus its own IP and ICMP headers. */
export function icmpQuoteRoom(routeMtu = 1500): number {
  return Math.min(routeMtu, ICMP_ERROR_MAX) - IPV4_HLEN - ICMP_HLEN;
}

/**
 * Bytes of the TCP option block as Linux lays it out (tcp_options_write): MSS 4, timestamps 12 (SACK_PERM
 * rides in their two leading bytes), SACK_PERM alone 4 (two NOPs), window scale 4 (NOP + 3) — always a
 * multiple of 4.
 */
export function tcpOptionsLength(o: TcpHeader['options']): number {
  let n = 0;
  if (o.mss !== undefined) n += 4;
  if (o.tsVal !== undefined) n += 12;
  else if (o.sackOk) n += 4;
  if (o.wscale !== undefined) n += 4;
  return n;
}

/** Size of one header as the stack holds it (a payload's length, a quote's headers). */
export function headerLength(h: Header): number {
  switch (h.type) {
    case 'eth':
      return ETH_HLEN;
    case 'ipv4':
      return IPV4_HLEN;
    case 'udp':
      return UDP_HLEN;
    case 'vxlan':
      return VXLAN_HLEN;
    case 'icmp':
      return ICMP_HLEN;
    case 'tcp':
      return TCP_HLEN + tcpOptionsLength(h.options);
    case 'payload':
      return h.length;
    case 'quote':
      return stackLength(h.headers);
  }
}

/** Sum of the header sizes from `from` on: the bytes the stack itself holds. */
export function stackLength(headers: readonly Header[], from = 0): number {
  let n = 0;
  for (let i = from; i < headers.length; i++) n += headerLength(headers[i]);
  return n;
}
