// `emulate up|exec|down` and `verify`: the CLI side of the real-kernel lab. These commands spawn processes and
// wait on them, so they are dispatched here rather than through the pure command table.

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { load } from '../cli/commands';
import type { ClusterState } from '../core/model/cluster';
import { loadLab } from '../core/session/load';
import { loadLabFile, startLab } from '../core/labs';
import { presetSource } from '../cli/lab';
import { generateScenario } from './generate';
import { readMap, labId, targetId } from './plan';
import { EmulateError } from './run';
import { down, SkipError, up } from './up';
import { verify } from './verify';

export const EMULATE_USAGE = [
  'usage: npm run cli -- emulate up FILE|--preset NAME',
  '       npm run cli -- emulate exec FILE|--preset NAME NODE|NS/POD|ROUTER -- CMD...',
  '       npm run cli -- emulate down FILE|--preset NAME',
  '       npm run cli -- verify FILE|--preset NAME|--seed N [--keep]',
].join('\n');

/** A scenario file, a preset, or a guided lab file (kind: Lab), whose start state is what gets built. */
function loadTarget(positional: string[], values: { preset?: string }): ClusterState {
  const file = positional[0];
  if (!values.preset && file && existsSync(file)) {
    const text = readFileSync(file, 'utf8');
    if (/^kind:\s*Lab\s*$/m.test(text)) {
      const l = loadLabFile(text, file);
      const st = l.lab ? startLab(l.lab, presetSource).state : undefined;
      if (!st) throw new EmulateError(`${file}: the lab does not load${l.errors[0] ? `: ${l.errors[0].message}` : ''}`);
      return st;
    }
  }
  return load(positional, values).state;
}

/** The lab's identity: the preset name or the scenario file's absolute path. */
function sourceOf(positional: string[], preset?: string): string {
  return preset ? `preset:${preset}` : `file:${resolve(positional[0] ?? '')}`;
}

export function runEmulateCli(argv: string[]): number {
  const [cmd, ...rest0] = argv;
  const dd = rest0.indexOf('--');
  const rest = dd >= 0 ? rest0.slice(0, dd) : rest0;
  const tail = dd >= 0 ? rest0.slice(dd + 1) : [];
  try {
    if (cmd === 'verify') {
      const { positionals, values } = parseArgs({ args: rest, options: { preset: { type: 'string' }, seed: { type: 'string' }, keep: { type: 'boolean' } }, allowPositionals: true });
      let state: ClusterState;
      let source: string;
      if (values.seed !== undefined) {
        // the scenario CI's generator draws from this seed (src/emulate/generate.ts), to reproduce a DIFF
        const g = generateScenario(Number(values.seed));
        const loaded = loadLab(g.text, `${g.name}.yaml`);
        if (!loaded.state) throw new EmulateError(`generated scenario ${g.name} does not load: ${loaded.errors[0]?.message ?? ''}`);
        process.stdout.write(`${g.name}\n`);
        state = loaded.state;
        source = `generated:${g.name}`;
      } else {
        state = loadTarget(positionals, values);
        source = sourceOf(positionals, values.preset);
      }
      const r = verify(state, source, { keep: !!values.keep, out: (s) => process.stdout.write(s) });
      return r.skipped || r.agree === r.total ? 0 : 1;
    }
    const [sub, ...args] = rest;
    const { positionals, values } = parseArgs({ args, options: { preset: { type: 'string' } }, allowPositionals: true });
    if (sub === 'down') {
      down(sourceOf(positionals, values.preset));
      return 0;
    }
    const filePos = values.preset ? [] : positionals.slice(0, 1);
    const state = loadTarget(filePos, values);
    const source = sourceOf(filePos, values.preset);
    if (sub === 'up') {
      const m = up(state, source);
      const lines = Object.entries(m.ns).map(([id, ns]) => `${ns}  ${id}`);
      process.stdout.write(`lab ${m.lab} is up (fabric ${m.fabric})\n${lines.join('\n')}\n`);
      return 0;
    }
    if (sub === 'exec') {
      const target = positionals[values.preset ? 0 : 1];
      const m = readMap(labId(source));
      if (!m) throw new EmulateError(`the lab is not up: run emulate up first`);
      const id = target ? targetId(state, target) : undefined;
      const ns = id ? m.ns[id] : undefined;
      if (!ns) throw new EmulateError(`unknown target "${target ?? ''}" (a node name, NS/POD or a router name)`);
      if (!tail.length) throw new EmulateError('name a command after --');
      const r = spawnSync('ip', ['netns', 'exec', ns, ...tail], { stdio: 'inherit' });
      return r.status ?? 1;
    }
    process.stderr.write(`${EMULATE_USAGE}\n`);
    return 1;
  } catch (e) {
    if (e instanceof SkipError) {
      process.stdout.write(`${e.message}\n`);
      return 0;
    }
    process.stderr.write(`cni-lab ${cmd}: ${(e as Error).message}\n`);
    return 1;
  }
}
