// Bytes → header stacks, the inverse of serializeFrame. A stack can only hold what the model has
// fields for (no IP options, patterned payloads, Linux's TCP option layout, …), so every parse ends
// by serialising its answer again and comparing: parseFrame either returns headers that give back
// exactly these bytes or throws. The one thing it drops is Ethernet padding (a short frame padded
// with zeros to 60 bytes by the sending NIC).
//
// UDP to a port in vxlanPorts (default 4789 and 8472) is read as VXLAN carrying an Ethernet frame;
// IP protocol 4 as IPv4-in-IPv4. A lone IPv4 fragment parses into a literal fragment (serialize.ts)
// when that reproduces its bytes — a first fragment of UDP or of an encapsulated packet does; one
// whose L4 checksum covers bytes it does not hold (ICMP, TCP) needs all fragments: parseFragments.

import type { EthernetHeader, Header, IcmpHeader, IPv4Header, TcpHeader, UdpHeader } from '../model/packet';
import {
  ETH_HLEN,
  ETHERTYPE_IPV4,
  ICMP_HLEN,
  IP_DF,
  IP_MF,
  IP_OFFMASK,
  IPPROTO_ICMP,
  IPPROTO_IPIP,
  IPPROTO_TCP,
  IPPROTO_UDP,
  ipAt,
  IPV4_HLEN,
  LINUX_VXLAN_PORT,
  macAt,
  TCP_HLEN,
  u16,
  u24,
  u32,
  UDP_HLEN,
  VXLAN_HLEN,
  VXLAN_PORT,
  WireError,
} from './bytes';
import { internetChecksum } from './checksum';
import { detectPayload } from './payload';
import { isFragment, serializeFrame } from './serialize';
import { readTcpOptions } from './tcpOptions';

export const DEFAULT_VXLAN_PORTS: readonly number[] = [VXLAN_PORT, LINUX_VXLAN_PORT];

/** Smallest Ethernet frame without FCS; shorter frames are padded on the wire. */
export const ETH_MIN_FRAME = 60;

export interface ParseOptions {
  /** UDP destination ports read as VXLAN (default 4789 and 8472) */
  vxlanPorts?: readonly number[];
  /** 'ether' (default): the bytes start with an Ethernet header; 'raw': with IPv4 (tunl0) */
  link?: 'ether' | 'raw';
}

export function parseFrame(bytes: Uint8Array, opts: ParseOptions = {}): Header[] {
  const p = new Parser(bytes, opts.vxlanPorts ?? DEFAULT_VXLAN_PORTS);
  const headers = opts.link === 'raw' ? p.ipv4(0, bytes.length, false) : p.ether(0, bytes.length, false);
  checkExact(headers, bytes, opts.link !== 'raw');
  return headers;
}

/**
 * All fragments of one datagram (fragmented at its outermost IPv4 header), in any order → one stack
 * per fragment in window form (the whole datagram's headers after each fragment's own IPv4 header),
 * in the order given.
 */
export function parseFragments(frames: readonly Uint8Array[], opts: ParseOptions = {}): Header[][] {
  if (frames.length === 0) throw new WireError('parseFragments: no frames');
  const ipAtOf = opts.link === 'raw' ? 0 : ETH_HLEN;
  const parts = frames.map((b, k) => {
    if (b.length < ipAtOf + IPV4_HLEN) throw new WireError(`parseFragments: frame ${k} is too short for an IPv4 header`);
    const off = u16(b, ipAtOf + 6);
    const total = u16(b, ipAtOf + 2);
    return {
      k,
      key: `${u32(b, ipAtOf + 12)}>${u32(b, ipAtOf + 16)}#${u16(b, ipAtOf + 4)}/${b[ipAtOf + 9]}`,
      start: (off & IP_OFFMASK) * 8,
      mf: (off & IP_MF) !== 0,
      data: b.subarray(ipAtOf + IPV4_HLEN, ipAtOf + total),
    };
  });
  if (new Set(parts.map((x) => x.key)).size !== 1) throw new WireError('parseFragments: the frames are not fragments of one datagram (source, destination, id, protocol differ)');
  const sorted = [...parts].sort((a, b) => a.start - b.start);
  let end = 0;
  for (const x of sorted) {
    if (x.start !== end) throw new WireError(`parseFragments: bytes ${end}..${x.start} of the datagram are missing or overlap`);
    end += x.data.length;
  }
  if (sorted[sorted.length - 1].mf) throw new WireError('parseFragments: the last fragment still has MF set; fragments are missing');
  const first = frames[sorted[0].k];
  // the datagram as it was before fragmentation: first fragment's headers, whole length, no MF/offset
  const whole = new Uint8Array(ipAtOf + IPV4_HLEN + end);
  whole.set(first.subarray(0, ipAtOf + IPV4_HLEN));
  let at = ipAtOf + IPV4_HLEN;
  for (const x of sorted) {
    whole.set(x.data, at);
    at += x.data.length;
  }
  whole[ipAtOf + 2] = (IPV4_HLEN + end) >>> 8;
  whole[ipAtOf + 3] = (IPV4_HLEN + end) & 0xff;
  whole[ipAtOf + 6] &= (IP_DF >>> 8) | 0x80;
  whole[ipAtOf + 7] = 0;
  whole[ipAtOf + 10] = 0;
  whole[ipAtOf + 11] = 0;
  const sum = internetChecksum(whole.subarray(ipAtOf, ipAtOf + IPV4_HLEN));
  whole[ipAtOf + 10] = sum >>> 8;
  whole[ipAtOf + 11] = sum & 0xff;
  const datagram = parseFrame(whole, opts);
  const upper = datagram.slice(ipAtOf === 0 ? 1 : 2);
  return frames.map((b, k) => {
    const p = new Parser(b, []);
    const ip = p.ipv4Header(ipAtOf);
    const stack: Header[] = ipAtOf === 0 ? [ip, ...upper] : [p.ethHeader(0), ip, ...upper];
    checkExact(stack, b, ipAtOf !== 0);
    return stack;
  });
}

function checkExact(headers: Header[], bytes: Uint8Array, ether: boolean): void {
  let again: Uint8Array;
  try {
    again = serializeFrame(headers);
  } catch (e) {
    throw new WireError(`parse: the headers read from these bytes do not serialise (${(e as Error).message})`);
  }
  const n = Math.min(again.length, bytes.length);
  for (let i = 0; i < n; i++) {
    if (again[i] !== bytes[i]) {
      throw new WireError(
        `parse: byte ${i} is 0x${bytes[i].toString(16).padStart(2, '0')} but the headers read from the frame give 0x${again[i].toString(16).padStart(2, '0')}` +
          ' — a header stack cannot describe these bytes exactly (a checksum or field the model does not hold, or a fragment cut from a whole datagram: use parseFragments)',
      );
    }
  }
  if (again.length > bytes.length) throw new WireError(`parse: the headers describe ${again.length} bytes but the frame has ${bytes.length}`);
  const trailer = bytes.subarray(again.length);
  if (trailer.length > 0 && !(ether && bytes.length <= ETH_MIN_FRAME && trailer.every((x) => x === 0))) {
    throw new WireError(`parse: ${trailer.length} bytes follow the IP packet and are not Ethernet padding`);
  }
}

/**
 * Reads regions [start, end) of the frame. `prefix` is true inside an ICMP error's quote and in a
 * literal fragment: length fields may then promise more than the region holds, and the innermost
 * payload is whatever is left.
 */
class Parser {
  constructor(
    private readonly b: Uint8Array,
    private readonly vxlanPorts: readonly number[],
  ) {}

  private need(start: number, end: number, n: number, what: string): void {
    if (end - start < n) throw new WireError(`parse: ${what} needs ${n} bytes, ${Math.max(0, end - start)} left at byte ${start}`);
  }

  ethHeader(start: number): EthernetHeader {
    return { type: 'eth', src: macAt(this.b, start + 6), dst: macAt(this.b, start), ethertype: u16(this.b, start + 12) };
  }

  ether(start: number, end: number, prefix: boolean): Header[] {
    this.need(start, end, ETH_HLEN, 'an Ethernet header');
    const eth = this.ethHeader(start);
    if (eth.ethertype !== ETHERTYPE_IPV4) throw new WireError(`parse: ethertype 0x${eth.ethertype.toString(16).padStart(4, '0')} is not modelled (IPv4 only)`);
    return [eth, ...this.ipv4(start + ETH_HLEN, end, prefix)];
  }

  ipv4Header(start: number): IPv4Header {
    const b = this.b;
    if (b[start] !== 0x45) throw new WireError(`parse: byte ${start} is 0x${b[start]?.toString(16)}; only IPv4 without options (0x45) is modelled`);
    const off = u16(b, start + 6);
    if (off & 0x8000) throw new WireError('parse: the reserved IPv4 flag is set');
    return {
      type: 'ipv4',
      tos: b[start + 1],
      totalLength: u16(b, start + 2),
      id: u16(b, start + 4),
      df: (off & IP_DF) !== 0,
      mf: (off & IP_MF) !== 0,
      fragOffset: off & IP_OFFMASK,
      ttl: b[start + 8],
      protocol: b[start + 9],
      src: ipAt(b, start + 12),
      dst: ipAt(b, start + 16),
    };
  }

  ipv4(start: number, end: number, prefix: boolean): Header[] {
    this.need(start, end, IPV4_HLEN, 'an IPv4 header');
    const ip = this.ipv4Header(start);
    if (internetChecksum(this.b.subarray(start, start + IPV4_HLEN)) !== 0) throw new WireError(`parse: IPv4 header checksum at byte ${start + 10} is wrong`);
    if (ip.totalLength < IPV4_HLEN) throw new WireError(`parse: IPv4 totalLength ${ip.totalLength} < 20`);
    if (!prefix && ip.totalLength > end - start) throw new WireError(`parse: IPv4 totalLength ${ip.totalLength} but only ${end - start} bytes are there`);
    const cEnd = Math.min(end, start + ip.totalLength);
    const cStart = start + IPV4_HLEN;
    if (ip.fragOffset > 0) return [ip, ...this.payload(cStart, cEnd)];
    const inner = prefix || isFragment(ip);
    switch (ip.protocol) {
      case IPPROTO_ICMP:
        return [ip, ...this.icmp(cStart, cEnd, inner)];
      case IPPROTO_IPIP:
        return [ip, ...this.ipv4(cStart, cEnd, inner)];
      case IPPROTO_TCP:
        return [ip, ...this.tcp(cStart, cEnd)];
      case IPPROTO_UDP:
        return [ip, ...this.udp(cStart, cEnd, inner)];
      default:
        return [ip, ...this.payload(cStart, cEnd)];
    }
  }

  udp(start: number, end: number, prefix: boolean): Header[] {
    this.need(start, end, UDP_HLEN, 'a UDP header');
    const b = this.b;
    const h: UdpHeader = { type: 'udp', srcPort: u16(b, start), dstPort: u16(b, start + 2), length: u16(b, start + 4) };
    if (u16(b, start + 6) === 0) h.zeroChecksum = true;
    if (!prefix && h.length !== end - start) throw new WireError(`parse: UDP length ${h.length} but the IP packet leaves ${end - start} bytes`);
    const dEnd = Math.min(end, start + h.length);
    if (this.vxlanPorts.includes(h.dstPort) && dEnd - start >= UDP_HLEN + VXLAN_HLEN) {
      const v = start + UDP_HLEN;
      const vx: Header = { type: 'vxlan', flags: b[v], vni: u24(b, v + 4) };
      return [h, vx, ...this.ether(v + VXLAN_HLEN, dEnd, prefix)];
    }
    return [h, ...this.payload(start + UDP_HLEN, dEnd)];
  }

  icmp(start: number, end: number, prefix: boolean): Header[] {
    this.need(start, end, ICMP_HLEN, 'an ICMP header');
    const b = this.b;
    const h: IcmpHeader = { type: 'icmp', icmpType: b[start], code: b[start + 1] };
    const data = start + ICMP_HLEN;
    if (h.icmpType === 0 || h.icmpType === 8) {
      h.id = u16(b, start + 4);
      h.seq = u16(b, start + 6);
      return [h, ...this.payload(data, end)];
    }
    if (h.icmpType === 3 || h.icmpType === 11) {
      if (h.icmpType === 3 && h.code === 4) h.mtu = u16(b, start + 6);
      if (data >= end) return [h];
      return [h, { type: 'quote', headers: this.ipv4(data, end, true) }];
    }
    if (prefix) return [h, ...this.payload(data, end)];
    throw new WireError(`parse: ICMP type ${h.icmpType} is not modelled (echo, unreachable, time exceeded)`);
  }

  tcp(start: number, end: number): Header[] {
    this.need(start, end, TCP_HLEN, 'a TCP header');
    const b = this.b;
    const hlen = (b[start + 12] >> 4) * 4;
    if (hlen < TCP_HLEN) throw new WireError(`parse: TCP data offset ${hlen} < 20`);
    this.need(start, end, hlen, 'the TCP header with options');
    const fl = b[start + 13];
    if (fl & 0xe0 || b[start + 12] & 0x0f) throw new WireError('parse: TCP URG/ECE/CWR or reserved bits are not modelled');
    const flags: TcpHeader['flags'] = {};
    if (fl & 0x01) flags.fin = true;
    if (fl & 0x02) flags.syn = true;
    if (fl & 0x04) flags.rst = true;
    if (fl & 0x08) flags.psh = true;
    if (fl & 0x10) flags.ack = true;
    const h: TcpHeader = {
      type: 'tcp',
      srcPort: u16(b, start),
      dstPort: u16(b, start + 2),
      seq: u32(b, start + 4),
      ack: u32(b, start + 8),
      flags,
      window: u16(b, start + 14),
      options: readTcpOptions(b.subarray(start + TCP_HLEN, start + hlen)),
    };
    return [h, ...this.payload(start + hlen, end)];
  }

  payload(start: number, end: number): Header[] {
    if (end <= start) return [];
    const p = detectPayload(this.b.subarray(start, end));
    if (!p) throw new WireError(`parse: the ${end - start} payload bytes at byte ${start} follow neither the ping pattern nor zeros`);
    return [p];
  }
}
