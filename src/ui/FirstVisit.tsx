// The first-visit callout: what to do here, in one sentence, over the picture. Dismissed once, it stays
// dismissed (localStorage). Never in embeds (the docs page around them explains), nor when the page opens a
// lab or presenter mode (the lab or the presenter guides), nor with `?intro=0` (tests, kiosks).
import { useState } from 'react';
import { useLabStore } from './LabContext';
import { useT } from '../i18n/react';

export const INTRO_KEY = 'cni-lab:intro-dismissed';

function wanted(search: string): boolean {
  const q = new URLSearchParams(search);
  if (q.get('intro') === '0' || q.get('embed') === '1' || q.has('lab') || q.get('present') === '1') return false;
  try {
    return localStorage.getItem(INTRO_KEY) !== '1';
  } catch {
    // storage refused (privacy mode): show it, it just will not be remembered
    return true;
  }
}

export function FirstVisit() {
  const store = useLabStore();
  const t = useT();
  const [open, setOpen] = useState(() => wanted(location.search));
  if (!open) return null;
  const dismiss = () => {
    setOpen(false);
    try {
      localStorage.setItem(INTRO_KEY, '1');
    } catch {
      /* not remembered: shown again next visit */
    }
  };
  return (
    <aside className="first-visit" role="note" aria-labelledby="first-visit-title">
      <h2 id="first-visit-title">{t('intro.title')}</h2>
      <p>{t('intro.body')}</p>
      <div className="row">
        <button
          type="button"
          className="primary"
          onClick={() => {
            dismiss();
            void store.getState().send().then(() => store.getState().walk && store.getState().setPlaying(true));
          }}
        >
          {t('intro.try')}
        </button>
        <button type="button" onClick={dismiss}>
          {t('intro.dismiss')}
        </button>
      </div>
    </aside>
  );
}
