// Address fields: strict IPv4 and CIDR reading with messages that say which part is wrong
// ("octet 300 is out of range") and, for a CIDR with host bits set, the canonical form.

import { cidrToString, maskOf, numToIp, parseCidrLoose, parseIp, type Cidr } from '../util/ipv4';
import type { Fields } from './fields';

/** Why a dotted quad is not an IPv4 address, or undefined when it is one. */
export function ipProblem(s: string): string | undefined {
  if (parseIp(s) !== undefined) return undefined;
  if (s.includes(':')) return 'IPv6 and ports are not modelled (IPv4 only)';
  if (s.includes('/')) return 'an address is expected here, not a CIDR';
  const parts = s.split('.');
  if (parts.length !== 4) return `expected 4 octets separated by dots, found ${parts.length}`;
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return `octet ${JSON.stringify(p)} is not a number`;
    if (p.length > 1 && p.startsWith('0')) return `octet ${p} has a leading zero`;
    if (Number(p) > 255) return `octet ${p} is out of range 0-255`;
  }
  return 'not a dotted quad';
}

/** Why `a.b.c.d/len` is not a CIDR (host bits allowed), or undefined when it is one. */
export function cidrProblem(s: string): string | undefined {
  if (parseCidrLoose(s) !== undefined && s.includes('/')) return undefined;
  const [addr, len, extra] = s.split('/');
  if (len === undefined) return 'the /prefix length is missing';
  if (extra !== undefined) return 'more than one "/"';
  const ip = ipProblem(addr);
  if (ip) return ip;
  return `prefix length ${JSON.stringify(len)} is not 0-32`;
}

export interface AddrWithPrefix {
  ip: number;
  prefixLen: number;
  /** the network the address sits in */
  net: Cidr;
}

function toAddr(s: string): AddrWithPrefix | undefined {
  const c = parseCidrLoose(s);
  if (!c || !s.includes('/')) return undefined;
  return { ip: c.ip, prefixLen: c.prefixLen, net: { base: (c.ip & maskOf(c.prefixLen)) >>> 0, prefixLen: c.prefixLen } };
}

/** An IPv4 address field ("10.244.1.10"). */
export function ipField(f: Fields, key: string, required = false): string | undefined {
  const s = f.str(key, required, 'an IPv4 address');
  if (s === undefined) return undefined;
  const why = ipProblem(s);
  if (why) {
    f.rep.error('E112', f.where(key), `${f.at(key)}: ${JSON.stringify(s)} is not an IPv4 address: ${why}`, 'a dotted quad such as 192.168.1.10');
    return undefined;
  }
  return s;
}

/** A network CIDR field that must be canonical ("10.244.0.0/16", not "10.244.1.0/16"). */
export function cidrField(f: Fields, key: string, required = false): { text: string; cidr: Cidr } | undefined {
  const s = f.str(key, required, 'a CIDR such as 10.244.0.0/16');
  if (s === undefined) return undefined;
  return checkCanonicalCidr(f, f.at(key), s);
}

/** Checks a CIDR at `path` (a field of `f`, or an item of a list in it). */
export function checkCanonicalCidr(f: Fields, path: string, s: string): { text: string; cidr: Cidr } | undefined {
  const where = { res: f.res, path };
  const a = toAddr(s);
  if (!a) {
    f.rep.error('E113', where, `${path}: ${JSON.stringify(s)} is not a CIDR: ${cidrProblem(s)}`, 'address/prefix, e.g. 10.244.0.0/16');
    return undefined;
  }
  const canonical = cidrToString(a.net);
  if (canonical !== s) {
    f.rep.error('E114', where, `${path}: ${s} has host bits set; the network is ${canonical}`, canonical);
    return undefined;
  }
  return { text: s, cidr: a.net };
}

/** An interface address in CIDR form ("192.168.26.71/24"): host bits are the point here. */
export function ifaceAddrField(f: Fields, key: string, required = false): AddrWithPrefix | undefined {
  const s = f.str(key, required, 'an address with prefix length, e.g. 192.168.26.71/24');
  if (s === undefined) return undefined;
  const a = toAddr(s);
  if (!a) {
    const bare = parseIp(s) !== undefined;
    f.rep.error(
      'E113',
      f.where(key),
      `${f.at(key)}: ${JSON.stringify(s)} is not an address in CIDR form: ${bare ? 'the /prefix length is missing (the interface needs its netmask)' : cidrProblem(s)}`,
      'address/prefix, e.g. 192.168.26.71/24',
    );
    return undefined;
  }
  return a;
}

export function addrText(a: AddrWithPrefix): string {
  return `${numToIp(a.ip)}/${a.prefixLen}`;
}

/** Is the address the network's own address or its broadcast (only meaningful below /31)? */
export function isReservedInNet(ip: number, net: Cidr): 'network' | 'broadcast' | undefined {
  if (net.prefixLen >= 31) return undefined;
  if (ip === net.base) return 'network';
  if (ip === (net.base | (~maskOf(net.prefixLen) >>> 0)) >>> 0) return 'broadcast';
  return undefined;
}

const MAC = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

export function macField(f: Fields, key: string): string | undefined {
  const s = f.str(key);
  if (s === undefined) return undefined;
  if (!MAC.test(s)) {
    f.rep.error('E116', f.where(key), `${f.at(key)}: ${JSON.stringify(s)} is not a MAC address`, 'six hex octets separated by colons, e.g. 66:da:1e:6c:ab:01');
    return undefined;
  }
  return s.toLowerCase();
}

/** BGP AS number: a number 1-4294967295, or the asdot string "X.Y" Calico also accepts. */
export function asNumberField(f: Fields, key: string): number | undefined {
  const v = f.raw(key);
  if (v === undefined) return undefined;
  if (typeof v === 'string') {
    const m = /^(\d+)\.(\d+)$/.exec(v) ?? /^(\d+)$/.exec(v);
    if (m) {
      const n = m[2] !== undefined ? Number(m[1]) * 65536 + Number(m[2]) : Number(m[1]);
      const ok = m[2] !== undefined ? Number(m[1]) <= 65535 && Number(m[2]) <= 65535 : true;
      if (ok && n >= 1 && n <= 4294967295) return n;
    }
    f.rep.error('E119', f.where(key), `${f.at(key)}: ${JSON.stringify(v)} is not an AS number`, 'an integer 1-4294967295 or asdot "X.Y"');
    return undefined;
  }
  return f.int(key, { min: 1, max: 4294967295 });
}
