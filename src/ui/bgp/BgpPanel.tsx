// The BGP panel (lazy chunk): calicoctl node status per node (core/bgp bgpStatus), how many sessions a mesh
// and a reflector design need, fault toggles (cnilab/v1 Fault resources added/removed through the store's
// edit path, so undo works), and what the last edit did to BGP: bgpEvents(before, after) as rows.
import { useMemo, useState } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { bgpEvents, countEvents, sessionCount, sessionsOf, type BgpEvent } from '../../core/bgp';
import { bgpStatus } from '../../core/bgp/text';
import { eventLine } from '../../core/bgp/text';
import { addNode, reflectorsOf } from '../../store/edits';
import type { Fault } from '../../core/model/scenario';
import { faultLabel, hasFault, toggleFault } from './faultEdits';
import { SessionCounts } from './SessionCounts';
import { useEditLabel, useT } from '../../i18n/react';
import { convergenceTimeline } from '../../view/convergence';
import { prefersReducedMotion } from '../TopologyPane';
import '../policy/policy.css';
import './convergence.css';

type T = ReturnType<typeof useT>;

/** faultLabel (which also names the Fault resource and the undo entry) in the UI's language. */
function faultText(t: T, f: Omit<Fault, 'name'>): string {
  switch (f.type) {
    case 'nodeDown':
      return t('fault.label.nodeDown', { node: String(f.node) });
    case 'linkDown':
      return t('fault.label.linkDown', { node: String(f.node), iface: String(f.iface) });
    case 'routerDown':
      return t('fault.label.routerDown', { router: String(f.router) });
    case 'filter':
      return t('fault.label.filter', { proto: `${f.filter!.protocol}${f.filter!.port !== undefined ? ` ${f.filter!.port}` : ''}`, a: f.filter!.between[0], b: f.filter!.between[1] });
    default:
      return faultLabel(f);
  }
}

const EVENT_LIMIT = 400;

function Counters() {
  const store = useLabStore();
  const scenario = useLab((s) => s.scenario);
  const state = useLab((s) => s.state);
  const n = scenario.topology.nodes.length;
  const r = reflectorsOf(scenario).length;
  const t = useT();
  let established = 0;
  for (const node of state.nodes) for (const x of sessionsOf(state, node.name)) if (x.info === 'Established') established++;
  return (
    <SessionCounts nodes={n} reflectors={r} configured={sessionCount(state)} established={established / 2} meshOn={state.bgp.meshEnabled}>
      <button type="button" onClick={() => store.getState().apply(addNode())}>
        {t('mode.addNode')}
      </button>
    </SessionCounts>
  );
}

function FaultToggle(props: { fault: Omit<Fault, 'name'>; label: string }) {
  const store = useLabStore();
  const scenario = useLab((s) => s.scenario);
  const on = hasFault(scenario, props.fault);
  const t = useT();
  return (
    <label>
      <input type="checkbox" checked={on} onChange={() => store.getState().apply(toggleFault(props.fault))} aria-label={faultText(t, props.fault)} /> {props.label}
    </label>
  );
}

function Faults() {
  const store = useLabStore();
  const scenario = useLab((s) => s.scenario);
  const topo = scenario.topology;
  const nets = topo.networks.map((x) => x.name);
  const [a, setA] = useState(nets[0] ?? '');
  const [b, setB] = useState(nets[1] ?? nets[0] ?? '');
  const filter: Omit<Fault, 'name'> = { type: 'filter', filter: { between: [a, b], protocol: 'TCP', port: 179 } };
  const filterOn = a !== b && hasFault(scenario, filter);
  const t = useT();
  return (
    <div className="faults" aria-label={t('fault.region')}>
      <fieldset>
        <legend>{t('fault.nodeDown')}</legend>
        {topo.nodes.map((n) => (
          <FaultToggle key={n.name} fault={{ type: 'nodeDown', node: n.name }} label={n.name} />
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('fault.linkDown')}</legend>
        {topo.nodes.flatMap((n) => n.interfaces.map((i) => <FaultToggle key={`${n.name}:${i.name}`} fault={{ type: 'linkDown', node: n.name, iface: i.name }} label={`${n.name} ${i.name}`} />))}
      </fieldset>
      {topo.routers.length > 0 && (
        <fieldset>
          <legend>{t('fault.routerDown')}</legend>
          {topo.routers.map((r) => (
            <FaultToggle key={r.name} fault={{ type: 'routerDown', router: r.name }} label={r.name} />
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>{t('fault.filterLegend')}</legend>
        <select aria-label={t('fault.net', { x: 'A' })} value={a} onChange={(e) => setA(e.target.value)}>
          {nets.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
        <select aria-label={t('fault.net', { x: 'B' })} value={b} onChange={(e) => setB(e.target.value)}>
          {nets.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
        <button type="button" disabled={a === b} aria-pressed={filterOn} onClick={() => store.getState().apply(toggleFault(filter))} title={a === b ? t('fault.pickTwo') : ''}>
          {filterOn ? t('fault.removeFilter') : t('fault.addFilter')}
        </button>
      </fieldset>
      {scenario.faults.length > 0 && (
        <p className="hint">
          {t('fault.inLab', { list: scenario.faults.map((f) => faultText(t, f)).join(t('fault.sep')) })}
        </p>
      )}
    </div>
  );
}

/**
 * "Play convergence": the last edit's UPDATE/WITHDRAW messages one after another (a dot on the topology
 * canvas, the route panels mark each FIB change as it lands), narrated in an aria-live line. With reduced
 * motion every step is listed at once and the route marks apply immediately.
 */
function ConvergencePlayer() {
  const store = useLabStore();
  const change = useLab((s) => s.change);
  const state = useLab((s) => s.state);
  const conv = useLab((s) => s.convergence);
  const t = useT();
  const timeline = useMemo(() => (change.prev ? convergenceTimeline(bgpEvents(change.prev, state)) : undefined), [change, state]);
  const active = conv && conv.seq === change.seq ? conv : undefined;

  // the clock that moves a playing convergence on is the page's (ui/convergenceClock.ts)

  if (!timeline) return null;
  const { steps, more } = timeline;
  const play = () => {
    const instant = prefersReducedMotion();
    const resume = active && !active.playing && active.cursor < steps.length - 1;
    if (instant) store.getState().setConvergence({ seq: change.seq, steps, cursor: steps.length - 1, playing: false, instant: true });
    else if (resume) store.getState().patchConvergence({ playing: true });
    else store.getState().setConvergence({ seq: change.seq, steps, cursor: -1, playing: true, instant: false });
  };
  const next = () => {
    if (!active) store.getState().setConvergence({ seq: change.seq, steps, cursor: 0, playing: false, instant: prefersReducedMotion() });
    else store.getState().patchConvergence({ cursor: Math.min(active.cursor + 1, steps.length - 1), playing: false });
  };
  const cur = active && active.cursor >= 0 ? steps[active.cursor] : undefined;
  const done = active && active.cursor === steps.length - 1 && !active.playing;
  const arrived = active ? steps.slice(0, active.cursor + 1) : [];
  return (
    <div className="convergence">
      <div className="row">
        {active?.playing ? (
          <button type="button" onClick={() => store.getState().patchConvergence({ playing: false })}>
            {t('bgp.conv.pause')}
          </button>
        ) : (
          <button type="button" disabled={!steps.length} onClick={play}>
            ▶ {t('bgp.conv.play')}
          </button>
        )}
        <button type="button" disabled={!steps.length || (active && active.cursor >= steps.length - 1)} onClick={next}>
          {t('bgp.conv.next')}
        </button>
        {active && (
          <button type="button" onClick={() => store.getState().setConvergence(undefined)}>
            {t('bgp.conv.stop')}
          </button>
        )}
        {!steps.length && <span className="hint">{t('bgp.conv.none')}</span>}
      </div>
      <p className="conv-now" aria-live="polite" role="status">
        {cur ? `${cur.i + 1}/${steps.length} ${cur.text}` : ''}
        {done ? ` — ${t('bgp.conv.done', { n: steps.length })}` : ''}
      </p>
      {arrived.length > 0 && (
        <ol className="conv-list" aria-label={t('bgp.conv.list')}>
          {arrived.map((s) => (
            <li key={s.i} className={s.kind} aria-current={s.i === active!.cursor ? 'step' : undefined}>
              {s.text}
              {s.kind !== 'FIB' && s.fibChanges.length > 0 && <span className="hint"> · {s.fibChanges.map((f) => `${f.node} ${f.op === 'add' ? '+' : '−'} ${f.route}`).join('; ')}</span>}
            </li>
          ))}
          {done && more > 0 && <li>{t('bgp.conv.more', { n: more })}</li>}
        </ol>
      )}
    </div>
  );
}

function Events() {
  const change = useLab((s) => s.change);
  const state = useLab((s) => s.state);
  const t = useT();
  const said = useEditLabel();
  const rows = useMemo(() => {
    if (!change.prev) return undefined;
    const list: BgpEvent[] = [];
    let more = 0;
    for (const e of bgpEvents(change.prev, state)) {
      if (list.length < EVENT_LIMIT) list.push(e);
      else more++;
    }
    return { list, more, counts: countEvents(list) };
  }, [change, state]);
  return (
    <section className="events" aria-label={t('bgp.events')}>
      <h4>
        {change.prev ? t('bgp.eventsTitleOf', { label: said(change.label) }) : t('bgp.eventsTitle')}
        {rows && rows.list.length > 0 && (
          <span className="hint">
            {' '}
            · {t('bgp.eventCounts', { u: rows.counts.UPDATE, w: rows.counts.WITHDRAW, f: rows.counts.FIB, s: rows.counts.SESSION })}
          </span>
        )}
      </h4>
      <ConvergencePlayer />
      {!rows ? (
        <p className="empty">{t('bgp.eventsEmpty')}</p>
      ) : rows.list.length === 0 ? (
        <p className="empty">{t('bgp.noChanges')}</p>
      ) : (
        <ol aria-label={t('bgp.eventList')}>
          {rows.list.map((e, i) => (
            <li key={i} className={e.type === 'FIB' ? e.op : e.type}>
              {eventLine(e)}
            </li>
          ))}
          {rows.more > 0 && <li>{t('bgp.moreEvents', { n: rows.more })}</li>}
        </ol>
      )}
    </section>
  );
}

export default function BgpPanel() {
  const state = useLab((s) => s.state);
  const nodes = state.nodes.slice(0, 24);
  const t = useT();
  return (
    <div className="bgp-panel">
      {!state.bgp.running && <p className="note">{t('bgp.notRunning')}</p>}
      <Counters />
      <div className="bgp-grid">
        <div className="status-list">
          {nodes.map((n) => (
            <section key={n.name} role="region" aria-label={`calicoctl node status — ${n.name}`}>
              <pre>{`$ calicoctl node status   # ${n.name}\n${bgpStatus(state, n.name)}`}</pre>
            </section>
          ))}
          {state.nodes.length > nodes.length && <p className="hint">{t('bgp.moreNodes', { n: state.nodes.length - nodes.length })}</p>}
        </div>
        <div>
          <Faults />
          <Events />
        </div>
      </div>
    </div>
  );
}
