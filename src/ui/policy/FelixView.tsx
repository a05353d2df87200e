// What Felix would program for one pod: cali-tw-/cali-fw- and the policy chains, from core/policy felixChains.
import { useMemo, useState } from 'react';
import { useLab } from '../LabContext';
import { policyRuntime } from '../../core/policy/cluster';
import { felixChains } from '../../core/policy/felixChains';
import { useT } from '../../i18n/react';

export function FelixView() {
  const state = useLab((s) => s.state);
  const pods = state.pods.filter((p) => state.netns[p.ns]?.links.some((l) => l.kind === 'veth'));
  const [pick, setPick] = useState('');
  const t = useT();
  const key = pods.some((p) => `${p.namespace}/${p.name}` === pick) ? pick : pods[0] ? `${pods[0].namespace}/${pods[0].name}` : '';
  const chains = useMemo(() => {
    const pod = pods.find((p) => `${p.namespace}/${p.name}` === key);
    if (!pod) return undefined;
    const veth = state.netns[pod.ns]?.links.find((l) => l.kind === 'veth')?.peer?.ifname ?? 'cali?';
    return { veth, node: pod.node, chains: felixChains(policyRuntime(state).compiled, key, veth) };
  }, [state, key]);
  return (
    <section className="felix" aria-label={t('policy.viewFelix')}>
      <div className="row">
        <label>
          {t('felix.pod')}{' '}
          <select aria-label={t('felix.podAria')} value={key} onChange={(e) => setPick(e.target.value)}>
            {pods.map((p) => (
              <option key={p.ns} value={`${p.namespace}/${p.name}`}>
                {p.namespace}/{p.name}
              </option>
            ))}
          </select>
        </label>
        {chains && (
          <span className="hint">
            {t('felix.where', { node: chains.node, veth: chains.veth })}
          </span>
        )}
      </div>
      {!chains?.chains ? (
        <p className="empty">{t('felix.noEndpoint')}</p>
      ) : (
        chains.chains.map((ch) => (
          <div key={ch.name} className="chain" role="region" aria-label={t('felix.chain', { name: ch.name })}>
            <h4>
              <code>{ch.name}</code> <span className="hint">{ch.comment}</span>
            </h4>
            <pre>{ch.rules.length ? ch.rules.join('\n') : t(ch.name.startsWith('cali-pi') ? 'felix.noIngress' : 'felix.noEgress')}</pre>
          </div>
        ))
      )}
    </section>
  );
}
