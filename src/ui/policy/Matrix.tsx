// The reachability matrix (core/policy clusterMatrix) for one probe: every ordered pod pair, allowed or denied.
// A cell sends that connection as a packet walk through the store's own send path.
import { useMemo, useState } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { clusterMatrix, MatrixLimitError } from '../../core/policy/report';
import { useT } from '../../i18n/react';
import { DEFAULT_PROBE, ProbeFields, probeLabel, probeOf } from './ProbeFields';

export function MatrixGrid() {
  const store = useLabStore();
  const state = useLab((s) => s.state);
  const [choice, setChoice] = useState(DEFAULT_PROBE);
  const [ns, setNs] = useState('');
  const t = useT();
  const probe = probeOf(choice);
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

  // the packet walk models ICMP, TCP and UDP: an SCTP cell gives its verdict but is not sent
  const proto = probe.protocol;
  const send =
    proto === 'SCTP'
      ? undefined
      : (from: string, to: string) => {
          const st = store.getState();
          st.setPacket({ from, to, protocol: proto === 'TCP' ? 'tcp' : proto === 'UDP' ? 'udp' : 'icmp', port: probe.port ?? st.packet.port, size: proto === 'TCP' ? 0 : st.packet.size || 56 });
          st.send();
        };

  return (
    <section className="policy-matrix" aria-label={t('matrix.region')}>
      <div className="row">
        <ProbeFields value={choice} onChange={setChoice} />
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
          {t(send ? 'matrix.summary' : 'matrix.summaryNoSend', { allowed, total: pods.length * pods.length })}
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
export function MatrixTable(props: { clients: string[]; servers: string[]; probe: string; ok(client: string, server: string, ci: number, si: number): boolean; onCell?(from: string, to: string): void; first?: { row: number; col: number } }) {
  const t = useT();
  const { clients, servers, probe: key, onCell } = props;
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
                  {onCell ? (
                    <button type="button" aria-label={name} title={name} onClick={() => onCell(c, s)} disabled={c === s}>
                      {c === s ? '·' : ok ? '✓' : '✗'}
                    </button>
                  ) : (
                    <span role="img" aria-label={name} title={name} className={c === s ? 'self' : undefined}>
                      {c === s ? '·' : ok ? '✓' : '✗'}
                    </span>
                  )}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
