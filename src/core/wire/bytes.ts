// Small byte helpers shared by the serialiser, the parser and the printers: MAC and IPv4 text <->
// bytes, concatenation, and the numbers the protocols fix (sizes, EtherTypes, protocol numbers).

import { ipToNum, numToIp } from '../util/ipv4';

// Sizes live in model/headers (shared with the walk and the MTU arithmetic); re-exported for the wire code.
export { ETH_HLEN, ICMP_HLEN, IPV4_HLEN, TCP_HLEN, UDP_HLEN, VXLAN_HLEN } from '../model/headers';

export const ETHERTYPE_IPV4 = 0x0800;

export const IPPROTO_ICMP = 1;
export const IPPROTO_IPIP = 4;
export const IPPROTO_TCP = 6;
export const IPPROTO_UDP = 17;

/** IANA VXLAN port; Calico's vxlan.calico uses it. */
export const VXLAN_PORT = 4789;
/** Linux's own default VXLAN port (pre-IANA), which flannel.1 keeps; tcpdump decodes it as OTV. */
export const LINUX_VXLAN_PORT = 8472;

/** IPv4 flags/fragment-offset word. */
export const IP_DF = 0x4000;
export const IP_MF = 0x2000;
export const IP_OFFMASK = 0x1fff;

/** Thrown when headers cannot become bytes (or bytes cannot become headers); the message says why. */
export class WireError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireError';
  }
}

const MAC = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

export function macToBytes(mac: string, out: Uint8Array, at: number): void {
  if (!MAC.test(mac)) throw new WireError(`not a MAC address: ${mac}`);
  for (let i = 0; i < 6; i++) out[at + i] = parseInt(mac.slice(i * 3, i * 3 + 2), 16);
}

/** Lower-case, colon-separated, two digits per byte: how tcpdump and `ip link` print a MAC. */
export function macAt(b: Uint8Array, at: number): string {
  const parts: string[] = [];
  for (let i = 0; i < 6; i++) parts.push(b[at + i].toString(16).padStart(2, '0'));
  return parts.join(':');
}

export function ipAt(b: Uint8Array, at: number): string {
  return numToIp(u32(b, at));
}

export function ipNum(ip: string): number {
  try {
    return ipToNum(ip);
  } catch {
    throw new WireError(`not an IPv4 address: ${ip}`);
  }
}

export function u16(b: Uint8Array, at: number): number {
  return (b[at] << 8) | b[at + 1];
}

export function u24(b: Uint8Array, at: number): number {
  return (b[at] << 16) | (b[at + 1] << 8) | b[at + 2];
}

export function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]) >>> 0;
}

export function put16(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 8) & 0xff;
  b[at + 1] = v & 0xff;
}

export function put24(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 16) & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = v & 0xff;
}

export function put32(b: Uint8Array, at: number, v: number): void {
  b[at] = (v >>> 24) & 0xff;
  b[at + 1] = (v >>> 16) & 0xff;
  b[at + 2] = (v >>> 8) & 0xff;
  b[at + 3] = v & 0xff;
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Hex dump in tcpdump -xx style rows of 16 bytes ("0x0000:  4500 0054 ..."), for tests and UIs. */
export function hexRows(b: Uint8Array): string[] {
  const rows: string[] = [];
  for (let off = 0; off < b.length; off += 16) {
    const words: string[] = [];
    for (let i = off; i < Math.min(off + 16, b.length); i += 2) {
      const hi = b[i].toString(16).padStart(2, '0');
      const lo = i + 1 < b.length ? b[i + 1].toString(16).padStart(2, '0') : '';
      words.push(hi + lo);
    }
    rows.push(`0x${off.toString(16).padStart(4, '0')}:  ${words.join(' ')}`);
  }
  return rows;
}

/** Bytes from a hex string; whitespace is ignored (test vectors are written spaced). */
export function fromHex(hex: string): Uint8Array {
  const s = hex.replace(/\s+/g, '');
  if (s.length % 2 !== 0 || /[^0-9a-f]/i.test(s)) throw new WireError('fromHex: not an even-length hex string');
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function toHex(b: Uint8Array): string {
  let s = '';
  for (const x of b) s += x.toString(16).padStart(2, '0');
  return s;
}
