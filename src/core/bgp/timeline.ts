// Convergence as a sequence of steps: the BGP events of an edit (events.ts) grouped by cause — each
// UPDATE/WITHDRAW one step, each FIB change attached to the message that caused it (else a step of its own).
// The BGP panel plays these steps, the route panels mark each FIB change as its step lands, and the store
// keeps them while they play; the pictures they move along are the view's (src/view/convergence.ts).

import type { BgpEvent } from './events';

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
