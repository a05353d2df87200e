// The probe a reachability question is asked with: a protocol and, but for ICMP, a destination port. One
// picker for the app's matrix (Matrix.tsx) and the big-lab page's explain and matrix (BigPanels.tsx), so both
// offer what the policy evaluator answers for: TCP, UDP, SCTP (a NetworkPolicy port's third protocol) and ICMP.
import type { Probe } from '../../core/policy/matrix';
import { useT } from '../../i18n/react';

export type ProbeProtocol = 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
const PROTOCOLS: readonly ProbeProtocol[] = ['TCP', 'UDP', 'SCTP', 'ICMP'];

/** What the fields hold: the port as typed (kept while ICMP is picked, so switching back restores it). */
export interface ProbeChoice {
  protocol: ProbeProtocol;
  port: number;
}

export const DEFAULT_PROBE: ProbeChoice = { protocol: 'TCP', port: 80 };

/** The probe asked: a port typed outside 1–65535, or cleared, is taken as the nearest one. */
export function probeOf(c: ProbeChoice): Probe {
  return c.protocol === 'ICMP' ? { protocol: 'ICMP' } : { protocol: c.protocol, port: Math.max(1, Math.min(65535, Math.trunc(c.port) || 1)) };
}

/** "TCP/80", "ICMP": how the CLI's --probe, the matrix's cells and the worker spell a probe. */
export function probeLabel(p: Probe): string {
  return p.port === undefined ? p.protocol : `${p.protocol}/${p.port}`;
}

export function ProbeFields({ value, onChange }: { value: ProbeChoice; onChange(c: ProbeChoice): void }) {
  const t = useT();
  return (
    <>
      <label>
        {t('matrix.probe')}{' '}
        <select aria-label={t('matrix.probeProto')} value={value.protocol} onChange={(e) => onChange({ ...value, protocol: e.target.value as ProbeProtocol })}>
          {PROTOCOLS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      {value.protocol !== 'ICMP' && (
        <label>
          {t('packet.port')} <input aria-label={t('matrix.probePort')} type="number" min={1} max={65535} value={value.port} onChange={(e) => onChange({ ...value, port: Number(e.target.value) })} />
        </label>
      )}
    </>
  );
}
