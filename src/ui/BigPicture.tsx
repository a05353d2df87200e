// The picture of a big lab: the worker sends the model (view/model.ts, node groups for a big cluster, real
// cards for the packet's nodes and the groups opened); the page lays it out and draws it with the same D3
// engine as the app's picture. A click on a group asks the worker for the model with that group opened.

import { useEffect, useMemo, useRef, useState } from 'react';
import { computeLayout } from '../view/layout';
import { createTopologyView, type TopologyView } from '../view/topology';
import type { TopoModel } from '../view/model';
import { useLang, useT } from '../i18n/react';

export function BigPicture({ model, name, nodes, pods, path, onGroup, onPick }: { model: TopoModel; name: string; nodes: number; pods: number; path: string[]; onGroup(id: string): void; onPick?(ns: string, kind: 'pod' | 'node' | 'router'): void }) {
  const t = useT();
  const [lang] = useLang();
  const svgRef = useRef<SVGSVGElement>(null);
  const viewRef = useRef<TopologyView | null>(null);
  const [ready, setReady] = useState(0);
  const groupRef = useRef(onGroup);
  groupRef.current = onGroup;
  const pickRef = useRef(onPick);
  pickRef.current = onPick;
  const layout = useMemo(() => computeLayout(model, { aspect: 2 }), [model]);

  useEffect(() => {
    const view = createTopologyView(svgRef.current!, { onGroup: (id) => groupRef.current(id), onPick: (ns, kind) => pickRef.current?.(ns, kind) });
    viewRef.current = view;
    setReady((x) => x + 1);
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  useEffect(() => {
    const pathNs = new Set(path);
    const fitKey = `${model.groups?.length ?? model.nodes.length}|${model.routers.length}`;
    // never fitted below the scale its names are drawn for (MIN_FONT px): a 300-node picture is panned, not shrunk
    viewRef.current?.update({ model, layout, lang, fitKey, highlight: { path: pathNs }, minScale: 1 });
  }, [model, layout, lang, ready, path]);

  return (
    <section className="topology big-picture" aria-label={t('topo.region')}>
      <div className="topo-box">
        <svg ref={svgRef} role="group" aria-label={t('topo.svg', { name, nodes, pods })} />
      </div>
    </section>
  );
}
