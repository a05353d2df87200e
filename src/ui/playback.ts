// Playback preferences and keys shared by the app's panels. "Play on Send" is remembered per browser; a
// `?autoplay=0|1` in the page URL wins (tests, and a teacher's bookmark).

const KEY = 'cni-lab.autoplay';

export function autoplayPref(search: string = typeof location !== 'undefined' ? location.search : ''): boolean {
  const q = new URLSearchParams(search).get('autoplay');
  if (q === '0' || q === '1') return q === '1';
  try {
    return globalThis.localStorage?.getItem(KEY) !== '0';
  } catch {
    return true;
  }
}

export function saveAutoplay(on: boolean): void {
  try {
    globalThis.localStorage?.setItem(KEY, on ? '1' : '0');
  } catch {
    /* private mode: the choice lasts for this page only */
  }
}

/** Where a key press means typing (or the terminal's own line editing), not a playback command. */
export function isTypingTarget(t: EventTarget | null): boolean {
  return t instanceof Element && !!t.closest('input, textarea, select, [contenteditable], [contenteditable=""], .terminal');
}

export type PlaybackKey = 'back' | 'forward' | 'toggle';

/** ← / , step back, → / . step forward, Space plays or pauses; modifiers leave the key to the browser. */
export function playbackKey(e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'>): PlaybackKey | undefined {
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (e.key === 'ArrowLeft' || e.key === ',') return 'back';
  if (e.key === 'ArrowRight' || e.key === '.') return 'forward';
  if (e.key === ' ' || e.key === 'Spacebar') return 'toggle';
  return undefined;
}
