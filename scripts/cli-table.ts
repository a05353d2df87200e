// Prints the README's tables from the registries (test/readme.test.ts checks they agree):
// the CLI commands, and the app terminal's commands with their renderer and CLI subcommand.
import { COMMANDS } from '../src/cli/commands';
import { PROCESS_COMMANDS } from '../src/cli/spec';
import { TERMINAL_COMMANDS } from '../src/core/terminal';

const esc = (s: string) => s.replace(/\|/g, '\\|');

export function cliTable(): string {
  const rows = [...COMMANDS, ...PROCESS_COMMANDS].map((c) => `| \`${esc(`${c.name} ${c.args}`.trim())}\` | ${esc(c.summary)} |`);
  return ['| command | what it prints |', '| --- | --- |', ...rows].join('\n');
}

export function terminalTable(): string {
  const rows = TERMINAL_COMMANDS.map(
    (c) => `| \`${esc(c.usage)}\` | ${esc(c.summary)} | \`${esc(c.renderer)}\` | \`${esc(c.cli)}\` | ${c.where.join(', ')} |`,
  );
  return ['| terminal command | what it shows | renderer | same text from the CLI | where |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

if (process.argv[1]?.endsWith('cli-table.ts')) console.log(process.argv[2] === 'terminal' ? terminalTable() : cliTable());
