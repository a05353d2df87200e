// The BGP panel (lazy chunk): calicoctl node status per node (core/bgp bgpStatus), how many sessions a mesh
// and a reflector design need, fault toggles (cnilab/v1 Fault resources added/removed through the store's
// edit path, so undo works), and what the last edit did to BGP: bgpEvents(before, after) as rows.
import { useMemo, useState } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { bgpEvents, bgpStatus, countEvents, sessionCount, sessionsOf, type BgpEvent } from '../../core/bgp';
import { eventLine } from '../../core/bgp/text';
import { addNode, reflectorsOf } from '../../store/edits';
import type { Fault } from '../../core/model/scenario';
import { faultLabel, hasFault, toggleFault } from './faultEdits';
import '../policy/policy.css';

const EVENT_LIMIT = 400;

function Counters() {
  const store = useLabStore();
  const scenario = useLab((s) => s.scenario);
  const state = useLab((s) => s.state);
  const n = scenario.topology.nodes.length;
  const r = reflectorsOf(scenario).length;
  let established = 0;
  for (const node of state.nodes) for (const x of sessionsOf(state, node.name)) if (x.info === 'Established') established++;
  return (
    <div className="counters" aria-label="Session counts">
      <span>
        mesh: N(N-1)/2 = {n}×{n - 1}/2 = <b>{(n * (n - 1)) / 2}</b> sessions
      </span>
      <span>
        reflectors: clients × reflectors = {r ? `${n - r} × ${r} = ` : ''}
        <b>{r ? (n - r) * r : 'no reflectors'}</b>
        {r > 1 ? ` (+ ${(r * (r - 1)) / 2} between reflectors)` : ''}
      </span>
      <span>
        this lab: {sessionCount(state)} configured, {established / 2} Established ({state.bgp.meshEnabled ? 'mesh' : 'no mesh'})
      </span>
      <button type="button" onClick={() => store.getState().apply(addNode())}>
        Add node
      </button>
    </div>
  );
}

function FaultToggle(props: { fault: Omit<Fault, 'name'>; label: string }) {
  const store = useLabStore();
  const scenario = useLab((s) => s.scenario);
  const on = hasFault(scenario, props.fault);
  return (
    <label>
      <input type="checkbox" checked={on} onChange={() => store.getState().apply(toggleFault(props.fault))} aria-label={faultLabel(props.fault)} /> {props.label}
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
  return (
    <div className="faults" aria-label="Faults">
      <fieldset>
        <legend>node down</legend>
        {topo.nodes.map((n) => (
          <FaultToggle key={n.name} fault={{ type: 'nodeDown', node: n.name }} label={n.name} />
        ))}
      </fieldset>
      <fieldset>
        <legend>link down</legend>
        {topo.nodes.flatMap((n) => n.interfaces.map((i) => <FaultToggle key={`${n.name}:${i.name}`} fault={{ type: 'linkDown', node: n.name, iface: i.name }} label={`${n.name} ${i.name}`} />))}
      </fieldset>
      {topo.routers.length > 0 && (
        <fieldset>
          <legend>router down</legend>
          {topo.routers.map((r) => (
            <FaultToggle key={r.name} fault={{ type: 'routerDown', router: r.name }} label={r.name} />
          ))}
        </fieldset>
      )}
      <fieldset>
        <legend>filter TCP 179 (BGP) between two networks</legend>
        <select aria-label="Filter network A" value={a} onChange={(e) => setA(e.target.value)}>
          {nets.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
        <select aria-label="Filter network B" value={b} onChange={(e) => setB(e.target.value)}>
          {nets.map((x) => (
            <option key={x}>{x}</option>
          ))}
        </select>
        <button type="button" disabled={a === b} aria-pressed={filterOn} onClick={() => store.getState().apply(toggleFault(filter))} title={a === b ? 'pick two different networks (a filter sits on a router between them)' : ''}>
          {filterOn ? 'Remove filter' : 'Add filter'}
        </button>
      </fieldset>
      {scenario.faults.length > 0 && (
        <p className="hint">
          Faults in the lab: {scenario.faults.map((f) => faultLabel(f)).join('; ')} (Ctrl+Z undoes the last toggle)
        </p>
      )}
    </div>
  );
}

function Events() {
  const change = useLab((s) => s.change);
  const state = useLab((s) => s.state);
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
    <section className="events" aria-label="BGP events">
      <h4>
        Events of the last edit{change.prev ? `: “${change.label}”` : ''}
        {rows && rows.list.length > 0 && (
          <span className="hint">
            {' '}
            · {rows.counts.UPDATE} UPDATE, {rows.counts.WITHDRAW} WITHDRAW, {rows.counts.FIB} FIB, {rows.counts.SESSION} session changes
          </span>
        )}
      </h4>
      {!rows ? (
        <p className="empty">Toggle a fault (or change the lab) to see the BGP messages and FIB changes it causes.</p>
      ) : rows.list.length === 0 ? (
        <p className="empty">no BGP changes</p>
      ) : (
        <ol aria-label="BGP event list">
          {rows.list.map((e, i) => (
            <li key={i} className={e.type === 'FIB' ? e.op : e.type}>
              {eventLine(e)}
            </li>
          ))}
          {rows.more > 0 && <li>… {rows.more} more events</li>}
        </ol>
      )}
    </section>
  );
}

export default function BgpPanel() {
  const state = useLab((s) => s.state);
  const nodes = state.nodes.slice(0, 24);
  return (
    <div className="bgp-panel">
      {!state.bgp.running && <p className="note">BGP is not running in this lab (no BIRD: Flannel, or Calico with the VXLAN backend).</p>}
      <Counters />
      <div className="bgp-grid">
        <div className="status-list">
          {nodes.map((n) => (
            <section key={n.name} role="region" aria-label={`calicoctl node status — ${n.name}`}>
              <pre>{`$ calicoctl node status   # ${n.name}\n${bgpStatus(state, n.name)}`}</pre>
            </section>
          ))}
          {state.nodes.length > nodes.length && <p className="hint">… and {state.nodes.length - nodes.length} more nodes</p>}
        </div>
        <div>
          <Faults />
          <Events />
        </div>
      </div>
    </div>
  );
}
