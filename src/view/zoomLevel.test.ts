import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadLab } from '../core/session/load';
import { buildTopoModel, limitPods } from './model';
import { cardGeometry, computeLayout, deviceLabel, MONO_CH } from './layout';
import { chooseLevel, fitScale, fitTransform, growToNeighbours, podLevels, sideEdges, slideClear } from './zoomLevel';

const load = (name: string) => loadLab(readFileSync(`presets/${name}.yaml`, 'utf8'), name).state!;

describe('semantic zoom', () => {
  const state = load('seed000-ipip');
  const full = buildTopoModel(state, { maxPods: Infinity });
  const keep = new Set([state.pods[0].ns]);
  const make = (mp: number) => computeLayout(limitPods(full, mp, keep), { aspect: 2 });

  it('keeps every pod when the picture fits at a readable scale', () => {
    const big = { w: 4000, h: 2000, minScale: 1 };
    const r = chooseLevel(podLevels(4), make, (l) => l, big);
    expect(r.maxPods).toBe(6);
    expect([...r.value.nodes.values()].length).toBe(4);
  });

  it('folds pods level by level in a small box, never the endpoints', () => {
    const small = { w: 700, h: 380, minScale: 1 };
    const r = chooseLevel(podLevels(4), make, (l) => l, small);
    expect(r.maxPods).toBe(0);
    const m = limitPods(full, 0, keep);
    const owner = m.nodes.find((n) => n.pods.some((p) => p.ns === state.pods[0].ns))!;
    expect(owner.pods.map((p) => p.ns)).toEqual([state.pods[0].ns]);
    expect(owner.hiddenPods.length).toBeGreaterThan(0);
    // a fuller level would have had to shrink the names
    expect(fitScale(make(3), small)).toBeLessThan(1);
  });

  it('an unfolded node shows all its pods whatever the level', () => {
    const m = limitPods(full, 0, keep, new Set(['node-1']));
    const n1 = m.nodes.find((n) => n.name === 'node-1')!;
    expect(n1.pods).toHaveLength(6);
    expect(n1.hiddenPods).toHaveLength(0);
  });

  it('the fit never goes below the minimum scale; what does not fit keeps its top-left in view', () => {
    expect(fitTransform({ x: 0, y: 0, w: 1000, h: 500 }, 500, 250, 1, 1.4)).toEqual({ k: 1, x: -0, y: -0 });
    expect(fitTransform({ x: 0, y: 0, w: 1000, h: 500 }, 500, 250, 0.1, 1.4)).toEqual({ k: 0.5, x: 0, y: 0 });
    const t = fitTransform({ x: 100, y: 50, w: 200, h: 100 }, 800, 400, 1, 1.4);
    expect(t.k).toBe(1.4);
    expect(t.x + 100 * t.k).toBeCloseTo((800 - 200 * 1.4) / 2);
  });
});

describe('card geometry', () => {
  it('is wide enough for the longest device line and for every cali* name in its chip', () => {
    for (const name of ['seed000-ipip', 'seed002-calico-crosssubnet', 'seed002-flannel-vxlan', 'seed004-first-found']) {
      const m = buildTopoModel(load(name), { maxPods: Infinity });
      const g = cardGeometry(m);
      for (const n of m.nodes) {
        for (const d of n.devices) expect(deviceLabel(d).length * MONO_CH + 16, `${name} ${d.name}`).toBeLessThanOrEqual(g.w - 20);
        for (const p of n.pods) expect(p.veth.length * MONO_CH + 6, `${name} ${p.veth}`).toBeLessThanOrEqual(g.vethW);
      }
    }
  });
});

describe('sideEdges', () => {
  // two cards 264 wide in columns 24 apart (layout's CARD_W, COL_GAP), a third in the next column, a fourth
  // in the row below
  const a = { x: 32, y: 60, w: 264, h: 300 };
  const b = { x: 320, y: 60, w: 264, h: 300 };
  const c = { x: 608, y: 60, w: 264, h: 300 };
  const below = { x: 608, y: 450, w: 264, h: 300 };
  it('gives the badge its room where no card stands beside', () => {
    expect(sideEdges([a, b], [a, b, below], 34)).toEqual({ x1: -2, x2: 618 });
  });
  it('stops short of a neighbour in the same rows: no strip of its card in view', () => {
    expect(sideEdges([a, b], [a, b, c, below], 34)).toEqual({ x1: -2, x2: 607 });
    expect(sideEdges([b], [a, b, c], 34)).toEqual({ x1: 297, x2: 607 });
  });
});

describe('growToNeighbours', () => {
  const col = (i: number, y = 60) => ({ x: 32 + i * 288, y, w: 264, h: 300 });
  const [a, b, c, d] = [0, 1, 2, 3].map((i) => col(i));
  const other = col(1, 450); // the row below
  it('adds the nearest whole neighbours while the box fits', () => {
    // room for three columns: b, then the nearer of a and c (a, equally near, comes first in the list), then c
    const upTo = (n: number) => (bs: readonly { x: number; w: number }[]) => bs.length <= n;
    expect(growToNeighbours([b], [a, b, c, d, other], upTo(3))).toEqual([b, a, c]);
    expect(growToNeighbours([b], [a, b, c, d, other], upTo(1))).toEqual([b]);
  });
  it('never takes a card from another row', () => {
    expect(growToNeighbours([b], [b, other], () => true)).toEqual([b]);
  });
});

describe('slideClear', () => {
  // a view 1000 wide centred on a box [300, 900]: 200 to spare at each side; cards at [-150, 150] and [250, 550]
  // and [600, 900], nothing right of 900
  const cards = [
    { lo: -150, hi: 150 },
    { lo: 250, hi: 550 },
    { lo: 600, hi: 900 },
  ];
  it('slides the spare room to the side where no card is cut', () => {
    // centred, the view [100, 1100] cuts the first card; slid right by 51 it starts just past it
    expect(slideClear(100, 1100, 300, 900, cards)).toBe(51);
  });
  it('leaves a view that cuts nothing alone, and never uncovers the box', () => {
    expect(slideClear(200, 1200, 300, 900, cards)).toBe(0);
    // no slide within [box right − view right, box left − view left] clears the cut: nothing moves
    expect(slideClear(100, 700, 250, 650, [{ lo: 0, hi: 300 }, { lo: 600, hi: 900 }])).toBe(0);
  });
});
