// React side of the topology: owns the container, the <svg> and the packet <canvas>; creates the D3 engine
// and the packet layer once (mount-only effect) and forwards data to them (update effects). It never
// renders inside what D3 owns.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useLab, useLabStore } from './LabContext';
import { buildTopoModel, limitPods } from '../view/model';
import { AGGREGATE_ABOVE } from '../view/aggregate';
import { BADGE_MAX_W, computeLayout, MIN_FONT, type Box } from '../view/layout';
import { chooseLevel, fitScale, growToNeighbours, podLevels, sideEdges } from '../view/zoomLevel';
import { createTopologyView, type TopologyView, type Highlight } from '../view/topology';
import { createPacketLayer, type PacketLayer } from '../view/packetLayer';
import { frameFor, tunnelsOf } from '../view/packet';
import { stepsOf } from '../store/labStore';
import { CONV_DOT_MS, messagePath } from '../view/convergence';
import { nsIdNode, nsIdPod } from '../core/model/kernel';
import type { Hop } from '../core/model/packet';
import { useLang, useT } from '../i18n/react';
import { hopText, hopWhy } from '../i18n/core';
import { TopoStepBar } from './TopoStepBar';

export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** "ns/pod" or node name → NetNS id */
export function endpointNs(e: string): string | undefined {
  if (!e) return undefined;
  const i = e.indexOf('/');
  return i >= 0 ? nsIdPod(e.slice(0, i), e.slice(i + 1)) : nsIdNode(e);
}

/** `stepBar`: the current hop with ◀ ▶ under the picture, where the hop list and Send's buttons are out of
 *  sight (phones, a tablet beside the lab player) */
export function TopologyPane({ compact = false, theme, stepBar = false }: { compact?: boolean; theme?: string; stepBar?: boolean }) {
  const store = useLabStore();
  const t = useT();
  const [lang] = useLang();
  const state = useLab((s) => s.state);
  const walk = useLab((s) => s.walk);
  const cursor = useLab((s) => s.cursor);
  const playing = useLab((s) => s.playing);
  const speed = useLab((s) => s.speed);
  const packet = useLab((s) => s.packet);
  const conv = useLab((s) => s.convergence);
  const boxRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const viewRef = useRef<TopologyView | null>(null);
  const layerRef = useRef<PacketLayer | null>(null);
  const lastCursor = useRef<{ walk: unknown; cursor: number }>({ walk: undefined, cursor: -1 });
  const [ready, setReady] = useState(0);
  // the box: its shape picks the number of columns, its size and the on-screen minimum (CSS --topo-min-px:
  // larger with A+ and in presenter mode) how much the cards show; rounded so small resizes do not re-layout
  const [box, setBox] = useState<{ w: number; h: number; minScale: number } | undefined>(undefined);
  const aspect = box ? Math.round((box.w / box.h) * 4) / 4 : undefined;
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  // a big cluster's node groups the viewer opened (view/aggregate.ts)
  const [openGroups, setOpenGroups] = useState<ReadonlySet<string>>(new Set());
  const focusNode = useRef<string | undefined>(undefined);
  const focusGroup = useRef<string | undefined>(undefined);
  // a tooltip's text after a tap (touch has no hover)
  const [info, setInfo] = useState<string | undefined>(undefined);
  useEffect(() => setInfo(undefined), [lang]);

  const steps = stepsOf(walk);
  const fromNs = endpointNs(packet.from);
  const toNs = endpointNs(packet.to);
  const pathNs = useMemo(() => new Set(steps.map((s) => s.hop.ns)), [walk]);
  const keep = useMemo(() => new Set([...pathNs, ...(fromNs ? [fromNs] : []), ...(toNs ? [toNs] : [])]), [pathNs, fromNs, toNs]);
  // semantic zoom: the fullest cards whose picture fits at a readable scale; the other pods fold into a
  // "+N pods" row (click unfolds it) instead of the picture shrinking below the on-screen minimum
  // a big cluster is drawn in node groups, the packet's nodes as real cards: its model follows the packet and
  // the opened groups (a few ms, see view/aggregate.ts); a small one's is built once per state
  const grouped = state.nodes.length > AGGREGATE_ABOVE;
  const full = useMemo(() => buildTopoModel(state, grouped ? { maxPods: Infinity, keepPods: keep, openGroups } : { maxPods: Infinity }), [state, grouped ? keep : undefined, grouped ? openGroups : undefined]);
  const { maxPods, value: picked } = useMemo(
    () =>
      chooseLevel(
        podLevels(full.nodes.length, compact),
        (mp) => {
          const m = limitPods(full, mp, keep, expanded);
          return { model: m, layout: computeLayout(m, { aspect }) };
        },
        (v) => v.layout,
        box ?? { w: 0, h: 0, minScale: 0 },
      ),
    [full, keep, expanded, aspect, box, compact],
  );
  const { model, layout } = picked;
  // the whole picture does not fit at the readable scale: the fit shows part of it and a strip under the
  // picture says so. Decided on the same numbers as the level above (not on what the engine measures), so
  // the strip taking its line from the box can never flip the level and with it the strip (no loop).
  const partial = !!box && box.w > 0 && box.h > 0 && fitScale(layout, box) < box.minScale;
  // ⤢ pressed: the whole picture, below the readable size, until the next fit
  const [showingAll, setShowingAll] = useState(false);
  // (a big cluster's cards come and go with picks and opened groups: the view stays where it is for those)
  const fitKey = `${model.groups ? `g${model.groups.length}` : `${model.nodes.length}|${layout.columns}|${maxPods}`}|${model.routers.length}|${box ? `${box.w}x${box.h}@${box.minScale.toFixed(3)}` : ''}`;

  // mount-only: the engines
  useEffect(() => {
    const view = createTopologyView(svgRef.current!, {
      onPick: (ns, kind) => {
        if (kind === 'router') return;
        const e = kind === 'pod' ? ns.replace(/^pod\//, '') : ns.replace(/^node\//, '');
        store.getState().pick(e);
      },
      onZoom: (t) => layerRef.current?.setTransform(t),
      onInfo: setInfo,
      onGroup: (id) => {
        focusGroup.current = id;
        setOpenGroups((s) => {
          const next = new Set(s);
          if (!next.delete(id)) next.add(id);
          return next;
        });
      },
      onExpand: (name) => {
        focusNode.current = name;
        setExpanded((s) => {
          const next = new Set(s);
          if (!next.delete(name)) next.add(name);
          return next;
        });
      },
    }, { cooperative: compact });
    const layer = createPacketLayer(canvasRef.current!);
    viewRef.current = view;
    layerRef.current = layer;
    // the header box keeps off the picture's text (names, addresses, notes), measured where it is now
    layer.setObstacles(() => {
      const c = canvasRef.current!.getBoundingClientRect();
      return [...svgRef.current!.querySelectorAll('text')].map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0).map((r) => ({ x: r.x - c.x, y: r.y - c.y, w: r.width, h: r.height }));
    });
    const ro = new ResizeObserver(() => {
      const el = boxRef.current;
      if (!el) return;
      layer.resize(el.clientWidth, el.clientHeight);
      if (el.clientWidth > 0 && el.clientHeight > 0) {
        // on-screen px per CSS px of the box (A+ zooms the whole app), and the minimum name size on screen
        const zoom = Math.round(Math.min(4, Math.max(0.25, el.getBoundingClientRect().width / el.clientWidth || 1)) * 100) / 100;
        const minPx = parseFloat(getComputedStyle(el).getPropertyValue('--topo-min-px')) || MIN_FONT;
        const next = { w: Math.round(el.clientWidth / 8) * 8, h: Math.round(el.clientHeight / 8) * 8, minScale: Math.ceil((minPx / (MIN_FONT * zoom)) * 1000) / 1000 };
        setBox((b) => (b && b.w === next.w && b.h === next.h && b.minScale === next.minScale ? b : next));
      }
      layer.setTransform(view.transform());
    });
    ro.observe(boxRef.current!);
    setReady((x) => x + 1);
    return () => {
      ro.disconnect();
      view.destroy();
      layer.destroy();
      viewRef.current = null;
      layerRef.current = null;
    };
  }, [store]);

  useEffect(() => {
    layerRef.current?.refreshColors();
  }, [theme, ready]);

  // the packet's labels grow with the picture's minimum (presenter mode, A+)
  useEffect(() => {
    layerRef.current?.setTextScale(Math.max(1, box?.minScale ?? 1));
  }, [box?.minScale, ready]);

  // data → the D3 view
  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    const cur = steps[cursor]?.hop;
    const hl: Highlight = {
      from: fromNs,
      to: toNs,
      path: pathNs,
      ...(cur ? { current: { ns: cur.wire ? cur.wire.to.ns : cur.ns, dev: cur.wire ? cur.wire.to.dev : cur.dev } } : {}),
      tunnels: walk ? tunnelsOf(layout, steps) : [],
    };
    view.update({ model, layout, highlight: hl, lang, minScale: box?.minScale, fitKey, expanded });
    // a node just unfolded: bring its card into view (at a readable scale)
    const unfolded = focusNode.current && layout.nodes.get(focusNode.current);
    if (unfolded) {
      focusNode.current = undefined;
      view.fitTo({ x: unfolded.x - 16, y: unfolded.y - 16, w: unfolded.w + 32, h: unfolded.h + 32 });
    }
    // a group just opened (or folded): its card and its members' cards, at a readable scale from the top
    const group = focusGroup.current && layout.groups.get(focusGroup.current);
    if (group) {
      focusGroup.current = undefined;
      const members = new Set(model.groups?.find((g) => g.id === group.id)?.shown ?? []);
      const boxes = [group, ...[...layout.nodes.values()].filter((b) => members.has(b.name))];
      // from the group card's corner (an opened group starts its row): what does not fit is a pan away
      const x1 = group.x - 16;
      const y1 = group.y - 40;
      const x2 = Math.max(...boxes.map((b) => b.x + b.w)) + 16;
      const y2 = Math.max(...boxes.map((b) => b.y + b.h)) + 40;
      view.fitTo({ x: x1, y: y1, w: x2 - x1, h: y2 - y1 });
    }
  }, [model, layout, walk, cursor, fromNs, toNs, ready, lang, box, fitKey, expanded]);

  useEffect(() => setShowingAll(false), [fitKey, walk]);

  // a new packet: zoom to the nodes it visits (Fit shows everything again)
  useEffect(() => {
    const view = viewRef.current;
    if (!view || !walk) return;
    const boxes = [...layout.nodes.values(), ...layout.routers.values()].filter((b) => pathNs.has(b.ns));
    if (boxes.length < 1 || boxes.length === layout.nodes.size + layout.routers.size) return;
    const rows = new Set([...layout.nodes.values()].filter((b) => pathNs.has(b.ns)).map((b) => b.row));
    const bars = layout.bars.filter((b) => rows.has(b.row)).map((b) => b.y);
    // room at the sides for a resting packet's badge beside the outer cards (layout's Rest), up to a neighbour;
    // whole neighbours join while they fit at the readable scale (not strips of them at the edges)
    const all = [...layout.nodes.values(), ...layout.routers.values(), ...layout.groups.values()];
    const boxOf = (bs: readonly Box[]) => {
      const { x1, x2 } = sideEdges(bs, all, 34);
      const y1 = Math.min(...bs.map((b) => b.y)) - 50;
      return { x: x1, y: y1, w: x2 - x1, h: Math.max(...bs.map((b) => b.y + b.h), ...bars) + 24 - y1 };
    };
    const readable = (bs: readonly Box[]) => {
      const b = boxOf(bs);
      return !!box && fitScale({ width: b.w, height: b.h }, box) >= box.minScale;
    };
    view.fitTo(boxOf(growToNeighbours(boxes, all, readable)), undefined, all);
  }, [walk, ready]);

  // the packet on the canvas; while playing, the next step follows the end of this one
  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const words = { text: (h: Hop) => hopText(lang, h), why: (h: Hop) => hopWhy(lang, h), dropped: (text: string) => t('packet.dropLabel', { text }) };
    const frame = walk ? frameFor(layout, steps, cursor, words) : undefined;
    const prev = lastCursor.current;
    const forward = prev.walk === walk && cursor === prev.cursor + 1;
    lastCursor.current = { walk, cursor };
    const reduced = prefersReducedMotion();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let cancelled = false;
    const next = () => {
      if (cancelled || !playing) return;
      timer = setTimeout(() => store.getState().step(1), reduced ? 700 / speed : 120 / speed);
    };
    // where it will rest, in view: a packet resting on the far side of a card the fit cut (the badge sits
    // beside the card) pans the picture to it, at the same zoom
    const rest = frame?.rest;
    if (rest && viewRef.current) {
      const xs = [rest.on.x, rest.badge.x - BADGE_MAX_W / 2, rest.badge.x + BADGE_MAX_W / 2];
      viewRef.current.keepInView({ x: Math.min(...xs), y: rest.badge.y - 20, w: Math.max(...xs) - Math.min(...xs), h: 40 });
    }
    const durationMs = (frame && frame.path.length > 2 ? 900 : 450) / speed;
    layer.show(frame, { instant: reduced || !(forward || playing), durationMs, onDone: next });
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [walk, cursor, layout, playing, speed, ready, lang]);

  // the convergence animation: the current BGP message travels its session line (never with reduced motion)
  const convStep = conv && !conv.instant && conv.cursor >= 0 ? conv.steps[conv.cursor] : undefined;
  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    const path = convStep?.from && convStep.to && !prefersReducedMotion() ? messagePath(layout, convStep.from, convStep.to) : undefined;
    layer.showMessage(path && convStep && convStep.kind !== 'FIB' ? { path, label: convStep.label, kind: convStep.kind } : undefined, { durationMs: CONV_DOT_MS });
  }, [convStep, layout, ready]);

  return (
    <section className="topology" aria-label={t('topo.region')}>
      <div className="topo-box" ref={boxRef}>
        <svg ref={svgRef} role="group" aria-label={t('topo.svg', { name: state.scenario.topology.name, nodes: state.nodes.length, pods: state.pods.length })} />
        <canvas ref={canvasRef} className="packet-canvas" aria-hidden="true" />
        {info && (
          <p className="topo-info" role="status">
            <span>{info}</span>
            <button type="button" aria-label={t('topo.infoClose')} onClick={() => setInfo(undefined)}>
              ✕
            </button>
          </p>
        )}
      </div>
      <div className="topo-tools" role="toolbar" aria-label={t('topo.zoom')}>
        <button type="button" aria-label={t('topo.zoomIn')} onClick={() => viewRef.current?.zoomBy(1.25)}>
          +
        </button>
        <button type="button" aria-label={t('topo.zoomOut')} onClick={() => viewRef.current?.zoomBy(0.8)}>
          −
        </button>
        <button
          type="button"
          aria-label={t('topo.fit')}
          title={t('topo.fitTitle')}
          onClick={() => {
            viewRef.current?.fitAll();
            setShowingAll(true);
          }}
        >
          ⤢
        </button>
      </div>
      {/* outside the drawing area, so it hides no card however the picture is panned */}
      {partial && (
        <p className="note partial topo-partial">
          {t(showingAll ? 'topo.partialAll' : compact && navigator.maxTouchPoints > 0 ? 'topo.partialTwoFingers' : 'topo.partial')}
        </p>
      )}
      {stepBar && <TopoStepBar />}
      {!compact && <Legend />}
    </section>
  );
}

function Legend() {
  const t = useT();
  return (
    <ul className="legend" aria-label={t('topo.legend')}>
      <li>
        <i className="lg underlay" /> {t('legend.underlay')}
      </li>
      <li>
        <i className="lg overlay-ipip" /> {t('legend.ipip')}
      </li>
      <li>
        <i className="lg overlay-vxlan" /> {t('legend.vxlan')}
      </li>
      <li>
        <i className="lg bgp-mesh" /> {t('legend.mesh')}
      </li>
      <li>
        <i className="lg bgp-rr" /> {t('legend.rr')}
      </li>
      <li>
        <i className="lg packet" /> {t('legend.packet')}
      </li>
    </ul>
  );
}
