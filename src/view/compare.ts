// The same packet in two modes: each mode is a preset of the modes table (core/session/modes.ts) applied to
// the current lab through the session and walked by the core; this only lines the results up (wire frame,
// overhead per payload byte, hop counts, route diff).
import type { ClusterState } from '../core/model/cluster';
import type { Scenario } from '../core/model/scenario';
import type { Hop, WalkResult } from '../core/model/packet';
import { apply } from '../core/session/session';
import { MODE_PRESETS, presetEdit } from '../core/session/modes';
import { runWalk, type TraceArgs } from '../core/tools';
import { formatRoute } from '../core/render';
import type { Edit } from '../core/session/types';
import { ringsOf } from './packet';

export interface ModeChoice {
  id: string;
  label: string;
  edit?: Edit;
}

/** The compare presets of the modes table (core/session/modes.ts) for this lab's CNI; Calico adds "current". */
export function modeChoices(s: Scenario): ModeChoice[] {
  const cni = s.cluster.cni;
  const presets = MODE_PRESETS.filter((p) => p.cni === cni).map((p): ModeChoice => ({ id: p.id, label: p.label, edit: presetEdit(p) }));
  return cni === 'calico' ? [{ id: 'current', label: 'Current lab' }, ...presets] : presets;
}

export interface ModeResult {
  choice: ModeChoice;
  state?: ClusterState;
  walk?: WalkResult;
  error?: string;
  /** the first frame on an underlay segment (not a veth) */
  wireHop?: Hop;
  wireBytes?: number;
  payloadBytes?: number;
  /** bytes on the underlay wire per payload byte */
  perPayloadByte?: number;
  headers: string[];
}

export function runMode(scenario: Scenario, prev: ClusterState, choice: ModeChoice, args: TraceArgs): ModeResult {
  let state = prev;
  try {
    if (choice.edit) {
      // a what-if: the session's edit path, whose outcome is shown beside the lab and never kept
      const o = apply({ file: '', scenario, state: prev }, { kind: 'edit', edit: choice.edit, source: 'ui' });
      if (!o.ok) return { choice, error: o.errors[0]?.detail ?? 'could not be built', headers: [] };
      state = o.session.state;
    }
    const walk = runWalk(state, { ...args, reply: true });
    const wireHop = walk.hops.find((h) => h.wire && h.wire.medium !== 'veth');
    const payload = (wireHop?.wire?.frame ?? walk.hops[0]?.packet ?? []).find((h) => h.type === 'payload');
    const payloadBytes = payload && payload.type === 'payload' ? payload.length : 0;
    const wireBytes = wireHop?.wire?.length;
    return {
      choice,
      state,
      walk,
      wireHop,
      wireBytes,
      payloadBytes,
      perPayloadByte: wireBytes !== undefined && payloadBytes > 0 ? Math.round((wireBytes / payloadBytes) * 100) / 100 : undefined,
      headers: wireHop?.wire ? ringsOf(wireHop.wire.frame).map((r) => (r.encap ? `${r.label} (encap)` : r.label)) : [],
    };
  } catch (e) {
    return { choice, error: (e as Error).message, headers: [] };
  }
}

/** Route lines of one namespace only in A, only in B. */
export function routeDiffAB(a: ClusterState | undefined, b: ClusterState | undefined, nsId: string): { onlyA: string[]; onlyB: string[] } {
  const la = (a?.netns[nsId]?.routes ?? []).map(formatRoute);
  const lb = (b?.netns[nsId]?.routes ?? []).map(formatRoute);
  const sa = new Set(la);
  const sb = new Set(lb);
  return { onlyA: la.filter((l) => !sb.has(l)), onlyB: lb.filter((l) => !sa.has(l)) };
}

/** A mode's result as plain data (no state, no frames): what the compare column shows. The big-lab page gets
 *  it from the worker, which holds the states. */
export interface ModeView {
  choice: { id: string; label: string };
  error?: string;
  verdict?: { kind: string; reason?: string };
  hops: { index: number; kind: string; text: string }[];
  replyHops?: number;
  wireBytes?: number;
  medium?: string;
  payloadBytes?: number;
  perPayloadByte?: number;
  headers: string[];
}

export function modeView(r: ModeResult): ModeView {
  const v = r.walk?.verdict;
  return {
    choice: { id: r.choice.id, label: r.choice.label },
    ...(r.error !== undefined ? { error: r.error } : {}),
    ...(v ? { verdict: { kind: v.kind, ...(v.kind !== 'delivered' ? { reason: String(v.reason) } : {}) } } : {}),
    hops: (r.walk?.hops ?? []).map((h) => ({ index: h.index, kind: h.kind, text: h.text })),
    ...(r.walk?.reply ? { replyHops: r.walk.reply.hops.length } : {}),
    ...(r.wireBytes !== undefined ? { wireBytes: r.wireBytes, medium: r.wireHop!.wire!.medium } : {}),
    ...(r.payloadBytes !== undefined ? { payloadBytes: r.payloadBytes } : {}),
    ...(r.perPayloadByte !== undefined ? { perPayloadByte: r.perPayloadByte } : {}),
    headers: r.headers,
  };
}
