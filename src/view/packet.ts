// What the packet canvas draws for one step of a walk: where the packet travels, the header stack as
// nested rings (outermost first: an IPIP outer header or VXLAN's outer Eth+IP+UDP+VXLAN wrap the inner
// packet), and a drop marker. Pure: hops and layout in, shapes out.

import type { Header, Hop } from '../core/model/packet';
import { type Layout, type Pt, type Rest, anchorOf, restOf, wirePath } from './layout';

export type RingKind = 'eth' | 'ip' | 'l4' | 'outer-eth' | 'outer-ip' | 'udp' | 'vxlan';

export interface Ring {
  kind: RingKind;
  label: string;
  /** part of an encapsulation (added by a tunnel device) */
  encap: boolean;
}

export interface PacketFrame {
  /** the way from the previous step's position to this one (drawn as the step's trail) */
  path: Pt[];
  at: Pt;
  /** where the packet rests once there: its badge beside the element, off every label (layout's Rest) */
  rest?: Rest;
  /** the way the badge moves: from where the previous step rested, along the trail, out to the rest */
  motion?: Pt[];
  /** outermost first; the last is the innermost (transport + payload) */
  rings: Ring[];
  label: string;
  leg: 'request' | 'reply';
  kind: Hop['kind'];
  /** the packet dies here: the reason */
  drop?: string;
}

export interface StepLike {
  hop: Hop;
  leg: 'request' | 'reply';
}

/** Header stack → rings. The inner packet starts at the last IPv4 header (or the Ethernet header just
 *  before it when that comes after a VXLAN header); everything outside it is encapsulation. */
export function ringsOf(stack: readonly Header[]): Ring[] {
  let inner = -1;
  for (let i = stack.length - 1; i >= 0; i--)
    if (stack[i].type === 'ipv4') {
      inner = i;
      break;
    }
  if (inner > 0 && stack[inner - 1].type === 'eth' && stack.slice(0, inner - 1).some((h) => h.type === 'vxlan')) inner--;
  const rings: Ring[] = [];
  stack.forEach((h, i) => {
    const encap = inner >= 0 && i < inner && stack.slice(i, inner).some((x) => x.type === 'ipv4' || x.type === 'vxlan');
    switch (h.type) {
      case 'eth':
        rings.push({ kind: encap ? 'outer-eth' : 'eth', label: 'Eth', encap });
        break;
      case 'ipv4':
        rings.push({ kind: encap ? 'outer-ip' : 'ip', label: `IP ${h.src}→${h.dst}`, encap });
        break;
      case 'udp':
        if (i < inner) rings.push({ kind: 'udp', label: `UDP ${h.dstPort}`, encap: true });
        else rings.push({ kind: 'l4', label: `UDP ${h.srcPort}→${h.dstPort}`, encap: false });
        break;
      case 'vxlan':
        rings.push({ kind: 'vxlan', label: `VXLAN ${h.vni}`, encap: true });
        break;
      case 'icmp':
        rings.push({ kind: 'l4', label: h.icmpType === 8 ? 'ICMP echo' : h.icmpType === 0 ? 'ICMP reply' : `ICMP ${h.icmpType}/${h.code}`, encap: false });
        break;
      case 'tcp': {
        const f = Object.entries(h.flags)
          .filter(([, v]) => v)
          .map(([k]) => k.toUpperCase())
          .join(',');
        rings.push({ kind: 'l4', label: `TCP ${h.dstPort}${f ? ' ' + f : ''}`, encap: false });
        break;
      }
      default:
        break;
    }
  });
  return rings;
}

/** Where the packet is after a hop: the receiving end of a wire, else the hop's device or namespace. */
export function positionOf(l: Layout, hop: Hop): Pt | undefined {
  if (hop.wire) return anchorOf(l, hop.wire.to.ns, hop.wire.to.dev);
  return anchorOf(l, hop.ns, hop.dev) ?? anchorOf(l, hop.ns);
}

export function restAfter(l: Layout, hop: Hop): Rest | undefined {
  if (hop.wire) return restOf(l, hop.wire.to.ns, hop.wire.to.dev);
  return restOf(l, hop.ns, hop.dev) ?? restOf(l, hop.ns);
}

/** How a hop reads on the canvas, in the app's language (the default: the core's English). */
export interface HopWords {
  text(h: Hop): string;
  why(h: Hop): string;
  dropped(text: string): string;
}

const ENGLISH_WORDS: HopWords = { text: (h) => h.text, why: (h) => h.why, dropped: (text) => `dropped: ${text}` };

export function frameFor(l: Layout, steps: readonly StepLike[], i: number, words: HopWords = ENGLISH_WORDS): PacketFrame | undefined {
  const s = steps[i];
  if (!s) return undefined;
  const hop = s.hop;
  const at = positionOf(l, hop) ?? { x: 0, y: 0 };
  const rest = restAfter(l, hop);
  const before = i > 0 && steps[i - 1].leg === s.leg ? steps[i - 1].hop : undefined;
  const prevRest = before && restAfter(l, before);
  let path: Pt[];
  let motion: Pt[] | undefined;
  if (hop.wire) {
    path = wirePath(l, hop.wire);
    // out of the previous rest onto the wire, along it, and out to this rest
    if (rest) motion = [...(prevRest ? [prevRest.badge] : []), ...path, rest.on, rest.badge];
  } else if (rest && prevRest) {
    // within a namespace: from badge to badge, in the gaps beside the cards (not across their labels)
    path = [prevRest.badge, rest.badge];
  } else {
    const prev = before && positionOf(l, before);
    path = prev ? [prev, at] : [at];
  }
  const stack = hop.wire?.frame ?? hop.packet;
  return {
    path,
    at,
    ...(rest ? { rest } : {}),
    ...(motion ? { motion } : {}),
    rings: ringsOf(stack),
    label: hop.kind === 'drop' ? words.dropped(words.text(hop)) : words.text(hop),
    leg: s.leg,
    kind: hop.kind,
    ...(hop.kind === 'drop' ? { drop: words.why(hop) || words.text(hop) } : {}),
  };
}

/** The overlay tunnels a walk used: each encap hop paired with the next decap of the same leg. */
export function tunnelsOf(l: Layout, steps: readonly StepLike[]): { from: Pt; to: Pt; kind: 'ipip' | 'vxlan' }[] {
  const out: { from: Pt; to: Pt; kind: 'ipip' | 'vxlan' }[] = [];
  for (let i = 0; i < steps.length; i++) {
    const h = steps[i].hop;
    if (h.kind !== 'encap') continue;
    const j = steps.findIndex((x, k) => k > i && x.leg === steps[i].leg && x.hop.kind === 'decap');
    if (j < 0) continue;
    const a0 = anchorOf(l, h.ns, h.dev);
    const b0 = anchorOf(l, steps[j].hop.ns, steps[j].hop.dev);
    if (!a0 || !b0) continue;
    // from the end of each tunnel chip that faces the other card, not from inside its label (the line
    // struck through `tunl0 172.…`)
    const ca = [...l.nodes.values()].find((c) => c.ns === h.ns);
    const cb = [...l.nodes.values()].find((c) => c.ns === steps[j].hop.ns);
    const end = (c: typeof ca, p: Pt, toRight: boolean): Pt => (c ? { x: toRight ? c.x + c.w - 10 : c.x + 10, y: p.y } : p);
    const aRight = !!ca && !!cb && ca.x <= cb.x;
    const a = end(ca, a0, aRight);
    const b = end(cb, b0, !aRight || (!!ca && !!cb && ca.x === cb.x));
    const kind = (h.pushed ?? []).some((x) => x.type === 'vxlan') ? 'vxlan' : 'ipip';
    if (!out.some((t) => t.from.x === b.x && t.from.y === b.y && t.to.x === a.x && t.to.y === a.y)) out.push({ from: a, to: b, kind });
  }
  return out;
}
