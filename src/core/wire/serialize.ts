// Header stacks → bytes. Outermost header first, each one followed by what it carries, checksums
// computed here (never taken from the stack). Length fields are trusted but checked: an IPv4
// totalLength or UDP length that disagrees with what the stack holds throws, because a frame whose
// text and bytes disagree is worse than no frame.
//
// Two stack shapes are cut short on purpose, and both are accepted. Either way a shortened stack is
// first made whole again — its last (patterned) payload grows until the first length field inside
// it (a quoted/inner IPv4 totalLength or a UDP length) is satisfied — so checksums and nested
// lengths are the ones the original datagram carried, and then the bytes are cut to size:
//  * An ICMP error's QuoteHeader: its headers may be the whole original datagram or only the quoted
//    prefix; the quote is cut to the room the enclosing IPv4 header gives it.
//  * An IPv4 fragment (MF set or offset > 0), in one of two forms:
//      window  — the headers after the IPv4 header describe the whole original datagram; offset and
//                totalLength select this fragment's slice of it (what fragment() produces; exact);
//      literal — the headers after it hold exactly this fragment's bytes (a first fragment as a
//                shortened stack, what core/walk builds). Exact when a length field tells how long
//                the datagram was (UDP, or an encapsulated IPv4 packet); for ICMP or TCP directly in
//                a literal first fragment the checksum can only cover the bytes that are there, and a
//                literal later fragment writes its payload pattern from the pattern's start.

import type { Header, IcmpHeader, IPv4Header, TcpHeader, UdpHeader, VxlanHeader, EthernetHeader } from '../model/packet';
import {
  concat,
  ETH_HLEN,
  ETHERTYPE_IPV4,
  ICMP_HLEN,
  IP_DF,
  IP_MF,
  IPPROTO_ICMP,
  IPPROTO_IPIP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  ipNum,
  IPV4_HLEN,
  macToBytes,
  put16,
  put24,
  put32,
  TCP_HLEN,
  UDP_HLEN,
  VXLAN_HLEN,
  WireError,
} from './bytes';
import { internetChecksum, transportChecksum } from './checksum';
import { payloadBytes } from './payload';
import { writeTcpOptions } from './tcpOptions';
import { headerLength, stackLength } from '../model/headers';

interface Ctx {
  /** the IPv4 header this layer rides in (pseudo-header for UDP/TCP) */
  ip?: IPv4Header;
  /** bytes the enclosing header says follow from here (sizes an ICMP error's quote) */
  room?: number;
}

/** Bytes of a header stack, outermost first (an Ethernet frame without FCS, or a bare IP packet). */
export function serializeFrame(headers: readonly Header[]): Uint8Array {
  return emit(headers, 0, {});
}

/** Size of one header as the stack holds it (a payload's length, a quote's headers): model/headers. */
export const headerSize = headerLength;

/** Sum of the header sizes from `from` on: the bytes the stack itself holds. */
export const stackSize = stackLength;

/**
 * Bytes the stack occupies on the wire without serialising it: leading Ethernet/VXLAN/UDP headers
 * plus the first IPv4 header's totalLength (which also covers fragments and quotes), else the sum.
 */
export function wireLength(headers: readonly Header[]): number {
  let n = 0;
  for (const h of headers) {
    if (h.type === 'ipv4') return n + h.totalLength;
    n += headerSize(h);
  }
  return n;
}

export function isFragment(ip: IPv4Header): boolean {
  return ip.mf || ip.fragOffset > 0;
}

function emit(hs: readonly Header[], i: number, ctx: Ctx): Uint8Array {
  if (i >= hs.length) return new Uint8Array(0);
  const h = hs[i];
  switch (h.type) {
    case 'eth':
      return emitEth(hs, i, h);
    case 'ipv4':
      return emitIpv4(hs, i, h);
    case 'udp':
      return emitUdp(hs, i, h, ctx);
    case 'vxlan':
      return emitVxlan(hs, i, h);
    case 'icmp':
      return emitIcmp(hs, i, h, ctx);
    case 'tcp':
      return emitTcp(hs, i, h, ctx);
    case 'payload':
      if (i !== hs.length - 1) throw at(i, h, 'a payload must be the last header of its stack');
      return payloadBytes(h);
    case 'quote':
      if (i !== hs.length - 1) throw at(i, h, 'a quote must be the last header of its stack');
      return emitQuote(h.headers, ctx.room);
  }
}

function at(i: number, h: Header, msg: string): WireError {
  return new WireError(`headers[${i}] (${h.type}): ${msg}`);
}

function field(i: number, h: Header, name: string, v: number | undefined, max: number): number {
  if (v === undefined || !Number.isInteger(v) || v < 0 || v > max) throw at(i, h, `${name} must be an integer 0..${max}, got ${v}`);
  return v;
}

function emitEth(hs: readonly Header[], i: number, h: EthernetHeader): Uint8Array {
  const next = hs[i + 1];
  if (next?.type === 'ipv4' && h.ethertype !== ETHERTYPE_IPV4) {
    throw at(i, h, `ethertype 0x${h.ethertype.toString(16)} but an IPv4 header follows (0x0800)`);
  }
  const b = new Uint8Array(ETH_HLEN);
  macToBytes(h.dst, b, 0); // destination comes first on the wire
  macToBytes(h.src, b, 6);
  put16(b, 12, field(i, h, 'ethertype', h.ethertype, 0xffff));
  return concat(b, emit(hs, i + 1, {}));
}

const PROTO_OF: Partial<Record<Header['type'], number>> = {
  icmp: IPPROTO_ICMP,
  ipv4: IPPROTO_IPIP,
  tcp: IPPROTO_TCP,
  udp: IPPROTO_UDP,
};

function emitIpv4(hs: readonly Header[], i: number, h: IPv4Header): Uint8Array {
  const total = field(i, h, 'totalLength', h.totalLength, 0xffff);
  if (total < IPV4_HLEN) throw at(i, h, `totalLength ${total} is shorter than the 20-byte header`);
  const next = hs[i + 1];
  const want = next ? PROTO_OF[next.type] : undefined;
  if (want !== undefined && want !== h.protocol) {
    throw at(i, h, `protocol ${h.protocol} but a ${next.type} header follows (protocol ${want})`);
  }
  const dataLen = total - IPV4_HLEN;
  const held = stackSize(hs, i + 1);
  let data: Uint8Array;
  if (!isFragment(h)) {
    data = emit(hs, i + 1, { ip: h, room: dataLen });
    if (data.length !== dataLen) {
      throw at(i, h, `totalLength ${total} but the header and what follows are ${IPV4_HLEN + data.length} bytes`);
    }
  } else {
    const start = field(i, h, 'fragOffset', h.fragOffset, 0x1fff) * 8;
    if (h.mf && dataLen % 8 !== 0) throw at(i, h, `a fragment with MF set must carry a multiple of 8 bytes, carries ${dataLen}`);
    if (held === dataLen) {
      const rest = hs.slice(i + 1);
      data = emit(start === 0 ? completeStack(rest) : rest, 0, { ip: h }).subarray(0, dataLen);
    } else if (held >= start + dataLen) {
      const whole = emit(hs, i + 1, { ip: h });
      if (!h.mf && start + dataLen !== whole.length) {
        throw at(i, h, `last fragment ends at byte ${start + dataLen} but the datagram it is cut from has ${whole.length}`);
      }
      data = whole.subarray(start, start + dataLen);
    } else {
      throw at(i, h, `fragment carries bytes ${start}..${start + dataLen} but the headers after it hold only ${held}`);
    }
  }
  const b = new Uint8Array(IPV4_HLEN);
  b[0] = 0x45; // version 4, 5 words: this model has no IP options
  b[1] = field(i, h, 'tos', h.tos, 0xff);
  put16(b, 2, total);
  put16(b, 4, field(i, h, 'id', h.id, 0xffff));
  put16(b, 6, (h.df ? IP_DF : 0) | (h.mf ? IP_MF : 0) | field(i, h, 'fragOffset', h.fragOffset, 0x1fff));
  b[8] = field(i, h, 'ttl', h.ttl, 0xff);
  b[9] = field(i, h, 'protocol', h.protocol, 0xff);
  put32(b, 12, ipNum(h.src));
  put32(b, 16, ipNum(h.dst));
  put16(b, 10, internetChecksum(b));
  return concat(b, data);
}

function emitUdp(hs: readonly Header[], i: number, h: UdpHeader, ctx: Ctx): Uint8Array {
  const data = emit(hs, i + 1, { ip: ctx.ip, room: ctx.room === undefined ? undefined : ctx.room - UDP_HLEN });
  const length = field(i, h, 'length', h.length, 0xffff);
  if (length !== UDP_HLEN + data.length) {
    throw at(i, h, `length ${length} but the header and what follows are ${UDP_HLEN + data.length} bytes`);
  }
  const seg = new Uint8Array(UDP_HLEN + data.length);
  put16(seg, 0, field(i, h, 'srcPort', h.srcPort, 0xffff));
  put16(seg, 2, field(i, h, 'dstPort', h.dstPort, 0xffff));
  put16(seg, 4, length);
  seg.set(data, UDP_HLEN);
  if (!h.zeroChecksum) {
    if (!ctx.ip) throw at(i, h, 'a UDP checksum needs the enclosing IPv4 header (or set zeroChecksum)');
    put16(seg, 6, transportChecksum(ipNum(ctx.ip.src), ipNum(ctx.ip.dst), IPPROTO_UDP, seg, true));
  }
  return seg;
}

function emitVxlan(hs: readonly Header[], i: number, h: VxlanHeader): Uint8Array {
  // RFC 7348: flags (0x08 = VNI valid), 24 reserved bits, 24-bit VNI, 8 reserved bits
  const b = new Uint8Array(VXLAN_HLEN);
  b[0] = field(i, h, 'flags', h.flags, 0xff);
  put24(b, 4, field(i, h, 'vni', h.vni, 0xffffff));
  return concat(b, emit(hs, i + 1, {}));
}

function emitIcmp(hs: readonly Header[], i: number, h: IcmpHeader, ctx: Ctx): Uint8Array {
  const data = emit(hs, i + 1, { ip: ctx.ip, room: ctx.room === undefined ? undefined : ctx.room - ICMP_HLEN });
  const b = new Uint8Array(ICMP_HLEN + data.length);
  b[0] = field(i, h, 'icmpType', h.icmpType, 0xff);
  b[1] = field(i, h, 'code', h.code, 0xff);
  if (h.icmpType === 0 || h.icmpType === 8) {
    put16(b, 4, field(i, h, 'id', h.id ?? 0, 0xffff));
    put16(b, 6, field(i, h, 'seq', h.seq ?? 0, 0xffff));
  } else if (h.icmpType === 3 && h.code === 4) {
    // RFC 1191: 16 unused bits, then the next-hop MTU
    put16(b, 6, field(i, h, 'mtu', h.mtu ?? 0, 0xffff));
  }
  b.set(data, ICMP_HLEN);
  put16(b, 2, internetChecksum(b));
  return b;
}

function emitTcp(hs: readonly Header[], i: number, h: TcpHeader, ctx: Ctx): Uint8Array {
  const data = emit(hs, i + 1, {});
  const opts = writeTcpOptions(h.options);
  const hlen = TCP_HLEN + opts.length;
  const seg = new Uint8Array(hlen + data.length);
  put16(seg, 0, field(i, h, 'srcPort', h.srcPort, 0xffff));
  put16(seg, 2, field(i, h, 'dstPort', h.dstPort, 0xffff));
  put32(seg, 4, field(i, h, 'seq', h.seq, 0xffffffff));
  put32(seg, 8, field(i, h, 'ack', h.ack, 0xffffffff));
  seg[12] = (hlen / 4) << 4;
  const f = h.flags;
  seg[13] = (f.fin ? 0x01 : 0) | (f.syn ? 0x02 : 0) | (f.rst ? 0x04 : 0) | (f.psh ? 0x08 : 0) | (f.ack ? 0x10 : 0);
  put16(seg, 14, field(i, h, 'window', h.window, 0xffff));
  seg.set(opts, TCP_HLEN);
  seg.set(data, hlen);
  if (!ctx.ip) throw at(i, h, 'a TCP checksum needs the enclosing IPv4 header');
  put16(seg, 16, transportChecksum(ipNum(ctx.ip.src), ipNum(ctx.ip.dst), IPPROTO_TCP, seg));
  return seg;
}

/**
 * The quoted datagram, rebuilt whole and cut to `room` bytes (or to what the quote's headers hold
 * when nothing encloses it).
 */
function emitQuote(q: readonly Header[], room: number | undefined): Uint8Array {
  const ip = q[0];
  if (!ip || ip.type !== 'ipv4') throw new WireError('quote: the quoted headers must start with the original IPv4 header');
  const keep = room ?? stackSize(q);
  const whole = serializeFrame(completeStack(q));
  if (keep > whole.length) {
    throw new WireError(`quote: the enclosing header leaves room for ${keep} quoted bytes but the quoted datagram has only ${whole.length}`);
  }
  return whole.subarray(0, keep);
}

/**
 * Bytes a shortened stack lacks: what its first length field (a non-fragment IPv4 totalLength or a
 * UDP length) promises beyond the headers that follow it. 0 when nothing says.
 */
function shortfall(hs: readonly Header[]): number {
  for (let j = 0; j < hs.length; j++) {
    const h = hs[j];
    if (h.type === 'ipv4' && !isFragment(h)) return h.totalLength - IPV4_HLEN - stackSize(hs, j + 1);
    if (h.type === 'udp') return h.length - UDP_HLEN - stackSize(hs, j + 1);
  }
  return 0;
}

/** A shortened stack made whole: its patterned payload grows (or a zero payload is added) by the shortfall. */
function completeStack(hs: readonly Header[]): Header[] {
  const missing = shortfall(hs);
  if (missing < 0) throw new WireError(`the headers hold ${-missing} bytes more than their length fields say`);
  if (missing === 0) return [...hs];
  const last = hs[hs.length - 1];
  if (last.type === 'payload') return [...hs.slice(0, -1), { ...last, length: last.length + missing }];
  return [...hs, { type: 'payload', length: missing, pattern: 'zero' }];
}
