// Semantic zoom: how much of the picture to draw so that its names stay readable. The fit never scales
// the picture below the scale at which its smallest font (layout MIN_FONT) reaches the on-screen minimum;
// instead cards fold their pods into a "+N pods" row, level by level. Pure numbers: tested without a DOM.

export interface Viewport {
  /** the picture's box, CSS px */
  w: number;
  h: number;
  /** the smallest zoom transform that keeps names at the on-screen minimum */
  minScale: number;
}

/** Pod rows per card to try, fullest first; 0 keeps only the endpoints and the pods on the path. */
export function podLevels(nodes: number, compact = false): number[] {
  if (nodes > 24) return [2, 0];
  if (nodes > 12) return [3, 0];
  return compact ? [4, 0] : [6, 3, 0];
}

/** The scale at which a picture of this size fills the viewport. */
export function fitScale(size: { width: number; height: number }, v: Pick<Viewport, 'w' | 'h'>): number {
  return Math.min(v.w / size.width, v.h / size.height);
}

/** The fullest level whose whole picture fits at minScale or larger; if none does, the most compact one
 *  (the fit then keeps minScale and the picture pans). */
export function chooseLevel<T>(levels: readonly number[], make: (maxPods: number) => T, size: (t: T) => { width: number; height: number }, v: Viewport): { maxPods: number; value: T } {
  let last: { maxPods: number; value: T } | undefined;
  for (const maxPods of levels) {
    const value = make(maxPods);
    last = { maxPods, value };
    if (!(v.w > 0 && v.h > 0) || fitScale(size(value), v) >= v.minScale) return last;
  }
  if (!last) throw new Error('chooseLevel: no levels');
  return last;
}

/** The zoom transform that shows box b in a w×h viewport: as large as fits (up to maxScale) but never below
 *  minScale; what does not fit at minScale is cut at the right and bottom (the top-left stays in view). */
export function fitTransform(b: { x: number; y: number; w: number; h: number }, w: number, h: number, minScale: number, maxScale: number): { k: number; x: number; y: number } {
  const fits = Math.min(w / b.w, h / b.h);
  const k = Math.max(minScale, Math.min(maxScale, fits));
  const x = b.w * k <= w ? (w - b.w * k) / 2 - b.x * k : -b.x * k;
  const y = b.h * k <= h ? (h - b.h * k) / 2 - b.y * k : -b.y * k;
  return { k, x, y };
}

type Rect = { x: number; y: number; w: number; h: number };

/** Left and right edges of the box to fit around some cards: `room` beside them for a resting packet's badge,
 *  but never past the edge of another card standing beside them in the same rows. The badge's room (34) is
 *  wider than the gap between columns (24), so fitting it showed a 10 px strip of the neighbour's card, which
 *  reads as a card cut in half; a badge that does reach into the gap's far side is panned into view when the
 *  packet rests there (TopologyPane keepInView). */
export function sideEdges(cards: readonly Rect[], others: readonly Rect[], room: number): { x1: number; x2: number } {
  const left = Math.min(...cards.map((b) => b.x));
  const right = Math.max(...cards.map((b) => b.x + b.w));
  const top = Math.min(...cards.map((b) => b.y));
  const bottom = Math.max(...cards.map((b) => b.y + b.h));
  const beside = others.filter((b) => b.y < bottom && b.y + b.h > top);
  return {
    x1: Math.max(left - room, ...beside.filter((b) => b.x + b.w <= left).map((b) => b.x + b.w + 1)),
    x2: Math.min(right + room, ...beside.filter((b) => b.x >= right).map((b) => b.x - 1)),
  };
}

/** The cards to fit around `cards`: them, then their neighbours in the same rows, nearest first, as long as
 *  `fits` says the whole still fits at a readable scale. A fit around one card left the room beside it to
 *  strips of its neighbours (half a card at each edge at 1366×768 after Send); whole neighbours read, and
 *  show where the packet comes from and goes. */
export function growToNeighbours<T extends Rect>(cards: readonly T[], others: readonly T[], fits: (cards: readonly T[]) => boolean): T[] {
  const out = [...cards];
  if (!out.length) return out;
  const top = Math.min(...out.map((b) => b.y));
  const bottom = Math.max(...out.map((b) => b.y + b.h));
  const mid = (b: Rect) => b.x + b.w / 2;
  const centre = (Math.min(...out.map((b) => b.x)) + Math.max(...out.map((b) => b.x + b.w))) / 2;
  const rest = others.filter((b) => !out.includes(b) && b.y < bottom && b.y + b.h > top).sort((a, b) => Math.abs(mid(a) - centre) - Math.abs(mid(b) - centre));
  for (const b of rest) {
    if (!fits([...out, b])) break;
    out.push(b);
  }
  return out;
}

/** Along one axis: how far to slide a view [v1, v2] (layout units) that has room to spare around the box it
 *  must keep, [b1, b2], so that no card is cut by its edges — else as few as can be. Where the fit centres a
 *  box narrower than the view, the spare room at each side showed a strip of the next card (the picture's
 *  edge cutting it); sliding the spare to the side where no card stands shows whole cards only. Returns 0
 *  when nothing is cut or no slide helps. */
export function slideClear(v1: number, v2: number, b1: number, b2: number, cards: readonly { lo: number; hi: number }[]): number {
  const sMin = b2 - v2;
  const sMax = b1 - v1;
  const cut = (s: number) => cards.filter((c) => (c.lo < v1 + s - 0.5 && c.hi > v1 + s + 0.5) || (c.lo < v2 + s - 0.5 && c.hi > v2 + s + 0.5)).length;
  let best = { s: 0, cuts: cut(0) };
  if (best.cuts === 0 || sMin > sMax) return 0;
  for (const c of cards) {
    for (const s of [c.hi + 1 - v1, c.lo - 1 - v1, c.lo - 1 - v2, c.hi + 1 - v2]) {
      if (s < sMin || s > sMax) continue;
      const n = cut(s);
      if (n < best.cuts || (n === best.cuts && Math.abs(s) < Math.abs(best.s))) best = { s, cuts: n };
    }
  }
  return best.s;
}
