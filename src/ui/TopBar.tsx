// The top bar: preset, undo/redo/reset, share link, import/export YAML, theme.
import { useRef, useState } from 'react';
import { useLab, useLabStore } from './LabContext';
import { PRESET_NAMES, presetText } from '../store/presets';
import { scenarioToYaml } from '../core/scenario';
import { encodeShare } from '../store/share';
import { useEditLabel, useT } from '../i18n/react';
import { saveFile } from './download';
import { openFiles, readFiles } from './importFiles';

export function shareHash(s: ReturnType<ReturnType<typeof useLabStore>['getState']>): string {
  return '#s=' + encodeShare({
    yaml: scenarioToYaml(s.scenario),
    ...(s.presetName ? { preset: s.presetName } : {}),
    packet: s.packet,
    ...(s.walk ? { cursor: s.cursor } : {}),
  });
}


export function TopBar(props: { theme: 'dark' | 'light'; onTheme(t: 'dark' | 'light'): void; large: boolean; onLarge(on: boolean): void }) {
  const store = useLabStore();
  const presetName = useLab((s) => s.presetName);
  const state = useLab((s) => s.state);
  const past = useLab((s) => s.past);
  const future = useLab((s) => s.future);
  const fileRef = useRef<HTMLInputElement>(null);
  const [status, setStatus] = useState('');
  // phones: the actions below fold behind one button, so the bar is one row (CSS; wide screens ignore it)
  const [more, setMore] = useState(false);
  const st = store.getState();
  const t = useT();
  const said = useEditLabel();

  // a preset other than the default is a chunk fetched on demand: picks can resolve out of order (a cold cache
  // after a deploy), and the last one picked must be the lab that stays
  const picks = useRef(0);
  const pick = async (name: string) => {
    const mine = ++picks.current;
    try {
      const text = await presetText(name);
      if (mine !== picks.current) return;
      store.getState().loadText(text, `presets/${name}.yaml`, name);
    } catch (e) {
      if (mine === picks.current) store.getState().setError(t('app.presetError', { name, error: (e as Error).message }));
    }
  };

  const share = async () => {
    const hash = shareHash(store.getState());
    history.replaceState(null, '', location.pathname + location.search + hash);
    const url = location.href;
    try {
      await navigator.clipboard.writeText(url);
      setStatus(t('app.linkCopied'));
    } catch {
      setStatus(t('app.linkInBar'));
    }
  };

  // one scenario file loads as before; dumps of a real cluster (any number of files) are imported
  const importFiles = async (list: FileList) => setStatus(await openFiles(store, await readFiles(list), t));

  return (
    <header className="topbar">
      <h1>CNI Lab</h1>
      <label>
        <span className="preset-label">{t('app.preset')}</span>{' '}
        <select aria-label={t('app.presetAria')} value={PRESET_NAMES.includes(presetName) ? presetName : ''} onChange={(e) => void pick(e.target.value)}>
          {!PRESET_NAMES.includes(presetName) && <option value="">{t('app.custom')}</option>}
          {PRESET_NAMES.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <span className="summary">
        {t('app.summary', { cni: state.scenario.cluster.cni, nodes: state.nodes.length, pods: state.pods.length })}
      </span>
      <button type="button" className="topbar-more-toggle" aria-expanded={more} aria-controls="topbar-more" aria-label={t('app.more')} onClick={() => setMore(!more)}>
        ⋯
      </button>
      <div className="topbar-more" id="topbar-more" data-open={more ? '' : undefined}>
        <div className="row" role="toolbar" aria-label={t('app.history')}>
          <button type="button" onClick={() => st.undo()} disabled={!past.length} title={past.length ? t('app.undoTitle', { label: said(past[past.length - 1].label) }) : undefined}>
            {t('app.undo')}
          </button>
          <button type="button" onClick={() => st.redo()} disabled={!future.length} title={future.length ? t('app.redoTitle', { label: said(future[0].label) }) : undefined}>
            {t('app.redo')}
          </button>
          <button type="button" onClick={() => st.reset()}>
            {t('app.reset')}
          </button>
        </div>
        <div className="row" role="toolbar" aria-label={t('app.file')}>
          <button type="button" onClick={() => void share()}>
            {t('app.share')}
          </button>
          <button type="button" onClick={() => fileRef.current?.click()}>
            {t('app.import')}
          </button>
          <input
            ref={fileRef}
            type="file"
            accept=".yaml,.yml,.json,.txt,text/yaml"
            multiple
            aria-label={t('app.importFile')}
            className="visually-hidden"
            onChange={(e) => {
              const list = e.target.files;
              if (list?.length) void importFiles(list).finally(() => (e.target.value = ''));
              else e.target.value = '';
            }}
          />
          <button type="button" onClick={() => saveFile(`${store.getState().scenario.topology.name || 'lab'}.yaml`, scenarioToYaml(store.getState().scenario), 'text/yaml')}>
            {t('app.export')}
          </button>
        </div>
        <span className="status" role="status">
          {status}
        </span>
        <button type="button" className="theme" aria-pressed={props.large} aria-label={t('app.largeText')} title={t('app.largeText')} onClick={() => props.onLarge(!props.large)}>
          A+
        </button>
        <button type="button" aria-label={props.theme === 'dark' ? t('app.themeLight') : t('app.themeDark')} onClick={() => props.onTheme(props.theme === 'dark' ? 'light' : 'dark')}>
          {props.theme === 'dark' ? '☀' : '☾'}
        </button>
        {/* what Undo would undo: a tooltip on a mouse, written out where there is no hover */}
        {past.length > 0 && <span className="undo-what">{t('app.undoTitle', { label: said(past[past.length - 1].label) })}</span>}
      </div>
    </header>
  );
}
