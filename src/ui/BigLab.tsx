// The page of a big lab (over SMALL_LAB, src/worker/big.ts): the worker holds the cluster, this shows what
// it sends — counts per network instead of 30,000 boxes, the route text of the node picked, a packet's hops,
// terminal output — and sends changes back (IPIP/VXLAN mode, undo/redo, terminal writes). Nothing here
// builds or walks; every task stays small whatever the lab's size.

import { memo, useState } from 'react';
import { useStore } from 'zustand';
import { useT } from '../i18n/react';
import type { BigLabStore } from '../store/bigLab';
import type { EncapMode } from '../core/model/scenario';
import { Busy } from './Busy';
import { BigPicture } from './BigPicture';
import { BgpSection, CompareSection, InspectorSection, PolicySection } from './BigPanels';
import { createBigPanelsStore } from '../store/bigPanels';
import { useStaged } from './staged';
import { useBigUrl } from './bigUrl';
import { flushUrl } from './urlSync';

const MODES: EncapMode[] = ['Always', 'CrossSubnet', 'Never'];

export function BigLab({ store }: { store: BigLabStore }) {
  const t = useT();
  const s = useStore(store);
  const v = s.view;
  const pool = v.pools[0];
  const [cmdTarget, setCmdTarget] = useState(v.nodes[0] ?? '');
  const [cmd, setCmd] = useState('route -n');
  const [panels] = useState(() => createBigPanelsStore(store));
  // the route text first, then the picture, then the node list (one painted frame each)
  const stage = useStaged(2);
  useBigUrl(store);
  return (
    <div className="app big-lab">
      <header className="big-top">
        <strong>{v.name}</strong>
        <span className="summary">{t('app.summary', { cni: v.cni, nodes: v.nodes.length.toLocaleString('en-US'), pods: v.pods.toLocaleString('en-US') })}</span>
        <button type="button" onClick={() => void s.undo()} disabled={!s.past.length}>
          {t('app.undo')}
        </button>
        <button type="button" onClick={() => void s.redo()} disabled={!s.future.length}>
          {t('app.redo')}
        </button>
        <a href="./" onClick={(e) => (e.preventDefault(), flushUrl(), location.assign(location.pathname + location.search))}>
          {t('big.default')}
        </a>
      </header>
      <p className="big-note">{t('big.note')}</p>
      <Busy busy={s.busy} />
      {s.error && (
        <div role="alert" className="errors">
          <span>{s.error}</span>
          <button type="button" aria-label={t('app.dismissError')} onClick={s.dismissError}>
            ×
          </button>
        </div>
      )}
      {pool && v.cni === 'calico' && (
        <div className="big-modes">
          {(['ipip', 'vxlan'] as const).map((encap) => (
            <fieldset key={encap} role="radiogroup" aria-label={t(encap === 'ipip' ? 'mode.ipip' : 'mode.vxlan')}>
              <legend>{t(encap === 'ipip' ? 'mode.ipip' : 'mode.vxlan')}</legend>
              {MODES.map((m) => (
                <label key={m}>
                  <input type="radio" name={`big-${encap}`} checked={(s.want?.[encap] ?? (encap === 'ipip' ? pool.ipipMode : pool.vxlanMode)) === m} onChange={() => void s.setEncap(encap, m)} />
                  {m}
                </label>
              ))}
            </fieldset>
          ))}
        </div>
      )}
      {stage >= 1 && <BigPicture model={v.model} name={v.name} nodes={v.nodes.length} pods={v.pods} path={s.picture.keep} onGroup={(id) => void s.toggleGroup(id)} onPick={(ns, kind) => inspectPicked(panels, ns, kind)} />}
      <InspectorSection lab={store} panels={panels} />
      <section role="region" aria-label={t('big.groups')} className="big-groups">
        <h2>{t('big.groups')}</h2>
        <ul>
          {v.groups.map((g) => (
            <li key={g.network}>{t('big.group', { network: g.network, cidr: g.cidr, nodes: g.nodes.toLocaleString('en-US'), first: g.first, last: g.last, pods: g.pods.toLocaleString('en-US'), blocks: g.blocks.toLocaleString('en-US') })}</li>
          ))}
        </ul>
        {v.warnings.length > 0 && (
          <details>
            <summary>{t('big.warnings', { n: v.warnings.length })}</summary>
            <ul>
              {v.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </details>
        )}
      </section>
      <section className="big-routes">
        <h2>{t('big.routes')}</h2>
        <label>
          {t('big.node')}{' '}
          <select value={s.shown[0] ?? ''} onChange={(e) => void s.show(e.target.value)}>
            {stage >= 2 ? <NodeOptions nodes={v.nodes} /> : <option>{s.shown[0] ?? ''}</option>}
          </select>
        </label>
        {s.shown.map((n) =>
          s.routes[n] !== undefined ? (
            <section key={n} role="region" aria-label={`route -n — ${n}`} className="route-panel">
              <pre lang="en">{s.routes[n]}</pre>
            </section>
          ) : null,
        )}
      </section>
      <BgpSection lab={store} panels={panels} />
      <PolicySection lab={store} panels={panels} />
      <section className="big-packet">
        <h2>{t('big.packet')}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void s.send();
          }}
        >
          <label>
            {t('packet.source')} <input value={s.packet.from} onChange={(e) => s.setPacket({ from: e.target.value })} />
          </label>
          <label>
            {t('packet.destination')} <input value={s.packet.to} onChange={(e) => s.setPacket({ to: e.target.value })} />
          </label>
          <label>
            {t('packet.protocol')}{' '}
            <select value={s.packet.protocol} onChange={(e) => s.setPacket({ protocol: e.target.value as 'icmp' | 'tcp' | 'udp' })}>
              <option>icmp</option>
              <option>tcp</option>
              <option>udp</option>
            </select>
          </label>
          <button type="submit">{t('packet.send')}</button>
        </form>
        {s.walk && (
          <>
            <ol aria-label={t('hops.list')} className="big-hops">
              {s.walk.hops.map((h, i) => (
                <li key={i} title={h.why}>
                  <code>{h.kind}</code> {h.text}
                </li>
              ))}
            </ol>
            <p>{t('big.verdict', { text: s.walk.verdict })}</p>
          </>
        )}
      </section>
      <CompareSection lab={store} panels={panels} />
      <section className="big-term">
        <h2>{t('dock.terminal')}</h2>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void s.run(cmdTarget.includes('/') ? { pod: cmdTarget } : { node: cmdTarget }, cmd);
          }}
        >
          <label>
            {t('big.target')} <input value={cmdTarget} onChange={(e) => setCmdTarget(e.target.value)} />
          </label>
          <label>
            {t('big.command')} <input value={cmd} onChange={(e) => setCmd(e.target.value)} />
          </label>
          <button type="submit">{t('big.run')}</button>
        </form>
        <pre lang="en" aria-label={t('dock.terminal')} className="big-term-out">
          {s.term.map((l) => `${l.prompt} ${l.line}\n${l.out}`).join('')}
        </pre>
      </section>
    </div>
  );
}

/** A node or pod clicked in the picture opens in the inspector (NetNS ids: node/NAME, pod/NS/NAME). */
function inspectPicked(panels: ReturnType<typeof createBigPanelsStore>, ns: string, kind: 'pod' | 'node' | 'router') {
  if (kind === 'node') void panels.getState().ask({ panel: 'inspect', target: { node: ns.slice('node/'.length) } });
  else if (kind === 'pod') void panels.getState().ask({ panel: 'inspect', target: { pod: ns.slice('pod/'.length) } });
}

/** Up to 2,000 options: rendered once per list (a view keeps its node list while only routes change), not on
 *  every change of the page. */
const NodeOptions = memo(function NodeOptions({ nodes }: { nodes: string[] }) {
  return (
    <>
      {nodes.map((n) => (
        <option key={n}>{n}</option>
      ))}
    </>
  );
});
