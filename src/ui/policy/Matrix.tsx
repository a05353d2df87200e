// The reachability matrix (core/policy clusterMatrix) for one probe: every ordered pod pair, allowed or denied.
// A cell sends that connection as a packet walk through the store's own send path.
import { useMemo, useState } from 'react';
import { useLab, useLabStore } from '../LabContext';
import { clusterMatrix } from '../../core/policy/report';
import type { Probe } from '../../core/policy/matrix';

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
  const probe: Probe = proto === 'ICMP' ? { protocol: 'ICMP' } : { protocol: proto, port: Math.max(1, Math.min(65535, port || 1)) };
  const key = probeLabel(probe);
  const table = useMemo(() => clusterMatrix(state, [probe])[key] ?? {}, [state, key]);
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
    <section className="policy-matrix" aria-label="Reachability matrix">
      <div className="row">
        <label>
          probe{' '}
          <select aria-label="Probe protocol" value={proto} onChange={(e) => setProto(e.target.value as Proto)}>
            <option value="TCP">TCP</option>
            <option value="UDP">UDP</option>
            <option value="ICMP">ICMP</option>
          </select>
        </label>
        {proto !== 'ICMP' && (
          <label>
            port <input aria-label="Probe port" type="number" min={1} max={65535} value={port} onChange={(e) => setPort(Number(e.target.value))} />
          </label>
        )}
        <label>
          namespace{' '}
          <select aria-label="Filter by namespace" value={ns} onChange={(e) => setNs(e.target.value)}>
            <option value="">all</option>
            {namespaces.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
        <span className="hint">
          {allowed} of {pods.length * pods.length} pairs connect · rows client, columns server · click a cell to send it
        </span>
      </div>
      {pods.length === 0 ? (
        <p className="empty">No pods with a pod IP.</p>
      ) : (
        <table className="matrix">
          <thead>
            <tr>
              <th scope="col">client ↓ server →</th>
              {pods.map((s, i) => (
                <th key={s} scope="col" title={s}>
                  {i + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {pods.map((c, ci) => (
              <tr key={c}>
                <th scope="row">
                  <span className="n">{ci + 1}</span> {c}
                </th>
                {pods.map((s) => {
                  const ok = table[c][s];
                  const name = `${c} → ${s} ${key}: ${ok ? 'allowed' : 'denied'}`;
                  return (
                    <td key={s} className={ok ? 'allow' : 'deny'}>
                      <button type="button" aria-label={name} title={name} onClick={() => send(c, s)} disabled={c === s}>
                        {c === s ? '·' : ok ? '✓' : '✗'}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
