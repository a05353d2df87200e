// `npm run cli -- COMMAND [FILE | --preset NAME] [flags]` — runs straight from the sources with tsx.

import { parseArgs } from 'node:util';
import { COMMANDS, isUserError, UsageError } from './commands';
import { ShFailed } from './sh';
import { PROCESS_COMMANDS } from './spec';

function usage(): string {
  const all = [...COMMANDS, ...PROCESS_COMMANDS];
  const w = Math.max(...all.map((c) => `${c.name} ${c.args}`.length));
  return ['usage: npm run cli -- COMMAND [FILE | --preset NAME] [flags]', '', ...all.map((c) => `  ${`${c.name} ${c.args}`.padEnd(w)}  ${c.summary}`), ''].join('\n');
}

/**
 * Text from files (lab titles, names, commands) reaches the terminal through the CLI's output; an escape byte in
 * it must not recolour or rewrite the user's terminal. Control characters other than newline and tab are
 * printed as \xNN, as `cat -v` would make them visible.
 */
export function visible(s: string): string {
  return s.replace(/[\x00-\x08\x0b-\x1f\x7f\x80-\x9f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function runCli(argv: string[]): { code: number; stdout: string; stderr: string } {
  const r = runCommandLine(argv);
  return { code: r.code, stdout: visible(r.stdout), stderr: visible(r.stderr) };
}

function runCommandLine(argv: string[]): { code: number; stdout: string; stderr: string } {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') return { code: name ? 0 : 1, stdout: name ? usage() : '', stderr: name ? '' : usage() };
  const cmd = COMMANDS.find((c) => c.name === name);
  if (!cmd) return { code: 1, stdout: '', stderr: `cni-lab: unknown command "${name}"\n\n${usage()}` };
  try {
    const parsed = parseArgs({ args: rest, options: cmd.flags, allowPositionals: true, strict: true });
    const out = cmd.run({ positional: parsed.positionals, flags: parsed.values as Record<string, string | boolean | string[] | undefined> });
    return typeof out === 'string' ? { code: 0, stdout: out, stderr: '' } : { code: 0, ...out };
  } catch (e) {
    const err = e as Error & { code?: string };
    if (isUserError(e) || err.code?.startsWith('ERR_PARSE_ARGS')) {
      const hint = e instanceof UsageError || err.code?.startsWith('ERR_PARSE_ARGS') ? `\nusage: npm run cli -- ${cmd.name} ${cmd.args}\n` : '\n';
      return { code: 1, stdout: e instanceof ShFailed ? e.stdout : '', stderr: `cni-lab ${cmd.name}: ${err.message}${hint}` };
    }
    return { code: 1, stdout: '', stderr: `cni-lab ${cmd.name}: internal error: ${err.message}\n` };
  }
}

const isMain = process.argv[1] && /cli[\\/]main\.ts$/.test(process.argv[1]);
if (isMain && PROCESS_COMMANDS.some((c) => c.name === process.argv[2])) {
  // Real namespaces and processes: loaded only when asked for, so the pure commands never import child_process.
  void import('../emulate/cli').then((m) => {
    process.exitCode = m.runEmulateCli(process.argv.slice(2));
  });
} else if (isMain) {
  const r = runCli(process.argv.slice(2));
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
