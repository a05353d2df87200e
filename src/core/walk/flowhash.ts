// Deterministic stand-ins for the kernel's random numbers: per-namespace seeds (the boot-time hashrnd,
// the IP id counter start), the flow hash behind the VXLAN UDP source port, ephemeral ports and TCP
// initial sequence numbers. Same inputs, same numbers, on every run.

import { fnv1a_32 } from '../hash/fnv';
import type { Header } from '../model/packet';
import { ipNum } from './world';

/** murmur3's finaliser: spreads FNV's weak low bits. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function hash32(s: string): number {
  return mix(fnv1a_32(s));
}

/** Combines numbers into a hash with a seed (a jhash stand-in). */
export function hashNums(seed: number, nums: readonly number[]): number {
  let h = seed >>> 0;
  for (const n of nums) h = mix((h ^ (n >>> 0)) + 0x9e3779b9);
  return h;
}

/** The per-namespace random seed the kernel draws at boot (hashrnd), derived from the namespace id. */
export function nsSeed(nsId: string): number {
  return hash32(`seed/${nsId}`);
}

/** ip_local_port_range default: 32768–60999. */
export const LOCAL_PORT_MIN = 32768;
export const LOCAL_PORT_MAX = 60999;

/** The ports (or ICMP echo id) the flow dissector feeds into the hash, from an L3 stack. */
function flowPorts(pkt: readonly Header[]): [number, number, number] {
  const ip = pkt[0];
  const l4 = pkt[1];
  const proto = ip?.type === 'ipv4' ? ip.protocol : 0;
  if (l4?.type === 'tcp' || l4?.type === 'udp') return [proto, l4.srcPort, l4.dstPort];
  if (l4?.type === 'icmp') return [proto, l4.id ?? 0, l4.id ?? 0];
  return [proto, 0, 0];
}

/**
 * skb_get_hash of the inner packet: the flow dissector's keys (addresses, protocol, ports) put in a
 * canonical order first (__flow_hash_consistentify), so both directions of a flow hash alike on one
 * host, then hashed with that host's seed.
 */
export function flowHash(nsId: string, inner: readonly Header[]): number {
  const ip = inner[0];
  if (!ip || ip.type !== 'ipv4') return nsSeed(nsId);
  const [proto, sport, dport] = flowPorts(inner);
  let a = ipNum(ip.src);
  let b = ipNum(ip.dst);
  let pa = sport;
  let pb = dport;
  if (a > b || (a === b && pa > pb)) {
    [a, b] = [b, a];
    [pa, pb] = [pb, pa];
  }
  return hashNums(nsSeed(nsId), [a, b, proto, (pa << 16) | pb]);
}

/**
 * udp_flow_src_port with the vxlan device's default (unset) port range, i.e. the local port range:
 * hash ^= hash << 16, then scaled into [min, max).
 */
export function udpFlowSrcPort(hash: number, min = LOCAL_PORT_MIN, max = LOCAL_PORT_MAX): number {
  const h = (hash ^ (hash << 16)) >>> 0;
  return Math.floor((h * (max - min)) / 4294967296) + min;
}

/** An ephemeral source port for a connection (deterministic). */
export function ephemeralPort(nsId: string, key: string): number {
  return LOCAL_PORT_MIN + (hash32(`port/${nsId}/${key}`) % (LOCAL_PORT_MAX - LOCAL_PORT_MIN + 1));
}
