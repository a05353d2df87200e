// Helpers shared by the walk's tests: find hops, check that every recorded stack adds up.

import type { Header, Hop, IPv4Header, WalkResult } from '../../src/core/model/packet';
import type { NetNS } from '../../src/core/model/kernel';
import { sizesConsistent, stackLength } from '../../src/core/walk/headers';
import type { World } from '../../src/core/walk/world';

export function kinds(res: WalkResult): string[] {
  return res.hops.map((h) => h.kind);
}

export function wires(res: WalkResult): Hop[] {
  return res.hops.filter((h) => h.kind === 'wire');
}

export function lastIp(hop: Hop): IPv4Header {
  const ip = hop.packet.find((h) => h.type === 'ipv4');
  if (!ip || ip.type !== 'ipv4') throw new Error(`hop ${hop.index} has no IP header`);
  return ip;
}

/** The innermost IPv4 header of a stack (the packet the application sent). */
export function innerIp(stack: readonly Header[]): IPv4Header {
  const ips = stack.filter((h): h is IPv4Header => h.type === 'ipv4');
  return ips[ips.length - 1];
}

/** Every wire hop's length is its frame's length, and every stack's length fields agree. */
export function sizeProblems(res: WalkResult): string[] {
  const out: string[] = [];
  for (const r of [res, ...(res.reply ? [res.reply] : [])]) {
    for (const h of r.hops) {
      if (h.packet.length && !sizesConsistent(h.packet)) out.push(`hop ${h.index} (${h.kind}) lengths disagree`);
      if (h.wire) {
        if (h.wire.length !== stackLength(h.wire.frame)) out.push(`hop ${h.index} wire length ${h.wire.length} ≠ ${stackLength(h.wire.frame)}`);
        if (h.wire.frame[0]?.type !== 'eth') out.push(`hop ${h.index} wire frame without Ethernet`);
      }
    }
  }
  return out;
}

/** A copy of a world with one namespace replaced (kernel state is immutable: a change is a new object). */
export function withNs(w: World, id: string, change: (ns: NetNS) => NetNS): World {
  return { netns: { ...w.netns, [id]: change(w.netns[id]) }, networks: w.networks };
}

/** Where the logical clock runs backwards: within the request, its ICMP error's way back, or its reply
 *  (which continues from the request's last hop). Empty when time only moves forward. */
export function clockProblems(res: WalkResult): string[] {
  const out: string[] = [];
  const check = (name: string, hops: readonly Hop[], start: number) => {
    let t = start;
    for (const h of hops) {
      if (h.t < t) out.push(`${name} hop ${h.index} at ${h.t} after ${t}`);
      t = h.t;
    }
  };
  const end = res.hops.length ? res.hops[res.hops.length - 1].t : 0;
  check('request', res.hops, 0);
  if (res.icmpBack) check('icmpBack', res.icmpBack.hops, end);
  if (res.reply) check('reply', res.reply.hops, end);
  return out;
}
