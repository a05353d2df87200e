// The address bar as the lab's save slot: a page keeps `#s=…` in step with its lab so a reload, a bookmark or
// Back returns to it. Shared by the app (App.tsx) and the big-lab page (BigLab.tsx).

/** The event that asks every lab on the page to write its address now: sent just before the app itself
 *  navigates away (a big import opening as a big lab), so Back returns to the lab as it was left. */
const FLUSH = 'cni:flush-url';

export function flushUrl(): void {
  window.dispatchEvent(new Event(FLUSH));
}

/**
 * Writes `hashOf()` into the address (replaceState: no history entry per edit) 300 ms after the last change
 * `subscribe` reports — at once for a change reported with `now` — and on `pagehide` and on flushUrl(). A
 * reload takes the address as it is when it starts, before the page hears of it (pagehide and beforeunload
 * come too late for it, measured in Chromium), so a page whose address is cheap to write passes `now` for its
 * edits; pagehide still covers closing the tab and going elsewhere. Once the address has moved to another lab (a `hashchange`: a link pasted, a big
 * import; the page reloads onto it) nothing more is written, or the pagehide write would put this lab over
 * the one being opened. Returns the unsubscribe.
 */
export function syncUrl(subscribe: (changed: (now?: boolean) => void) => () => void, hashOf: () => string, delayMs = 300): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  let gone = false;
  const write = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (gone) return;
    const hash = hashOf();
    if (hash !== last && hash !== location.hash) history.replaceState(null, '', location.pathname + location.search + hash);
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
  window.addEventListener('pagehide', write);
  window.addEventListener(FLUSH, write);
  window.addEventListener('hashchange', leave);
  return () => {
    unsub();
    window.removeEventListener('pagehide', write);
    window.removeEventListener(FLUSH, write);
    window.removeEventListener('hashchange', leave);
    if (timer) clearTimeout(timer);
  };
}
