// A big lab's edits, read from its address, replayed on the lab the link holds (the worker has just built it):
// consecutive IPIP/VXLAN modes go as one rebuild, a terminal line runs again where it ran (the core is
// deterministic, so it writes what it wrote). The steps come back as the page's recipe keeps them, so Undo
// works after a reload as before it. A step that no longer applies stops the replay: the lab opens with the
// steps before it and says which.

import type { Edits } from '../store/bigEdits';
import type { BigLab } from './big';
import type { BigStep, Replayed, Stage } from './protocol';

export function replayEdits(big: BigLab, yaml: string, file: string, edits: Edits, progress: (s: Stage) => void = () => {}): Replayed {
  const steps: BigStep[] = [];
  let built = 0;
  const settle = (): string | undefined => {
    if (built === steps.length) return undefined;
    const o = big.open({ yaml, file, steps }, progress);
    if (!o.ok) return o.message;
    built = steps.length;
    return undefined;
  };
  for (const [i, e] of edits.steps.entries()) {
    if ('encap' in e) {
      steps.push({ kind: 'encap', encap: e.encap, mode: e.mode });
      continue;
    }
    const failed = settle();
    if (failed) return { steps: steps.slice(0, built), error: stopped(i - 1, failed) };
    const r = big.run(e.run, e.line);
    if (!r.step) return { steps, error: stopped(i, `\`${e.line.slice(0, 80)}\` changed nothing here (${r.out.split('\n').find((l) => l.trim())?.slice(0, 120) ?? `exit ${r.exit}`})`) };
    steps.push(r.step);
    built = steps.length;
  }
  const failed = settle();
  return failed ? { steps: steps.slice(0, built), error: stopped(edits.steps.length - 1, failed) } : { steps };
}

const stopped = (i: number, why: string) => `the shared link's edit ${i + 1} no longer applies: ${why}; the lab is shown as it was before it`;
