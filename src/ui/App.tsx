import { useContext, useEffect, useState, type ReactNode } from 'react';
import { useLab, useLabStore } from './LabContext';
import { TopBar, shareHash } from './TopBar';
import { syncUrl } from './urlSync';
import { ModePanel } from './ModePanel';
import { PacketPanel } from './PacketPanel';
import { PacketBar } from './PacketBar';
import { HopList } from './HopList';
import { TopologyPane } from './TopologyPane';
import { Dock, type TabId } from './Dock';
import { FirstVisit } from './FirstVisit';
import { TouchTips } from './TouchTips';
import { useT } from '../i18n/react';
import { autoplayPref, isTypingTarget, playbackKey } from './playback';
import { useNarrow, useTablet } from './useNarrow';
import { LabPanelSlot } from './labSlot';
import { filesBusy, openFiles, readFiles } from './importFiles';
import { Busy } from './Busy';
import { useFolds } from './folds';

function initialTheme(): 'dark' | 'light' {
  const q = new URLSearchParams(location.search).get('theme');
  if (q === 'light' || q === 'dark') return q;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function Errors() {
  const store = useLabStore();
  const errors = useLab((s) => s.errors);
  const t = useT();
  if (!errors.length) return null;
  return (
    <div role="alert" className="errors">
      <div className="errors-body">
        {errors.map((e, i) => (
          <pre key={i}>{e}</pre>
        ))}
      </div>
      <button type="button" aria-label={t('app.dismissError')} onClick={() => store.getState().dismissErrors()}>
        ✕
      </button>
    </div>
  );
}

/** After importing a cluster's dumps: what the import assumed, what the dump lacked, what was dropped. */
function ImportReport() {
  const store = useLabStore();
  const report = useLab((s) => s.importReport);
  const base = useLab((s) => s.base);
  const t = useT();
  if (!report || report.base !== base) return null;
  return (
    <section className="import-report" role="region" aria-label={t('app.importReport')}>
      <div className="import-report-body">
        <h2>{t('app.importReport')}</h2>
        <ul>
          {report.notes.map((n, i) => (
            <li key={i} data-code={n.code}>
              <b>{t(`app.importNote.${n.code}` as 'app.importNote.W901')}</b> {n.message}
            </li>
          ))}
        </ul>
      </div>
      <button type="button" aria-label={t('app.importReportDismiss')} onClick={() => store.getState().dismissImportReport()}>
        ✕
      </button>
    </section>
  );
}

/** Files dropped anywhere on the app, or YAML/JSON pasted while focus is not in a text field, are opened
 *  as the Import button opens them (a scenario loads, a cluster's dumps are imported). */
function useDropAndPaste(enabled: boolean) {
  const store = useLabStore();
  const t = useT();
  useEffect(() => {
    if (!enabled) return;
    const over = (e: DragEvent) => {
      if (e.dataTransfer?.types.includes('Files')) e.preventDefault();
    };
    const drop = (e: DragEvent) => {
      const list = e.dataTransfer?.files;
      if (!list?.length) return;
      e.preventDefault();
      void readFiles(list).then((files) => openFiles(store, files, t));
    };
    const paste = (e: ClipboardEvent) => {
      if (isTypingTarget(e.target)) return;
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!/\bkind\b"?\s*:/.test(text)) return;
      e.preventDefault();
      void openFiles(store, [{ name: 'pasted.yaml', text }], t);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    window.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
      window.removeEventListener('paste', paste);
    };
  }, [store, t, enabled]);
}

/** Keyboard shortcuts while focus is not in a text field: ←/→ (or , .) step, Space plays/pauses, ctrl+z /
 *  ctrl+y undo/redo. A key a focused widget already handled (a pod picked with Space, a tab moved with →)
 *  is left alone. */
function useShortcuts() {
  const store = useLabStore();
  useEffect(() => {
    store.getState().setAutoplay(autoplayPref());
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTypingTarget(e.target)) return;
      const s = store.getState();
      if ((e.ctrlKey || e.metaKey) && e.key === 'z') (e.preventDefault(), e.shiftKey ? s.redo() : s.undo());
      else if ((e.ctrlKey || e.metaKey) && e.key === 'y') (e.preventDefault(), s.redo());
      const k = playbackKey(e);
      if (!k || !s.walk) return;
      // Space on a focused button plays/pauses too (Enter still presses the button)
      e.preventDefault();
      if (k === 'toggle') s.setPlaying(!s.playing);
      else {
        if (s.playing) s.setPlaying(false);
        s.step(k === 'forward' ? 1 : -1);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}

/** Keeps `#s=` in the address bar in step with the lab (urlSync.ts), so the URL is always a share link. */
function useHashSync(enabled: boolean) {
  const store = useLabStore();
  useEffect(() => {
    if (!enabled) return;
    return syncUrl(
      (changed) =>
        store.subscribe((s, prev) => {
          // 300 ms after the last change, never on the edit path: compressing a 50-node lab takes tens of ms;
          // an edit made just before a reload reaches it through pagehide (urlSync.ts)
          if (s.scenario !== prev.scenario || s.packet !== prev.packet || s.walk !== prev.walk || s.cursor !== prev.cursor) changed();
        }),
      () => shareHash(store.getState()),
    );
  }, [store, enabled]);
}

/** `children` go inside the embed view only (the embed's own overlays, e.g. its "open in CNI Lab" link). */
export function App({ embed = false, children }: { embed?: boolean; children?: ReactNode }) {
  const [theme, setTheme] = useState(initialTheme);
  const t = useT();
  const [tab, setTab] = useState<TabId>('routes');
  const folds = useFolds();
  const [collapsed, setCollapsed] = useState(folds.dock);
  const [large, setLarge] = useState(() => new URLSearchParams(location.search).get('text') === 'large');
  const narrow = useNarrow();
  const tablet = useTablet();
  const labPanel = useContext(LabPanelSlot);
  // presenter mode on a short screen (folds.ts): the dock folds to its tab row as that starts, so the picture
  // has the height for whole cards; a tab (or ▴) opens it again
  useEffect(() => {
    if (folds.dock) setCollapsed(true);
  }, [folds.dock]);
  useShortcuts();
  useHashSync(!embed);
  useDropAndPaste(!embed);
  if (embed) {
    return (
      <div className="app embed" data-theme={theme}>
        <Errors />
        <TopologyPane compact theme={theme} />
        <PacketBar />
        {children}
      </div>
    );
  }
  const hops = (
    <section className="panel hops-panel" aria-label={t('app.hopList')}>
      <HopList />
    </section>
  );
  const settingsTab = { id: 'settings' as const, label: t('mode.title'), content: <ModePanel /> };
  const hopsTab = { id: 'hops' as const, label: t('app.hopList'), content: hops };
  // the lab panel carries the narration while Send is a tab (one live region a page)
  const sendTab = { id: 'send' as const, label: t('packet.title'), content: <PacketPanel narration={false} /> };
  const showLeft = !narrow && !tablet && !folds.settings;
  const showRight = narrow || !folds.send;
  return (
    <div className="app" data-theme={theme} data-size={large ? 'large' : undefined}>
      <TopBar theme={theme} onTheme={setTheme} large={large} onLarge={setLarge} />
      <TouchTips />
      <Errors />
      <Busy busy={filesBusy} />
      <ImportReport />
      <div className={`workspace${collapsed ? ' dock-collapsed' : ''}${folds.settings ? ' fold-left' : ''}${showRight ? '' : ' fold-right'}`}>
        {showLeft && (
          <aside className="left">
            <ModePanel />
          </aside>
        )}
        <TopologyPane theme={theme} stepBar={narrow || folds.send} />
        {labPanel}
        <FirstVisit />
        {showRight && (
          <aside className="right">
            <PacketPanel />
            {!narrow && hops}
          </aside>
        )}
        {/* on a phone the settings and the hop list are two more dock tabs: one panel at a time under the picture;
            on a tablet the settings are, so the picture gets their column; beside a lab panel the settings fold
            the same way, and short of room Send and the hop list too (folds.ts) */}
        <Dock tab={tab} onTab={setTab} collapsed={collapsed} onCollapse={setCollapsed} extra={narrow ? [hopsTab, settingsTab] : folds.send ? [sendTab, hopsTab, settingsTab] : folds.settings || tablet ? [settingsTab] : undefined} />
      </div>
    </div>
  );
}
