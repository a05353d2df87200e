// `npx tsx scripts/verify-presets.ts [NAME...] [--labs] [--generated N [--seed S]] [--seeds A,B,...]`: `verify`
// on every preset and every guided lab's start state (or the named ones: a preset name or labs/FILE.yaml; labs
// only with --labs), plus N seeded generated scenarios (src/emulate/generate.ts; seed S, default 1) and the
// generated scenarios of the listed seeds (CI names ones with BGP-speaking routers) against this host's kernel;
// presets whose features the kernel lacks (IPIP without the ipip module) are reported as skipped. A generated
// scenario that disagrees is written to $TMPDIR/cnilab-generated/NAME.yaml to run `verify` on again.
// Prints each preset's summary line and a total; exits 1 when any check disagrees.

import { load } from '../src/cli/commands';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { listPresets } from '../src/cli/io';
import { presetSource } from '../src/cli/lab';
import { loadLabFile, startLab } from '../src/core/labs';
import { loadLab } from '../src/core/session/load';
import { generateScenario, generateScenarios } from '../src/emulate/generate';
import type { ClusterState } from '../src/core/model/cluster';
import { verify } from '../src/emulate/verify';

const argv = process.argv.slice(2);
const flag = (name: string) => {
  const i = argv.indexOf(name);
  if (i < 0) return undefined;
  const v = argv[i + 1];
  argv.splice(i, 2);
  return v;
};
const generated = Number(flag('--generated') ?? 0);
const seed = Number(flag('--seed') ?? 1);
const seedList = (flag('--seeds') ?? '').split(',').filter(Boolean).map(Number);
const withLabs = argv.includes('--labs');
const names = argv.filter((a) => a !== '--labs');
const LABS = join(dirname(fileURLToPath(import.meta.url)), '..', 'labs');
const targets: { name: string; state: () => ClusterState | undefined }[] = [
  ...listPresets().map((p) => ({ name: p.name, state: () => load([], { preset: p.name }).state })),
  ...readdirSync(LABS)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({
      name: `labs/${f}`,
      state: () => {
        const l = loadLabFile(readFileSync(join(LABS, f), 'utf8'), `labs/${f}`);
        return l.lab ? startLab(l.lab, presetSource).state : undefined;
      },
    })),
];
// Services on verifiable presets (test/fixtures/services/PRESET.yaml appended to the preset): kube-proxy's rules
// in the kernel. Named "services:PRESET"; run with --labs (CI) or by name.
const SERVICES = join(dirname(fileURLToPath(import.meta.url)), '..', 'test', 'fixtures', 'services');
for (const f of readdirSync(SERVICES).filter((x) => x.endsWith('.yaml')).sort()) {
  const preset = f.replace(/\.yaml$/, '');
  targets.push({
    name: `services:${preset}`,
    state: () => {
      const src = presetSource(preset);
      const base = typeof src === 'string' ? src : (src?.text ?? '');
      const text = `${base}\n---\n${readFileSync(join(SERVICES, f), 'utf8')}`;
      return loadLab(text, `services:${preset}`).state;
    },
  });
}
const gens = [...generateScenarios(seed, generated), ...seedList.filter((x) => x < seed || x >= seed + generated).map((x) => generateScenario(x))];
const presets = [
  ...targets.filter((p) => (names.length === 0 ? withLabs || !/^(labs\/|services:)/.test(p.name) : names.includes(p.name))),
  ...gens.map((g) => ({ name: g.name, state: () => loadLab(g.text, `${g.name}.yaml`).state, text: g.text })),
];
let agree = 0;
let total = 0;
let skipped = 0;
for (const p of presets) {
  const state = p.state();
  if (!state) {
    process.stdout.write(`${p.name}: does not load\n`);
    continue;
  }
  const out: string[] = [];
  const r = verify(state, `verify:${p.name}`, { out: (s) => out.push(s) });
  if (r.skipped) {
    skipped++;
    process.stdout.write(`${p.name}: ${r.skipped}\n`);
    continue;
  }
  agree += r.agree;
  total += r.total;
  process.stdout.write(`${p.name}: ${r.agree}/${r.total} checks agree with the kernel\n`);
  if (r.agree !== r.total && 'text' in p) {
    const dir = join(tmpdir(), 'cnilab-generated');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `${p.name}.yaml`), p.text);
    process.stdout.write(`  (scenario written to ${join(dir, `${p.name}.yaml`)})\n`);
  }
  for (const d of r.diffs) process.stdout.write(`  DIFF ${d.replace(/\n/g, '\n  ')}\n`);
}
process.stdout.write(`all: ${agree}/${total} checks agree with the kernel (${presets.length - skipped} presets verified, ${skipped} skipped; ${gens.length} generated: seeds ${seed}-${seed + generated - 1}${seedList.length ? ` and ${seedList.join(',')}` : ''})\n`);
process.exitCode = agree === total ? 0 : 1;
