// The reachability matrix (core/policy clusterMatrix) for one probe: every ordered pod pair, allowed or denied.
// A cell sends that connection as a packet walk through the store's own send path.
import { useMemo, useState } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { clusterMatrix, MatrixLimitError } from '../../core/policy/report';
import type { Probe } from '../../core/policy/matrix';
import { useT } from '../../i18n/react';

type Proto = 'TCP' | 'UDP' | 'ICMP';

export function probeLabel(p: Probe): string {
  return p.protocol === 'ICMP' ? 'ICMP' : `${p.protocol}/${p.port}`;
}

export function MatrixGrid() {
  const store = useLabStore();
  const state = useLab((s) => s.state);
  const [proto, setProto] = useState<Proto>('TCP');
  const [port, setPort] = useState(80);
  const [ns, setNs] = useState('');
  const t = useT();
  const probe: Probe = proto === 'ICMP' ? { protocol: 'ICMP' } : { protocol: proto, port: Math.max(1, Math.min(65535, port || 1)) };
  const key = probeLabel(probe);
  // a cluster past the matrix's pair limit is refused before any pair is computed (E123): say so instead
  const [table, limitError] = useMemo((): [Record<string, Record<string, boolean>>, string | undefined] => {
    try {
      return [clusterMatrix(state, [probe])[key] ?? {}, undefined];
    } catch (e) {
      if (e instanceof MatrixLimitError) return [{}, e.message];
      throw e;
    }
  }, [state, key]);
  const all = Object.keys(table);
  const namespaces = [...new Set(all.map((k) => k.split('/')[0]))];
  const pods = ns ? all.filter((k) => k.startsWith(ns + '/')) : all;
  let allowed = 0;
  for (const c of pods) for (const s of pods) if (table[c][s]) allowed++;

  const send = (from: string, to: string) => {
    const st = store.getState();
    st.setPacket({ from, to, protocol: proto.toLowerCase() as 'tcp' | 'udp' | 'icmp', port: probe.port ?? st.packet.port, size: proto === 'TCP' ? 0 : st.packet.size || 56 });
    st.send();
  };

  return (
    <section className="policy-matrix" aria-label={t('matrix.region')}>
      <div className="row">
        <label>
          {t('matrix.probe')}{' '}
          <select aria-label={t('matrix.probeProto')} value={proto} onChange={(e) => setProto(e.target.value as Proto)}>
            <option value="TCP">TCP</option>
            <option value="UDP">UDP</option>
            <option value="ICMP">ICMP</option>
          </select>
        </label>
        {proto !== 'ICMP' && (
          <label>
            {t('packet.port')} <input aria-label={t('matrix.probePort')} type="number" min={1} max={65535} value={port} onChange={(e) => setPort(Number(e.target.value))} />
          </label>
        )}
        <label>
          {t('matrix.namespace')}{' '}
          <select aria-label={t('matrix.nsFilter')} value={ns} onChange={(e) => setNs(e.target.value)}>
            <option value="">{t('matrix.all')}</option>
            {namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span className="hint">
          {t('matrix.summary', { allowed, total: pods.length * pods.length })}
        </span>
      </div>
      {limitError ? (
        <p className="empty" role="alert">
          {limitError}
        </p>
      ) : pods.length === 0 ? (
        <p className="empty">{t('matrix.empty')}</p>
      ) : (
        <MatrixTable clients={pods} servers={pods} probe={key} ok={(c, sv) => table[c][sv]} onCell={send} />
      )}
    </section>
  );
}

/**
 * The grid itself, from plain data (the app's matrix, and the big-lab page's window onto a worker's matrix):
 * rows are clients, columns servers, numbered from `first` (row and column numbers of the whole matrix).
 */
export function MatrixTable(props: { clients: string[]; servers: string[]; probe: string; ok(client: string, server: string, ci: number, si: number): boolean; onCell(from: string, to: string): void; first?: { row: number; col: number } }) {
  const t = useT();
  const { clients, servers, probe: key } = props;
  const row0 = props.first?.row ?? 0;
  const col0 = props.first?.col ?? 0;
  return (
    <table className="matrix">
      <thead>
        <tr>
          <th scope="col">{t('matrix.corner')}</th>
          {servers.map((s, i) => (
            <th key={s} scope="col" title={s}>
              {col0 + i + 1}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {clients.map((c, ci) => (
          <tr key={c}>
            <th scope="row">
              <span className="n">{row0 + ci + 1}</span> {c}
            </th>
            {servers.map((s, si) => {
              const ok = props.ok(c, s, ci, si);
              const name = t('matrix.cell', { from: c, to: s, probe: key, verdict: ok ? t('matrix.allowed') : t('matrix.denied') });
              return (
                <td key={s} className={ok ? 'allow' : 'deny'}>
                  <button type="button" aria-label={name} title={name} onClick={() => props.onCell(c, s)} disabled={c === s}>
                    {c === s ? '·' : ok ? '✓' : '✗'}
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
