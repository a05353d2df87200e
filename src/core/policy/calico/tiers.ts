// Tier and policy ordering, as Felix sorts them (felix/calc/policy_sorter.go: TierLess, PolKVLess):
// tiers by ascending order, a tier without order last, ties by name; inside a tier policies by
// ascending order, unset order (= +Inf) last, ties by name (then namespace).
// The "default" tier always exists; its order is 1,000,000 (api/.../v3/tier.go DefaultTierOrder)
// and its defaultAction is Deny.

import type { Tier } from '../../model';
import type { PathError } from '../types';
import type { Policy } from './model';

export const DEFAULT_TIER = 'default';
export const DEFAULT_TIER_ORDER = 1_000_000;

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export interface TierInfo {
  name: string;
  order?: number;
  defaultAction: 'Deny' | 'Pass';
}

/** The tiers in evaluation order, with "default" added when missing; plus validation findings. */
export function resolveTiers(tiers: readonly Tier[]): { tiers: TierInfo[]; errors: { tier: string; error: PathError }[] } {
  const errors: { tier: string; error: PathError }[] = [];
  const byName = new Map<string, TierInfo>();
  for (const t of tiers) {
    if (byName.has(t.name)) {
      errors.push({ tier: t.name, error: { path: 'metadata.name', message: `Duplicate value: "${t.name}"` } });
      continue;
    }
    const info: TierInfo = { name: t.name, defaultAction: t.defaultAction ?? 'Deny' };
    if (t.order !== undefined) info.order = t.order;
    if (t.name === DEFAULT_TIER) {
      info.order ??= DEFAULT_TIER_ORDER;
      if (info.defaultAction !== 'Deny')
        errors.push({ tier: t.name, error: { path: 'spec.defaultAction', message: 'Invalid value: "Pass": the default tier\'s defaultAction must be Deny' } });
      info.defaultAction = 'Deny';
    }
    byName.set(t.name, info);
  }
  if (!byName.has(DEFAULT_TIER)) byName.set(DEFAULT_TIER, { name: DEFAULT_TIER, order: DEFAULT_TIER_ORDER, defaultAction: 'Deny' });
  const sortedTiers = [...byName.values()].sort((a, b) => {
    if (a.order === undefined && b.order !== undefined) return 1;
    if (a.order !== undefined && b.order === undefined) return -1;
    if (a.order === b.order) return cmp(a.name, b.name);
    return (a.order as number) - (b.order as number);
  });
  return { tiers: sortedTiers, errors };
}

/** Policy order inside one tier. */
export function comparePolicies(a: Policy, b: Policy): number {
  if (a.order !== b.order) return a.order < b.order ? -1 : 1;
  return cmp(`${a.ref.name}/${a.ref.namespace ?? ''}`, `${b.ref.name}/${b.ref.namespace ?? ''}`);
}
