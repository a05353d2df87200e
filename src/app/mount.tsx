// The browser app's composition root: which store a page starts with, and what gets mounted (the app inside
// the labs shell, or the embed). `src/main.tsx` calls mountLab; nothing else imports this folder.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../ui/App';
import { LabContext } from '../ui/LabContext';
import { createLabStore, type LabStore } from '../store/labStore';
import { DEFAULT_PRESET, defaultPresetText } from '../store/presets';
import { decodeShareHash } from '../store/share';
import { createLangStore } from '../i18n';
import { loadZh } from '../i18n/core';
import { bindLangToPage, pageLang } from '../i18n/persist';
import { LangContext } from '../i18n/react';
import { Shell } from '../labs-ui/Shell';
import { EmbedRoot, embedParams } from '../embed/EmbedRoot';
import '../ui/app.css';
import '../labs-ui/labs.css';

/** The store a page starts with: the shared lab in `#s=`, else the default preset. A broken link falls
 *  back to the default lab and says why (role alert). */
export function initialStore(hash: string): LabStore {
  const dflt = { text: defaultPresetText(), fileName: `presets/${DEFAULT_PRESET}.yaml`, presetName: DEFAULT_PRESET };
  let shared;
  try {
    shared = decodeShareHash(hash);
  } catch (e) {
    return createLabStore({ ...dflt, error: `Could not open the shared link: ${(e as Error).message}. Showing the default lab instead.` });
  }
  if (!shared) return createLabStore(dflt);
  try {
    return createLabStore({
      text: shared.yaml,
      fileName: 'shared.yaml',
      presetName: shared.preset ?? '',
      ...(shared.packet ? { packet: shared.packet } : {}),
      ...(shared.cursor !== undefined ? { cursor: shared.cursor } : {}),
    });
  } catch (e) {
    return createLabStore({ ...dflt, error: `Could not open the shared link: ${(e as Error).message.split('\n')[0]}. Showing the default lab instead.` });
  }
}

/** Mounts one lab (its own store) into an element. Several can live on one page. */
export function mountLab(el: HTMLElement, opts: { embed?: boolean; hash?: string; search?: string } = {}) {
  performance.mark('cni:boot');
  const store = initialStore(opts.hash ?? '');
  performance.mark('cni:store');
  // labs: ?lab=NAME[&step=K] opens a guided lab, ?present=1 presenter mode; the language from the browser
  const q = new URLSearchParams(opts.search ?? '');
  const lab = q.get('lab') ?? undefined;
  const step = Number(q.get('step')) || undefined;
  const initialLang = pageLang(opts.search ?? '');
  const lang = createLangStore(initialLang, (l) => (l === 'zh-CN' ? loadZh() : Promise.resolve()));
  const unbindLang = bindLangToPage(lang);
  const root = createRoot(el);
  let unmounted = false;
  const render = () => {
    if (unmounted) return;
    root.render(
      <StrictMode>
        <LangContext.Provider value={lang}>
          <LabContext.Provider value={store}>
            {opts.embed ? (
              <EmbedRoot {...embedParams(opts.search ?? '')} />
            ) : (
              <Shell present={q.get('present') === '1'} lab={lab} step={step}>
                <App />
              </Shell>
            )}
          </LabContext.Provider>
        </LangContext.Provider>
      </StrictMode>,
    );
  };
  // a page opened in Chinese waits for its texts (one small chunk) rather than flashing English first
  if (initialLang === 'zh-CN') void loadZh().then(render, render);
  else render();
  return {
    store,
    unmount: () => {
      unmounted = true;
      unbindLang();
      root.unmount();
    },
  };
}
