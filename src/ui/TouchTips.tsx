// Touch has no hover, so a `title` tooltip is never seen there. A tap on anything that has one (⇕, ⤢,
// "Play on Send", a route table's name…) still does what it does, and its tooltip shows for a few seconds
// at the bottom of the screen. The picture's own tooltips (<title> in the SVG) are the topology's (a plate
// over the picture); mouse and keyboard users keep the ordinary tooltips.
import { useEffect, useState } from 'react';

const SHOW_MS = 4000;

export function TouchTips() {
  const [tip, setTip] = useState('');
  useEffect(() => {
    let pointer = '';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onDown = (e: PointerEvent) => (pointer = e.pointerType);
    const onClick = (e: MouseEvent) => {
      if (pointer !== 'touch' || !(e.target instanceof Element)) return;
      const el = e.target.closest<HTMLElement>('.app [title]');
      // a title that names a keyboard shortcut ("Step forward (→)") tells a finger nothing
      const text = el && !(el instanceof SVGElement) && !el.hasAttribute('aria-keyshortcuts') ? el.title : '';
      if (!text) return;
      setTip(text);
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => setTip(''), SHOW_MS);
    };
    document.addEventListener('pointerdown', onDown, true);
    document.addEventListener('click', onClick, true);
    return () => {
      document.removeEventListener('pointerdown', onDown, true);
      document.removeEventListener('click', onClick, true);
      if (timer) clearTimeout(timer);
    };
  }, []);
  return (
    <p className="touch-tip" role="status" hidden={!tip}>
      {tip}
    </p>
  );
}
