// `npm test` runs this after `vite build`: the first load (entry + modulepreloads, gzip) must stay within the
// budget issue #11 set (≤ 250 KB). A byte count, not a timing, so it can fail CI without machine noise.
// Twice a lazy chunk was pulled into the first load by one static import of a module that re-exported
// heavy code (the walk's index; the worker's link opener): this names the chunks so the culprit is visible.

import { initialChunks } from '../bench/firstLoad';

const BUDGET_KB = 250;
const chunks = initialChunks();
const kb = chunks.reduce((s, c) => s + c.gzipBytes, 0) / 1024;
if (kb > BUDGET_KB) {
  console.error(`first-load JS is ${kb.toFixed(1)} KB gzip, over the ${BUDGET_KB} KB budget. Initial chunks:`);
  for (const c of [...chunks].sort((a, b) => b.gzipBytes - a.gzipBytes)) console.error(`  ${(c.gzipBytes / 1024).toFixed(1).padStart(6)} KB  ${c.file}`);
  console.error('A static import in the first-load code probably pulls a lazy module in (check src/app/mount.tsx, src/ui/App.tsx).');
  process.exit(1);
}
console.log(`first-load JS: ${kb.toFixed(1)} KB gzip (budget ${BUDGET_KB} KB, ${chunks.length} chunks)`);
