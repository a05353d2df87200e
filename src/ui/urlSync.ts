// The address bar as the lab's save slot: a page keeps `#s=…` in step with its lab so a reload, a bookmark or
// Back returns to it. Shared by the app (App.tsx) and the big-lab page (BigLab.tsx).

/** The event that asks every lab on the page to write its address now: sent just before the app itself
 *  navigates away (a big import opening as a big lab), so Back returns to the lab as it was left. */
const FLUSH = 'cni:flush-url';

/** The sessionStorage key of the address a page wrote as it was being left (see addressAfterReload). */
export const UNSAVED_KEY = 'cni-lab:unsaved-address';

export function flushUrl(): void {
  window.dispatchEvent(new Event(FLUSH));
}

/** What the page left behind when its last change was written only as it was hidden: the address a reload
 *  will reopen (`from`: the address as it stood before that write) and the hash the lab had by then. */
export interface UnsavedAddress {
  from: string;
  hash: string;
}

/**
 * The address a page starting up should take instead of its own, or undefined to keep it. A reload reopens
 * the address as it stood when the reload began, before the page it replaces hears `pagehide` (measured in
 * Chromium: a replaceState in pagehide or beforeunload reaches Back, never the reload), so an edit written
 * only as the page is left would be lost by a reload. The leaving page therefore also puts its hash in
 * sessionStorage, which a reload keeps: taken only by a reload of the very address that was left (`from`), so
 * a link opened or typed later, or another page of the tab, never inherits it.
 */
export function addressAfterReload(saved: string | null, href: string, navigation: string | undefined): string | undefined {
  if (navigation !== 'reload' || !saved) return undefined;
  let u: Partial<UnsavedAddress>;
  try {
    u = JSON.parse(saved) as Partial<UnsavedAddress>;
  } catch {
    return undefined;
  }
  if (typeof u?.from !== 'string' || typeof u.hash !== 'string' || u.from !== href || !u.hash.startsWith('#')) return undefined;
  return u.hash;
}

/** Called once as a page starts, before it reads its address: takes the hash the page before left for a
 *  reload (addressAfterReload) into the address, and clears it whatever it held (it is one reload's). */
export function restoreUnsavedAddress(): void {
  let saved: string | null = null;
  try {
    saved = sessionStorage.getItem(UNSAVED_KEY);
    if (saved !== null) sessionStorage.removeItem(UNSAVED_KEY);
  } catch {
    return; // storage refused (privacy settings): a reload then loses only the last ~300 ms of edits
  }
  const nav = performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;
  const hash = addressAfterReload(saved, location.href, nav?.type);
  if (hash !== undefined) history.replaceState(null, '', location.pathname + location.search + hash);
}

/**
 * Writes `hashOf()` into the address (replaceState: no history entry per edit) `delayMs` after the last change
 * `subscribe` reports — at once for a change reported with `now` (for a page whose address is cheap to write)
 * — and when the page is hidden, left (`pagehide`) or asked by flushUrl(). Writing as the page is left
 * reaches Back and a restored tab but not a reload (see addressAfterReload), so that write also leaves the
 * hash in sessionStorage for restoreUnsavedAddress. The app's lab is a whole compressed scenario (tens of ms
 * for 50 nodes), which is why its edits wait for the pause rather than being written on the edit path. Once
 * the address has moved to another lab (a `hashchange`: a link pasted, a big import; the page reloads onto it)
 * nothing more is written, or the pagehide write would put this lab over the one being opened. Returns the
 * unsubscribe.
 */
export function syncUrl(subscribe: (changed: (now?: boolean) => void) => () => void, hashOf: () => string, delayMs = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  let gone = false;
  const write = (leaving = false) => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (gone) return;
    const hash = hashOf();
    if (hash !== last && hash !== location.hash) {
      if (leaving) {
        try {
          sessionStorage.setItem(UNSAVED_KEY, JSON.stringify({ from: location.href, hash } satisfies UnsavedAddress));
        } catch {
          // storage full or refused: Back and a restored tab still get the address written below
        }
      }
      history.replaceState(null, '', location.pathname + location.search + hash);
    }
    last = hash;
  };
  const unsub = subscribe((now) => {
    if (timer) clearTimeout(timer);
    if (now) write();
    else timer = setTimeout(write, delayMs);
  });
  const leave = () => {
    gone = true;
    if (timer) clearTimeout(timer);
  };
  const onPagehide = () => write(true);
  const onFlush = () => write();
  // a hidden tab may be discarded without a pagehide (phones): its address is written while it still can be
  const onVisibility = () => {
    if (document.visibilityState === 'hidden' && timer) write();
  };
  // back from the back/forward cache: this page is live again, and what it left for a reload is stale
  const onPageshow = (e: PageTransitionEvent) => {
    if (!e.persisted) return;
    try {
      sessionStorage.removeItem(UNSAVED_KEY);
    } catch {
      // nothing to clear
    }
  };
  window.addEventListener('pagehide', onPagehide);
  window.addEventListener('pageshow', onPageshow);
  window.addEventListener(FLUSH, onFlush);
  window.addEventListener('hashchange', leave);
  document.addEventListener('visibilitychange', onVisibility);
  return () => {
    unsub();
    window.removeEventListener('pagehide', onPagehide);
    window.removeEventListener('pageshow', onPageshow);
    window.removeEventListener(FLUSH, onFlush);
    window.removeEventListener('hashchange', leave);
    document.removeEventListener('visibilitychange', onVisibility);
    if (timer) clearTimeout(timer);
  };
}
