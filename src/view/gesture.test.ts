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
