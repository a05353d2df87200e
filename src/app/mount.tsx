// The browser app's composition root: which store a page starts with, and what gets mounted (the app inside
// the labs shell, or the embed). `src/main.tsx` calls mountLab; nothing else imports this folder.

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from '../ui/App';
import { LabContext } from '../ui/LabContext';
import { createLabStore, type LabStore } from '../store/labStore';
import { DEFAULT_PRESET, defaultPresetText } from '../store/presets';
import { hashParam, hasShareLink } from '../store/share';
import { createBusyStore, createLabWorkerClient, type BusyStore, type LabWorkerClient } from '../worker/client';
import { SHARED_FILE } from '../worker/protocol';
import { Busy } from '../ui/Busy';
import type { BigLab as BigLabView } from '../ui/BigLab';
import type { BigLabStore } from '../store/bigLab';
import { createLangStore } from '../i18n';
import { loadZh } from '../i18n/core';
import { bindLangToPage, pageLang } from '../i18n/persist';
import { LangContext } from '../i18n/react';
import { Shell } from '../labs-ui/Shell';
import '../ui/app.css';
import '../labs-ui/labs.css';

const defaultLab = () => ({ text: defaultPresetText(), fileName: `presets/${DEFAULT_PRESET}.yaml`, presetName: DEFAULT_PRESET });
const linkError = (why: string) => `Could not open the shared link: ${why}. Showing the default lab instead.`;

/** A shared link gets this long to inflate and be read in the worker before it is refused (inflating is
 *  bounded, store/inflate.ts, so this is a last guard: the worker is terminated, the page never waits on it). */
export const LINK_DEADLINE_MS = 20_000;

/**
 * The store a page starts with: the shared lab in `#s=`, else the default preset. The link is inflated,
 * read and validated in the lab worker, so a huge or hostile link never blocks the page: it ends as one
 * numbered line (E122 names the limit and the value) over the default lab. A broken link falls back to the
 * default lab and says why (role alert).
 */
export type Opened = { kind: 'local'; store: LabStore } | { kind: 'big'; store: BigLabStore; BigLab: typeof BigLabView };

export async function initialStore(hash: string, worker: LabWorkerClient, busy?: BusyStore): Promise<Opened> {
  const local = (init: Parameters<typeof createLabStore>[0]): Opened => ({ kind: 'local', store: createLabStore(init) });
  if (!hasShareLink(hash)) return local(defaultLab());
  busy?.setState({ stage: 'inflate', since: performance.now() });
  const a = await worker.call(
    { kind: 'open-link', hash },
    { progress: (stage) => busy?.setState({ stage }), deadlineMs: LINK_DEADLINE_MS, timeoutText: `it did not open within ${LINK_DEADLINE_MS / 1000} s` },
  );
  busy?.setState({ stage: undefined });
  if (a.kind === 'big-link') {
    // a big lab stays in the worker; its page (and the store of its recipe) load as their own chunk
    const [{ BigLab }, { createBigLabStore }] = await Promise.all([import('../ui/BigLab'), import('../store/bigLab')]);
    const link = hashParam(hash, 's');
    const init = { yaml: a.payload.yaml, file: SHARED_FILE, view: a.view, link, steps: a.edits?.steps, error: a.edits?.error, editsPacket: a.edits?.packet, ...(a.payload.packet ? { packet: a.payload.packet } : {}) };
    return { kind: 'big', BigLab, store: createBigLabStore(init, worker) };
  }
  if (a.kind !== 'link') return local({ ...defaultLab(), error: linkError(a.kind === 'failed' ? a.message : 'it was replaced') });
  const shared = a.payload;
  try {
    return local({
      text: shared.yaml,
      fileName: SHARED_FILE,
      presetName: shared.preset ?? '',
      ...(shared.packet ? { packet: shared.packet } : {}),
      ...(shared.cursor !== undefined ? { cursor: shared.cursor } : {}),
    });
  } catch (e) {
    return local({ ...defaultLab(), error: linkError((e as Error).message.split('\n')[0]) });
  }
}

/** Mounts one lab (its own store) into an element. Several can live on one page. A shared link shows a
 *  progress line while the worker opens it; `ready` resolves with the store once the lab is on screen. */
export function mountLab(el: HTMLElement, opts: { embed?: boolean; hash?: string; search?: string } = {}) {
  performance.mark('cni:boot');
  const worker = createLabWorkerClient();
  const busy = createBusyStore();
  // labs: ?lab=NAME[&step=K] opens a guided lab, ?present=1 presenter mode; the language from the browser
  const q = new URLSearchParams(opts.search ?? '');
  const lab = q.get('lab') ?? undefined;
  const step = Number(q.get('step')) || undefined;
  const initialLang = pageLang(opts.search ?? '');
  const lang = createLangStore(initialLang, (l) => (l === 'zh-CN' ? loadZh() : Promise.resolve()));
  const unbindLang = bindLangToPage(lang);
  const root = createRoot(el);
  let unmounted = false;
  let opened: Opened | undefined;
  // the embed's root (and its postMessage API) is its own chunk: a full page never loads it, which keeps the
  // first load within its budget; an embed shows the opening line until it arrives
  let embed: typeof import('../embed/EmbedRoot') | undefined;
  if (opts.embed) {
    void import('../embed/EmbedRoot').then((m) => {
      embed = m;
      render();
    });
  }
  // a page opened in Chinese waits for its texts (one small chunk) rather than flashing English first
  let textsReady = initialLang !== 'zh-CN';
  const render = () => {
    if (unmounted || !textsReady) return;
    root.render(
      <StrictMode>
        <LangContext.Provider value={lang}>
          {!opened || (opts.embed && !embed) ? (
            <div className={opts.embed ? 'app opening embed-opening' : 'app opening'}>
              <Busy busy={busy} title="busy.opening" />
            </div>
          ) : opened.kind === 'big' ? (
            <opened.BigLab store={opened.store} />
          ) : (
            <LabContext.Provider value={opened.store}>
              {embed ? (
                <embed.EmbedRoot {...embed.embedParams(opts.search ?? '')} />
              ) : (
                <Shell present={q.get('present') === '1'} lab={lab} step={step}>
                  <App />
                </Shell>
              )}
            </LabContext.Provider>
          )}
        </LangContext.Provider>
      </StrictMode>,
    );
  };
  if (!textsReady) {
    const go = () => {
      textsReady = true;
      render();
    };
    void loadZh().then(go, go);
  }
  const hash = opts.hash ?? '';
  // without a link the default lab is built at once (small: tens of ms), as before the worker existed
  if (!hasShareLink(hash)) {
    opened = { kind: 'local', store: createLabStore(defaultLab()) };
    performance.mark('cni:store');
  }
  const ready: Promise<Opened> = opened
    ? Promise.resolve(opened)
    : initialStore(hash, worker, busy).then((o) => {
        opened = o;
        performance.mark('cni:store');
        render();
        return o;
      });
  render();
  return {
    ready,
    unmount: () => {
      unmounted = true;
      worker.terminate();
      unbindLang();
      root.unmount();
    },
  };
}
