// CIDRs as policy fields hold them. Both APIs accept IPv6 too; the simulator's pods are IPv4, so an
// IPv6 block is parsed (for validation) and simply never matches.
// Parsing is "sloppy" like Go's netutils.ParseCIDRSloppy (leading zeros allowed, host bits allowed
// and masked), which is what the Kubernetes API server does for ipBlock unless the
// StrictIPCIDRValidation gate is on.

import { maskOf, parseIp } from '../util/ipv4';

export type Net =
  | { v: 4; base: number; prefixLen: number; text: string }
  | { v: 6; base: bigint; prefixLen: number; text: string };

function parseV4Sloppy(s: string): number | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n >>> 0;
}

function parseV6(s: string): bigint | undefined {
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const out: number[] = [];
    const parts = h.split(':');
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIp(p);
        if (v4 === undefined) return undefined;
        out.push(v4 >>> 16, v4 & 0xffff);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        out.push(parseInt(p, 16));
      }
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? missing : 0).fill(0), ...tail];
  let n = 0n;
  for (const g of all) n = (n << 16n) | BigInt(g);
  return n;
}

function v6ToString(n: bigint): string {
  const g: string[] = [];
  for (let i = 7; i >= 0; i--) g.push(((n >> BigInt(i * 16)) & 0xffffn).toString(16));
  // compress the longest run of zero groups (RFC 5952)
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== '0') {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === '0') j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (best < 0) return g.join(':');
  return `${g.slice(0, best).join(':')}::${g.slice(best + bestLen).join(':')}`;
}

const V6_ALL = (1n << 128n) - 1n;
const v6Mask = (len: number) => (len === 0 ? 0n : (V6_ALL << BigInt(128 - len)) & V6_ALL);

/** "10.0.0.0/8", "10.1.2.3" (= /32), "fd00::/8". Undefined when it is not a CIDR. */
export function parseNet(s: string, allowBareIp: boolean): Net | undefined {
  if (typeof s !== 'string') return undefined;
  const slash = s.indexOf('/');
  const addr = slash < 0 ? s : s.slice(0, slash);
  const lenText = slash < 0 ? undefined : s.slice(slash + 1);
  if (lenText === undefined && !allowBareIp) return undefined;
  if (lenText !== undefined && !/^\d{1,3}$/.test(lenText)) return undefined;
  if (addr.includes(':')) {
    const ip = parseV6(addr);
    const len = lenText === undefined ? 128 : Number(lenText);
    if (ip === undefined || len > 128) return undefined;
    const base = ip & v6Mask(len);
    return { v: 6, base, prefixLen: len, text: `${v6ToString(base)}/${len}` };
  }
  const ip = parseV4Sloppy(addr);
  const len = lenText === undefined ? 32 : Number(lenText);
  if (ip === undefined || len > 32) return undefined;
  const base = (ip & maskOf(len)) >>> 0;
  const text = `${(base >>> 24) & 255}.${(base >>> 16) & 255}.${(base >>> 8) & 255}.${base & 255}/${len}`;
  return { v: 4, base, prefixLen: len, text };
}

/** Is the IPv4 address (uint32) inside the net? IPv6 nets never hold an IPv4 pod. */
export function netHasIp(n: Net, ip: number): boolean {
  return n.v === 4 && ((ip & maskOf(n.prefixLen)) >>> 0) === n.base;
}

/** Is `inner` a strict subset of `outer` (what Kubernetes demands of ipBlock.except)? */
export function strictSubnet(outer: Net, inner: Net): boolean {
  if (outer.v !== inner.v || inner.prefixLen <= outer.prefixLen) return false;
  if (outer.v === 4 && inner.v === 4) return netHasIp(outer, inner.base);
  if (outer.v === 6 && inner.v === 6) return (inner.base & v6Mask(outer.prefixLen)) === outer.base;
  return false;
}

export function anyNetHas(nets: readonly Net[], ip: number | undefined): boolean {
  if (ip === undefined) return false;
  for (const n of nets) if (netHasIp(n, ip)) return true;
  return false;
}
