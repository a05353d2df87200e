// The convergence animation's pure parts: the BGP events of an edit (core/bgp bgpEvents) as a timeline of
// steps — each UPDATE/WITHDRAW a dot travelling from its sender's card to its receiver's along the session
// line, each FIB change attached to the step at which it happens — and the geometry of that line.
import type { BgpEvent } from '../core/bgp';
import { type Box, type Layout, type Pt } from './layout';

export interface FibChange {
  node: string;
  op: 'add' | 'del';
  /** the `ip route` line */
  route: string;
}

export interface ConvStep {
  /** index in the timeline */
  i: number;
  /** logical milliseconds after the edit */
  t: number;
  kind: 'UPDATE' | 'WITHDRAW' | 'FIB';
  /** sender and receiver (absent for FIB changes no message caused: a session lost, a node gone) */
  from?: string;
  to?: string;
  /** short label drawn beside the dot ("UPDATE 10.244.1.0/26") */
  label: string;
  /** the narration ("UPDATE k8s-node2 → k8s-master 10.244.169.128/26") */
  text: string;
  /** the message's prefixes */
  prefixes: readonly string[];
  fibChanges: FibChange[];
}

export const CONV_LIMIT = 300;
/** one step every CONV_STEP_MS while playing; the dot travels for CONV_DOT_MS of it */
export const CONV_STEP_MS = 750;
export const CONV_DOT_MS = 600;

function prefixText(p: readonly string[]): string {
  return p.length > 2 ? `${p.slice(0, 2).join(' ')} +${p.length - 2}` : p.join(' ');
}

/**
 * UPDATE/WITHDRAW messages become steps in event order; a FIB event joins the step of the message that
 * caused it (the last step, when that message went to the FIB's node), else it is a step of its own.
 * OPEN/KEEPALIVE/NOTIFICATION/SESSION are not animated. At most `limit` steps (`more` counts the rest).
 */
export function convergenceTimeline(events: Iterable<BgpEvent>, limit = CONV_LIMIT): { steps: ConvStep[]; more: number } {
  const steps: ConvStep[] = [];
  let more = 0;
  // the last step made, kept or not (a FIB change joins it either way)
  let last: ConvStep | undefined;
  // the messages of the current logical millisecond (BGP sends a batch, then the FIBs change)
  let recent: ConvStep[] = [];
  const push = (s: Omit<ConvStep, 'i'>) => {
    last = { ...s, i: steps.length };
    if (recent[0]?.t !== s.t) recent = [];
    if (s.kind !== 'FIB') recent.push(last);
    if (steps.length < limit) steps.push(last);
    else more++;
  };
  for (const e of events) {
    if (e.type === 'UPDATE' || e.type === 'WITHDRAW') {
      const p = prefixText(e.prefixes);
      push({ t: e.t, kind: e.type, from: e.from, to: e.to, label: `${e.type} ${p}`, text: `${e.type} ${e.from} → ${e.to} ${p}`, prefixes: e.prefixes, fibChanges: [] });
    } else if (e.type === 'FIB') {
      const fc: FibChange = { node: e.node, op: e.op, route: e.route };
      const dst = e.route.split(' ')[0];
      const cause = recent[0]?.t === e.t ? (findLast(recent, (r) => r.to === e.node && r.prefixes.includes(dst)) ?? findLast(recent, (r) => r.to === e.node)) : undefined;
      if (cause) cause.fibChanges.push(fc);
      // FIB changes no message caused (routes gone with a session) at one moment: one step
      else if (last && last.kind === 'FIB' && last.t === e.t) last.fibChanges.push(fc);
      else push({ t: e.t, kind: 'FIB', label: 'FIB', text: '', prefixes: [], fibChanges: [fc] });
    }
  }
  for (const st of steps) {
    if (st.kind !== 'FIB') continue;
    const f = st.fibChanges;
    st.prefixes = [...new Set(f.map((x) => x.route.split(' ')[0]))];
    st.text = f.length === 1 ? `FIB ${f[0].node}: ${f[0].op === 'add' ? '+' : '−'} ${f[0].route}` : `FIB ${f.map((x) => `${x.node} ${x.op === 'add' ? '+' : '−'}${x.route.split(' ')[0]}`).join(', ')}`;
  }
  return { steps, more };
}

function findLast<T>(a: readonly T[], f: (x: T) => boolean): T | undefined {
  for (let i = a.length - 1; i >= 0; i--) if (f(a[i])) return a[i];
  return undefined;
}

/** The FIB changes up to and including step `cursor`, per node: lines added and removed (the latest op wins). */
export function fibMarks(steps: readonly ConvStep[], cursor: number): Map<string, { added: Set<string>; removed: Set<string>; fresh: Set<string> }> {
  const m = new Map<string, { added: Set<string>; removed: Set<string>; fresh: Set<string> }>();
  for (let i = 0; i <= cursor && i < steps.length; i++) {
    for (const f of steps[i].fibChanges) {
      let x = m.get(f.node);
      if (!x) m.set(f.node, (x = { added: new Set(), removed: new Set(), fresh: new Set() }));
      if (f.op === 'add') {
        x.removed.delete(f.route);
        x.added.add(f.route);
      } else {
        x.added.delete(f.route);
        x.removed.add(f.route);
      }
      if (i === cursor) x.fresh.add(f.route);
    }
  }
  return m;
}

/** The session line between two cards as points (the same curve as layout.sessionPath), sender first. */
export function messagePath(layout: Layout, from: string, to: string, samples = 16): Pt[] | undefined {
  const boxOf = (name: string): Box | undefined => layout.nodes.get(name) ?? layout.routers.get(name);
  const a = boxOf(from);
  const b = boxOf(to);
  if (!a || !b) return undefined;
  const ax = a.x + a.w / 2;
  const bx = b.x + b.w / 2;
  const ay = a.y;
  const by = b.y;
  const lift = 26 + Math.min(60, Math.abs(ax - bx) * 0.08);
  const cx = (ax + bx) / 2;
  const cy = Math.min(ay, by) - lift;
  const pts: Pt[] = [];
  for (let k = 0; k <= samples; k++) {
    const s = k / samples;
    const u = 1 - s;
    pts.push({ x: u * u * ax + 2 * u * s * cx + s * s * bx, y: u * u * ay + 2 * u * s * cy + s * s * by });
  }
  return pts;
}
