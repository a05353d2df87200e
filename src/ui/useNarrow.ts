// Phones and narrow tablets: below 900 CSS px the app is one column (picture first, one dock panel at a time).
// The breakpoint is the same number as app.css's `@media (max-width: 899px)` block, which does the layout;
// React only needs to know in order to move the settings and the hop list into the dock's tabs.
import { useSyncExternalStore } from 'react';

export const NARROW_QUERY = '(max-width: 899px)';

const query = () => (typeof matchMedia === 'function' ? matchMedia(NARROW_QUERY) : null);

function subscribe(onChange: () => void): () => void {
  const mq = query();
  if (!mq) return () => {};
  mq.addEventListener('change', onChange);
  return () => mq.removeEventListener('change', onChange);
}

export function useNarrow(): boolean {
  return useSyncExternalStore(subscribe, () => query()?.matches ?? false, () => false);
}
