// IPPool.spec.nodeSelector and BGPPeer selectors are Calico selectors evaluated against the Calico Node's
// labels; parsed selectors are cached because every pod allocation asks again.

import { matches, parseSelector, type Selector } from '../policy/selector';

const cache = new Map<string, Selector>();

export function selectorMatches(selector: string | undefined, labels: Record<string, string>): boolean {
  const s = (selector ?? '').trim();
  if (s === '' || s === 'all()') return true;
  let sel = cache.get(s);
  if (!sel) {
    sel = parseSelector(s);
    cache.set(s, sel);
  }
  return matches(sel, labels);
}
