// The big-lab page's BGP, policy and inspector panels. The worker answers each question with plain data
// (store/bigPanels.ts): the core's own text (`calicoctl node status`, `explain`), counts, a matrix as rows of
// marks, a card's fields. This file only lays them out, with the app's panels' pieces where they take plain
// data (the session counters, the matrix grid, the picture's tooltip texts). The matrix is shown a window at
// a time: a 1,000-pod matrix is a million cells, far more than a page can draw in one frame.

import { useEffect, useMemo, useState } from 'react';
import { useStore } from 'zustand';
import { useLang, useT } from '../i18n/react';
import type { MessageKey } from '../i18n/messages';
import { provenanceWhy } from '../i18n/core';
import type { BigLabStore } from '../store/bigLab';
import type { BigPanelsStore } from '../store/bigPanels';
import type { InspectView, MatrixView } from '../worker/panelProtocol';
import { Busy } from './Busy';
import { SessionCounts } from './bgp/SessionCounts';
import { MatrixTable } from './policy/Matrix';
import { DEFAULT_PROBE, ProbeFields, probeLabel, probeOf } from './policy/ProbeFields';
import { CompareColumn, compareChoices, ModeSelect, RouteDiff } from './CompareParts';
import './policy/policy.css';

/** rows and columns of the matrix drawn at once (the rest is paged) */
export const MATRIX_WINDOW = 24;

const grouped = (n: number) => n.toLocaleString('en-US');

export function BgpSection({ lab, panels }: { lab: BigLabStore; panels: BigPanelsStore }) {
  const t = useT();
  // folded until opened: a 1,000-node status is a thousand lines, and every edit would ask it again
  const [open, setOpen] = useState(false);
  return (
    <section className="big-bgp" aria-label={t('dock.bgp')}>
      <details open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
        <summary>
          <h2>{t('dock.bgp')}</h2>
        </summary>
        {open && <BgpBody lab={lab} panels={panels} />}
      </details>
    </section>
  );
}

function BgpBody({ lab, panels }: { lab: BigLabStore; panels: BigPanelsStore }) {
  const t = useT();
  const node = useStore(lab, (s) => s.shown[0]);
  const slot = useStore(panels, (s) => s.bgp);
  const busy = useStore(panels, (s) => s.busy.bgp);
  // the BGP panel follows the node picked for the route text; folded, it asks nothing
  useEffect(() => {
    if (node) void panels.getState().ask({ panel: 'bgp', node });
  }, [node, panels]);
  useEffect(() => () => panels.getState().clear('bgp'), [panels]);
  const v = slot.answer;
  return (
    <>
      <Busy busy={busy} />
      {slot.error && <p role="alert">{slot.error}</p>}
      {v && (
        <>
          {!v.running && <p className="note">{t('bgp.notRunning')}</p>}
          <SessionCounts nodes={v.nodes} reflectors={v.reflectors} configured={v.summary.configured} established={v.summary.established} meshOn={v.meshEnabled} />
          <ul aria-label={t('big.sessionKinds')} className="big-kinds">
            {v.summary.kinds.map((k) => (
              <li key={k.kind}>
                {t('big.kindLine', {
                  kind: t(`big.kind.${k.kind}` as MessageKey),
                  n: grouped(k.sessions),
                  states: Object.entries(k.byState)
                    .map(([state, n]) => `${state} ${grouped(n)}`)
                    .join(', '),
                })}
              </li>
            ))}
          </ul>
          <section role="region" aria-label={`calicoctl node status — ${v.node}`}>
            <pre lang="en">{`$ calicoctl node status   # ${v.node}\n${v.status}`}</pre>
          </section>
          <p className="hint">{t('big.ms', { ms: slot.ms ?? 0 })}</p>
        </>
      )}
    </>
  );
}

export function PolicySection({ lab, panels }: { lab: BigLabStore; panels: BigPanelsStore }) {
  const t = useT();
  const packet = useStore(lab, (s) => s.packet);
  const explain = useStore(panels, (s) => s.explain);
  const matrix = useStore(panels, (s) => s.matrix);
  const busy = useStore(panels, (s) => s.busy);
  const [from, setFrom] = useState(packet.from);
  const [to, setTo] = useState(packet.to);
  const [choice, setChoice] = useState(DEFAULT_PROBE);
  const probe = probeLabel(probeOf(choice));
  const ask = (f: string, to2: string) => void panels.getState().ask({ panel: 'explain', from: f, to: to2, probe });
  return (
    <section className="big-policy" aria-label={t('policy.region')}>
      <h2>{t('dock.policy')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          ask(from, to);
        }}
      >
        <label>
          {t('big.from')} <input value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('big.to')} <input value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <ProbeFields value={choice} onChange={setChoice} />
        <button type="submit">{t('big.explain')}</button>
        <button type="button" onClick={() => void panels.getState().ask({ panel: 'matrix', probe })}>
          {t('big.matrix')}
        </button>
      </form>
      <Busy busy={busy.explain} />
      {explain.error && <p role="alert">{explain.error}</p>}
      {explain.answer !== undefined && (
        <section role="region" aria-label={t('big.explainRegion')}>
          <pre lang="en">{explain.answer}</pre>
          <p className="hint">{t('big.ms', { ms: explain.ms ?? 0 })}</p>
        </section>
      )}
      <Busy busy={busy.matrix} />
      {matrix.error && (
        <p role="alert" className="empty">
          {matrix.error}
        </p>
      )}
      {matrix.answer && (
        <MatrixWindow
          m={matrix.answer}
          ms={matrix.ms ?? 0}
          onCell={(f, to2) => {
            setFrom(f);
            setTo(to2);
            void panels.getState().ask({ panel: 'explain', from: f, to: to2, probe: matrix.answer!.probe });
          }}
        />
      )}
    </section>
  );
}

/** A window of MATRIX_WINDOW × MATRIX_WINDOW cells onto the worker's matrix, paged by rows and columns. */
function MatrixWindow({ m, ms, onCell }: { m: MatrixView; ms: number; onCell(from: string, to: string): void }) {
  const t = useT();
  const [at, setAt] = useState({ row: 0, col: 0 });
  useEffect(() => setAt({ row: 0, col: 0 }), [m]);
  const n = m.pods.length;
  const W = MATRIX_WINDOW;
  const clamp = (x: number) => Math.max(0, Math.min(Math.max(0, n - W), x));
  const clients = m.pods.slice(at.row, at.row + W);
  const servers = m.pods.slice(at.col, at.col + W);
  const move = (dr: number, dc: number) => setAt({ row: clamp(at.row + dr), col: clamp(at.col + dc) });
  return (
    <section className="policy-matrix big-matrix" aria-label={t('matrix.region')}>
      <p className="hint">
        {m.probe}: {t('big.matrixSummary', { allowed: grouped(m.allowed), total: grouped(n * n) })}
        {m.note ? ` (${m.note})` : ''} · {t('big.ms', { ms })}
      </p>
      {n > W && (
        <div className="row">
          <span>{t('big.matrixWindow', { r1: at.row + 1, r2: Math.min(n, at.row + W), c1: at.col + 1, c2: Math.min(n, at.col + W), n: grouped(n) })}</span>
          <button type="button" onClick={() => move(-W, 0)} disabled={at.row === 0}>
            {t('big.rowsUp')}
          </button>
          <button type="button" onClick={() => move(W, 0)} disabled={at.row + W >= n}>
            {t('big.rowsDown')}
          </button>
          <button type="button" onClick={() => move(0, -W)} disabled={at.col === 0}>
            {t('big.colsLeft')}
          </button>
          <button type="button" onClick={() => move(0, W)} disabled={at.col + W >= n}>
            {t('big.colsRight')}
          </button>
        </div>
      )}
      {n === 0 ? (
        <p className="empty">{t('matrix.empty')}</p>
      ) : (
        <MatrixTable clients={clients} servers={servers} probe={m.probe} first={at} ok={(_c, _s, ci, si) => m.rows[at.row + ci][at.col + si] === '.'} onCell={onCell} />
      )}
    </section>
  );
}

export function InspectorSection({ lab, panels }: { lab: BigLabStore; panels: BigPanelsStore }) {
  const t = useT();
  const slot = useStore(panels, (s) => s.inspect);
  const busy = useStore(panels, (s) => s.busy.inspect);
  const asked = slot.ask?.panel === 'inspect' ? slot.ask.target : undefined;
  const [name, setName] = useState('');
  useEffect(() => {
    if (asked) setName('node' in asked ? asked.node : asked.pod);
  }, [asked]);
  const inspect = (x: string) => void panels.getState().ask({ panel: 'inspect', target: x.includes('/') ? { pod: x.trim() } : { node: x.trim() } });
  return (
    <section className="big-inspector" aria-label={t('big.inspector')}>
      <h2>{t('big.inspector')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) inspect(name);
        }}
      >
        <label>
          {t('big.inspectTarget')} <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <button type="submit">{t('big.inspect')}</button>
        {(slot.answer || slot.error) && (
          <button type="button" onClick={() => panels.getState().clear('inspect')}>
            {t('big.close')}
          </button>
        )}
      </form>
      <Busy busy={busy} />
      {!slot.answer && !slot.error && <p className="hint">{t('big.inspectHint')}</p>}
      {slot.error && <p role="alert">{slot.error}</p>}
      {slot.answer && <Fields v={slot.answer} lab={lab} onInspect={inspect} />}
      {slot.answer && <p className="hint">{t('big.ms', { ms: slot.ms ?? 0 })}</p>}
    </section>
  );
}

function Fields({ v, lab, onInspect }: { v: InspectView; lab: BigLabStore; onInspect(x: string): void }) {
  const t = useT();
  const [lang] = useLang();
  if (v.kind === 'pod') {
    const key = `${v.namespace}/${v.name}`;
    return (
      <section role="region" aria-label={t('big.insp.pod', { name: key })} className="big-fields">
        <h3>{t('big.insp.pod', { name: key })}</h3>
        <dl>
          <dt>{t('big.insp.ip')}</dt>
          <dd>{t('topo.podTitle', { pod: key, ip: v.ip, veth: v.veth })}</dd>
          <dt>{t('big.node')}</dt>
          <dd>
            <button type="button" className="link" onClick={() => onInspect(v.node)}>
              {v.node}
            </button>
          </dd>
          <dt>MTU</dt>
          <dd>{v.mtu}</dd>
          <dt>{t('big.insp.labels')}</dt>
          <dd>
            {Object.entries(v.labels)
              .map(([k, x]) => `${k}=${x}`)
              .join(', ')}
          </dd>
        </dl>
        <div className="row">
          <button type="button" onClick={() => lab.getState().setPacket({ from: key })}>
            {t('big.useSource')}
          </button>
          <button type="button" onClick={() => lab.getState().setPacket({ to: key })}>
            {t('big.useDestination')}
          </button>
        </div>
      </section>
    );
  }
  const n = v.node;
  return (
    <section role="region" aria-label={t('big.insp.node', { name: n.name })} className="big-fields">
      <h3>
        {t('big.insp.node', { name: n.name })}
        {n.reflector ? ` · ${t('big.insp.reflector')}` : ''}
        {n.down ? ` · ${t('big.insp.down')}` : ''}
      </h3>
      <dl>
        <dt>{t('big.insp.address')}</dt>
        <dd>{n.address ?? '—'}</dd>
        <dt>{t('big.insp.nics')}</dt>
        <dd>
          <ul>
            {n.nics.map((x) => (
              <li key={x.name}>{`${x.name} ${x.ip ?? ''} ${x.network} MTU ${x.mtu}`}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('big.insp.devices')}</dt>
        <dd>
          <ul>
            {n.devices.map((d) => (
              <li key={d.name}>
                <code>{`${d.name} (${d.kind})${d.ip ? ` ${d.ip}` : ''} MTU ${d.mtu}`}</code>{' '}
                {t('topo.devTitle', { dev: d.name, by: d.madeBy.pod ? `${t(`programmer.${d.madeBy.by}` as MessageKey)} (${d.madeBy.pod})` : t(`programmer.${d.madeBy.by}` as MessageKey), why: provenanceWhy(lang, d.madeBy) })}
              </li>
            ))}
          </ul>
        </dd>
        <dt>{t('big.insp.components')}</dt>
        <dd>
          <ul>
            {n.components.map((c) => (
              <li key={c.pod}>{t('topo.componentTitle', { pod: c.pod, ready: c.readyText, status: c.status, processes: c.processes.join(', ') }) + (c.problem ? ` ${c.problem}` : '')}</li>
            ))}
          </ul>
        </dd>
        <dt>{t('big.insp.blocks')}</dt>
        <dd>{n.blocks.join(', ') || '—'}</dd>
        <dt>{t('big.insp.pods', { n: grouped(v.pods) })}</dt>
        <dd>
          <ul className="big-pods">
            {n.pods.map((p) => (
              <li key={p.ns}>
                <button type="button" className="link" onClick={() => onInspect(`${p.namespace}/${p.name}`)}>
                  {t('topo.podTitle', { pod: `${p.namespace}/${p.name}`, ip: p.ip, veth: p.veth })}
                </button>
              </li>
            ))}
            {v.pods > n.pods.length && <li>{t('big.insp.more', { n: grouped(v.pods - n.pods.length) })}</li>}
          </ul>
        </dd>
      </dl>
    </section>
  );
}

/** Compare: the packet of the Packet form in two modes, each a what-if the worker builds (seconds at 1,000
 *  nodes: asked for with the button, never on its own). */
export function CompareSection({ lab, panels }: { lab: BigLabStore; panels: BigPanelsStore }) {
  const t = useT();
  const cni = useStore(lab, (s) => s.view.cni);
  const packet = useStore(lab, (s) => s.packet);
  const slot = useStore(panels, (s) => s.compare);
  const busy = useStore(panels, (s) => s.busy.compare);
  const choices = useMemo(() => compareChoices(cni), [cni]);
  const [a, setA] = useState(choices[0]?.id ?? '');
  const [b, setB] = useState(choices[choices.length > 3 ? 3 : 1]?.id ?? '');
  const v = slot.answer;
  return (
    <section className="big-compare" aria-label={t('cmp.region')}>
      <h2>{t('dock.compare')}</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void panels.getState().ask({ panel: 'compare', a, b, packet });
        }}
      >
        <span>
          {packet.protocol === 'icmp' ? 'ping' : `${packet.protocol.toUpperCase()} ${packet.port}`} {packet.from} → {packet.to}, {t('cmp.payload', { n: packet.size })}
        </span>
        <ModeSelect name="A" value={a} onChange={setA} choices={choices} t={t} />
        <ModeSelect name="B" value={b} onChange={setB} choices={choices} t={t} />
        <button type="submit">{t('big.compare')}</button>
      </form>
      <Busy busy={busy} />
      {slot.error && <p role="alert">{slot.error}</p>}
      {v && (
        <div className="compare">
          <div className="cmp-grid">
            <CompareColumn r={v.a} name="A" />
            <CompareColumn r={v.b} name="B" />
          </div>
          <RouteDiff node={v.node} onlyA={v.onlyA} onlyB={v.onlyB} />
          <p className="hint">{t('big.ms', { ms: slot.ms ?? 0 })}</p>
        </div>
      )}
    </section>
  );
}
