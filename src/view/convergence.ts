// The convergence animation's pure parts: its pacing, the FIB marks up to a step, and the geometry of the
// session line a message's dot travels. The steps themselves (BGP events grouped by cause) are
// core/bgp/timeline.ts, re-exported here for the panels.
import type { ConvStep } from '../core/bgp/timeline';
import { type Box, type Layout, type Pt } from './layout';

export { CONV_LIMIT, convergenceTimeline, type ConvStep, type FibChange } from '../core/bgp/timeline';

/** one step every CONV_STEP_MS while playing; the dot travels for CONV_DOT_MS of it */
export const CONV_STEP_MS = 750;
export const CONV_DOT_MS = 600;

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
  // a big cluster's node without a card: its group's card (the message still travels between the right places)
  const boxOf = (name: string): Box | undefined => layout.nodes.get(name) ?? layout.routers.get(name) ?? layout.groups?.get(layout.inGroup?.get(name) ?? '');
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
