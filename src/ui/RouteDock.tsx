// Route panels: the nodes the packet visits (in path order), the pinned namespaces, then every other node
// (up to MAX_PANELS in all). After Send the off-path nodes' tables fold to their title bar (one click opens
// them): they stay reachable without pushing the path's tables out of sight. The current hop's matched
// route is marked in place and scrolled to; after a toggle the lines it added/removed are marked for a few
// seconds.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLab, useLabStore } from './LabContext';
import { RoutePanel, type ConvMarks } from './RoutePanel';
import { fibMarks } from '../view/convergence';
import { stepsOf } from '../store/labStore';
import { diffRoutes, isEmptyDiff, type RouteDiff } from '../view/routeDiff';
import { useEditLabel, useT } from '../i18n/react';
import { scrollWithin } from './scrollWithin';
import { hostNamespaces } from '../core/model/lazyNs';

const DIFF_MS = 4000;
const MAX_PANELS = 16;

export function RouteDock() {
  const store = useLabStore();
  const tr = useT();
  const said = useEditLabel();
  const state = useLab((s) => s.state);
  const walk = useLab((s) => s.walk);
  const cursor = useLab((s) => s.cursor);
  const pinned = useLab((s) => s.pinned);
  const change = useLab((s) => s.change);
  const conv = useLab((s) => s.convergence);
  const [showDiffSeq, setShowDiffSeq] = useState(-1);
  const [pinPick, setPinPick] = useState('');
  // folds the user opened or closed by hand, forgotten when a new packet is sent
  const [folds, setFolds] = useState<ReadonlyMap<string, boolean>>(new Map());
  useEffect(() => setFolds(new Map()), [walk]);
  const panelsRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!change.prev) return;
    setShowDiffSeq(change.seq);
    // a lab step's changes stay marked while the class reads the step; a toggle's fade after a moment
    if (change.source === 'lab-step') return;
    const t = setTimeout(() => setShowDiffSeq(-1), DIFF_MS);
    return () => clearTimeout(t);
  }, [change.seq]);

  const steps = stepsOf(walk);
  const cur = steps[cursor]?.hop;
  const pathNodes = useMemo(() => {
    const seen: string[] = [];
    for (const s of steps) if (s.hop.ns.startsWith('node/') && !seen.includes(s.hop.ns)) seen.push(s.hop.ns);
    return seen;
  }, [walk]);
  // the tables the last change rewrote (a lab step that teaches a router BGP changes the router's) come next
  const changed = useMemo(() => {
    const prev = change.prev;
    if (showDiffSeq !== change.seq || !prev) return [];
    return hostNamespaces(state.netns)
      .filter((n) => n.kind !== 'pod' && !(n.kind === 'router' && n.external) && !isEmptyDiff(diffRoutes(prev.netns[n.id], n)))
      .map((n) => n.id);
  }, [showDiffSeq, change, state]);
  let ids = [...pathNodes, ...pinned.filter((p) => !pathNodes.includes(p))];
  for (const id of changed) if (ids.length < MAX_PANELS && !ids.includes(id)) ids.push(id);
  for (const n of state.nodes) if (ids.length < MAX_PANELS && !ids.includes(n.ns)) ids.push(n.ns);
  // the namespace of the current hop (a pod on the path, say) is shown too
  if (cur && !ids.includes(cur.ns) && cur.route) ids = [cur.ns, ...ids];
  ids = ids.filter((id) => id in state.netns);

  const diffs = useMemo(() => {
    const m = new Map<string, RouteDiff>();
    if (showDiffSeq !== change.seq || !change.prev) return m;
    for (const id of ids) m.set(id, diffRoutes(change.prev.netns[id], state.netns[id]));
    return m;
  }, [showDiffSeq, change, state, ids.join('|')]);

  // the convergence animation marks each FIB change as its message lands (instead of the whole diff at once)
  const convMarks = useMemo(() => (conv && conv.seq === change.seq ? fibMarks(conv.steps, conv.cursor) : undefined), [conv?.steps, conv?.cursor, conv?.seq, change.seq]);
  const emptyMarks = useMemo<ConvMarks>(() => ({ added: new Set(), removed: new Set(), fresh: new Set() }), [convMarks]);

  const folded = (id: string) => folds.get(id) ?? (!!walk && !pathNodes.includes(id) && !pinned.includes(id) && !changed.includes(id) && id !== cur?.ns);

  // the current hop's table in view: its matched line (RoutePanel scrolls to it), else the panel itself
  useEffect(() => {
    const box = panelsRef.current;
    if (!box || !cur) return;
    if (box.querySelector('.line.matched')) return;
    const el = box.querySelector<HTMLElement>(`[data-ns="${CSS.escape(cur.ns)}"]`);
    scrollWithin(el);
  }, [cur, walk]);

  // a pod's kind and name are in its id: listing 30,000 pods need not build their namespaces (core/model/lazyNs)
  const all = useMemo(
    () =>
      Object.keys(state.netns).flatMap((id) => {
        if (id.startsWith('pod/')) return [{ id, kind: 'pod', name: id.slice('pod/'.length) }];
        const n = state.netns[id];
        return n.kind !== 'router' || !n.external ? [{ id, kind: n.kind, name: n.name }] : [];
      }),
    [state],
  );
  return (
    <div className="route-dock">
      <div className="row dock-tools">
        <label>
          {tr('routes.pinLabel')}{' '}
          <select aria-label={tr('routes.pinAria')} value={pinPick} onChange={(e) => setPinPick(e.target.value)}>
            <option value="">{tr('routes.nsPick')}</option>
            {all.map((n) => (
              <option key={n.id} value={n.id}>
                {n.kind} {n.name}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          disabled={!pinPick}
          onClick={() => {
            if (!pinned.includes(pinPick)) store.getState().togglePin(pinPick);
            setPinPick('');
          }}
        >
          {tr('routes.pin')}
        </button>
        {change.prev && showDiffSeq === change.seq && (
          // say "+" only when a line carries one (a reflector swap can leave every table as it was)
          <span className="change-note">{tr([...diffs.values()].every(isEmptyDiff) ? 'routes.noChange' : 'routes.changeNote', { label: said(change.label) })}</span>
        )}
      </div>
      <div className="panels" ref={panelsRef}>
        {ids.map((id) => (
          <RoutePanel
            key={id}
            ns={state.netns[id]}
            matched={cur && cur.ns === id ? cur.route?.index : undefined}
            diff={convMarks ? undefined : diffs.get(id)}
            conv={convMarks && state.netns[id].kind !== 'pod' ? (convMarks.get(state.netns[id].name) ?? emptyMarks) : undefined}
            pinned={pinned.includes(id)}
            onPath={pathNodes.includes(id)}
            offPath={!!walk && !pathNodes.includes(id)}
            folded={folded(id)}
            onFold={(f) => setFolds((m) => new Map(m).set(id, f))}
            onTogglePin={() => store.getState().togglePin(id)}
          />
        ))}
      </div>
    </div>
  );
}
