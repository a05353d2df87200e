// Deterministic layout of the topology: numbers in, numbers out (no DOM, no force simulation). Nodes are
// cards in rows, in the Topology's order; under each row run the L2 segments its NICs are cabled to, as
// bars; a segment that spans several rows is joined by a vertical trunk at the right, where the routers
// sit. The same model always gives the same positions, so a toggle never makes the picture jump.

import type { TopoModel, ViewNode } from './model';
import type { WireSegment } from '../core/model/packet';

export interface Pt {
  x: number;
  y: number;
}

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface NodeBox extends Box {
  name: string;
  ns: string;
  row: number;
  /** y of each section inside the card */
  podsY: number;
  devicesY: number;
  blocksY: number;
  nicsY: number;
}

export interface Bar {
  network: string;
  row: number;
  x1: number;
  x2: number;
  y: number;
}

export interface Trunk {
  network: string;
  x: number;
  y1: number;
  y2: number;
}

export interface RouterBox extends Box {
  name: string;
  ns: string;
  /** y of each interface row (its cable meets the trunk at this height) */
  ifaceY: Record<string, number>;
}

export interface Layout {
  width: number;
  height: number;
  columns: number;
  nodes: Map<string, NodeBox>;
  routers: Map<string, RouterBox>;
  bars: Bar[];
  trunks: Trunk[];
  /** "ns" or "ns|dev" → point (centre of the drawn element) */
  anchors: Map<string, Pt>;
  /** NIC chips: "nodeNs|nic" → box (the cable leaves from the bottom centre) */
  nicBoxes: Map<string, Box>;
}

export const CARD_W = 264;
export const COL_GAP = 44;
export const MARGIN = 40;
export const TOP = 80;
export const HEADER_H = 42;
export const POD_H = 32;
export const MORE_H = 26;
export const DEVICE_H = 24;
export const BLOCK_H = 18;
export const NIC_H = 36;
export const BAR_GAP = 26;
export const ROW_GAP = 78;
export const ROUTER_W = 168;

/** Columns for n cards: without a box, a wide grid; with the box's aspect ratio (width / height), the
 *  column count that lets the whole picture be drawn largest in that box. */
export function columnsFor(n: number, aspect?: number, cardH = 260): number {
  if (n <= 1) return 1;
  if (aspect === undefined || !(aspect > 0)) return n <= 5 ? n : Math.min(10, Math.ceil(Math.sqrt(n * 2)));
  let best = 1;
  let bestScale = 0;
  for (let c = 1; c <= Math.min(n, 12); c++) {
    const rows = Math.ceil(n / c);
    const w = MARGIN * 2 + c * (CARD_W + COL_GAP) + 120;
    const h = TOP + rows * (cardH + BAR_GAP + ROW_GAP);
    const scale = Math.min(aspect / w, 1 / h);
    if (scale > bestScale * 1.0001) {
      best = c;
      bestScale = scale;
    }
  }
  return best;
}

export function cardHeight(n: Pick<ViewNode, 'pods' | 'hiddenPods' | 'devices' | 'blocks'>): number {
  const blocks = Math.min(n.blocks.length, 3);
  return HEADER_H + n.pods.length * POD_H + (n.hiddenPods.length ? MORE_H : 0) + 6 + n.devices.length * DEVICE_H + (blocks ? blocks * BLOCK_H + 4 : 0) + 8 + NIC_H + 8;
}

export interface LayoutOptions {
  /** width / height of the box the picture is shown in */
  aspect?: number;
}

export function computeLayout(m: TopoModel, opts: LayoutOptions = {}): Layout {
  const typical = m.nodes.length ? Math.max(...m.nodes.map(cardHeight)) : 200;
  const columns = columnsFor(m.nodes.length, opts.aspect, typical);
  const nodes = new Map<string, NodeBox>();
  const anchors = new Map<string, Pt>();
  const nicBoxes = new Map<string, Box>();
  const bars: Bar[] = [];
  const netIndex = new Map(m.networks.map((n, i) => [n.name, i]));
  // networks the picture knows: the Topology's, plus any a NIC names that it does not list
  const netOrder = [...m.networks.map((n) => n.name)];
  for (const n of m.nodes) for (const nic of n.nics) if (!netIndex.has(nic.network)) (netIndex.set(nic.network, netOrder.length), netOrder.push(nic.network));
  for (const r of m.routers) for (const i of r.ifaces) if (!netIndex.has(i.network)) (netIndex.set(i.network, netOrder.length), netOrder.push(i.network));

  const rowsRight = MARGIN + columns * (CARD_W + COL_GAP) - COL_GAP;
  const trunkX = (network: string) => rowsRight + 36 + (netIndex.get(network) ?? 0) * 16;
  const rows = Math.ceil(m.nodes.length / columns);
  let y = TOP;
  for (let r = 0; r < rows; r++) {
    const rowNodes = m.nodes.slice(r * columns, (r + 1) * columns);
    const rowH = Math.max(...rowNodes.map(cardHeight));
    rowNodes.forEach((n, c) => {
      const x = MARGIN + c * (CARD_W + COL_GAP);
      const h = cardHeight(n);
      const podsY = y + HEADER_H;
      const devicesY = podsY + n.pods.length * POD_H + (n.hiddenPods.length ? MORE_H : 0) + 6;
      const blocksY = devicesY + n.devices.length * DEVICE_H;
      // NICs sit on the card's bottom edge; cards in a row share the bottom so cables are equally long
      const nicsY = y + rowH - NIC_H - 8;
      nodes.set(n.name, { name: n.name, ns: n.ns, row: r, x, y, w: CARD_W, h: Math.max(h, rowH), podsY, devicesY, blocksY, nicsY });
      anchors.set(n.ns, { x: x + CARD_W / 2, y: y + 18 });
      n.pods.forEach((p, i) => {
        const py = podsY + i * POD_H + 14;
        anchors.set(p.ns, { x: x + 12 + 72, y: py });
        anchors.set(`${p.ns}|eth0`, { x: x + 12 + 144, y: py });
        anchors.set(`${n.ns}|${p.veth}`, { x: x + CARD_W - 52, y: py });
      });
      if (n.hiddenPods.length) {
        const hy = podsY + n.pods.length * POD_H + 12;
        for (const p of n.hiddenPods) {
          anchors.set(p.ns, { x: x + 84, y: hy });
          anchors.set(`${p.ns}|eth0`, { x: x + 84, y: hy });
          anchors.set(`${n.ns}|${p.veth}`, { x: x + CARD_W - 52, y: hy });
        }
      }
      n.devices.forEach((d, i) => anchors.set(`${n.ns}|${d.name}`, { x: x + 70, y: devicesY + i * DEVICE_H + 11 }));
      const nw = (CARD_W - 20 - (n.nics.length - 1) * 6) / Math.max(1, n.nics.length);
      n.nics.forEach((nic, i) => {
        const bx = x + 10 + i * (nw + 6);
        nicBoxes.set(`${n.ns}|${nic.name}`, { x: bx, y: nicsY, w: nw, h: NIC_H });
        anchors.set(`${n.ns}|${nic.name}`, { x: bx + nw / 2, y: nicsY + NIC_H / 2 });
      });
      anchors.set(`${n.ns}|lo`, { x: x + CARD_W / 2, y: y + 30 });
    });
    const rowNets = [...new Set(rowNodes.flatMap((n) => n.nics.map((i) => i.network)))].sort((a, b) => (netIndex.get(a) ?? 0) - (netIndex.get(b) ?? 0));
    let by = y + rowH + BAR_GAP;
    for (const net of rowNets) {
      bars.push({ network: net, row: r, x1: MARGIN - 16, x2: trunkX(net), y: by });
      by += BAR_GAP;
    }
    y = by - BAR_GAP + ROW_GAP;
  }
  if (rows === 0) y = TOP + 100;

  // routers: to the right of the trunks, one under the other
  const routers = new Map<string, RouterBox>();
  const rx = rowsRight + 36 + Math.max(1, netOrder.length) * 16 + 36;
  let ry = TOP;
  for (const r of m.routers) {
    const h = 34 + r.ifaces.length * 18;
    const ifaceY: Record<string, number> = {};
    r.ifaces.forEach((i, k) => {
      ifaceY[i.name] = ry + 34 + k * 18 + 4;
      anchors.set(`${r.ns}|${i.name}`, { x: rx, y: ifaceY[i.name] });
    });
    routers.set(r.name, { name: r.name, ns: r.ns, x: rx, y: ry, w: ROUTER_W, h, ifaceY });
    anchors.set(r.ns, { x: rx + ROUTER_W / 2, y: ry + 16 });
    ry += h + 24;
  }

  // trunks join a segment's bars across rows and reach its routers
  const trunks: Trunk[] = [];
  for (const net of netOrder) {
    const ys = bars.filter((b) => b.network === net).map((b) => b.y);
    for (const r of m.routers) for (const i of r.ifaces) if (i.network === net) ys.push(routers.get(r.name)!.ifaceY[i.name]);
    if (ys.length) trunks.push({ network: net, x: trunkX(net), y1: Math.min(...ys), y2: Math.max(...ys) });
  }
  // a segment no node is on still gets a bar (beside its router) so its name is on screen
  for (const net of netOrder) {
    if (bars.some((b) => b.network === net)) continue;
    const t = trunks.find((x) => x.network === net);
    if (t) bars.push({ network: net, row: -1, x1: t.x - 150, x2: t.x, y: t.y1 });
  }

  const width = Math.max(rx + (m.routers.length ? ROUTER_W : 0) + MARGIN, rowsRight + MARGIN);
  const height = Math.max(y - ROW_GAP + 40, ry + 20);
  return { width, height, columns, nodes, routers, bars, trunks, anchors, nicBoxes };
}

/** Where a hop happens: the device's chip, the pod, or the namespace. */
export function anchorOf(l: Layout, ns: string, dev?: string): Pt | undefined {
  return (dev !== undefined ? l.anchors.get(`${ns}|${dev}`) : undefined) ?? l.anchors.get(ns);
}

function barFor(l: Layout, network: string, row: number): Bar | undefined {
  return l.bars.find((b) => b.network === network && b.row === row) ?? l.bars.find((b) => b.network === network);
}

function rowOf(l: Layout, ns: string): number | undefined {
  for (const n of l.nodes.values()) if (n.ns === ns) return n.row;
  return undefined;
}

/** The points a frame travels on a segment: down the cable to the bar, along it (through the trunk when
 *  the other end is in another row or is a router), up to the receiving NIC. A veth is a straight line. */
export function wirePath(l: Layout, w: Pick<WireSegment, 'medium' | 'from' | 'to'>): Pt[] {
  const a = anchorOf(l, w.from.ns, w.from.dev);
  const b = anchorOf(l, w.to.ns, w.to.dev);
  if (!a || !b) return [a, b].filter((p): p is Pt => !!p);
  const trunk = l.trunks.find((t) => t.network === w.medium);
  const end = (ns: string, p: Pt): Pt[] => {
    const row = rowOf(l, ns);
    if (row === undefined) {
      // a router: its cable runs horizontally to the trunk
      return trunk ? [p, { x: trunk.x, y: p.y }] : [p];
    }
    const bar = barFor(l, w.medium, row);
    return bar ? [p, { x: p.x, y: bar.y }] : [p];
  };
  const from = end(w.from.ns, a);
  const to = end(w.to.ns, b).reverse();
  if (from.length < 2 || to.length < 2) return [a, b];
  const fa = from[from.length - 1];
  const tb = to[0];
  if (fa.y === tb.y && rowOf(l, w.from.ns) !== undefined && rowOf(l, w.to.ns) !== undefined) return [...from, ...to];
  if (!trunk) return [...from, ...to];
  return [...from, { x: trunk.x, y: fa.y }, { x: trunk.x, y: tb.y }, ...to].filter((p, i, arr) => i === 0 || p.x !== arr[i - 1].x || p.y !== arr[i - 1].y);
}

/** Total length of a polyline and the point at a fraction of it (0..1). */
export function pointAlong(path: readonly Pt[], f: number): Pt {
  if (path.length === 0) return { x: 0, y: 0 };
  if (path.length === 1 || f <= 0) return path[0];
  const seg: number[] = [];
  let total = 0;
  for (let i = 1; i < path.length; i++) {
    const d = Math.hypot(path[i].x - path[i - 1].x, path[i].y - path[i - 1].y);
    seg.push(d);
    total += d;
  }
  if (total === 0 || f >= 1) return path[path.length - 1];
  let want = f * total;
  for (let i = 0; i < seg.length; i++) {
    if (want <= seg[i]) {
      const t = seg[i] === 0 ? 0 : want / seg[i];
      return { x: path[i].x + (path[i + 1].x - path[i].x) * t, y: path[i].y + (path[i + 1].y - path[i].y) * t };
    }
    want -= seg[i];
  }
  return path[path.length - 1];
}

/** Quadratic curve (as an SVG path) for a BGP session between two cards: arcs over the row. */
export function sessionPath(a: Box, b: Box): string {
  const ax = a.x + a.w / 2;
  const bx = b.x + b.w / 2;
  const ay = a.y;
  const by = b.y;
  const lift = 26 + Math.min(60, Math.abs(ax - bx) * 0.08);
  const cx = (ax + bx) / 2;
  const cy = Math.min(ay, by) - lift;
  return `M${r1(ax)},${r1(ay)} Q${r1(cx)},${r1(cy)} ${r1(bx)},${r1(by)}`;
}

const r1 = (x: number) => Math.round(x * 10) / 10;
