// IPv4 arithmetic on unsigned 32-bit numbers. State keeps dotted strings (serialisable, readable);
// hot paths (FIB lookup, block arithmetic) convert with these helpers. ip-num is used at the input
// boundary (core/scenario) for validation; this module is the fast path.

export interface Cidr {
  /** network address as uint32 */
  base: number;
  prefixLen: number;
}

/** Parses a dotted quad strictly (4 octets 0-255, no leading zeros, nothing else). Returns undefined when
 *  invalid. Hot: every route and address goes through it, so it reads char codes instead of splitting. */
export function parseIp(s: string): number | undefined {
  let n = 0;
  let octets = 0;
  let i = 0;
  const len = s.length;
  while (octets < 4) {
    const start = i;
    let v = 0;
    while (i < len) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
      i++;
    }
    const digits = i - start;
    if (digits === 0 || digits > 3 || v > 255 || (digits > 1 && s.charCodeAt(start) === 48)) return undefined;
    n = n * 256 + v;
    octets++;
    if (octets < 4) {
      if (i >= len || s.charCodeAt(i) !== 46) return undefined;
      i++;
    }
  }
  return i === len ? n >>> 0 : undefined;
}

export function ipToNum(s: string): number {
  const n = parseIp(s);
  if (n === undefined) throw new Error(`not an IPv4 address: ${s}`);
  return n;
}

export function numToIp(n: number): string {
  return `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function maskOf(prefixLen: number): number {
  return prefixLen === 0 ? 0 : (0xffffffff << (32 - prefixLen)) >>> 0;
}

export function maskToIp(prefixLen: number): string {
  return numToIp(maskOf(prefixLen));
}

/** "10.244.1.0/24" → {base, prefixLen}; a bare IP is a /32. Host bits are kept as given (see isCanonical). */
export function parseCidrLoose(s: string): { ip: number; prefixLen: number } | undefined {
  const [addr, len, extra] = s.split('/');
  if (extra !== undefined) return undefined;
  const ip = parseIp(addr);
  if (ip === undefined) return undefined;
  if (len === undefined) return { ip, prefixLen: 32 };
  if (!/^(3[0-2]|[12]?\d)$/.test(len)) return undefined;
  return { ip, prefixLen: Number(len) };
}

export function parseCidr(s: string): Cidr {
  const c = parseCidrLoose(s);
  if (!c) throw new Error(`not an IPv4 CIDR: ${s}`);
  return { base: (c.ip & maskOf(c.prefixLen)) >>> 0, prefixLen: c.prefixLen };
}

export function cidrToString(c: Cidr): string {
  return `${numToIp(c.base)}/${c.prefixLen}`;
}

/** Canonical form of a CIDR (host bits cleared). */
export function canonicalCidr(s: string): string {
  return cidrToString(parseCidr(s));
}

export function cidrContains(c: Cidr, ip: number): boolean {
  return ((ip & maskOf(c.prefixLen)) >>> 0) === c.base;
}

export function cidrContainsCidr(outer: Cidr, inner: Cidr): boolean {
  return inner.prefixLen >= outer.prefixLen && cidrContains(outer, inner.base);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  return cidrContainsCidr(a, b) || cidrContainsCidr(b, a);
}

export function cidrSize(c: Cidr): number {
  return 2 ** (32 - c.prefixLen);
}

export function broadcastOf(c: Cidr): number {
  return (c.base | (~maskOf(c.prefixLen) >>> 0)) >>> 0;
}

/** Same subnet test used by CrossSubnet and DirectRouting: is `ip` inside `addr/prefixLen`? */
export function sameSubnet(addr: string, prefixLen: number, ip: string): boolean {
  const m = maskOf(prefixLen);
  return ((ipToNum(addr) & m) >>> 0) === ((ipToNum(ip) & m) >>> 0);
}

/** Numeric comparison of dotted IPs (for sorting). */
export function compareIp(a: string, b: string): number {
  return ipToNum(a) - ipToNum(b);
}

/** Go's string comparison, used where Calico compares addresses as strings (who listens on 179). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
