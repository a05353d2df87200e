// The bottom dock: route tables, and the lazily loaded inspector, terminal, compare, policy and BGP panels.
import { lazy, Suspense, useId, useState } from 'react';
import { RouteDock } from './RouteDock';
import { useT } from '../i18n/react';
import type { MessageKey } from '../i18n';

const Inspector = lazy(() => import('./Inspector'));
const TerminalPanel = lazy(() => import('./TerminalPanel'));
const Compare = lazy(() => import('./Compare'));
const PolicyPanel = lazy(() => import('./policy/PolicyPanel'));
const BgpPanel = lazy(() => import('./bgp/BgpPanel'));

const TABS = [
  { id: 'routes', label: 'dock.routes' },
  { id: 'inspector', label: 'dock.inspector' },
  { id: 'terminal', label: 'dock.terminal' },
  { id: 'compare', label: 'dock.compare' },
  { id: 'policy', label: 'dock.policy' },
  { id: 'bgp', label: 'dock.bgp' },
] as const satisfies readonly { id: string; label: MessageKey }[];

export type TabId = (typeof TABS)[number]['id'];

export function Dock(props: { tab: TabId; onTab(t: TabId): void; collapsed: boolean; onCollapse(c: boolean): void }) {
  const id = useId();
  const t = useT();
  const [seen, setSeen] = useState<Set<TabId>>(new Set([props.tab]));
  // taller tables for a whole routing table on screen (the picture gives up the room; CSS :has on the grid)
  const [tall, setTall] = useState(false);
  const select = (t: TabId) => {
    setSeen((s) => new Set([...s, t]));
    props.onTab(t);
    props.onCollapse(false);
  };
  return (
    <section className={`dock${tall && !props.collapsed ? ' tall' : ''}`} aria-label={t('dock.details')}>
      <div role="tablist" aria-label={t('dock.details')} className="tabs">
        {TABS.map((tab, i) => (
          <button
            key={tab.id}
            role="tab"
            type="button"
            id={`${id}-tab-${tab.id}`}
            aria-selected={props.tab === tab.id}
            aria-controls={`${id}-panel-${tab.id}`}
            tabIndex={props.tab === tab.id ? 0 : -1}
            onClick={() => select(tab.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                e.preventDefault(); // the tab list's own arrows: not a packet step
                const next = TABS[(i + (e.key === 'ArrowRight' ? 1 : TABS.length - 1)) % TABS.length].id;
                select(next);
                document.getElementById(`${id}-tab-${next}`)?.focus();
              }
            }}
          >
            {t(tab.label)}
          </button>
        ))}
        <button type="button" className="collapse grow" aria-pressed={tall} aria-label={t('dock.taller')} title={t('dock.tallerTitle')} onClick={() => (setTall(!tall), props.onCollapse(false))}>
          ⇕
        </button>
        <button type="button" className="collapse" aria-expanded={!props.collapsed} aria-label={props.collapsed ? t('dock.show') : t('dock.hide')} title={props.collapsed ? t('dock.show') : t('dock.hideTitle')} onClick={() => props.onCollapse(!props.collapsed)}>
          {props.collapsed ? '▴' : '▾'}
        </button>
      </div>
      {!props.collapsed && TABS.map((tab) =>
        seen.has(tab.id) || props.tab === tab.id ? (
          <div key={tab.id} role="tabpanel" id={`${id}-panel-${tab.id}`} aria-labelledby={`${id}-tab-${tab.id}`} hidden={props.tab !== tab.id} className="tabpanel">
            <Suspense fallback={<p className="empty">{t('common.loading')}</p>}>
              {tab.id === 'routes' && <RouteDock />}
              {tab.id === 'inspector' && <Inspector />}
              {tab.id === 'terminal' && <TerminalPanel />}
              {tab.id === 'compare' && <Compare />}
              {tab.id === 'policy' && <PolicyPanel />}
              {tab.id === 'bgp' && <BgpPanel />}
            </Suspense>
          </div>
        ) : null,
      )}
    </section>
  );
}
