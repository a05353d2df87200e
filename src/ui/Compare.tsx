// Compare (lazy chunk): the current packet in two modes side by side — hops, the header stack on the
// underlay wire, bytes on the wire per payload byte, and the source node's route differences.
import { useMemo, useState } from 'react';
import { useLab } from './LabContext';
import { modeChoices, modeView, routeDiffAB, runMode } from '../view/compare';
import { CompareColumn, ModeSelect, RouteDiff } from './CompareParts';
import { nsIdNode } from '../core/model/kernel';
import { useT } from '../i18n/react';

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
        <CompareColumn r={modeView(ra)} name="A" />
        <CompareColumn r={modeView(rb)} name="B" />
      </div>
      <RouteDiff node={srcNode.replace(/^node\//, '')} onlyA={diff.onlyA} onlyB={diff.onlyB} />
    </div>
  );
}
