// Touch gestures read as data: what a finger's move from touchstart to touchend means.

/** a swipe is mostly sideways and at least this far (CSS px); shorter or steeper moves are taps or scrolls */
export const SWIPE_PX = 40;

/** The packet step a swipe asks for: the next hop comes in from the right, as a page turns (a swipe to the
 *  left is +1), the previous one from the left; 0 for a tap, a short move or a vertical scroll. */
export function swipeStep(dx: number, dy: number): -1 | 0 | 1 {
  if (Math.abs(dx) < SWIPE_PX || Math.abs(dx) < 1.5 * Math.abs(dy)) return 0;
  return dx < 0 ? 1 : -1;
}
