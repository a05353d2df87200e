// The compare panel's pieces from plain data: a mode picker, one mode's column (verdict, bytes on the wire,
// header stack, hops) and the source node's route diff. The app's Compare works the modes out on the page;
// the big-lab page gets the same data from the lab worker.
import { useT } from '../i18n/react';
import type { ModeView } from '../view/compare';
import { MODE_PRESETS } from '../core/session/modes';

type T = ReturnType<typeof useT>;

/** A mode's name: product terms (Calico IPIP Always…) stay as they are; prose is translated. */
function choiceLabel(t: T, c: { id: string; label: string }): string {
  return c.id === 'current' ? t('cmp.current') : c.id === 'none' ? t('cmp.none') : c.label;
}

export function ModeSelect(props: { name: string; value: string; onChange(id: string): void; choices: { id: string; label: string }[]; t: T }) {
  const { name, value, onChange, choices, t } = props;
  return (
    <label>
      {name}{' '}
      <select aria-label={t('cmp.mode', { name })} value={value} onChange={(e) => onChange(e.target.value)}>
        {choices.map((c) => (
          <option key={c.id} value={c.id}>
            {choiceLabel(t, c)}
          </option>
        ))}
      </select>
    </label>
  );
}

/** One mode's column, from plain data (the app works it out here; the big-lab page gets it from the worker). */
export function CompareColumn({ r, name }: { r: ModeView; name: string }) {
  const v = r.verdict;
  const t = useT();
  return (
    <section className="cmp-col" aria-label={t('cmp.modeCol', { name, label: choiceLabel(t, r.choice) })}>
      <h3>
        {name}: {choiceLabel(t, r.choice)}
      </h3>
      {r.error && <p className="error-inline">{r.error}</p>}
      {v && (
        <>
          <p className={`verdict ${v.kind}`}>
            {v.kind === 'delivered' ? t('cmp.delivered') : t('cmp.dropped', { reason: String(v.reason) })} · {t('cmp.hops', { n: r.hops.length })}
            {r.replyHops !== undefined ? ` ${t('cmp.replyHops', { n: r.replyHops })}` : ''}
          </p>
          <dl className="cmp-facts">
            <dt>{t('cmp.onWire')}</dt>
            <dd>{r.wireBytes !== undefined ? t('cmp.wireBytes', { n: r.wireBytes, medium: String(r.medium) }) : t('cmp.neverLeaves')}</dd>
            <dt>{t('cmp.perByte')}</dt>
            <dd aria-label={t('cmp.perByteAria', { name })}>{r.perPayloadByte !== undefined ? t('cmp.perByteValue', { v: r.perPayloadByte, p: String(r.payloadBytes) }) : t('cmp.na')}</dd>
            <dt>{t('cmp.headers')}</dt>
            <dd>
              <ol className="stack" aria-label={t('cmp.stack', { name })}>
                {r.headers.map((h, i) => (
                  <li key={i} className={h.endsWith('(encap)') ? 'encap' : ''}>
                    {h}
                  </li>
                ))}
              </ol>
            </dd>
          </dl>
          <ol className="cmp-hops" aria-label={t('cmp.hopsList', { name })}>
            {r.hops.map((h) => (
              <li key={h.index} className={`kind-${h.kind}`}>
                <b>{h.kind}</b> {h.text}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

/** The source node's route lines only in A and only in B. */
export function RouteDiff({ node, onlyA, onlyB }: { node: string; onlyA: string[]; onlyB: string[] }) {
  const t = useT();
  return (
    <section aria-label={t('cmp.routeDiff')} className="cmp-diff">
      <h3>{t('cmp.routesOf', { node })}</h3>
      <pre className="term">
        {onlyA.map((l, i) => (
          <div key={`a${i}`} className="line removed">
            {l}
          </div>
        ))}
        {onlyB.map((l, i) => (
          <div key={`b${i}`} className="line added">
            {l}
          </div>
        ))}
        {!onlyA.length && !onlyB.length && <div className="line">{t('cmp.sameRoutes')}</div>}
      </pre>
    </section>
  );
}


/** view/compare.ts modeChoices' ids and labels, without importing the walk it runs (on the big-lab page
 *  the modes are built and walked in the worker). */
export function compareChoices(cni: string): { id: string; label: string }[] {
  return [...(cni === 'calico' ? [{ id: 'current', label: 'Current lab' }] : []), ...MODE_PRESETS.filter((p) => p.cni === cni).map((p) => ({ id: p.id, label: p.label }))];
}
