// The app's outer frame for the lab features: the app itself, a slim rail (Labs, Language, Presenter),
// and the lab player beside the app when open. The player is a lazy chunk: nothing of it loads until a
// lab is opened. Presenter mode (`?present=1` or the toggle): large type, high contrast, keyboard
// stepping (→ next, ← previous, space apply), a strong ring on the focused element and the current step.
import { lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useStore } from 'zustand';
import { LANGS, type Lang } from '../i18n';
import { useLang, useT } from '../i18n/react';
import { useLabStore } from '../ui/LabContext';
import { createPlayer, type PlayerStore } from './player';
import { labText } from './bundle';
import { sessionOfRun } from '../core/session/session';
import { presetText } from '../store/presets';
import { PresenterControls } from './PresenterControls';
import { useConvergenceClock } from '../ui/convergenceClock';
import { prefersReducedMotion } from '../ui/TopologyPane';
import { useNarrow, useTablet } from '../ui/useNarrow';
import { LabPanelSlot } from '../ui/labSlot';
import { FoldContext, foldsFor, useShortScreen, useWideSend } from '../ui/folds';

const LabPlayer = lazy(() => import('./LabPlayer'));

export function LanguageSelect() {
  const [lang, setLang] = useLang();
  const t = useT();
  // the switch keeps its English name too: someone who cannot read the current language still finds it
  return (
    <select className="lang-select" aria-label={lang === 'en' ? t('lang.name') : `${t('lang.name')} · Language`} value={lang} onChange={(e) => setLang(e.target.value as Lang)}>
      {LANGS.map((l) => (
        <option key={l} value={l} lang={l}>
          {l === 'en' ? 'English' : '中文'}
        </option>
      ))}
    </select>
  );
}

/** localStorage, or undefined where reading it throws: an embed on another site with third-party storage
 *  blocked (the default in some browsers) gets a SecurityError for merely touching it. */
function browserStorage(): Storage | undefined {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
}

export function usePlayer(): PlayerStore {
  const store = useLabStore();
  const [player] = useState(() => {
    let cancel = () => {};
    return createPlayer({
      labText,
      presetText,
      onRun: (run, label) => store.getState().openRun(sessionOfRun(run)!, { label, diff: run.change, presetName: run.lab.start.preset ?? '', fileName: run.lab.file }),
      // the step's packet (and convergence) on the picture; the module comes with the labs engine
      onStep: (run, i, play) => {
        const seq = store.getState().change.seq;
        cancel();
        void import('./stepPlay').then((m) => {
          if (store.getState().change.seq !== seq || !run.state) return;
          cancel = m.playStep(store, run.state, i === undefined ? undefined : run.lab.steps[i], { play, reduced: prefersReducedMotion() });
        });
      },
      current: () => {
        const s = store.getState();
        return { scenario: s.scenario, state: s.state };
      },
      storage: browserStorage(),
    });
  });
  useConvergenceClock(store);
  return player;
}

// keys that belong to the focused control: text fields, the terminal, and the lab picker's open list
const typing = (t: EventTarget | null) => t instanceof HTMLElement && !!t.closest('input, textarea, select, [contenteditable], .terminal, [role="listbox"]');

export function Shell({ children, present: present0 = false, lab: lab0, step: step0 }: { children: ReactNode; present?: boolean; lab?: string; step?: number }) {
  const t = useT();
  const player = usePlayer();
  const [open, setOpen] = useState(present0 || !!lab0);
  const [present, setPresent] = useState(present0);
  // bumped by the `L` key: the player opens its lab list (and the panel opens first if closed)
  const [pickRequest, setPickRequest] = useState(0);
  const ref = useRef<HTMLDivElement>(null);
  const rail = useRef<HTMLElement>(null);
  const narrow = useNarrow();
  const tablet = useTablet();
  // a lab chosen (or loading): until then presenter mode keeps the lab panel slim (folds.ts)
  const noLab = useStore(player, (s) => !s.name);
  const folds = foldsFor({ labs: open, present, narrow, wideSend: useWideSend(), short: useShortScreen() });

  // phones and touch tablets put the rail at the right end of the top bar (app.css): the bar keeps its width
  // free, whatever the labels' length in this language
  useEffect(() => {
    const nav = rail.current;
    const shell = ref.current;
    if (!nav || !shell || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(() => shell.style.setProperty('--rail-w', `${Math.ceil(nav.getBoundingClientRect().width)}px`));
    ro.observe(nav);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.key.toLowerCase() !== 'l' || typing(e.target)) return;
      e.preventDefault();
      setOpen(true);
      setPickRequest((n) => n + 1);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  useEffect(() => {
    // `&step=K` (an embed's "open in CNI Lab" link): steps 1..K-1 applied, as the embed showed them
    if (lab0) void player.getState().load(lab0).then((ok) => ok && step0 && step0 > 1 && player.getState().goTo(step0 - 1));
  }, [player, lab0, step0]);

  useEffect(() => {
    if (!present) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typing(e.target)) return;
      const p = player.getState();
      // no lab open: the keys belong to the packet player (App's shortcuts)
      if (!p.lab) return;
      if (e.key === 'ArrowRight') p.next();
      else if (e.key === 'ArrowLeft') p.prev();
      else if (e.key === ' ') p.apply();
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [present, player]);

  const side = (
    <aside className="labs-side">
      {/* with Send folded the hop's ◀ ▶ bar is under the picture; the playback row here adds Play and speed, left
          out on a tablet, where the player's column is narrow and its targets are finger-sized */}
      {(present || folds.settings) && <PresenterControls playback={folds.send && !tablet} narration={folds.send} />}
      <Suspense fallback={<p className="empty">{t('labs.loading')}</p>}>
        <LabPlayer player={player} pickRequest={pickRequest} topology={() => ref.current?.querySelector<SVGSVGElement>('.topology svg') ?? null} />
      </Suspense>
    </aside>
  );
  return (
    <div className="shell" ref={ref} data-present={present ? '' : undefined} data-labs={open ? '' : undefined} data-nolab={noLab ? '' : undefined}>
      <nav className="labs-rail" ref={rail} aria-label={t('labs.open')}>
        <button type="button" aria-expanded={open} aria-keyshortcuts="L" title={t('labs.pickKey')} onClick={() => setOpen(!open)}>
          {open ? t('labs.close') : t('labs.open')}
        </button>
        <LanguageSelect />
        <button
          type="button"
          className="presenter-toggle"
          aria-pressed={present}
          onClick={() => {
            setPresent(!present);
            if (!present) setOpen(true);
          }}
        >
          {t('labs.presenter')}
        </button>
        {present && <span className="labs-hint">{t('labs.presenterHint')}</span>}
      </nav>
      <div className="shell-body">
        {/* a phone has no room beside the app: the player goes under the picture (App reads the slot) */}
        <FoldContext.Provider value={folds}>
          <LabPanelSlot.Provider value={narrow && open ? side : null}>{children}</LabPanelSlot.Provider>
        </FoldContext.Provider>
        {open && !narrow && side}
      </div>
    </div>
  );
}
