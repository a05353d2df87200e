// Brings an element into view inside the boxes that scroll it (a route table, the hop list, the dock),
// never by scrolling the page. `scrollIntoView` scrolls the page too: on a phone, where the page scrolls,
// each packet step would pull the picture off screen to show a route line far below.

const scrolls = (v: string) => v === 'auto' || v === 'scroll';

export function scrollWithin(el: Element | null | undefined): void {
  if (!el) return;
  for (let box = el.parentElement; box && box !== document.body && box !== document.documentElement; box = box.parentElement) {
    if (!scrolls(getComputedStyle(box).overflowY) || box.scrollHeight <= box.clientHeight) continue;
    // 'nearest': move it just enough that the whole element (or its top, if taller than the box) shows
    const r = el.getBoundingClientRect();
    const b = box.getBoundingClientRect();
    const top = b.top + box.clientTop;
    const bottom = top + box.clientHeight;
    if (r.top < top) box.scrollTop -= top - r.top;
    else if (r.bottom > bottom) box.scrollTop += Math.min(r.top - top, r.bottom - bottom);
  }
}
