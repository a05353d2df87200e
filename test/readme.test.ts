// The README's promises that can drift: its CLI table is the command registry's, and its set-up commands exist.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { cliTable, terminalTable } from '../scripts/cli-table';

const readme = readFileSync(join(__dirname, '../README.md'), 'utf8');

it('README CLI table matches the commands (regenerate with `npx tsx scripts/cli-table.ts`)', () => {
  const m = /<!-- cli-table:start -->\n([\s\S]*?)\n<!-- cli-table:end -->/.exec(readme);
  expect(m).not.toBeNull();
  expect(m![1]).toBe(cliTable());
});

it("README terminal table matches the app terminal's command table (`npx tsx scripts/cli-table.ts terminal`)", () => {
  const m = /<!-- terminal-table:start -->\n([\s\S]*?)\n<!-- terminal-table:end -->/.exec(readme);
  expect(m).not.toBeNull();
  expect(m![1]).toBe(terminalTable());
});

it('README set-up commands are the package scripts', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../package.json'), 'utf8')) as { scripts: Record<string, string> };
  expect(readme).toContain('npm ci && npm run dev');
  expect(readme).toContain('npm test');
  expect(pkg.scripts.dev).toBeDefined();
  expect(pkg.scripts.test).toBe('bash scripts/test.sh');
  expect(readFileSync(join(__dirname, '../.ci/run'), 'utf8')).toContain('npm test');
});
