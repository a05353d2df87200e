// `npm run cli -- sh FILE --node N|--pod NS/POD [--save OUT.yaml] -- 'COMMAND'`: one terminal command, printed
// exactly as the app's terminal prints it. A command reading `-f -` without a here-document of its own reads
// this process's standard input. The file area is the current directory: `-f pool.yaml` and `cat f` read files
// there, `cat > f <<EOF` and `… > f` write them. With --save, the scenario as it stands after the command is
// written as a scenario file (every other command reads it), so a sequence of commands is a sequence of calls.

import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { runCommand, tokenize } from '../core/terminal';
import { parseCommand } from '../core/terminal/shell';
import { scenarioToYaml } from '../core/scenario';
import { loadLab } from '../core/session/load';
import { UsageError, type CommandSpec } from './spec';
import { InputError, readScenario } from './io';

export interface ShResult {
  code: number;
  stdout: string;
}

/** Files the command names that exist here (small regular files): the terminal's file area for this call. */
function filesNamed(words: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of words) {
    const name = w.replace(/^--filename=/, '');
    if (!name || name === '-' || name.startsWith('-')) continue;
    try {
      if (existsSync(name) && statSync(name).isFile() && statSync(name).size < 1 << 20) out[name] = readFileSync(name, 'utf8');
    } catch {
      // unreadable: the command reports it as missing, as the tool would
    }
  }
  return out;
}

export function runSh(positional: string[], flags: Record<string, unknown>, readStdin: () => string): ShResult {
  const node = typeof flags.node === 'string' ? flags.node : undefined;
  const pod = typeof flags.pod === 'string' ? flags.pod : undefined;
  if (!node === !pod) throw new UsageError('give --node NAME or --pod NAMESPACE/NAME');
  const fromPreset = typeof flags.preset === 'string';
  const file = fromPreset ? undefined : positional[0];
  const words = fromPreset ? positional : positional.slice(1);
  if (!words.length) throw new UsageError("name the command after --: sh FILE --node N -- 'ip route'");
  const text = words.length === 1 ? words[0] : words.join(' ');
  const src = readScenario(file, typeof flags.preset === 'string' ? flags.preset : undefined);
  const loaded = loadLab(src.text, src.name);
  if (loaded.errors.length || !loaded.state || !loaded.scenario) throw new InputError(loaded.errors.map((e) => e.message).join('\n') || `${src.name}: could not be loaded`);
  const { scenario, state } = loaded;
  const { cmd } = parseCommand(text.split('\n'));
  const argv = tokenize(cmd.line);
  const wantsStdin = cmd.heredoc === undefined && (argv.some((w, i) => w === '-' && ['-f', '--filename'].includes(argv[i - 1] ?? '')) || argv.includes('--filename=-') || (argv[0] === 'cat' && argv.length === 1));
  const files = filesNamed(argv);
  const before = { ...files };
  const r = runCommand(state, node ? { node } : { pod: pod! }, text, { files, ...(wantsStdin ? { stdin: readStdin() } : {}) });
  if (r.files) {
    for (const [name, body] of Object.entries(r.files)) if (before[name] !== body) writeFileSync(name, body);
  }
  if (typeof flags.save === 'string') writeFileSync(flags.save, scenarioToYaml(r.write?.scenario ?? scenario));
  return { code: r.exit, stdout: r.out };
}

/** Thrown when the command failed, with what it printed: main.ts prints that and exits 1. */
export class ShFailed extends InputError {
  constructor(
    message: string,
    readonly stdout: string,
  ) {
    super(message);
  }
}

/** `write` sees a failing command's output as well (main.ts prints it from ShFailed). */
export function makeShCommands(write: (s: string) => void = () => undefined, readStdin: () => string = () => readFileSync(0, 'utf8')): CommandSpec[] {
  return [
    {
      name: 'sh',
      args: "FILE --node N | --pod NS/POD [--save OUT.yaml] -- 'COMMAND'",
      summary:
        "One terminal command as the app's terminal prints it (writes too: calicoctl apply -f -, kubectl label …; `-f -` reads stdin); --save writes the scenario after it",
      flags: { preset: { type: 'string' }, node: { type: 'string' }, pod: { type: 'string' }, save: { type: 'string' } },
      run: ({ positional, flags }) => {
        const r = runSh(positional, flags, readStdin);
        if (r.code === 0) return r.stdout;
        write(r.stdout);
        throw new ShFailed(`the command exited with status ${r.code}`, r.stdout);
      },
    },
  ];
}

export const shCommands: CommandSpec[] = makeShCommands();
