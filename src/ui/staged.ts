// A page too big to lay out in one frame's budget, drawn in stages: each stage mounts after the previous one
// has painted, so the browser's style and layout work for a big lab (a thousand options, a picture of a
// thousand SVG elements) is spread over several tasks instead of one long one (issue 13: no main-thread
// task over 200 ms).

import { useEffect, useState } from 'react';

/** 0 on the first render, then 1, 2 … up to `stages`, one step per painted frame. */
export function useStaged(stages: number): number {
  const [stage, setStage] = useState(0);
  useEffect(() => {
    if (stage >= stages) return;
    // after the next paint: a frame callback runs before it, a task queued from there runs after it
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setStage((s) => s + 1), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      if (timer) clearTimeout(timer);
    };
  }, [stage, stages]);
  return stage;
}
