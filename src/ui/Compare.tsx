// Compare (lazy chunk): the current packet in two modes side by side — hops, the header stack on the
// underlay wire, bytes on the wire per payload byte, and the source node's route differences.
import { useMemo, useState } from 'react';
import { useLab } from './LabContext';
import { modeChoices, routeDiffAB, runMode, type ModeChoice, type ModeResult } from '../view/compare';
import { nsIdNode } from '../core/model/kernel';
import { useT } from '../i18n/react';

type T = ReturnType<typeof useT>;

/** A mode's name: product terms (Calico IPIP Always…) stay as they are; prose is translated. */
function choiceLabel(t: T, c: ModeChoice): string {
  return c.id === 'current' ? t('cmp.current') : c.id === 'none' ? t('cmp.none') : c.label;
}

function ModeSelect(props: { name: string; value: string; onChange(id: string): void; choices: ModeChoice[]; t: T }) {
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

function Column({ r, name }: { r: ModeResult; name: string }) {
  const v = r.walk?.verdict;
  const t = useT();
  return (
    <section className="cmp-col" aria-label={t('cmp.modeCol', { name, label: choiceLabel(t, r.choice) })}>
      <h3>
        {name}: {choiceLabel(t, r.choice)}
      </h3>
      {r.error && <p className="error-inline">{r.error}</p>}
      {r.walk && (
        <>
          <p className={`verdict ${v?.kind}`}>
            {v?.kind === 'delivered' ? t('cmp.delivered') : t('cmp.dropped', { reason: String(v?.reason) })} · {t('cmp.hops', { n: r.walk.hops.length })}
            {r.walk.reply ? ` ${t('cmp.replyHops', { n: r.walk.reply.hops.length })}` : ''}
          </p>
          <dl className="cmp-facts">
            <dt>{t('cmp.onWire')}</dt>
            <dd>{r.wireBytes !== undefined ? t('cmp.wireBytes', { n: r.wireBytes, medium: r.wireHop!.wire!.medium }) : t('cmp.neverLeaves')}</dd>
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
            {r.walk.hops.map((h) => (
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

export default function Compare() {
  const scenario = useLab((s) => s.scenario);
  const state = useLab((s) => s.state);
  const packet = useLab((s) => s.packet);
  const t = useT();
  const choices = modeChoices(scenario);
  const [a, setA] = useState(choices[0].id);
  const [b, setB] = useState(choices[choices.length > 3 ? 3 : 1].id);
  const ca = choices.find((c) => c.id === a) ?? choices[0];
  const cb = choices.find((c) => c.id === b) ?? choices[1];
  const args = { from: packet.from, to: packet.to, protocol: packet.protocol, ...(packet.protocol !== 'icmp' ? { port: packet.port } : {}), size: packet.size };
  const ra = useMemo(() => runMode(scenario, state, ca, args), [scenario, state, ca.id, JSON.stringify(args)]);
  const rb = useMemo(() => runMode(scenario, state, cb, args), [scenario, state, cb.id, JSON.stringify(args)]);
  const srcNode = ra.walk?.hops.find((h) => h.ns.startsWith('node/'))?.ns ?? (state.nodes[0] ? nsIdNode(state.nodes[0].name) : '');
  const diff = routeDiffAB(ra.state, rb.state, srcNode);

  if (!packet.from || !packet.to) return <p className="empty">{t('cmp.empty')}</p>;
  return (
    <div className="compare" role="region" aria-label={t('cmp.region')}>
      <div className="row">
        <span>
          {packet.protocol === 'icmp' ? 'ping' : `${packet.protocol.toUpperCase()} ${packet.port}`} {packet.from} → {packet.to}, {t('cmp.payload', { n: packet.size })}
        </span>
        <ModeSelect name="A" value={a} onChange={setA} choices={choices} t={t} />
        <ModeSelect name="B" value={b} onChange={setB} choices={choices} t={t} />
      </div>
      <div className="cmp-grid">
        <Column r={ra} name="A" />
        <Column r={rb} name="B" />
      </div>
      <section aria-label={t('cmp.routeDiff')} className="cmp-diff">
        <h3>{t('cmp.routesOf', { node: srcNode.replace(/^node\//, '') })}</h3>
        <pre className="term">
          {diff.onlyA.map((l, i) => (
            <div key={`a${i}`} className="line removed">
              {l}
            </div>
          ))}
          {diff.onlyB.map((l, i) => (
            <div key={`b${i}`} className="line added">
              {l}
            </div>
          ))}
          {!diff.onlyA.length && !diff.onlyB.length && <div className="line">{t('cmp.sameRoutes')}</div>}
        </pre>
      </section>
    </div>
  );
}
