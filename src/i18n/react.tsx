// React side of i18n: a context holding the instance's language store and the hooks panels use.
import { createContext, useCallback, useContext } from 'react';
import { useStore } from 'zustand';
import { createLangStore, translate, type Lang, type LangStore, type MessageKey } from './index';
import { editLabel } from './labels';

const fallback = createLangStore('en');
export const LangContext = createContext<LangStore>(fallback);

export function useLang(): [Lang, (l: Lang) => void] {
  const store = useContext(LangContext);
  const lang = useStore(store, (s) => s.lang);
  // late-loaded texts of the language (core messages in zh-CN) re-render the panel when they arrive
  useStore(store, (s) => s.rev);
  return [lang, store.getState().setLang];
}

/** t(key, params) in the current language; re-renders when the language changes. */
export function useT(): (key: MessageKey, params?: Record<string, string | number>) => string {
  const [lang] = useLang();
  return useCallback((key, params) => translate(lang, key, params), [lang]);
}

/** An edit's history label in the current language (i18n/labels). */
export function useEditLabel(): (label: string) => string {
  const [lang] = useLang();
  return useCallback((label) => editLabel(lang, label), [lang]);
}
