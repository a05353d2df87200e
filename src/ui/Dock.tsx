// The bottom dock: route tables, and the lazily loaded inspector, terminal, compare, policy and BGP panels.
import { lazy, Suspense, useId, useState, type ReactNode } from 'react';
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

/** Panels the phone and tablet layouts move into the dock; they sit right after Routes. */
export type ExtraTab = { id: 'send' | 'hops' | 'settings'; label: string; content: ReactNode };
export type TabId = (typeof TABS)[number]['id'] | ExtraTab['id'];

export function Dock(props: { tab: TabId; onTab(t: TabId): void; collapsed: boolean; onCollapse(c: boolean): void; extra?: ExtraTab[] }) {
  const id = useId();
  const t = useT();
  const [seen, setSeen] = useState<Set<TabId>>(new Set([props.tab]));
  const tabs: { id: TabId; label: string; content?: ReactNode }[] = [
    { id: TABS[0].id, label: t(TABS[0].label) },
    ...(props.extra ?? []),
    ...TABS.slice(1).map((x) => ({ id: x.id, label: t(x.label) })),
  ];
  // a phone-only tab picked before the window grew wide falls back to the route tables
  const current: TabId = tabs.some((x) => x.id === props.tab) ? props.tab : 'routes';
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
        {tabs.map((tab, i) => (
          <button
            key={tab.id}
            role="tab"
            type="button"
            id={`${id}-tab-${tab.id}`}
            aria-selected={current === tab.id}
            aria-controls={`${id}-panel-${tab.id}`}
            tabIndex={current === tab.id ? 0 : -1}
            onClick={() => select(tab.id)}
            onKeyDown={(e) => {
              if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
                e.preventDefault(); // the tab list's own arrows: not a packet step
                const next = tabs[(i + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length].id;
                select(next);
                document.getElementById(`${id}-tab-${next}`)?.focus();
              }
            }}
          >
            {tab.label}
          </button>
        ))}
        <button type="button" className="collapse grow" aria-pressed={tall} aria-label={t('dock.taller')} title={t('dock.tallerTitle')} onClick={() => (setTall(!tall), props.onCollapse(false))}>
          ⇕
        </button>
        <button type="button" className="collapse" aria-expanded={!props.collapsed} aria-label={props.collapsed ? t('dock.show') : t('dock.hide')} title={props.collapsed ? t('dock.show') : t('dock.hideTitle')} onClick={() => props.onCollapse(!props.collapsed)}>
          {props.collapsed ? '▴' : '▾'}
        </button>
      </div>
      {!props.collapsed && tabs.map((tab) =>
        seen.has(tab.id) || current === tab.id ? (
          <div key={tab.id} role="tabpanel" id={`${id}-panel-${tab.id}`} aria-labelledby={`${id}-tab-${tab.id}`} hidden={current !== tab.id} className="tabpanel">
            <Suspense fallback={<p className="empty">{t('common.loading')}</p>}>
              {tab.content}
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
