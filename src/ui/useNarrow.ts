// Phones and tablets. Below 900 CSS px the app is one column (picture first, one dock panel at a time); from
// 900 to 1199 px (a tablet, or a small laptop) the picture and the Send column share the top, the dock runs
// the full width under both, and the lab settings are a dock tab. The numbers are the same as app.css's
// `@media (max-width: 899px)` and `(min-width: 900px) and (max-width: 1199px)` blocks, which do the layout;
// React only needs to know in order to move the settings and the hop list into the dock's tabs.
import { useSyncExternalStore } from 'react';

export const NARROW_QUERY = '(max-width: 899px)';
export const TABLET_QUERY = '(min-width: 900px) and (max-width: 1199px)';

/** a media query as a hook; made once per query so React keeps one subscription */
export function mediaHook(q: string): () => boolean {
  const query = () => (typeof matchMedia === 'function' ? matchMedia(q) : null);
  const subscribe = (onChange: () => void) => {
    const mq = query();
    if (!mq) return () => {};
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  };
  const get = () => query()?.matches ?? false;
  return () => useSyncExternalStore(subscribe, get, () => false);
}

export const useNarrow = mediaHook(NARROW_QUERY);
export const useTablet = mediaHook(TABLET_QUERY);
