// The state of one walk (a request, or its reply): the hop list, the logical clock, per-namespace IP id
// counters and the conntrack table (shared between a request and its reply), and the helpers every
// stage uses to record hops and verdicts.

import type { Link, NetNS } from '../model/kernel';
import type { DropReason, Header, Hop, HopKind, Protocol, Verdict } from '../model/packet';
import type { Msg, Txt } from '../msg';
import { walkEnglish } from './messages';
import { nsSeed } from './flowhash';
import type { WalkHooks } from './hooks';
import type { CtEntry } from './nat';
import type { WorldIndex } from './world';

/** State a request and its reply share. */
export interface Shared {
  ipIds: Map<string, number>;
  conntrack: CtEntry[];
  /** fragmented packets by "src|dst|proto|id": the whole packet, for reassembly at the receiver */
  fragments: Map<string, Header[]>;
  /** path MTUs learned from Frag needed, by "nsId>dst" (the route cache's exceptions, ip_rt_update_pmtu);
   *  the caller may keep it across walks, as a sender keeps it across the probes of one ping */
  pmtu: Map<string, number>;
}

/** An ICMP error a namespace sent during this walk, to be walked back to its destination. */
export interface PendingError {
  ns: NetNS;
  /** the error packet as icmp_send built it */
  packet: Header[];
  type: number;
  code: number;
  mtu?: number;
}

export const pmtuKey = (nsId: string, dst: string) => `${nsId}>${dst}`;

/** What a drop adds to its verdict; a message may be a walk message (kept as verdict.msg too). */
export type VerdictExtra = Partial<Omit<Verdict, 'message' | 'msg'>> & { message?: Txt };

export function verdictExtra(v: VerdictExtra): Partial<Verdict> {
  if (v.message === undefined || typeof v.message === 'string') return v as Partial<Verdict>;
  // the English in place (key order is what the CLI's JSON prints), the id last
  return { ...v, message: en(v.message), msg: v.message };
}

/** The English of a hop text. */
export function en(t: Txt): string {
  return typeof t === 'string' ? t : walkEnglish(t);
}

export function newShared(pmtu: Map<string, number> = new Map()): Shared {
  return { ipIds: new Map(), conntrack: [], fragments: new Map(), pmtu };
}

/** Thrown when a walk exceeds its hop budget; walk() turns it into a 'loop' verdict. */
export class HopLimit extends Error {
  constructor(readonly ns: string) {
    super('hop limit');
  }
}

export interface Delivered {
  ns: NetNS;
  dev?: Link;
  /** the packet as the receiving stack saw it */
  packet: Header[];
  external: boolean;
}

export class WalkCtx {
  readonly hops: Hop[] = [];
  /** namespaces this walk passed through: for its reply, conntrack already knows the connection there */
  readonly traversed = new Set<string>();
  delivered?: Delivered;
  /** the sender's source address, once routing chose it */
  src = '';
  /** the namespace whose kube-proxy marked this packet for masquerade (KUBE-MARK-MASQ sets skb mark
   *  0x4000; the mark does not survive leaving the namespace) */
  masqMark?: string;
  /** the ICMP error that ended this walk, before it is walked back */
  pendingError?: PendingError;

  constructor(
    readonly w: WorldIndex,
    readonly hooks: WalkHooks,
    readonly maxHops: number,
    readonly shared: Shared,
    /** what the sending tool is, for its error messages */
    readonly app: { protocol: Protocol; seq: number },
    /** namespaces where this packet belongs to a known connection (the reply's request went there) */
    readonly established: ReadonlySet<string>,
    readonly isReply: boolean,
    /** the sending namespace: drops there are reported as the tool sees them */
    readonly origin: NetNS,
    public t = 0,
  ) {}

  /** Records a hop. Text and why are messages (rendered to English here, the id kept in hop.msg for
   *  other languages) or plain strings a hook wrote. */
  emit(ns: NetNS, kind: HopKind, packet: readonly Header[], text: Txt, why: Txt, extra: Partial<Hop> = {}): Hop {
    if (this.hops.length >= this.maxHops) throw new HopLimit(ns.id);
    const msg: { text?: Msg; why?: Msg } = {};
    if (typeof text !== 'string') msg.text = text;
    if (typeof why !== 'string') msg.why = why;
    const hop: Hop = { index: this.hops.length, t: this.t, ns: ns.id, kind, packet: packet as Header[], text: en(text), why: en(why), ...extra };
    if (msg.text || msg.why) hop.msg = msg;
    this.hops.push(hop);
    return hop;
  }

  /** A drop hop and its verdict. */
  drop(ns: NetNS, packet: readonly Header[], reason: DropReason, text: Txt, why: Txt, v: VerdictExtra = {}, dev?: string): Verdict {
    this.emit(ns, 'drop', packet, text, why, dev ? { dev } : {});
    return { kind: 'dropped', reason, at: ns.id, ...verdictExtra(v) };
  }

  /** The next IP id of a namespace: a counter starting at a per-namespace seed (ip_select_ident). */
  nextId(ns: NetNS): number {
    const cur = this.shared.ipIds.get(ns.id) ?? nsSeed(ns.id) & 0xffff;
    this.shared.ipIds.set(ns.id, (cur + 1) & 0xffff);
    return cur;
  }

  /** The path MTU a namespace uses towards dst: the device's, lowered by a learned PMTU. */
  pathMtu(ns: NetNS, dst: string, devMtu: number): number {
    const p = this.shared.pmtu.get(pmtuKey(ns.id, dst));
    return p !== undefined && p < devMtu ? p : devMtu;
  }

  /** Whether conntrack already knows this connection in a namespace (then nat rules and hooks are skipped). */
  known(ns: NetNS): boolean {
    return this.established.has(ns.id);
  }
}
