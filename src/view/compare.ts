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
