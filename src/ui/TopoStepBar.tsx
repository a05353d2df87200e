// The packet's step controls on the picture itself, for phones: there the hop list and the Send form's
// buttons are a scroll away, so the current hop's sentence and ◀ ▶ sit under the picture, and a sideways
// swipe on this bar steps too (a swipe on the picture pans it, as a map does).
import { useRef } from 'react';
import { useLab, useLabStore } from './LabContext';
import { stepsOf } from '../store/labStore';
import { useLang, useT } from '../i18n/react';
import { hopText } from '../i18n/core';
import { swipeStep } from '../view/gesture';

export function TopoStepBar() {
  const store = useLabStore();
  const walk = useLab((s) => s.walk);
  const cursor = useLab((s) => s.cursor);
  const t = useT();
  const [lang] = useLang();
  const start = useRef<{ x: number; y: number } | undefined>(undefined);
  if (!walk) return null;
  const steps = stepsOf(walk);
  const cur = steps[cursor];
  const step = (d: 1 | -1) => {
    const s = store.getState();
    if (s.playing) s.setPlaying(false);
    s.step(d);
  };
  return (
    <div
      className="topo-step"
      onTouchStart={(e) => {
        const p = e.touches[0];
        start.current = e.touches.length === 1 && p ? { x: p.clientX, y: p.clientY } : undefined;
      }}
      onTouchEnd={(e) => {
        const p = e.changedTouches[0];
        const s = start.current;
        start.current = undefined;
        if (!s || !p) return;
        const d = swipeStep(p.clientX - s.x, p.clientY - s.y);
        if (d) step(d);
      }}
    >
      <button type="button" aria-label={t('topo.prevHop')} onClick={() => step(-1)} disabled={cursor === 0}>
        ◀
      </button>
      <p className="topo-step-text" aria-hidden="true">
        <span className="topo-step-n">
          {cursor + 1}/{steps.length}
        </span>{' '}
        {cur ? hopText(lang, cur.hop) : ''}
      </p>
      <button type="button" aria-label={t('topo.nextHop')} onClick={() => step(1)} disabled={cursor >= steps.length - 1}>
        ▶
      </button>
    </div>
  );
}
