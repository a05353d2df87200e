// labs/README.md's complete example is a real lab: it loads without errors or warnings and replays green.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadLabFile, replayLab } from '../../src/core/labs';
import { presetSource } from '../../src/cli/lab';

it('the complete example of labs/README.md loads and replays with every check passing', () => {
  const readme = readFileSync(join(__dirname, '../../labs/README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A complete example'));
  const m = /```yaml\n([\s\S]*?)```/.exec(section);
  expect(m).not.toBeNull();
  const loaded = loadLabFile(m![1], 'labs/ipip-off.yaml');
  expect(loaded.errors.map((e) => e.message)).toEqual([]);
  expect(loaded.warnings).toEqual([]);
  const r = replayLab(loaded.lab!, presetSource);
  expect(r.start.errors).toEqual([]);
  expect(r.steps.flatMap((s) => s.checks.filter((c) => !c.ok).map((c) => `${c.id}: ${c.detail}`))).toEqual([]);
  expect(r.passed).toBe(8);
});
