// Which route lines a change added or removed, so the route panels can mark them for a moment. Lines are
// compared as `ip route` prints them (core's formatRoute).
import type { NetNS, Route } from '../core/model/kernel';
import { formatRoute } from '../core/render';

export interface RouteDiff {
  /** indexes into next.routes of lines that are new */
  added: Set<number>;
  /** routes that are gone */
  removed: Route[];
}

export function diffRoutes(prev: NetNS | undefined, next: NetNS): RouteDiff {
  if (!prev) return { added: new Set(), removed: [] };
  const before = new Set(prev.routes.map(formatRoute));
  const after = new Set(next.routes.map(formatRoute));
  const added = new Set<number>();
  next.routes.forEach((r, i) => {
    if (!before.has(formatRoute(r))) added.add(i);
  });
  return { added, removed: prev.routes.filter((r) => !after.has(formatRoute(r))) };
}

export function isEmptyDiff(d: RouteDiff): boolean {
  return d.added.size === 0 && d.removed.length === 0;
}
