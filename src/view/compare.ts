// The same packet in two modes: each mode is a Scenario edit of the current lab, rebuilt and walked by the
// core; this only lines the results up (wire frame, overhead per payload byte, hop counts, route diff).
import type { ClusterState } from '../core/model/cluster';
import type { Scenario } from '../core/model/scenario';
import type { Hop, WalkResult } from '../core/model/packet';
import { rebuild } from '../core/lab';
import { runWalk, type TraceArgs } from '../core/tools';
import { formatRoute } from '../core/render';
import { setEncap, setFlannelMode, type Edit } from '../store/edits';
import { ringsOf } from './packet';

export interface ModeChoice {
  id: string;
  label: string;
  edit?: Edit;
}

export function modeChoices(s: Scenario): ModeChoice[] {
  if (s.cluster.cni === 'flannel')
    return [
      { id: 'vxlan', label: 'Flannel vxlan', edit: setFlannelMode('vxlan') },
      { id: 'directrouting', label: 'Flannel vxlan + DirectRouting', edit: setFlannelMode('directrouting') },
      { id: 'host-gw', label: 'Flannel host-gw', edit: setFlannelMode('host-gw') },
    ];
  const none: Edit = { label: 'no encapsulation', apply: (x) => setEncap('vxlan', 'Never').apply(setEncap('ipip', 'Never').apply(x)) };
  return [
    { id: 'current', label: 'Current lab' },
    { id: 'ipip-always', label: 'Calico IPIP Always', edit: setEncap('ipip', 'Always') },
    { id: 'ipip-cross', label: 'Calico IPIP CrossSubnet', edit: setEncap('ipip', 'CrossSubnet') },
    { id: 'vxlan-always', label: 'Calico VXLAN Always', edit: setEncap('vxlan', 'Always') },
    { id: 'vxlan-cross', label: 'Calico VXLAN CrossSubnet', edit: setEncap('vxlan', 'CrossSubnet') },
    { id: 'none', label: 'Calico no encapsulation (BGP only)', edit: none },
  ];
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
      const r = rebuild(choice.edit.apply(scenario), prev);
      if (!r.state) return { choice, error: r.error?.message ?? 'could not be built', headers: [] };
      state = r.state;
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
