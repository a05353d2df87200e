// The bottom dock: route tables, and the lazily loaded inspector, terminal, compare, policy and BGP panels.
import { lazy, Suspense, useId, useState } from 'react';
import { RouteDock } from './RouteDock';

const Inspector = lazy(() => import('./Inspector'));
const TerminalPanel = lazy(() => import('./TerminalPanel'));
const Compare = lazy(() => import('./Compare'));
const PolicyPanel = lazy(() => import('./policy/PolicyPanel'));
const BgpPanel = lazy(() => import('./bgp/BgpPanel'));

const TABS = [
  { id: 'routes', label: 'Routes' },
  { id: 'inspector', label: 'Packet inspector' },
  { id: 'terminal', label: 'Terminal' },
  { id: 'compare', label: 'Compare' },
  { id: 'policy', label: 'Policy' },
  { id: 'bgp', label: 'BGP' },
] as const;

export type TabId = (typeof TABS)[number]['id'];

export function Dock(props: { tab: TabId; onTab(t: TabId): void; collapsed: boolean; onCollapse(c: boolean): void }) {
  const id = useId();
  const [seen, setSeen] = useState<Set<TabId>>(new Set([props.tab]));
  const select = (t: TabId) => {
    setSeen((s) => new Set([...s, t]));
    props.onTab(t);
    props.onCollapse(false);
  };
  return (
    <section className="dock" aria-label="Details">
      <div role="tablist" aria-label="Details" className="tabs">
        {TABS.map((t, i) => (
          <button
            key={t.id}
            role="tab"
            type="button"
            id={`${id}-tab-${t.id}`}
            aria-selected={props.tab === t.id}
            aria-controls={`${id}-panel-${t.id}`}
            tabIndex={props.tab === t.id ? 0 : -1}
            onClick={() => select(t.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length].id;
                select(next);
                document.getElementById(`${id}-tab-${next}`)?.focus();
              }
            }}
          >
            {t.label}
          </button>
        ))}
        <button type="button" className="collapse" aria-expanded={!props.collapsed} aria-label={props.collapsed ? 'Show details' : 'Hide details'} title={props.collapsed ? 'Show details' : 'Hide details (more room for the topology)'} onClick={() => props.onCollapse(!props.collapsed)}>
          {props.collapsed ? '▴' : '▾'}
        </button>
      </div>
      {!props.collapsed && TABS.map((t) =>
        seen.has(t.id) || props.tab === t.id ? (
          <div key={t.id} role="tabpanel" id={`${id}-panel-${t.id}`} aria-labelledby={`${id}-tab-${t.id}`} hidden={props.tab !== t.id} className="tabpanel">
            <Suspense fallback={<p className="empty">Loading…</p>}>
              {t.id === 'routes' && <RouteDock />}
              {t.id === 'inspector' && <Inspector />}
              {t.id === 'terminal' && <TerminalPanel />}
              {t.id === 'compare' && <Compare />}
              {t.id === 'policy' && <PolicyPanel />}
              {t.id === 'bgp' && <BgpPanel />}
            </Suspense>
          </div>
        ) : null,
      )}
    </section>
  );
}
