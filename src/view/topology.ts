// The topology picture as a D3 engine: createTopologyView(svg, callbacks) → { update, destroy, ... }.
// React owns the <svg>; this engine owns everything inside it. Static structure only (segments, routers,
// node cards with NICs, devices, blocks and pods, BGP sessions, the tunnel a packet takes): the moving
// packet is drawn on a canvas above it (packetLayer.ts). Colours come from CSS classes, so themes need no
// redraw. Every text is set with .text(): names from a user's YAML are never parsed as markup.

import { select, zoom, zoomIdentity, type Selection, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { TopoModel, ViewGroup, ViewNode, ViewRouter } from './model';
import { translate, type Lang, type MessageKey } from '../i18n';
import { provenanceWhy } from '../i18n/core';
import { type Box, type GroupBox, type Layout, type NodeBox, type Pt, HEADER_H, POD_H, DEVICE_H, BLOCK_H, NIC_H, MORE_H, GROUP_LINE_H, blockLine, deviceLabel, groupLines, groupTitle, sessionPath } from './layout';
import { fitScale, fitTransform, growToNeighbours, sideEdges, slideClear } from './zoomLevel';

export interface Highlight {
  /** endpoints picked (NetNS ids) */
  from?: string;
  to?: string;
  /** namespaces the packet visits */
  path?: ReadonlySet<string>;
  /** where the packet is now */
  current?: { ns: string; dev?: string };
  /** overlay tunnels the walk used (encap → decap), drawn while it is shown */
  tunnels?: { from: Pt; to: Pt; kind: 'ipip' | 'vxlan' }[];
}

export interface TopologyCallbacks {
  /** a pod, node or router was clicked (or Enter/Space on it) */
  onPick?(ns: string, kind: 'pod' | 'node' | 'router'): void;
  /** the view was panned or zoomed (the packet canvas follows) */
  onZoom?(t: { k: number; x: number; y: number }): void;
  /** the "+N pods" row of a node was clicked: show all its pods (or fold them again) */
  onExpand?(node: string): void;
  /** a node group's card was clicked: show its members as cards (or fold them again) */
  onGroup?(id: string): void;
  /** a tap (touch, no hover) on something that has a tooltip: its text, to show in the open; undefined on a
   *  tap on nothing that has one */
  onInfo?(text: string | undefined): void;
}

export interface TopologyInput {
  model: TopoModel;
  layout: Layout;
  highlight?: Highlight;
  /** the UI language for labels and accessible names (default en); names and addresses are never translated */
  lang?: Lang;
  /** the fit never zooms below this (names stay readable; see zoomLevel.ts) */
  minScale?: number;
  /** the picture is fitted again whenever this changes (default: node/router count and columns) */
  fitKey?: string;
  /** nodes whose pods the viewer unfolded */
  expanded?: ReadonlySet<string>;
}

export interface TopologyView {
  update(input: TopologyInput): void;
  zoomBy(factor: number): void;
  fit(): void;
  /** the whole picture, however small (the ⤢ button: the viewer asked for it) */
  fitAll(): void;
  /** zoom so that a box of the picture (layout coordinates) fills the view */
  fitTo(box: { x: number; y: number; w: number; h: number }, maxScale?: number, cards?: readonly Box[]): void;
  /** pan, at the current zoom, just enough that a box of the picture (layout coordinates) is in view */
  keepInView(box: { x: number; y: number; w: number; h: number }): void;
  transform(): { k: number; x: number; y: number };
  destroy(): void;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

function truncate(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

/** The top of a session arc ("M ax,ay Q cx,cy bx,by"): where its count is written. */
function arcTop(d: string): Pt {
  const n = d.match(/-?[\d.]+/g)?.map(Number) ?? [];
  if (n.length < 6) return { x: 0, y: 0 };
  const [ax, ay, cx, cy, bx, by] = n;
  return { x: (ax + 2 * cx + bx) / 4, y: (ay + 2 * cy + by) / 4 };
}

export interface TopologyOptions {
  /** an embed in someone's page: one finger scrolls that page, two pan and zoom the picture (else a picture
   *  filling a phone's screen would trap the reader's scrolling) */
  cooperative?: boolean;
}

export function createTopologyView(svgEl: SVGSVGElement, cb: TopologyCallbacks = {}, opts: TopologyOptions = {}): TopologyView {
  const svg = select(svgEl);
  svg.classed('topo', true);
  const viewport = svg.append('g').attr('class', 'viewport');
  const gBars = viewport.append('g').attr('class', 'layer-underlay');
  const gSessions = viewport.append('g').attr('class', 'layer-bgp');
  // segment names above the BGP lines (a mesh's dotted arcs struck through them), below the cards
  const gBarLabels = viewport.append('g').attr('class', 'layer-bar-labels').attr('aria-hidden', 'true');
  const gGroups = viewport.append('g').attr('class', 'layer-groups');
  const gNodes = viewport.append('g').attr('class', 'layer-nodes');
  const gRouters = viewport.append('g').attr('class', 'layer-routers');
  const gOverlay = viewport.append('g').attr('class', 'layer-overlay');
  const gNote = svg.append('g').attr('class', 'layer-note');

  let last: TopologyInput | undefined;
  let fittedFor = '';
  let current: ZoomTransform = zoomIdentity;
  let lang: Lang = 'en';
  const tr = (key: MessageKey, params?: Record<string, string | number>) => translate(lang, key, params);

  const z: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.08, 4])
    .filter((ev: Event) => {
      // wheel zooms, drag pans; clicks on pods/nodes stay clicks
      const t = ev.target as Element | null;
      if (ev.type === 'mousedown' && t?.closest('[data-pick]')) return false;
      if (opts.cooperative && ev.type === 'touchstart' && (ev as TouchEvent).touches.length < 2) return false;
      const me = ev as MouseEvent;
      return (!me.ctrlKey || ev.type === 'wheel') && !me.button;
    })
    .on('zoom', (ev: { transform: ZoomTransform; sourceEvent?: unknown }) => {
      current = ev.transform;
      viewport.attr('transform', current.toString());
      keepBarLabelsInView();
      cb.onZoom?.({ k: current.k, x: current.x, y: current.y });
    });
  svg.call(z);
  svg.on('dblclick.zoom', null);

  // Touch has no hover, so a <title> tooltip is never seen there: a tap shows its text instead (the pick a
  // tap also makes still happens). Captured, because a pod's own click handler stops the event.
  let lastPointer = '';
  const onPointer = (ev: PointerEvent) => (lastPointer = ev.pointerType);
  svgEl.addEventListener('pointerdown', onPointer, true);
  const onTapInfo = (ev: MouseEvent) => {
    // a device chip or a component says who made it / how it is on any click (data-info-click); the rest on touch
    const explains = (ev.target as Element | null)?.closest?.('[data-info-click]');
    if (lastPointer !== 'touch' && !explains) return;
    let text: string | undefined;
    for (let e = ev.target as Element | null; e && e !== svgEl && text === undefined; e = e.parentElement) {
      const title = [...e.children].find((c) => c.tagName.toLowerCase() === 'title');
      if (title) text = title.textContent ?? undefined;
    }
    cb.onInfo?.(text);
  };
  svgEl.addEventListener('click', onTapInfo, true);

  const pick = (ns: string, kind: 'pod' | 'node' | 'router') => cb.onPick?.(ns, kind);
  const pickable = (g: Selection<SVGGElement, unknown, null, undefined>, ns: string, kind: 'pod' | 'node' | 'router', label: string) => {
    g.attr('data-pick', ns)
      .attr('role', 'button')
      .attr('tabindex', 0)
      .attr('aria-label', label)
      .on('click', (ev: MouseEvent) => {
        ev.stopPropagation();
        pick(ns, kind);
      })
      .on('keydown', (ev: KeyboardEvent) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          pick(ns, kind);
        }
      });
  };

  let minScale = 0.08;
  /** `cards`: the picture's cards; where the box leaves room to spare, the view slides within it so that its
   *  edges cut none of them (slideClear) */
  function fitTo(b: { x: number; y: number; w: number; h: number }, maxScale = 1.4, cards: readonly Box[] = []) {
    const w = svgEl.clientWidth || 800;
    const h = svgEl.clientHeight || 500;
    const f = fitTransform(b, w, h, minScale, Math.max(maxScale, minScale));
    if (cards.length) {
      // across: the cards level with the view; then up and down: the cards in its (slid) width
      const y1 = -f.y / f.k;
      const y2 = (h - f.y) / f.k;
      const level = cards.filter((c) => c.y < y2 && c.y + c.h > y1);
      f.x -= slideClear(-f.x / f.k, (w - f.x) / f.k, b.x, b.x + b.w, level.map((c) => ({ lo: c.x, hi: c.x + c.w }))) * f.k;
      const x1 = -f.x / f.k;
      const x2 = (w - f.x) / f.k;
      const within = cards.filter((c) => c.x < x2 && c.x + c.w > x1);
      f.y -= slideClear(y1, y2, b.y, b.y + b.h, within.map((c) => ({ lo: c.y, hi: c.y + c.h }))) * f.k;
    }
    svg.call(z.transform, zoomIdentity.translate(f.x, f.y).scale(f.k));
  }

  /** The whole picture if it fits at a readable scale; else the cards of the packet's endpoints (the part
   *  a class is about to watch), the rest a pan away (TopologyPane says so in a strip under the picture). */
  function fit() {
    if (!last) return;
    const { layout: l, model: m, highlight: h } = last;
    const w = svgEl.clientWidth || 800;
    const hh = svgEl.clientHeight || 500;
    const whole = { x: 0, y: 0, w: l.width, h: l.height };
    if (Math.min(w / whole.w, hh / whole.h) >= minScale) return fitTo(whole);
    const holds = (ns: string | undefined) => (n: TopoModel['nodes'][number]) => !!ns && (n.ns === ns || n.pods.some((p) => p.ns === ns) || n.hiddenPods.some((p) => p.ns === ns));
    const source = m.nodes.filter(holds(h?.from)).slice(0, 1);
    // a big cluster: the source's group card too (it stands just before the source), so groups are in view
    const group: Box[] = source[0]?.group !== undefined && l.groups.has(source[0].group) ? [l.groups.get(source[0].group)!] : [];
    let cards: Box[] = [...group, ...m.nodes.filter((n) => holds(h?.from)(n) || holds(h?.to)(n)).map((n) => l.nodes.get(n.name)!)];
    if (!cards.length) return fitTo(whole);
    // both endpoints' cards if they fit at a readable scale, else the source's (whole, not two halves)
    const span = (bs: Box[]) => ({ w: Math.max(...bs.map((b) => b.x + b.w)) - Math.min(...bs.map((b) => b.x)) + 16, h: Math.max(...bs.map((b) => b.y + b.h)) - Math.min(...bs.map((b) => b.y)) + 76 });
    const sp = span(cards);
    let cap = 1.4;
    if (cards.length > 1 && Math.min(w / sp.w, hh / sp.h) < minScale) {
      cards = [...group, ...source.map((n) => l.nodes.get(n.name)!)];
      cap = minScale; // the source at the readable scale, its neighbours partly in view on either side
    }
    // room at the sides for a resting packet's badge beside the outer cards (layout's Rest), up to a neighbour;
    // whole neighbours join while they fit at the readable scale
    const all = [...l.nodes.values(), ...l.routers.values(), ...l.groups.values()];
    const boxOf = (bs: readonly Box[]) => {
      const { x1, x2 } = sideEdges(bs, all, 34);
      const y1 = Math.min(...bs.map((b) => b.y)) - 40;
      return { x: x1, y: y1, w: x2 - x1, h: Math.max(...bs.map((b) => b.y + b.h)) + 36 - y1 };
    };
    const readable = (bs: readonly Box[]) => {
      const b = boxOf(bs);
      return fitScale({ width: b.w, height: b.h }, { w, h: hh }) >= minScale;
    };
    cards = growToNeighbours(cards, all, readable);
    fitTo(boxOf(cards), cap, all);
  }

  function drawBars(m: TopoModel, l: Layout) {
    gBars.selectAll('*').remove();
    gBarLabels.selectAll('*').remove();
    const net = new Map(m.networks.map((n) => [n.name, n]));
    // cables: NIC chip → its bar
    for (const n of m.nodes) {
      const box = l.nodes.get(n.name);
      if (!box) continue;
      for (const nic of n.nics) {
        const b = l.nicBoxes.get(`${n.ns}|${nic.name}`);
        const bar = l.bars.find((x) => x.network === nic.network && x.row === box.row);
        if (!b || !bar) continue;
        gBars
          .append('line')
          .attr('class', 'cable')
          .attr('x1', b.x + b.w / 2)
          .attr('x2', b.x + b.w / 2)
          .attr('y1', b.y + b.h)
          .attr('y2', bar.y);
      }
    }
    for (const g of m.groups ?? []) {
      const box = l.groups.get(g.id);
      if (!box) continue;
      for (const net of g.networks) {
        const b = l.nicBoxes.get(`${g.id}|${net}`);
        const bar = l.bars.find((x) => x.network === net && x.row === box.row);
        if (!b || !bar) continue;
        gBars.append('line').attr('class', 'cable').attr('x1', b.x + b.w / 2).attr('x2', b.x + b.w / 2).attr('y1', b.y + b.h).attr('y2', bar.y);
      }
    }
    for (const t of l.trunks) gBars.append('line').attr('class', 'trunk').attr('x1', t.x).attr('x2', t.x).attr('y1', t.y1).attr('y2', t.y2);
    for (const r of m.routers) {
      const rb = l.routers.get(r.name);
      if (!rb) continue;
      for (const i of r.ifaces) {
        const t = l.trunks.find((x) => x.network === i.network);
        if (!t) continue;
        gBars.append('line').attr('class', 'cable').attr('x1', t.x).attr('x2', rb.x).attr('y1', rb.ifaceY[i.name]).attr('y2', rb.ifaceY[i.name]);
      }
    }
    for (const b of l.bars) {
      const g = gBars.append('g').attr('class', 'segment').attr('role', 'img');
      const n = net.get(b.network);
      const label = n ? `${b.network}  ${n.cidr}  MTU ${n.mtu}` : b.network;
      g.attr('aria-label', tr('topo.segment', { label }));
      g.append('line').attr('class', 'bar').attr('x1', b.x1).attr('x2', b.x2).attr('y1', b.y).attr('y2', b.y);
      // the name is the group's aria-label; drawn in its own layer (above the sessions), hidden from readers
      gBarLabels.append('text').attr('class', 'bar-label').attr('x', b.x1 + 4).attr('y', b.y - 7).attr('data-x1', b.x1).attr('data-x2', b.x2).text(label + (b.row > 0 ? `  ${tr('topo.sameSegment')}` : ''));
    }
    keepBarLabelsInView();
  }

  /** A segment's label sits at its bar's left end, unless that end is off screen (the fit shows the packet's
   *  cards, the bar runs on past them): then at the picture's left edge, still over its own bar. A label the
   *  top or bottom edge cuts through (the row above the packet's, half in view) is left out until a pan
   *  brings it whole: half a line of text is noise to a class, and the bar itself stays drawn. */
  function keepBarLabelsInView() {
    const left = -current.x / current.k + 6 / current.k;
    const top = -current.y / current.k;
    const bottom = top + (svgEl.clientHeight || 0) / current.k;
    gBarLabels.selectAll<SVGTextElement, unknown>('text.bar-label').each(function () {
      const x1 = Number(this.getAttribute('data-x1')) + 4;
      const x2 = Number(this.getAttribute('data-x2')) - 4;
      const width = typeof this.getComputedTextLength === 'function' ? this.getComputedTextLength() : 0;
      this.setAttribute('x', String(Math.max(x1, Math.min(left, x2 - width))));
      // the baseline and the font's ascent (12 px type, a few px of descent)
      const base = Number(this.getAttribute('y'));
      const cut = bottom > top && ((base - 13 < top && base + 3 > top) || (base - 13 < bottom && base + 3 > bottom));
      this.classList.toggle('cut', cut);
    });
  }

  function drawSessions(m: TopoModel, l: Layout) {
    gSessions.selectAll('*').remove();
    gNote.selectAll('*').remove();
    const boxOf = (name: string): Box | undefined => l.nodes.get(name) ?? l.groups.get(name) ?? l.routers.get(name);
    const groupName = new Map((m.groups ?? []).map((g) => [g.id, groupTitle(g)]));
    const nameOf = (id: string) => groupName.get(id) ?? id;
    for (const s of m.sessions) {
      const a = boxOf(s.a);
      const b = boxOf(s.b);
      if (!a || !b) continue;
      const d = sessionPath(a, b);
      const kind = tr(s.kind === 'mesh' ? 'topo.session.mesh' : s.kind === 'reflector' ? 'topo.session.rr' : 'topo.session.peer');
      // data-a / data-b: the session's two speakers, so a test can check the line ends at their boxes
      const line = gSessions.append('path').attr('class', `session ${s.kind} state-${s.state}${s.count !== undefined ? ' summary' : ''}`).attr('d', d).attr('data-a', s.a).attr('data-b', s.b);
      // a finger-wide invisible copy carries the tooltip: a 2 px line is too thin to tap
      const p = gSessions.append('path').attr('class', 'session-hit').attr('d', d);
      if (s.count === undefined) {
        p.append('title').text(tr('topo.session', { a: s.a, b: s.b, kind, info: s.info }));
        continue;
      }
      // a big cluster's summary line: how many sessions it stands for, at the top of its arc
      line.attr('data-count', s.count).attr('data-up', s.up ?? 0);
      p.append('title').text(tr('topo.groupSession', { a: nameOf(s.a), b: nameOf(s.b), kind, n: s.count, up: s.up ?? 0 }));
      const mid = arcTop(d);
      const bad = s.count - (s.up ?? 0);
      gSessions
        .append('text')
        .attr('class', `session-count state-${s.state}`)
        .attr('x', mid.x)
        .attr('y', mid.y - 4)
        .attr('text-anchor', 'middle')
        .text(bad ? tr('topo.sessionCountBad', { n: s.count, bad }) : tr('topo.sessionCount', { n: s.count }));
    }
    if (m.hiddenSessions > 0) {
      gNote.append('text').attr('class', 'note').attr('x', 12).attr('y', 20).text(m.hiddenNotUp ? tr('topo.meshNotUp', { n: m.hiddenSessions, bad: m.hiddenNotUp }) : tr('topo.meshNote', { n: m.hiddenSessions }));
    }
  }

  function nodeSig(n: ViewNode, box: NodeBox, h: Highlight | undefined): string {
    const mine = (ns?: string) => ns !== undefined && (ns === n.ns || n.pods.some((p) => p.ns === ns) || n.hiddenPods.some((p) => p.ns === ns));
    const cur = h?.current && mine(h.current.ns) ? `${h.current.ns}|${h.current.dev ?? ''}` : '';
    const onPath = h?.path ? [n.ns, ...n.pods.map((p) => p.ns)].filter((x) => h.path!.has(x)).join(',') : '';
    return JSON.stringify([lang, n, box.x, box.y, box.w, box.h, expandedSet.has(n.name), mine(h?.from) ? h!.from : '', mine(h?.to) ? h!.to : '', cur, onPath]);
  }

  function drawNode(g: G, n: ViewNode, box: NodeBox, h: Highlight | undefined) {
    g.selectAll('*').remove();
    const x = box.x;
    const CARD_W = box.w;
    const card = lastLayout!.card;
    const onPath = (ns: string) => !!h?.path?.has(ns);
    const isCur = (ns: string, dev?: string) => h?.current?.ns === ns && (dev === undefined || h.current.dev === dev);
    g.attr('role', 'group').attr('aria-label', tr(n.reflector ? 'topo.nodeRr' : 'topo.node', { name: `${n.name}${n.address ? ' ' + n.address : ''}` })).attr('data-node', n.name);
    if (n.group) g.attr('data-in-group', n.group);
    g.append('rect')
      .attr('class', `card${onPath(n.ns) ? ' on-path' : ''}${n.down ? ' down' : ''}${isCur(n.ns) ? ' current' : ''}`)
      .attr('x', x)
      .attr('y', box.y)
      .attr('width', CARD_W)
      .attr('height', box.h)
      .attr('rx', 8);
    // header (pick the node as an endpoint)
    const hd = g.append('g').attr('class', `node-head${h?.from === n.ns ? ' picked-from' : ''}${h?.to === n.ns ? ' picked-to' : ''}`);
    pickable(hd, n.ns, 'node', tr('topo.nodePick', { name: n.name }));
    hd.append('rect').attr('class', 'head-hit').attr('x', x + 4).attr('y', box.y + 4).attr('width', CARD_W - 8).attr('height', HEADER_H - 8).attr('rx', 5);
    hd.append('text').attr('class', 'node-name').attr('x', x + 12).attr('y', box.y + 19).text(truncate(n.name, card.nodeChars));
    hd.append('text').attr('class', 'node-addr').attr('x', x + 12).attr('y', box.y + 36).text(n.address ? tr('topo.nodeIp', { ip: n.address }) : tr('topo.noNodeIp'));
    if (n.reflector) {
      const b = g.append('g').attr('class', 'badge rr');
      b.append('rect').attr('x', x + CARD_W - 44).attr('y', box.y + 7).attr('width', 34).attr('height', 18).attr('rx', 9);
      b.append('text').attr('x', x + CARD_W - 27).attr('y', box.y + 20).attr('text-anchor', 'middle').text('RR');
      b.append('title').text(tr('topo.rrTitle'));
    }
    // the install's components on this node and their health (core/components)
    if (n.components.length) {
      const cg = g.append('g').attr('class', 'components').attr('role', 'group').attr('aria-label', tr('topo.components', { node: n.name })).attr('data-components', n.name);
      let cx = x + 12;
      for (const c of n.components) {
        const label = `${c.name} ${c.readyText}`;
        const cc = cg.append('g').attr('class', `comp ${c.ready ? 'ok' : 'bad'}`).attr('data-comp', c.name).attr('data-info-click', 'true');
        cc.append('text')
          .attr('x', cx)
          .attr('y', box.y + HEADER_H + 10)
          .text(`${c.ready ? '●' : '✕'} ${label}`);
        cc.append('title').text(tr('topo.componentTitle', { pod: c.pod, ready: c.readyText, status: c.status, processes: c.processes.join(', ') }) + (c.problem ? `\n${c.problem}` : ''));
        cx += (label.length + 3) * 6.2;
      }
    }
    if (n.down) g.append('text').attr('class', 'down-label').attr('x', x + CARD_W - 12).attr('y', box.y + 36).attr('text-anchor', 'end').text(tr('topo.down'));
    // pods hanging off their host-side veths
    n.pods.forEach((p, i) => {
      const py = box.podsY + i * POD_H;
      const pg = g.append('g').attr('class', `pod${onPath(p.ns) ? ' on-path' : ''}${h?.from === p.ns ? ' picked-from' : ''}${h?.to === p.ns ? ' picked-to' : ''}${isCur(p.ns) ? ' current' : ''}`);
      pickable(pg, p.ns, 'pod', tr('topo.podPick', { pod: `${p.namespace}/${p.name}`, ip: p.ip, node: n.name }));
      pg.attr('data-pod', `${p.namespace}/${p.name}`);
      pg.append('rect').attr('class', 'pod-box').attr('x', x + 10).attr('y', py + 1).attr('width', card.podW).attr('height', POD_H - 4).attr('rx', 4);
      pg.append('text').attr('class', 'pod-name').attr('x', x + 16).attr('y', py + 14).text(truncate(p.name, card.podChars));
      pg.append('text').attr('class', 'pod-ip').attr('x', x + 16).attr('y', py + 27).text(p.ip);
      pg.append('title').text(tr('topo.podTitle', { pod: `${p.namespace}/${p.name}`, ip: p.ip, veth: p.veth }));
      const vx = x + CARD_W - 10 - card.vethW;
      g.append('line').attr('class', 'veth-line').attr('x1', x + 10 + card.podW).attr('x2', vx).attr('y1', py + 15).attr('y2', py + 15);
      g.append('rect')
        .attr('class', `chip veth${isCur(n.ns, p.veth) ? ' current' : ''}`)
        .attr('data-dev', p.veth)
        .attr('x', vx)
        .attr('y', py + 5)
        .attr('width', card.vethW)
        .attr('height', 20)
        .attr('rx', 3);
      g.append('text').attr('class', 'chip-text mono').attr('x', vx + 6).attr('y', py + 19).text(p.veth);
    });
    const open = expandedSet.has(n.name);
    if (n.hiddenPods.length || open) {
      // the folded pods: one row that unfolds them (semantic zoom), or folds them again
      const py = box.podsY + n.pods.length * POD_H;
      const hidden = n.hiddenPods;
      const cur = hidden.some((p) => isCur(p.ns));
      const mg = g.append('g').attr('class', 'more-row');
      mg.attr('data-expand', n.name)
        .attr('role', 'button')
        .attr('tabindex', 0)
        .attr('aria-expanded', String(open))
        .attr('aria-label', open ? tr('topo.foldPodsAria', { node: n.name }) : tr('topo.unfoldPodsAria', { n: hidden.length, node: n.name }))
        .on('click', (ev: MouseEvent) => {
          ev.stopPropagation();
          cb.onExpand?.(n.name);
        })
        .on('keydown', (ev: KeyboardEvent) => {
          if (ev.key === 'Enter' || ev.key === ' ') {
            ev.preventDefault();
            cb.onExpand?.(n.name);
          }
        });
      mg.append('rect').attr('class', `more${cur ? ' current' : ''}`).attr('x', x + 10).attr('y', py + 2).attr('width', CARD_W - 20).attr('height', MORE_H - 4).attr('rx', 4);
      mg.append('text').attr('class', 'more-text').attr('x', x + CARD_W / 2).attr('y', py + 17).attr('text-anchor', 'middle').text(open ? tr('topo.foldPods') : tr('topo.unfoldPods', { n: hidden.length }));
    }
    // tunnels and bridges
    n.devices.forEach((d, i) => {
      const dy = box.devicesY + i * DEVICE_H;
      g.append('rect')
        .attr('class', `chip dev kind-${d.kind}${isCur(n.ns, d.name) ? ' current' : ''}`)
        .attr('data-dev', d.name)
        .attr('data-info-click', 'true')
        .attr('x', x + 10)
        .attr('y', dy + 2)
        .attr('width', CARD_W - 20)
        .attr('height', DEVICE_H - 4)
        .attr('rx', 3)
        .append('title')
        .text(tr('topo.devTitle', { dev: d.name, by: d.madeBy.pod ? `${tr(`programmer.${d.madeBy.by}`)} (${d.madeBy.pod})` : tr(`programmer.${d.madeBy.by}`), why: provenanceWhy(lang, d.madeBy) }));
      g.append('text')
        .attr('class', 'chip-text mono dev-text')
        .attr('x', x + 16)
        .attr('y', dy + 15)
        .text(deviceLabel(d));
    });
    // IPAM blocks (Calico) / podCIDR (Flannel)
    const blocks = n.blocks.slice(0, n.blocks.length > 3 ? 2 : 3);
    blocks.forEach((b, i) => g.append('text').attr('class', 'block mono').attr('x', x + 12).attr('y', box.blocksY + 14 + i * BLOCK_H).text(tr('topo.block', { cidr: b })));
    if (n.blocks.length > 3) g.append('text').attr('class', 'block mono').attr('x', x + 12).attr('y', box.blocksY + 13 + 2 * BLOCK_H).text(tr('topo.moreBlocks', { n: n.blocks.length - 2 }));
    // NICs on the bottom edge
    n.nics.forEach((nic) => {
      const nb = lastLayout!.nicBoxes.get(`${n.ns}|${nic.name}`);
      if (!nb) return;
      g.append('rect')
        .attr('class', `chip nic${isCur(n.ns, nic.name) ? ' current' : ''}`)
        .attr('data-dev', nic.name)
        .attr('x', nb.x)
        .attr('y', nb.y)
        .attr('width', nb.w)
        .attr('height', NIC_H)
        .attr('rx', 4);
      g.append('text').attr('class', 'nic-name').attr('x', nb.x + 6).attr('y', nb.y + 15).text(nic.name);
      g.append('text').attr('class', 'nic-ip mono').attr('x', nb.x + 6).attr('y', nb.y + 29).text(nic.ip ?? '');
    });
  }

  function drawGroup(g: G, grp: ViewGroup, box: GroupBox) {
    g.selectAll('*').remove();
    const { x, w } = box;
    const card = lastLayout!.card;
    const title = groupTitle(grp);
    const toggle = () => cb.onGroup?.(grp.id);
    g.attr('role', 'group').attr('aria-label', tr('topo.group', { name: title, nodes: grp.members.length, pods: grp.pods })).attr('data-group', grp.id).attr('data-open', String(grp.open));
    g.append('rect').attr('class', `card group-card${grp.down ? ' down' : ''}`).attr('x', x).attr('y', box.y).attr('width', w).attr('height', box.h).attr('rx', 8);
    // a stack's edge under the card: it stands for several nodes
    g.append('path').attr('class', 'group-stack').attr('d', `M${x + 6},${box.y + box.h + 3} H${x + w - 6} M${x + 12},${box.y + box.h + 6} H${x + w - 12}`);
    // the header opens it too (a bigger target for a mouse or a finger); the keyboard and a screen reader
    // get the one button below, not two with the same name
    const hd = g.append('g').attr('class', 'node-head group-head');
    hd.on('click', (ev: MouseEvent) => {
      ev.stopPropagation();
      toggle();
    });
    hd.append('rect').attr('class', 'head-hit').attr('x', x + 4).attr('y', box.y + 4).attr('width', w - 8).attr('height', HEADER_H - 8).attr('rx', 5);
    hd.append('text').attr('class', 'node-name group-name').attr('x', x + 12).attr('y', box.y + 19).text(truncate(title, card.nodeChars));
    hd.append('text').attr('class', 'node-addr group-counts').attr('x', x + 12).attr('y', box.y + 36).text(tr('topo.groupCounts', { nodes: grp.members.length, pods: grp.pods }));
    if (grp.reflectors) {
      const b = g.append('g').attr('class', 'badge rr');
      b.append('rect').attr('x', x + w - 44).attr('y', box.y + 7).attr('width', 34).attr('height', 18).attr('rx', 9);
      b.append('text').attr('x', x + w - 27).attr('y', box.y + 20).attr('text-anchor', 'middle').text('RR');
      b.append('title').text(tr('topo.rrTitle'));
    }
    if (grp.down) g.append('text').attr('class', 'down-label').attr('x', x + w - 12).attr('y', box.y + 36).attr('text-anchor', 'end').text(tr('topo.groupDown', { n: grp.down }));
    const [addrs, , devices, comps] = groupLines(grp);
    const blocks = grp.blocks ? blockLine(grp, (n, size, range) => tr(last?.model.cni === 'flannel' ? 'topo.groupCidrLine' : 'topo.groupBlockLine', { n, size, range })) : '-';
    const chars = Math.floor((w - 24) / 6.7);
    // each line with what it means as its tooltip (beside the text, not in it)
    const line = (i: number, cls: string, text: string, title?: string) => {
      const lg = g.append('g');
      lg.append('text').attr('class', cls).attr('x', x + 12).attr('y', box.linesY + 12 + i * GROUP_LINE_H).text(truncate(text, chars));
      if (title) lg.append('title').text(title);
    };
    line(0, 'group-line mono', addrs, tr('topo.groupAddrs'));
    line(1, 'group-line block mono', blocks, tr(grp.blocks ? 'topo.groupBlocks' : 'topo.groupNoBlocks'));
    // the devices on a chip coloured like a card's device chips (IPIP, VXLAN, bridge): the mode at a glance
    const kind = grp.devices.find((d) => d.kind === 'ipip' || d.kind === 'vxlan')?.kind ?? grp.devices[0]?.kind;
    if (kind) g.append('rect').attr('class', `chip dev kind-${kind}`).attr('x', x + 8).attr('y', box.linesY + 2 * GROUP_LINE_H + 1).attr('width', w - 16).attr('height', GROUP_LINE_H - 1).attr('rx', 3);
    line(2, 'group-line mono', devices, tr('topo.groupDevices'));
    const healthy = grp.components.every((c) => c.ready === c.total);
    line(3, `group-line comp-line ${healthy ? 'ok' : 'bad'}`, comps);
    // the members as cards (a page of at most GROUP_MAX), or folded back into this card
    const mg = g.append('g').attr('class', 'more-row').attr('data-group-toggle', grp.id).attr('role', 'button').attr('tabindex', 0).attr('aria-expanded', String(grp.open));
    mg.attr('aria-label', tr(grp.open ? 'topo.groupFoldAria' : 'topo.groupOpenAria', { n: grp.members.length, name: title }))
      .on('click', (ev: MouseEvent) => {
        ev.stopPropagation();
        toggle();
      })
      .on('keydown', (ev: KeyboardEvent) => {
        if (ev.key === 'Enter' || ev.key === ' ') {
          ev.preventDefault();
          toggle();
        }
      });
    mg.append('rect').attr('class', 'more').attr('x', x + 10).attr('y', box.openY + 2).attr('width', w - 20).attr('height', MORE_H - 4).attr('rx', 4);
    const others = grp.members.length - grp.shown.length;
    mg.append('text')
      .attr('class', 'more-text')
      .attr('x', x + w / 2)
      .attr('y', box.openY + 17)
      .attr('text-anchor', 'middle')
      .text(grp.open ? tr('topo.groupFold') : grp.shown.length ? tr('topo.groupOpenMore', { n: others }) : tr('topo.groupOpen', { n: grp.members.length }));
    // one chip per segment the members are cabled to
    const nets = new Map((last?.model.networks ?? []).map((n) => [n.name, n]));
    for (const net of grp.networks) {
      const nb = lastLayout!.nicBoxes.get(`${grp.id}|${net}`);
      if (!nb) continue;
      g.append('rect').attr('class', 'chip nic').attr('x', nb.x).attr('y', nb.y).attr('width', nb.w).attr('height', NIC_H).attr('rx', 4);
      g.append('text').attr('class', 'nic-name').attr('x', nb.x + 6).attr('y', nb.y + 15).text(truncate(net, Math.floor((nb.w - 12) / 7.5)));
      g.append('text').attr('class', 'nic-ip mono').attr('x', nb.x + 6).attr('y', nb.y + 29).text(truncate(nets.get(net)?.cidr ?? '', Math.floor((nb.w - 12) / 6.7)));
    }
  }

  function drawGroups(m: TopoModel, l: Layout) {
    const sel = gGroups
      .selectAll<SVGGElement, ViewGroup>('g.group')
      .data(m.groups ?? [], (d) => d.id)
      .join((enter) => enter.append('g').attr('class', 'group'));
    sel.each(function (grp) {
      const box = l.groups.get(grp.id);
      if (!box) return;
      const sig = JSON.stringify([lang, grp, box.x, box.y, box.w, box.h]);
      if (this.getAttribute('data-sig') === sig) return;
      this.setAttribute('data-sig', sig);
      drawGroup(select(this) as unknown as G, grp, box);
    });
  }

  let lastLayout: Layout | undefined;
  let expandedSet: ReadonlySet<string> = new Set();

  function drawNodes(m: TopoModel, l: Layout, h: Highlight | undefined) {
    const active = document.activeElement;
    const focusKey = active instanceof Element && svgEl.contains(active) ? active.getAttribute('data-pick') : null;
    const groups = gNodes
      .selectAll<SVGGElement, ViewNode>('g.node')
      .data(m.nodes, (d) => d.name)
      .join((enter) => enter.append('g').attr('class', 'node'));
    groups.each(function (n) {
      const box = l.nodes.get(n.name)!;
      const sig = nodeSig(n, box, h);
      if (this.getAttribute('data-sig') === sig) return;
      this.setAttribute('data-sig', sig);
      drawNode(select(this) as unknown as G, n, box, h);
    });
    groups.order();
    if (focusKey && document.activeElement !== active) {
      const el = svgEl.querySelector(`[data-pick="${CSS.escape(focusKey)}"]`);
      if (el instanceof SVGElement) el.focus();
    }
  }

  function drawRouters(m: TopoModel, l: Layout, h: Highlight | undefined) {
    gRouters.selectAll('*').remove();
    for (const r of m.routers) {
      const b = l.routers.get(r.name);
      if (!b) continue;
      drawRouter(r, b, h);
    }
  }

  function drawRouter(r: ViewRouter, b: { x: number; y: number; w: number; h: number; ifaceY: Record<string, number> }, h: Highlight | undefined) {
    const g = gRouters.append('g').attr('class', `router${h?.path?.has(r.ns) ? ' on-path' : ''}${h?.current?.ns === r.ns ? ' current' : ''}`).attr('data-router', r.name);
    pickable(g, r.ns, 'router', tr('topo.router', { name: r.name }));
    g.append('rect').attr('class', 'router-box').attr('x', b.x).attr('y', b.y).attr('width', b.w).attr('height', b.h).attr('rx', 14);
    g.append('text').attr('class', 'router-name').attr('x', b.x + 12).attr('y', b.y + 21).text(`${r.external ? '⇢ ' : ''}${truncate(r.name, 20)}`);
    for (const i of r.ifaces) g.append('text').attr('class', 'router-if mono').attr('x', b.x + 12).attr('y', b.ifaceY[i.name] + 4).text(`${i.name} ${i.ip ?? ''}`);
  }

  function drawOverlay(h: Highlight | undefined) {
    gOverlay.selectAll('*').remove();
    for (const t of h?.tunnels ?? []) {
      const mx = (t.from.x + t.to.x) / 2;
      const my = Math.max(t.from.y, t.to.y) + 40;
      gOverlay
        .append('path')
        .attr('class', `tunnel kind-${t.kind}`)
        .attr('d', `M${t.from.x},${t.from.y} Q${mx},${my} ${t.to.x},${t.to.y}`)
        .append('title')
        .text(tr(t.kind === 'ipip' ? 'topo.tunnel.ipip' : 'topo.tunnel.vxlan'));
    }
  }

  return {
    update(input) {
      const { model, layout, highlight } = input;
      const nextLang = input.lang ?? 'en';
      const sameStructure = last && last.model === model && last.layout === layout && lang === nextLang;
      lang = nextLang;
      last = input;
      lastLayout = layout;
      expandedSet = input.expanded ?? new Set();
      if (input.minScale !== undefined) minScale = input.minScale;
      if (!sameStructure) {
        drawBars(model, layout);
        drawSessions(model, layout);
      }
      drawGroups(model, layout);
      drawNodes(model, layout, highlight);
      drawRouters(model, layout, highlight);
      drawOverlay(highlight);
      const key = input.fitKey ?? `${model.nodes.length}|${model.routers.length}|${layout.columns}`;
      if (key !== fittedFor) {
        fittedFor = key;
        fit();
      }
    },
    zoomBy(factor) {
      svg.call(z.scaleBy, factor);
    },
    fit,
    fitAll() {
      if (!last) return;
      const w = svgEl.clientWidth || 800;
      const h = svgEl.clientHeight || 500;
      const f = fitTransform({ x: 0, y: 0, w: last.layout.width, h: last.layout.height }, w, h, 0.08, 1.4);
      svg.call(z.transform, zoomIdentity.translate(f.x, f.y).scale(f.k));
    },
    fitTo,
    keepInView(b) {
      const w = svgEl.clientWidth || 800;
      const h = svgEl.clientHeight || 500;
      const pad = 6;
      const shift = (lo: number, hi: number, size: number) => (hi > size - pad ? size - pad - hi : 0) || (lo < pad ? pad - lo : 0);
      const dx = shift(b.x * current.k + current.x, (b.x + b.w) * current.k + current.x, w);
      const dy = shift(b.y * current.k + current.y, (b.y + b.h) * current.k + current.y, h);
      if (dx || dy) svg.call(z.translateBy, dx / current.k, dy / current.k);
    },
    transform: () => ({ k: current.k, x: current.x, y: current.y }),
    destroy() {
      svgEl.removeEventListener('click', onTapInfo, true);
      svgEl.removeEventListener('pointerdown', onPointer, true);
      svg.on('.zoom', null);
      svg.selectAll('*').remove();
    },
  };
}
