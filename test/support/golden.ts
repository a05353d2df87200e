// The golden files under test/golden: what the CLI prints for every preset, kept as text so that a change in
// any route, session or hop shows up as a reviewable diff. Everything here goes through `runCli`, the same entry
// point as `npm run cli`, so the goldens hold whatever loader and renderers the CLI uses at the time.
//
// Per preset (test/golden/<preset>/):
//   <node>.route-n.txt            `routes --node N`                (every node of the Topology)
//   <node>.ip-route.txt           `routes --node N --format ip-route`
//   <node>.node-status.txt        `bgp --node N`                   (Calico presets only)
//   trace.txt                     `trace --from A --to B`          (A: the first pod; B: the first pod on
//                                                                   another node, in scenario order), after a
//                                                                   `# trace --from A --to B` line naming them
//
// Which pods and nodes exist is read from the preset's own YAML and from the CLI's output, never from core
// types, so a refactor of the core does not have to touch this file.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../../src/cli/main';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');
export const GOLDEN_DIR = join(ROOT, 'test/golden');
const PRESETS = join(ROOT, 'presets');

/** Suffix a mismatch is written under, beside its golden, for a person to diff (gitignored). */
export const CHANGED = '-changed';

export function presetNames(): string[] {
  return readdirSync(PRESETS)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.replace(/\.yaml$/, ''))
    .sort();
}

function cli(args: string[]): string {
  const r = runCli(args);
  if (r.code !== 0) throw new Error(`cni-lab ${args.join(' ')} failed:\n${r.stderr}`);
  return r.stdout;
}

interface PresetFacts {
  cni: string;
  nodes: string[];
}

/** The node names (Topology order) and the CNI, straight from the preset file. */
function facts(preset: string): PresetFacts {
  const docs = parseAllDocuments(readFileSync(join(PRESETS, `${preset}.yaml`), 'utf8')).map((d) => d.toJS() as { kind?: string; spec?: Record<string, unknown> } | null);
  const topology = docs.find((d) => d?.kind === 'Topology');
  const cluster = docs.find((d) => d?.kind === 'Cluster');
  const nodes = ((topology?.spec?.nodes ?? []) as { name: string }[]).map((n) => n.name);
  if (!nodes.length) throw new Error(`${preset}: no Topology nodes`);
  return { cni: String(cluster?.spec?.cni ?? 'calico'), nodes };
}

/** Pods as `namespace/name` with their node, in scenario order (kubectl's row order). */
function pods(preset: string): { pod: string; node: string }[] {
  // `pods` prints no namespace column; the matrix's JSON keys are namespace/name, so join the two by name.
  const rows = cli(['pods', '--preset', preset]).split('\n').slice(1).filter(Boolean).map((l) => l.trim().split(/\s+/));
  const matrix = JSON.parse(cli(['matrix', '--preset', preset, '--format', 'json'])) as Record<string, Record<string, unknown>>;
  const qualified = Object.keys(Object.values(matrix)[0] ?? {});
  return rows.map((cols) => {
    const name = cols[0];
    const node = cols[6];
    const pod = qualified.find((q) => q.slice(q.indexOf('/') + 1) === name);
    if (!pod) throw new Error(`${preset}: pod ${name} is not in the matrix`);
    return { pod, node };
  });
}

/** Every golden file of one preset: relative file name → expected text. */
export function goldenFiles(preset: string): Map<string, string> {
  const { cni, nodes } = facts(preset);
  const out = new Map<string, string>();
  for (const node of nodes) {
    out.set(`${node}.route-n.txt`, cli(['routes', '--preset', preset, '--node', node]));
    out.set(`${node}.ip-route.txt`, cli(['routes', '--preset', preset, '--node', node, '--format', 'ip-route']));
    if (cni === 'calico') out.set(`${node}.node-status.txt`, cli(['bgp', '--preset', preset, '--node', node]));
  }
  const all = pods(preset);
  const from = all[0];
  const to = all.find((p) => p.node !== from?.node);
  if (!from || !to) throw new Error(`${preset}: needs pods on two nodes for its trace`);
  out.set('trace.txt', `# trace --from ${from.pod} --to ${to.pod}\n` + cli(['trace', '--preset', preset, '--from', from.pod, '--to', to.pod]));
  return out;
}
