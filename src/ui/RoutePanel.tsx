import { memo, useEffect, useRef, useState } from 'react';
import type { NetNS } from '../core/model/kernel';
import { ipRoute, routeN, routeNRow, formatRoute } from '../core/render';
import type { RouteDiff } from '../view/routeDiff';
import { useLang, useT } from '../i18n/react';
import { provenanceWhy } from '../i18n/core';
import { scrollWithin } from './scrollWithin';
import { routeProvenance } from '../core/components/provenance';

export type RouteFormat = 'route-n' | 'ip-route';

/**
 * A namespace's routing table exactly as the core's renderers print it (`route -n` or `ip route`), one
 * element per line so the route the current hop matched (hop.route.index into ns.routes) can be marked,
 * and so can the lines the last change added or removed.
 */
export const RoutePanel = memo(RoutePanelImpl, (a, b) => a.ns === b.ns && a.matched === b.matched && a.diff === b.diff && a.pinned === b.pinned && a.onPath === b.onPath && a.conv === b.conv && a.folded === b.folded && a.offPath === b.offPath);

/** FIB changes the convergence animation has delivered to this namespace so far (`ip route` lines). */
export interface ConvMarks {
  added: Set<string>;
  removed: Set<string>;
  /** the lines the current step changed (highlighted a moment longer) */
  fresh: Set<string>;
}

function RoutePanelImpl(props: { ns: NetNS; matched?: number; diff?: RouteDiff; pinned?: boolean; onTogglePin?: () => void; onPath?: boolean; conv?: ConvMarks; offPath?: boolean; folded?: boolean; onFold?: (folded: boolean) => void }) {
  const { ns, matched, diff, conv } = props;
  const t = useT();
  const [lang] = useLang();
  const [format, setFormat] = useState<RouteFormat>('route-n');
  const label = `${format === 'route-n' ? 'route -n' : 'ip route'} — ${ns.name}`;
  const text = format === 'route-n' ? routeN(ns) : ipRoute(ns);
  const lines = text.replace(/\n$/, '').split('\n');
  const head = format === 'route-n' ? 2 : 0;
  const preRef = useRef<HTMLPreElement>(null);
  useEffect(() => {
    scrollWithin(preRef.current?.querySelector('.matched'));
  }, [matched, format, props.folded]);
  const folded = !!props.folded;
  // the line the reader clicked: who programmed it is said under the table (core/components provenance)
  const [picked, setPicked] = useState<number | undefined>(undefined);
  const pickedRoute = picked !== undefined ? ns.routes[picked] : undefined;
  const prov = pickedRoute ? routeProvenance(ns, pickedRoute) : undefined;
  return (
    <section className={`panel route-panel${props.onPath ? ' on-path' : ''}${folded ? ' folded' : ''}`} role="region" aria-label={label} data-ns={ns.id}>
      <header>
        <h3 title={ns.id}>
          {props.onFold ? (
            <button type="button" className="fold" aria-expanded={!folded} aria-label={t(folded ? 'routes.expand' : 'routes.collapse', { name: ns.name })} onClick={() => props.onFold!(!folded)}>
              <span aria-hidden="true">{folded ? '▸' : '▾'}</span> {ns.name}
            </button>
          ) : (
            ns.name
          )}
          {props.offPath && <span className="off-path"> · {t('routes.offPath')}</span>}
        </h3>
        <div className="row">
          <div role="radiogroup" aria-label={t('routes.format', { name: ns.name })} className="seg small">
            {(['route-n', 'ip-route'] as const).map((f) => (
              <button key={f} type="button" role="radio" aria-checked={format === f} onClick={() => setFormat(f)}>
                {f === 'route-n' ? 'route -n' : 'ip route'}
              </button>
            ))}
          </div>
          {props.onTogglePin && (
            <button type="button" className="pin" aria-pressed={!!props.pinned} aria-label={t('routes.pinNs', { name: ns.name })} onClick={props.onTogglePin}>
              {t('routes.pin')}
            </button>
          )}
        </div>
      </header>
      {!folded && (
      <pre className="term" ref={preRef} title={t('routes.lineHint')}>
        {lines.map((l, i) => {
          const ri = i - head;
          const isMatched = ri >= 0 && ri === matched;
          const key = conv && ri >= 0 && ns.routes[ri] ? formatRoute(ns.routes[ri]) : undefined;
          const convAdded = !!key && conv!.added.has(key);
          const added = (ri >= 0 && diff?.added.has(ri)) || convAdded;
          return (
            <div
              key={i}
              className={`line${isMatched ? ' matched' : ''}${added ? ' added' : ''}${convAdded ? ' conv' : ''}${convAdded && conv!.fresh.has(key!) ? ' fresh' : ''}`}
              data-conv={convAdded ? 'add' : undefined} aria-current={isMatched ? 'true' : undefined} data-route={ri >= 0 ? ri : undefined}
              data-picked={ri >= 0 && ri === picked ? 'true' : undefined}
              onClick={ri >= 0 && ns.routes[ri] ? () => setPicked(ri === picked ? undefined : ri) : undefined}>
              {l}
            </div>
          );
        })}
        {diff?.removed.map((r, i) => (
          <div key={`rm${i}`} className="line removed" aria-label={t('routes.removed', { route: formatRoute(r) })}>
            {format === 'route-n' ? routeNRow(r) : formatRoute(r) + ' '}
          </div>
        ))}
        {conv &&
          [...conv.removed].map((r) => (
            <div key={`cv${r}`} className={`line removed conv${conv.fresh.has(r) ? ' fresh' : ''}`} data-conv="del" aria-label={t('routes.removed', { route: r })}>
              {r + ' '}
            </div>
          ))}
      </pre>
      )}
      {!folded && prov && pickedRoute && (
        <div className="provenance" role="note" aria-label={t('routes.provenance')}>
          <strong>{prov.pod ? t('routes.provenanceIn', { by: t(`programmer.${prov.by}`), pod: prov.pod }) : t('routes.provenanceBy', { by: t(`programmer.${prov.by}`) })}</strong>
          <code>{formatRoute(pickedRoute)}</code>
          <span>{provenanceWhy(lang, prov)}</span>
        </div>
      )}
    </section>
  );
}
