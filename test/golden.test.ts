// Golden files: every preset's route tables, BGP status and one trace, as the CLI prints them today
// (test/support/golden.ts says which). A mismatch writes `<file>-changed.txt` beside the golden and fails; look
// at the diff, and if the change is intended, rewrite them all with `npm run golden:update`.

import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANGED, GOLDEN_DIR, goldenFiles, presetNames } from './support/golden';

const changedName = (file: string) => file.replace(/\.txt$/, `${CHANGED}.txt`);

describe.each(presetNames())('golden %s', (preset) => {
  it('matches test/golden/' + preset, () => {
    const dir = join(GOLDEN_DIR, preset);
    const want = goldenFiles(preset);
    const problems: string[] = [];
    for (const [file, text] of want) {
      const path = join(dir, file);
      const changed = join(dir, changedName(file));
      const golden = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      if (golden === text) {
        rmSync(changed, { force: true });
        continue;
      }
      writeFileSync(changed, text);
      problems.push(golden === undefined ? `${file}: no golden (new output in ${changedName(file)})` : `${file}: differs (see ${changedName(file)})`);
    }
    const stale = existsSync(dir) ? readdirSync(dir).filter((f) => !f.includes(CHANGED) && !want.has(f)) : [];
    for (const f of stale) problems.push(`${f}: golden with no output any more`);
    expect(problems, `test/golden/${preset}: run \`npm run golden:update\` if the change is intended`).toEqual([]);
  });
});

it('has a golden folder for every preset and no other', () => {
  const dirs = readdirSync(GOLDEN_DIR, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  expect(dirs).toEqual(presetNames());
});
