// The lab player panel (a lazy chunk): pick a lab, read the step, apply it, see the terminal output and
// the checks. Renders the player store only; the topology follows through the app's lab store.
import { useState } from 'react';
import { useStore } from 'zustand';
import { pick, type Lang } from '../i18n';
import { useLang, useT } from '../i18n/react';
import { checkText } from '../i18n/core';
import { LabPicker } from './LabPicker';
import { passed, type PlayerStore, type Notice } from './player';
import { download, embedSnippet, pngBlob, svgBlob } from './exporting';

export function noticeText(n: Notice | undefined, t: ReturnType<typeof useT>, lang: Lang): string {
  if (!n) return '';
  return t(n.key, { ...n.params, ...(n.title ? { title: pick(n.title, lang) } : {}) });
}

export default function LabPlayer({ player, topology, pickRequest = 0 }: { player: PlayerStore; topology: () => SVGSVGElement | null; pickRequest?: number }) {
  const t = useT();
  const [lang] = useLang();
  const s = useStore(player);
  const [note, setNote] = useState('');
  const [snippet, setSnippet] = useState('');
  const lab = s.lab;
  const step = lab?.steps[s.cur];
  const result = s.results[s.cur];

  const copySnippet = async () => {
    const text = embedSnippet(s.name, s.cur + 1);
    setSnippet(text);
    try {
      await navigator.clipboard.writeText(text);
      setNote(t('labs.snippetCopied'));
    } catch {
      setNote(t('labs.snippetShown'));
    }
  };
  const exportAs = async (kind: 'svg' | 'png') => {
    const svg = topology();
    if (!svg) return;
    const name = `${s.name || 'topology'}-step${s.cur + 1}.${kind}`;
    download(name, kind === 'svg' ? svgBlob(svg) : await pngBlob(svg));
  };

  return (
    <section className="labs-player" role="region" aria-label={t('labs.region')}>
      <LabPicker current={s.name} onPick={(n) => void player.getState().load(n)} openRequest={pickRequest} />
      {s.loading && <p className="empty">{t('labs.loading')}</p>}
      {s.startError && (
        <p role="alert" className="labs-error">
          {t('labs.startError', { error: s.startError })}
        </p>
      )}
      {lab && step && (
        <>
          <h2 className="labs-title">{pick(lab.title, lang)}</h2>
          <ol className="labs-steps" aria-label={t('labs.steps')}>
            {lab.steps.map((st, i) => {
              const r = s.results[i];
              const mark = !r ? '·' : passed(r) ? '✓' : '✗';
              return (
                <li key={st.id} aria-current={i === s.cur ? 'step' : undefined} className={r ? (passed(r) ? 'ok' : 'bad') : undefined}>
                  <span aria-hidden="true" className="mark">{mark}</span> {pick(st.title, lang)}
                </li>
              );
            })}
          </ol>
          <article className="labs-step" aria-labelledby="labs-step-title">
            <h3 id="labs-step-title">
              <span className="labs-stepno">{t('labs.stepOf', { n: s.cur + 1, total: lab.steps.length })}</span> {pick(step.title, lang)}
            </h3>
            {step.exercise && <p className="labs-yourturn">{t('labs.yourTurn')}</p>}
            {step.exercise?.symptom && (
              <>
                <h4>{t('labs.symptom')}</h4>
                <p className="labs-symptom">{pick(step.exercise.symptom, lang)}</p>
              </>
            )}
            <h4>{step.exercise ? t('labs.goal') : t('labs.do')}</h4>
            <p className="labs-do">{pick(step.do, lang)}</p>
            {step.exercise && <p className="labs-exercise-hint">{t('labs.exerciseHint')}</p>}
            {step.observe && (
              <>
                <h4>{t('labs.observe')}</h4>
                <p className="labs-observe">{pick(step.observe, lang)}</p>
              </>
            )}
          </article>
          <div className="labs-buttons" role="toolbar" aria-label={t('labs.steps')}>
            <button type="button" onClick={() => player.getState().prev()} disabled={s.cur === 0}>
              {t('labs.prev')}
            </button>
            {step.exercise ? (
              <button type="button" className="primary" onClick={() => player.getState().checkMine()}>
                {t('labs.checkMine')}
              </button>
            ) : (
              <button type="button" className="primary" onClick={() => player.getState().apply()}>
                {t('labs.apply')}
              </button>
            )}
            <button type="button" onClick={() => player.getState().next()}>
              {t('labs.next')}
            </button>
          </div>
          <p className="labs-status" role="status" aria-live="polite">
            {noticeText(s.notice, t, lang)}
          </p>
          {step.exercise && <ExerciseHelp player={player} />}
          {!result && <p className="empty">{t('labs.notApplied')}</p>}
          {result && (
            <>
              {result.errors.map((e, i) => (
                <pre key={i} className="labs-error" role="alert">
                  {e}
                </pre>
              ))}
              {result.checks.length > 0 && (
                <section aria-label={t('labs.checks')}>
                  <h4>{t('labs.checks')}</h4>
                  <ul className="labs-checks">
                    {result.checks.map((c) => (
                      <li key={c.id} className={c.ok ? 'ok' : 'bad'}>
                        <strong>{c.ok ? t('labs.pass') : t('labs.fail')}</strong> <code>{c.id}</code>{' '}
                        {/* a learner reads what is still wrong, never the expected value the detail names */}
                        {!c.ok && c.feedback ? <span className="labs-feedback">{pick(c.feedback, lang)}</span> : checkText(lang, c)}
                      </li>
                    ))}
                  </ul>
                </section>
              )}
              {result.shown.length > 0 && (
                <section aria-label={t('labs.output')}>
                  <h4>{t('labs.output')}</h4>
                  {result.shown.map((o, i) => (
                    <div key={i} className="labs-shown">
                      <div className="labs-cmd" lang="en">
                        $ {o.command} <span className="where">({o.node ? `on ${o.node}` : `in ${o.pod}`})</span>
                      </div>
                      <pre lang="en">{o.error ? `error: ${o.error}` : o.output}</pre>
                    </div>
                  ))}
                </section>
              )}
            </>
          )}
          <div className="labs-share" role="toolbar" aria-label={t('labs.exportGroup')}>
            <button type="button" onClick={() => void copySnippet()}>
              {t('labs.embedSnippet')}
            </button>
            <button type="button" onClick={() => void exportAs('svg')}>
              {t('labs.exportSvg')}
            </button>
            <button type="button" onClick={() => void exportAs('png')}>
              {t('labs.exportPng')}
            </button>
            <span aria-live="polite">{note}</span>
          </div>
          {snippet && <textarea className="labs-snippet" readOnly aria-label={t('labs.embedSnippet')} value={snippet} onFocus={(e) => e.currentTarget.select()} />}
        </>
      )}
    </section>
  );
}

/** Hints one at a time, the solution on request (recorded), and the progress file for the teacher. */
function ExerciseHelp({ player }: { player: PlayerStore }) {
  const t = useT();
  const [lang] = useLang();
  const s = useStore(player);
  const step = s.lab?.steps[s.cur];
  const ex = step?.exercise;
  if (!step || !ex) return null;
  const p = s.progress[step.id];
  const shown = p?.hints ?? 0;
  const exportProgress = () => {
    const json = JSON.stringify(player.getState().exportProgress(), null, 2) + '\n';
    download(`${s.name}-progress.json`, new Blob([json], { type: 'application/json' }));
  };
  return (
    <section className="labs-exercise" aria-label={t('labs.yourTurn')}>
      {shown > 0 && (
        <>
          <h4>{t('labs.hints')}</h4>
          <ol className="labs-hints">
            {ex.hints.slice(0, shown).map((h, i) => (
              <li key={i}>{pick(h, lang)}</li>
            ))}
          </ol>
        </>
      )}
      <div className="labs-buttons" role="toolbar" aria-label={t('labs.yourTurn')}>
        <button type="button" onClick={() => player.getState().hint()} disabled={shown >= ex.hints.length}>
          {shown >= ex.hints.length ? t('labs.noMoreHints') : t('labs.hint', { n: shown + 1, total: ex.hints.length })}
        </button>
        <button type="button" onClick={() => player.getState().apply()}>
          {t('labs.showSolution')}
        </button>
        <button type="button" onClick={exportProgress}>
          {t('labs.exportProgress')}
        </button>
      </div>
      {p?.solution && (
        <>
          <h4>{t('labs.solution')}</h4>
          <pre className="labs-solution" lang="en">
            {ex.solution.map((c) => `${c.node ? `# on ${c.node}\n` : ''}${c.command}`).join('\n')}
          </pre>
        </>
      )}
    </section>
  );
}
