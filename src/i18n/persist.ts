// The browser side of the language choice: <html lang> follows it (screen readers, fonts, hyphenation)
// and it is remembered in localStorage, so a reload keeps it. A `?lang=` in the address is rewritten
// on a switch, so the link and the page agree.

import { initialLang, LANG_STORAGE_KEY, type Lang, type LangStore } from './index';

function storage(): Storage | undefined {
  try {
    return typeof localStorage !== 'undefined' ? localStorage : undefined;
  } catch {
    return undefined; // storage blocked (sandboxed iframe, privacy settings): the choice lasts the page only
  }
}

/** The language this page starts in (URL, then stored choice, then navigator.language). */
export function pageLang(search: string): Lang {
  let stored: string | null = null;
  try {
    stored = storage()?.getItem(LANG_STORAGE_KEY) ?? null;
  } catch {
    stored = null;
  }
  return initialLang({ search, stored, navLang: typeof navigator !== 'undefined' ? navigator.language : undefined });
}

/** Keeps <html lang>, localStorage and a `?lang=` in the URL in step with the store. */
export function bindLangToPage(store: LangStore): () => void {
  const apply = (lang: Lang, remember: boolean) => {
    document.documentElement.lang = lang;
    if (!remember) return;
    try {
      storage()?.setItem(LANG_STORAGE_KEY, lang);
    } catch {
      // quota or blocked storage: nothing to keep
    }
    const url = new URL(location.href);
    if (url.searchParams.has('lang') && url.searchParams.get('lang') !== lang) {
      url.searchParams.set('lang', lang);
      history.replaceState(history.state, '', url);
    }
  };
  apply(store.getState().lang, false);
  return store.subscribe((s, prev) => {
    if (s.lang !== prev.lang) apply(s.lang, true);
  });
}
