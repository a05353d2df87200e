// Header stacks: sizes, constructors and the two ways a stack is cut short (an IP fragment, the quote in
// an ICMP error). Stacks are immutable: every change builds new header objects, so a hop's snapshot
// never changes after it is recorded.

import type {
  EthernetHeader,
  Header,
  IcmpHeader,
  IPv4Header,
  PayloadHeader,
  TcpHeader,
  UdpHeader,
  VxlanHeader,
} from '../model/packet';
import { headerLength, stackLength, ETH_HLEN, IPV4_HLEN, UDP_HLEN, VXLAN_HLEN, ICMP_HLEN } from '../model/headers';

// Sizes come from model/headers, the one module that knows them (the serialiser reads the same one).
export const ETH_LEN = ETH_HLEN;
export const IPV4_LEN = IPV4_HLEN;
export const UDP_LEN = UDP_HLEN;
export const VXLAN_LEN = VXLAN_HLEN;
export const ICMP_LEN = ICMP_HLEN;
export { headerLength, stackLength };
export const ETHERTYPE_IPV4 = 0x0800;

export const PROTO_ICMP = 1;
export const PROTO_IPIP = 4;
export const PROTO_TCP = 6;
export const PROTO_UDP = 17;

/** TCP header with its options, padded to 32 bits as Linux writes them. */
export function tcpLength(h: TcpHeader): number {
  return headerLength(h);
}

/** The IPv4 header at the top of an L3 stack. */
export function ipOf(pkt: readonly Header[]): IPv4Header {
  const h = pkt[0];
  if (!h || h.type !== 'ipv4') throw new Error('not an IP packet');
  return h;
}

export function ethOf(frame: readonly Header[]): EthernetHeader {
  const h = frame[0];
  if (!h || h.type !== 'eth') throw new Error('not an Ethernet frame');
  return h;
}

export function withIp(pkt: readonly Header[], patch: Partial<IPv4Header>): Header[] {
  return [{ ...ipOf(pkt), ...patch }, ...pkt.slice(1)];
}

export function eth(src: string, dst: string): EthernetHeader {
  return { type: 'eth', src, dst, ethertype: ETHERTYPE_IPV4 };
}

export interface IpFields {
  src: string;
  dst: string;
  protocol: number;
  ttl: number;
  id: number;
  df: boolean;
  tos?: number;
}

/** An IPv4 header in front of `inner`, with totalLength = 20 + inner. */
export function ipv4(f: IpFields, inner: readonly Header[]): Header[] {
  const ip: IPv4Header = {
    type: 'ipv4',
    tos: f.tos ?? 0,
    totalLength: IPV4_LEN + stackLength(inner),
    id: f.id & 0xffff,
    df: f.df,
    mf: false,
    fragOffset: 0,
    ttl: f.ttl,
    protocol: f.protocol,
    src: f.src,
    dst: f.dst,
  };
  return [ip, ...inner];
}

export function udp(srcPort: number, dstPort: number, inner: readonly Header[], zeroChecksum?: boolean): Header[] {
  const h: UdpHeader = { type: 'udp', srcPort, dstPort, length: UDP_LEN + stackLength(inner) };
  if (zeroChecksum) h.zeroChecksum = true;
  return [h, ...inner];
}

export function vxlanHeader(vni: number): VxlanHeader {
  return { type: 'vxlan', flags: 0x08, vni };
}

export function echo(type: 0 | 8, id: number, seq: number, payload: PayloadHeader): Header[] {
  const h: IcmpHeader = { type: 'icmp', icmpType: type, code: 0, id, seq };
  return [h, payload];
}

/** Header lengths a stack must keep in step: IPv4 totalLength and UDP length equal what follows. */
export function sizesConsistent(stack: readonly Header[]): boolean {
  for (let i = 0; i < stack.length; i++) {
    const h = stack[i];
    const rest = stack.slice(i + 1);
    if (h.type === 'ipv4' && !h.mf && h.fragOffset === 0 && h.totalLength !== IPV4_LEN + stackLength(rest)) return false;
    if (h.type === 'ipv4' && (h.mf || h.fragOffset > 0)) return h.totalLength === IPV4_LEN + stackLength(rest);
    if (h.type === 'udp' && h.length !== UDP_LEN + stackLength(rest)) return false;
    if (h.type === 'quote' && !sizesConsistentQuote(h.headers)) return false;
  }
  return true;
}

function sizesConsistentQuote(q: readonly Header[]): boolean {
  // a quote is a truncated copy: only its own IP header's length may exceed what is kept
  return q.length === 0 || q[0].type === 'ipv4';
}

/**
 * The first `bytes` bytes of a stack, as headers: whole headers while they fit, a shortened payload,
 * and — when the cut falls inside a header — the remaining bytes as an opaque payload.
 */
export function truncate(stack: readonly Header[], bytes: number): Header[] {
  const out: Header[] = [];
  let left = bytes;
  for (const h of stack) {
    if (left <= 0) break;
    const len = headerLength(h);
    if (len <= left) {
      out.push(h);
      left -= len;
      continue;
    }
    if (h.type === 'payload') out.push({ ...h, length: left });
    else out.push({ type: 'payload', length: left, pattern: 'zero' });
    left = 0;
  }
  return out;
}

export interface Fragments {
  /** the first fragment (MF set), the walk continues with it */
  first: Header[];
  /** IP total length of every fragment, in order */
  sizes: number[];
}

/**
 * ip_do_fragment: every fragment but the last carries a multiple of 8 data bytes, as many as fit in mtu.
 */
export function fragment(pkt: readonly Header[], mtu: number): Fragments {
  const ip = ipOf(pkt);
  const data = ip.totalLength - IPV4_LEN;
  const per = Math.floor((mtu - IPV4_LEN) / 8) * 8;
  const sizes: number[] = [];
  for (let off = 0; off < data; off += per) sizes.push(IPV4_LEN + Math.min(per, data - off));
  const firstData = Math.min(per, data);
  const first: Header[] = [
    { ...ip, totalLength: IPV4_LEN + firstData, mf: sizes.length > 1 || ip.mf, df: false },
    ...truncate(pkt.slice(1), firstData),
  ];
  return { first, sizes };
}

export function isFragment(ip: IPv4Header): boolean {
  return ip.mf || ip.fragOffset > 0;
}
