import { useState } from 'react';
import type { NetNS } from '../core/model/kernel';
import { ipRoute, routeN } from '../core/render';

/** A node's routing table as the real tools print it; switchable between `route -n` and `ip route`. */
export function RoutePanel({ ns }: { ns: NetNS }) {
  const [format, setFormat] = useState<'route-n' | 'ip-route'>('route-n');
  const label = `${format === 'route-n' ? 'route -n' : 'ip route'} — ${ns.name}`;
  return (
    <section className="panel route-panel" role="region" aria-label={label}>
      <header>
        <h3>{ns.name}</h3>
        <div role="radiogroup" aria-label={`table format for ${ns.name}`} className="seg">
          {(['route-n', 'ip-route'] as const).map((f) => (
            <button key={f} role="radio" aria-checked={format === f} onClick={() => setFormat(f)}>
              {f === 'route-n' ? 'route -n' : 'ip route'}
            </button>
          ))}
        </div>
      </header>
      <pre className="term">{format === 'route-n' ? routeN(ns) : ipRoute(ns)}</pre>
    </section>
  );
}
