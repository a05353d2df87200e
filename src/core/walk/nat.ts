// iptables nat POSTROUTING (MASQUERADE / RETURN) and the conntrack entries that undo a NAT for the reply.
// Only the first packet of a connection meets the nat table; later packets, replies included, are
// translated by conntrack (nf_nat_packet) from the entry the first one created.

import type { MasqRule } from '../model/kernel';
import type { Header } from '../model/packet';
import { cidrContains, parseCidr, type Cidr } from '../util/ipv4';
import { ipOf } from './headers';
import { ipNum } from './world';

const parsed = new WeakMap<MasqRule, { src?: Cidr[]; dst?: Cidr[] }>();

function cidrsOf(rule: MasqRule): { src?: Cidr[]; dst?: Cidr[] } {
  let p = parsed.get(rule);
  if (!p) {
    p = { src: rule.src?.cidrs.map(parseCidr), dst: rule.dst?.cidrs.map(parseCidr) };
    parsed.set(rule, p);
  }
  return p;
}

function matches(cidrs: Cidr[] | undefined, negate: boolean | undefined, ip: number): boolean {
  if (!cidrs) return true;
  const inside = cidrs.some((c) => cidrContains(c, ip));
  return negate ? !inside : inside;
}

/** The first rule whose -s/-d match (with "!" negation), or undefined when the chain falls through. */
export function firstMatchingRule(rules: readonly MasqRule[], src: string, dst: string): MasqRule | undefined {
  const s = ipNum(src);
  const d = ipNum(dst);
  for (const rule of rules) {
    const c = cidrsOf(rule);
    if (matches(c.src, rule.src?.negate, s) && matches(c.dst, rule.dst?.negate, d)) return rule;
  }
  return undefined;
}

/** A connection's NAT in one namespace, stored as the reply tuple it must rewrite. */
export interface CtEntry {
  ns: string;
  kind: 'snat' | 'dnat';
  protocol: number;
  /** the reply as it will arrive (addresses after the NAT) */
  replySrc: string;
  replyDst: string;
  /** snat: the reply's destination becomes this (the original source) */
  origSrc?: string;
  /** dnat: the reply's source becomes this (the original destination), and its port */
  origDst?: string;
  origDport?: number;
}

/** The packet an ICMP error quotes, when pkt is one. */
function quoted(pkt: readonly Header[]): Header[] | undefined {
  const l4 = pkt[1];
  if (l4?.type !== 'icmp' || (l4.icmpType !== 3 && l4.icmpType !== 11)) return undefined;
  const q = pkt.find((h) => h.type === 'quote');
  return q && q.type === 'quote' && q.headers.length ? q.headers : undefined;
}

/** The entry that matches a reply packet in a namespace, if any; an ICMP error matches through the packet
 *  it quotes (conntrack's RELATED: nf_conntrack_icmpv4_error finds the connection of the quoted tuple). */
export function findReplyEntry(table: readonly CtEntry[], nsId: string, pkt: readonly Header[]): CtEntry | undefined {
  const ip = ipOf(pkt);
  const q = quoted(pkt);
  if (q) {
    const qi = ipOf(q);
    return table.find((e) => e.ns === nsId && e.kind === 'snat' && e.protocol === qi.protocol && e.replyDst === qi.src && e.replySrc === qi.dst);
  }
  return table.find((e) => e.ns === nsId && e.protocol === ip.protocol && e.replySrc === ip.src && e.replyDst === ip.dst);
}

/** Applies an entry to a reply: de-SNAT rewrites the destination, de-DNAT the source (and its port). An
 *  ICMP error about a masqueraded packet gets the original source back in both its destination and the
 *  quote (nf_nat_icmp_reply_translation). */
export function applyReplyEntry(pkt: readonly Header[], e: CtEntry): Header[] {
  const ip = ipOf(pkt);
  const q = quoted(pkt);
  if (q && e.kind === 'snat') {
    const fixed = [{ ...ipOf(q), src: e.origSrc! }, ...q.slice(1)];
    return [{ ...ip, dst: e.origSrc! }, ...pkt.slice(1).map((h) => (h.type === 'quote' ? { ...h, headers: fixed } : h))];
  }
  if (e.kind === 'snat') return [{ ...ip, dst: e.origSrc! }, ...pkt.slice(1)];
  const l4 = pkt[1];
  const rest = pkt.slice(2);
  const newL4 = e.origDport !== undefined && l4 && (l4.type === 'tcp' || l4.type === 'udp') ? { ...l4, srcPort: e.origDport } : l4;
  return [{ ...ip, src: e.origDst! }, ...(newL4 ? [newL4] : []), ...rest];
}
