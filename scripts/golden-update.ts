// `npm run golden:update`: rewrite test/golden from what the CLI prints now. Run it only after reading the
// `-changed` files a failing golden test left, and commit the result with the change that caused it.

import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GOLDEN_DIR, goldenFiles, presetNames } from '../test/support/golden';

// Preset folders are rewritten whole (a node or preset that is gone leaves no stale file); the README stays.
mkdirSync(GOLDEN_DIR, { recursive: true });
for (const d of readdirSync(GOLDEN_DIR, { withFileTypes: true })) if (d.isDirectory()) rmSync(join(GOLDEN_DIR, d.name), { recursive: true, force: true });
let count = 0;
for (const preset of presetNames()) {
  const dir = join(GOLDEN_DIR, preset);
  mkdirSync(dir, { recursive: true });
  for (const [file, text] of goldenFiles(preset)) {
    writeFileSync(join(dir, file), text);
    count++;
  }
}
process.stdout.write(`test/golden: ${count} files for ${presetNames().length} presets\n`);
