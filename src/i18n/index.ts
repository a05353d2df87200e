// i18n: a tiny dictionary (en, zh-CN) and a per-instance language store. No library: the app has a few
// dozen strings, and lab texts carry their own translations (I18n values in core/labs). Tool output is
// never translated: it stays as the tools print it (C locale).

import { createStore, type StoreApi } from 'zustand/vanilla';
import { EN, type MessageKey } from './messages';

export type Lang = 'en' | 'zh-CN';
export const LANGS: Lang[] = ['en', 'zh-CN'];
export type { MessageKey };

/** navigator.language → the app's language: zh* → zh-CN, anything else → en. */
export function detectLang(navLang: string | undefined | null): Lang {
  return navLang && /^zh\b/i.test(navLang) ? 'zh-CN' : 'en';
}

/** The localStorage key the chosen language is kept under. */
export const LANG_STORAGE_KEY = 'cni-lab:lang';

/** A language name from a URL or storage: zh, zh-CN, zh_cn… → zh-CN; en… → en; anything else none. */
export function parseLang(s: string | null | undefined): Lang | undefined {
  if (!s) return undefined;
  if (/^zh($|[-_])/i.test(s)) return 'zh-CN';
  if (/^en($|[-_])/i.test(s)) return 'en';
  return undefined;
}

/** The language a page starts in: `?lang=` in the URL, else the one chosen before (stored), else the
 *  browser's navigator.language. */
export function initialLang(o: { search?: string; stored?: string | null; navLang?: string | null }): Lang {
  const q = new URLSearchParams(o.search ?? '').get('lang');
  return parseLang(q) ?? parseLang(o.stored) ?? detectLang(o.navLang);
}

// The zh-CN table (./messages-zh) arrives with the language (i18n/core loadZh), not with the first load;
// until it is installed a zh-CN page reads English.
let zhTable: Readonly<Record<MessageKey, string>> | undefined;

export function installUiZh(table: Readonly<Record<MessageKey, string>>): void {
  zhTable = table;
}

// A Chinese template spaces a Latin parameter off ("由 {by} 写入"); when the parameter is itself Chinese
// ("内核") those spaces would stand between two Chinese characters, where Chinese has none.
const SPACE_IN_CHINESE = /(?<=[\u3400-\u9fff]) +(?=[\u3400-\u9fff])/g;

/** The message in `lang` with {name} placeholders filled; unknown keys fall back to English, then the key. */
export function translate(lang: Lang, key: MessageKey, params?: Record<string, string | number>): string {
  const s = (lang === 'zh-CN' ? zhTable?.[key] : undefined) ?? EN[key] ?? key;
  if (!params) return s;
  const out = s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
  return lang === 'zh-CN' ? out.replace(SPACE_IN_CHINESE, '') : out;
}

/** The lab file's key for a language: lab texts are `en` / `zh`. */
export function labKey(lang: Lang): 'en' | 'zh' {
  return lang === 'zh-CN' ? 'zh' : 'en';
}

/** A lab text (I18n value) in `lang`, falling back to English. */
export function pick(t: { en: string; [k: string]: string | undefined } | undefined, lang: Lang): string {
  if (!t) return '';
  return t[labKey(lang)] ?? t.en;
}

export interface LangState {
  lang: Lang;
  /** bumped when the language's late-loaded texts arrive, so panels re-render with them */
  rev: number;
  setLang(l: Lang): void;
}
export type LangStore = StoreApi<LangState>;

/**
 * `load(lang)` fetches what a language needs beyond the first load (the app: the core's zh-CN templates);
 * a switch takes effect once it has arrived, so no panel shows half a language. Without it, switches are at once.
 */
export function createLangStore(initial: Lang, load?: (lang: Lang) => Promise<void>): LangStore {
  const store = createStore<LangState>()((set, get) => ({
    lang: initial,
    rev: 0,
    setLang: (lang) => {
      if (!load) return set({ lang });
      void load(lang).then(
        () => set({ lang, rev: get().rev + 1 }),
        () => set({ lang }),
      );
    },
  }));
  // the page opened in a language with late texts: show it now, re-render when they arrive
  if (load) void load(initial).then(() => store.setState({ rev: store.getState().rev + 1 }), () => undefined);
  return store;
}
