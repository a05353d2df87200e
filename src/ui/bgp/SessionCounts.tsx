// The session counters of the BGP panel from plain numbers: how many sessions a full mesh and a reflector
// design of this many nodes need, and what this lab configures and has Established. The app's panel counts
// them from its state; the big-lab page gets them from the worker.
import type { ReactNode } from 'react';
import { useT } from '../../i18n/react';

export function SessionCounts(props: { nodes: number; reflectors: number; configured: number; established: number; meshOn: boolean; children?: ReactNode }) {
  const t = useT();
  const { nodes: n, reflectors: r } = props;
  return (
    <div className="counters" aria-label={t('bgp.counts')}>
      <span>
        {t('bgp.meshLabel')}: N(N-1)/2 = {n}×{n - 1}/2 = <b>{(n * (n - 1)) / 2}</b> {t('bgp.sessions')}
      </span>
      <span>
        {t('bgp.rrLabel')} = {r ? `${n - r} × ${r} = ` : ''}
        <b>{r ? (n - r) * r : t('bgp.noReflectors')}</b>
        {r > 1 ? ` ${t('bgp.betweenRr', { n: (r * (r - 1)) / 2 })}` : ''}
      </span>
      <span>{t('bgp.thisLab', { configured: props.configured, established: props.established, mesh: props.meshOn ? t('bgp.meshOn') : t('bgp.meshOff') })}</span>
      {props.children}
    </div>
  );
}
