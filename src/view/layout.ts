// Deterministic layout of the topology: numbers in, numbers out (no DOM, no force simulation). Nodes are
// cards in rows, in the Topology's order; under each row run the L2 segments its NICs are cabled to, as
// bars; a segment that spans several rows is joined by a vertical trunk at the right, where the routers
// sit. The same model always gives the same positions, so a toggle never makes the picture jump.

import type { TopoModel, ViewGroup, ViewNode } from './model';
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

/** A node group's card (big clusters, see aggregate.ts) */
export interface GroupBox extends Box {
  id: string;
  row: number;
  /** y of the first summary line, of the open/fold row, of the segment chips */
  linesY: number;
  openY: number;
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
  /** card geometry, sized to the longest text it holds (see cardGeometry) */
  card: CardGeometry;
  nodes: Map<string, NodeBox>;
  /** node groups' cards (empty unless the model has groups) */
  groups: Map<string, GroupBox>;
  /** a big cluster's nodes drawn only as part of a group card → that group's id */
  inGroup: Map<string, string>;
  routers: Map<string, RouterBox>;
  bars: Bar[];
  trunks: Trunk[];
  /** "ns" or "ns|dev" → point (centre of the drawn element) */
  anchors: Map<string, Pt>;
  /** same keys: where the packet's badge rests so that it hides no text — in the gap beside the card, at
   *  the element's height — and the point on the element's edge its leader starts from (see Rest) */
  rests: Map<string, Rest>;
  /** NIC chips: "nodeNs|nic" → box (the cable leaves from the bottom centre) */
  nicBoxes: Map<string, Box>;
}

/** A resting packet: centred on a chip it covered the chip's label (`tunl0 17█.20.247.0`), and every
 *  chip's label runs nearly its whole width. So the badge rests in the text-free gap beside the card, at the
 *  element's height, with a short leader from `on` (just inside the element's edge) to it. `on` is where the
 *  packet is (it is on the element); `badge` is where its rings are drawn. */
export interface Rest {
  on: Pt;
  badge: Pt;
}

/** The widest resting badge (packetLayer squeezes its rings to this): it must fit the gap between cards
 *  without reaching the next card's text, which starts 16 px inside it. */
export const BADGE_MAX_W = 40;

/** The smallest font the picture draws (CSS px at zoom 1, see .topo in app.css): the fit never lets it go
 *  below the on-screen minimum, so every scale decision is taken against this size. */
export const MIN_FONT = 11;
// Advance widths used to size boxes to their text: DejaVu Sans Mono is 0.602 em; the bold sans names are
// wider on average (rounded up so a measured string never overflows its box).
export const MONO_CH = 6.7; // 11 px mono
export const POD_CH = 8.2; // 12 px bold sans
export const NODE_CH = 8.9; // 14 px bold sans

export const CARD_W = 264;
export const COL_GAP = 24;
// room beside the outer cards for a resting packet's badge (Rest): half a gap and half the widest badge
export const MARGIN = 32;
export const TOP = 60;
export const HEADER_H = 44;
/** the row under the header naming the node's components and their health */
export const COMP_H = 16;
export const POD_H = 34;
export const MORE_H = 26;
export const DEVICE_H = 22;
export const BLOCK_H = 16;
export const NIC_H = 36;
export const BAR_GAP = 26;
export const ROW_GAP = 64;
export const ROUTER_W = 168;
/** a group card's summary lines (addresses, blocks, devices, components) */
export const GROUP_LINE_H = 16;
export const GROUP_LINES = 4;
export const GROUP_H = HEADER_H + GROUP_LINES * GROUP_LINE_H + 6 + MORE_H + 8 + NIC_H + 8;

export interface CardGeometry {
  w: number;
  /** the pod's box (name over IP) and the host-side veth chip beside it */
  podW: number;
  vethW: number;
  /** characters that fit: pod name, node name */
  podChars: number;
  nodeChars: number;
}

/** Card width from what the cards show: a device line ("tunl0 172.20.205.192/32 mtu 1440"), a pod's name
 *  beside its `cali…` veth, a NIC's address. Deterministic (character counts, not measured text). */
export function cardGeometry(m: Pick<TopoModel, 'nodes' | 'groups'>): CardGeometry {
  let dev = Math.max(0, ...(m.groups ?? []).map((g) => Math.max(...groupLines(g).map((l) => l.length)) + 1));
  let veth = 0;
  let pod = 0;
  let nic = 0;
  for (const n of m.nodes) {
    for (const d of n.devices) dev = Math.max(dev, deviceLabel(d).length);
    for (const p of [...n.pods, ...n.hiddenPods]) (veth = Math.max(veth, p.veth.length)), (pod = Math.max(pod, p.name.length, p.ip.length));
    const widest = Math.max(0, ...n.nics.map((x) => Math.max(x.name.length, (x.ip ?? '').length)));
    nic = Math.max(nic, n.nics.length * (widest * MONO_CH + 12) + (n.nics.length - 1) * 6);
  }
  const vethW = veth ? Math.ceil(veth * MONO_CH + 12) : 0;
  const podText = Math.min(24, Math.max(12, pod)) * POD_CH + 12;
  const withPods = vethW ? podText + 8 + vethW : 0;
  const w = Math.ceil(Math.min(360, Math.max(220, dev * MONO_CH + 16, withPods, nic) + 20));
  const podW = vethW ? w - 20 - 8 - vethW : w - 20;
  return { w, podW, vethW, podChars: Math.max(8, Math.floor((podW - 12) / POD_CH)), nodeChars: Math.max(8, Math.floor((w - 60) / NODE_CH)) };
}

/** A group's title: its first and last member. */
export function groupTitle(g: Pick<ViewGroup, 'members'>): string {
  return g.members.length > 1 ? `${g.members[0]} … ${g.members[g.members.length - 1]}` : (g.members[0] ?? '');
}

/** A group card's summary lines, language-free (names, addresses, counts with ×): node addresses, blocks,
 *  devices, the DaemonSets' readiness. */
export function groupLines(g: Pick<ViewGroup, 'addrFirst' | 'addrLast' | 'blocks' | 'blockPrefixes' | 'blockRange' | 'devices' | 'components' | 'members'>): string[] {
  const addrs = g.addrFirst ? (g.addrLast && g.addrLast !== g.addrFirst ? `${g.addrFirst} – ${g.addrLast}` : g.addrFirst) : '-';
  const blocks = g.blocks ? blockLine(g, (n, size, range) => `${n} blocks${size} in ${range}`) : '-';
  const devices = g.devices.length ? g.devices.map((d) => (d.count === g.members.length ? d.name : `${d.name} ×${d.count}`)).join(' · ') : '-';
  const comps = g.components.map((c) => `${c.ready === c.total ? '●' : '✕'} ${c.name} ${c.ready}/${c.total}`).join('  ');
  return [addrs, blocks, devices, comps];
}

/** A group's blocks line, worded by `say` (the picture's language): count, size when they share one, range. */
export function blockLine(g: Pick<ViewGroup, 'blocks' | 'blockPrefixes' | 'blockRange'>, say: (n: number, size: string, range: string) => string): string {
  return say(g.blocks, g.blockPrefixes.length === 1 ? ` /${g.blockPrefixes[0]}` : '', g.blockRange ?? '');
}

/** A tunnel/bridge device as its card line shows it. */
export function deviceLabel(d: { name: string; ip?: string; mtu: number }): string {
  return `${d.name} ${d.ip ?? '-'} mtu ${d.mtu}`;
}

export function routerWidth(r: { name: string; ifaces: { name: string; ip?: string }[]; external?: boolean }): number {
  const chars = Math.max(r.name.length + (r.external ? 2 : 0), ...r.ifaces.map((i) => `${i.name} ${i.ip ?? ''}`.length));
  return Math.ceil(Math.max(120, Math.min(260, chars * 7.9 + 24)));
}

/** Columns for n cards: without a box, a wide grid; with the box's aspect ratio (width / height), the
 *  column count that lets the whole picture be drawn largest in that box. */
export function columnsFor(n: number, aspect?: number, cardH = 260, cardW = CARD_W): number {
  if (n <= 1) return 1;
  if (aspect === undefined || !(aspect > 0)) return n <= 5 ? n : Math.min(10, Math.ceil(Math.sqrt(n * 2)));
  let best = 1;
  let bestScale = 0;
  for (let c = 1; c <= Math.min(n, 12); c++) {
    const rows = Math.ceil(n / c);
    const w = MARGIN * 2 + c * (cardW + COL_GAP) + 200;
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
  return HEADER_H + COMP_H + n.pods.length * POD_H + (n.hiddenPods.length ? MORE_H : 0) + 6 + n.devices.length * DEVICE_H + (blocks ? blocks * BLOCK_H + 4 : 0) + 8 + NIC_H + 8;
}

export interface LayoutOptions {
  /** width / height of the box the picture is shown in */
  aspect?: number;
}

type Item = { node: ViewNode; group?: undefined } | { group: ViewGroup; node?: undefined };

/** What the rows hold, in order: the node cards, or in a big cluster each group's card followed by the
 *  cards of its members that are drawn. */
function itemsOf(m: TopoModel): Item[] {
  if (!m.groups) return m.nodes.map((node) => ({ node }));
  const byGroup = new Map<string, ViewNode[]>();
  for (const n of m.nodes) if (n.group !== undefined) byGroup.set(n.group, [...(byGroup.get(n.group) ?? []), n]);
  const out: Item[] = [];
  for (const group of m.groups) {
    out.push({ group });
    for (const node of byGroup.get(group.id) ?? []) out.push({ node });
  }
  // a card no group claims (never from aggregate.ts) still gets drawn
  for (const n of m.nodes) if (n.group === undefined || !m.groups.some((g) => g.id === n.group)) out.push({ node: n });
  return out;
}

/** Items in rows of `columns`; an opened group starts a row and its members end theirs, so the group and
 *  its page of cards read as one block from the left edge. */
function rowsOf(items: Item[], columns: number): Item[][] {
  const rows: Item[][] = [];
  let row: Item[] = [];
  let openId: string | undefined;
  const flush = () => {
    if (row.length) rows.push(row);
    row = [];
  };
  for (const it of items) {
    const inOpen = openId !== undefined && it.node?.group === openId;
    if (openId !== undefined && !inOpen) (flush(), (openId = undefined));
    if (it.group?.open) (flush(), (openId = it.group.id));
    if (row.length === columns) flush();
    row.push(it);
  }
  flush();
  return rows;
}

const itemHeight = (it: Item) => (it.node ? cardHeight(it.node) : GROUP_H);
const itemNets = (it: Item) => (it.node ? it.node.nics.map((i) => i.network) : it.group.networks);

export function computeLayout(m: TopoModel, opts: LayoutOptions = {}): Layout {
  const items = itemsOf(m);
  const typical = items.length ? Math.max(...items.map(itemHeight)) : 200;
  const card = cardGeometry(m);
  const CW = card.w;
  const columns = columnsFor(items.length, opts.aspect, typical, CW);
  const groups = new Map<string, GroupBox>();
  const nodes = new Map<string, NodeBox>();
  const anchors = new Map<string, Pt>();
  const rests = new Map<string, Rest>();
  const nicBoxes = new Map<string, Box>();
  const bars: Bar[] = [];
  const netIndex = new Map(m.networks.map((n, i) => [n.name, i]));
  // networks the picture knows: the Topology's, plus any a NIC names that it does not list
  const netOrder = [...m.networks.map((n) => n.name)];
  for (const it of items) for (const net of itemNets(it)) if (!netIndex.has(net)) (netIndex.set(net, netOrder.length), netOrder.push(net));
  for (const r of m.routers) for (const i of r.ifaces) if (!netIndex.has(i.network)) (netIndex.set(i.network, netOrder.length), netOrder.push(i.network));

  const rowsRight = MARGIN + columns * (CW + COL_GAP) - COL_GAP;
  const trunkX = (network: string) => rowsRight + 28 + (netIndex.get(network) ?? 0) * 16;
  const rowList = rowsOf(items, columns);
  const rows = rowList.length;
  let y = TOP;
  for (let r = 0; r < rows; r++) {
    const rowItems = rowList[r];
    const rowH = Math.max(...rowItems.map(itemHeight));
    rowItems.forEach((it, c) => {
      const x = MARGIN + c * (CW + COL_GAP);
      if (it.group) {
        const g = it.group;
        const nicsY = y + rowH - NIC_H - 8;
        groups.set(g.id, { id: g.id, row: r, x, y, w: CW, h: rowH, linesY: y + HEADER_H, openY: y + HEADER_H + GROUP_LINES * GROUP_LINE_H + 6, nicsY });
        anchors.set(g.id, { x: x + CW / 2, y: y + 18 });
        rests.set(g.id, { on: { x: x + CW - 2, y: y + 18 }, badge: { x: x + CW + COL_GAP / 2, y: y + 18 } });
        const nw = (CW - 20 - (g.networks.length - 1) * 6) / Math.max(1, g.networks.length);
        g.networks.forEach((net, i) => nicBoxes.set(`${g.id}|${net}`, { x: x + 10 + i * (nw + 6), y: nicsY, w: nw, h: NIC_H }));
        return;
      }
      const n = it.node;
      const h = cardHeight(n);
      const podsY = y + HEADER_H + COMP_H;
      const devicesY = podsY + n.pods.length * POD_H + (n.hiddenPods.length ? MORE_H : 0) + 6;
      const blocksY = devicesY + n.devices.length * DEVICE_H;
      // NICs sit on the card's bottom edge; cards in a row share the bottom so cables are equally long
      const nicsY = y + rowH - NIC_H - 8;
      nodes.set(n.name, { name: n.name, ns: n.ns, row: r, x, y, w: CW, h: Math.max(h, rowH), podsY, devicesY, blocksY, nicsY });
      anchors.set(n.ns, { x: x + CW / 2, y: y + 18 });
      // the host's things rest in the gap at the card's right (beside their chips), the pods' in the gap at
      // its left (beside the pod's box, apart from its host-side veth)
      const right = (edge: number, py: number): Rest => ({ on: { x: edge, y: py }, badge: { x: x + CW + COL_GAP / 2, y: py } });
      const left = (edge: number, py: number): Rest => ({ on: { x: edge, y: py }, badge: { x: x - COL_GAP / 2, y: py } });
      rests.set(n.ns, right(x + CW - 2, y + 18));
      n.pods.forEach((p, i) => {
        const py = podsY + i * POD_H + 14;
        anchors.set(p.ns, { x: x + 10 + card.podW / 2, y: py });
        anchors.set(`${p.ns}|eth0`, { x: x + 10 + card.podW, y: py });
        anchors.set(`${n.ns}|${p.veth}`, { x: x + CW - 10 - card.vethW / 2, y: py });
        rests.set(p.ns, left(x + 12, py));
        rests.set(`${p.ns}|eth0`, left(x + 12, py));
        rests.set(`${n.ns}|${p.veth}`, right(x + CW - 12, py));
      });
      if (n.hiddenPods.length) {
        const hy = podsY + n.pods.length * POD_H + 12;
        for (const p of n.hiddenPods) {
          anchors.set(p.ns, { x: x + CW / 2, y: hy });
          anchors.set(`${p.ns}|eth0`, { x: x + CW / 2, y: hy });
          anchors.set(`${n.ns}|${p.veth}`, { x: x + CW - 40, y: hy });
          rests.set(p.ns, left(x + 12, hy));
          rests.set(`${p.ns}|eth0`, left(x + 12, hy));
          rests.set(`${n.ns}|${p.veth}`, right(x + CW - 12, hy));
        }
      }
      n.devices.forEach((d, i) => {
        const dy = devicesY + i * DEVICE_H + 11;
        anchors.set(`${n.ns}|${d.name}`, { x: x + 70, y: dy });
        rests.set(`${n.ns}|${d.name}`, right(x + CW - 12, dy));
      });
      const nw = (CW - 20 - (n.nics.length - 1) * 6) / Math.max(1, n.nics.length);
      n.nics.forEach((nic, i) => {
        const bx = x + 10 + i * (nw + 6);
        const my = nicsY + NIC_H / 2;
        nicBoxes.set(`${n.ns}|${nic.name}`, { x: bx, y: nicsY, w: nw, h: NIC_H });
        anchors.set(`${n.ns}|${nic.name}`, { x: bx + nw / 2, y: my });
        // the NIC's own side of the card: with two, the first rests at the left
        rests.set(`${n.ns}|${nic.name}`, 2 * i + 1 < n.nics.length ? left(bx + 2, my) : right(bx + nw - 2, my));
      });
      anchors.set(`${n.ns}|lo`, { x: x + CW / 2, y: y + 30 });
      rests.set(`${n.ns}|lo`, right(x + CW - 2, y + 30));
    });
    const rowNets = [...new Set(rowItems.flatMap(itemNets))].sort((a, b) => (netIndex.get(a) ?? 0) - (netIndex.get(b) ?? 0));
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
  const rx = rowsRight + 28 + Math.max(1, netOrder.length) * 16 + 20;
  let ry = TOP;
  let routersW = 0;
  for (const r of m.routers) {
    const rw = routerWidth(r);
    routersW = Math.max(routersW, rw);
    const h = 34 + r.ifaces.length * 18;
    const ifaceY: Record<string, number> = {};
    r.ifaces.forEach((i, k) => {
      ifaceY[i.name] = ry + 34 + k * 18 + 4;
      anchors.set(`${r.ns}|${i.name}`, { x: rx, y: ifaceY[i.name] });
      // left of the box, on its cable (the text starts just inside the box; right of it the picture ends)
      rests.set(`${r.ns}|${i.name}`, { on: { x: rx + 2, y: ifaceY[i.name] }, badge: { x: rx - BADGE_MAX_W / 2 - 4, y: ifaceY[i.name] } });
    });
    routers.set(r.name, { name: r.name, ns: r.ns, x: rx, y: ry, w: rw, h, ifaceY });
    anchors.set(r.ns, { x: rx + rw / 2, y: ry + 16 });
    rests.set(r.ns, { on: { x: rx + 2, y: ry + 16 }, badge: { x: rx - BADGE_MAX_W / 2 - 4, y: ry + 16 } });
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

  const width = Math.max(rx + routersW + MARGIN, rowsRight + MARGIN);
  const height = Math.max(y - ROW_GAP + 40, ry + 20);
  const inGroup = new Map<string, string>();
  for (const g of m.groups ?? []) for (const name of g.members) if (!nodes.has(name)) inGroup.set(name, g.id);
  return { width, height, columns, card, nodes, groups, inGroup, routers, bars, trunks, anchors, rests, nicBoxes };
}

/** Where a hop happens: the device's chip, the pod, or the namespace. */
export function anchorOf(l: Layout, ns: string, dev?: string): Pt | undefined {
  return (dev !== undefined ? l.anchors.get(`${ns}|${dev}`) : undefined) ?? l.anchors.get(ns);
}

/** Where a packet at this device (or namespace) rests, as anchorOf falls back. */
export function restOf(l: Layout, ns: string, dev?: string): Rest | undefined {
  return (dev !== undefined ? l.rests.get(`${ns}|${dev}`) : undefined) ?? l.rests.get(ns);
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
