import { describe, expect, it } from 'vitest';
import { swipeStep } from './gesture';

describe('swipeStep', () => {
  it('a swipe to the left is the next hop, to the right the previous one', () => {
    expect(swipeStep(-120, 6)).toBe(1);
    expect(swipeStep(90, -10)).toBe(-1);
  });
  it('a tap or a short move is no step', () => {
    expect(swipeStep(0, 0)).toBe(0);
    expect(swipeStep(-39, 0)).toBe(0);
    expect(swipeStep(39, 0)).toBe(0);
  });
  it('a mostly vertical move is a scroll, not a step', () => {
    expect(swipeStep(-60, 50)).toBe(0);
    expect(swipeStep(60, -80)).toBe(0);
    // sideways enough: 1.5 times as far across as down
    expect(swipeStep(-60, 39)).toBe(1);
  });
});

describe('wrapLines (the picture\'s notes on a phone)', async () => {
  const { wrapLines } = await import('./topology');
  const en = 'More of the cluster is off screen: drag to pan, ⤢ shows all of it';
  it('a note that fits stays one line', () => {
    expect(wrapLines(en, 400, 500)).toEqual([en]);
  });
  it('a wider note breaks after a space, every line within the width', () => {
    // 65 characters 455 px wide (7 px each) into 340 px: at most 48 characters a line
    expect(wrapLines(en, 455, 340)).toEqual(['More of the cluster is off screen: drag to pan,', '⤢ shows all of it']);
  });
  it('Chinese breaks after its full-width punctuation', () => {
    const zh = '集群还有部分在画面之外：拖动可平移，⤢ 显示全部';
    expect(wrapLines(zh, 24 * 13, 14 * 13)).toEqual(['集群还有部分在画面之外：', '拖动可平移，⤢ 显示全部']);
  });
});
