// Every folder under src/ opens with a README.md: what it owns, its invariants, where to start reading.
// A new folder without one fails here; write the note with the code.

import { readdirSync, readFileSync, statSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const ROOT = join(__dirname, '..');

function folders(dir: string): string[] {
  const out = [dir];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...folders(p));
  }
  return out;
}

it('every folder under src/ has a README.md that opens with a title', () => {
  const problems: string[] = [];
  for (const dir of folders(join(ROOT, 'src'))) {
    const rel = relative(ROOT, dir);
    const readme = join(dir, 'README.md');
    if (!existsSync(readme)) {
      problems.push(`${rel}: no README.md`);
      continue;
    }
    const text = readFileSync(readme, 'utf8');
    if (!/^# \S/.test(text)) problems.push(`${rel}/README.md: does not open with a "# title" line`);
    if (text.trim().split('\n').length < 3) problems.push(`${rel}/README.md: fewer than three lines`);
  }
  expect(problems).toEqual([]);
});

it("keeps the project README's promise about folder notes", () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain('Every folder under `src` opens with a README');
});
