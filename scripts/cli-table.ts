// Prints the README's CLI table from the command registry (test/readme.test.ts checks they agree).
import { COMMANDS } from '../src/cli/commands';

export function cliTable(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const rows = COMMANDS.map((c) => `| \`${esc(`${c.name} ${c.args}`.trim())}\` | ${esc(c.summary)} |`);
  return ['| command | what it prints |', '| --- | --- |', ...rows].join('\n');
}

if (process.argv[1]?.endsWith('cli-table.ts')) console.log(cliTable());
