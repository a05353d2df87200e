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
//   pods-all.txt                  `sh --node FIRST -- 'kubectl get pods -A -o wide'`  (the install's pods too)
//   calico-node.describe.txt      `kubectl describe pod -n kube-system <FIRST's calico-node>`  (Calico)
//   calico-node.ds-yaml.txt       `kubectl -n kube-system get ds calico-node -o yaml`            (Calico)
//   felixconfiguration-yaml.txt   `calicoctl get felixconfiguration -o yaml`                      (Calico)
//   kube-flannel-cfg.cm-yaml.txt  `kubectl -n NS get cm kube-flannel-cfg -o yaml`                 (Flannel)
//   subnet-env.txt                `cat /run/flannel/subnet.env` on FIRST                          (Flannel)
//   cni-conflist.txt              `cat /etc/cni/net.d/10-calico.conflist` (or 10-flannel) on FIRST
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

/** Pods as `namespace/name` with their node, in scenario order (the row order of `pods`). */
function pods(preset: string): { pod: string; node: string }[] {
  // `pods` prints the scenario order without a namespace column; `pods -A` adds the column (kubectl's order),
  // so the namespace is looked up by name.
  const rows = (args: string[]) => cli(['pods', '--preset', preset, ...args]).split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/));
  const [header, ...plain] = rows([]);
  const nodeCol = header.indexOf('NODE');
  const all = rows(['-A']).slice(1);
  const namespaceOf = new Map(all.map((cols) => [cols[1], cols[0]]));
  if (namespaceOf.size !== all.length) throw new Error(`${preset}: two pods share a name; name the trace's pods another way`);
  return plain.map((cols) => {
    const ns = namespaceOf.get(cols[0]);
    if (!ns) throw new Error(`${preset}: pod ${cols[0]} is missing from pods -A`);
    return { pod: `${ns}/${cols[0]}`, node: cols[nodeCol] };
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
  const first = nodes[0];
  const sh = (cmd: string) => cli(['sh', '--preset', preset, '--node', first, '--', cmd]);
  const podsAll = sh('kubectl get pods -A -o wide');
  out.set('pods-all.txt', podsAll);
  const rowOf = (prefix: string) => podsAll.split('\n').map((l) => l.split(/\s+/)).find((c) => c[1]?.startsWith(prefix) && c.includes(first));
  if (cni === 'calico') {
    const row = rowOf('calico-node-');
    if (!row) throw new Error(`${preset}: no calico-node pod on ${first}`);
    out.set('calico-node.describe.txt', sh(`kubectl describe pod -n kube-system ${row[1]}`));
    out.set('calico-node.ds-yaml.txt', sh('kubectl -n kube-system get ds calico-node -o yaml'));
    out.set('felixconfiguration-yaml.txt', sh('calicoctl get felixconfiguration -o yaml'));
    out.set('cni-conflist.txt', sh('cat /etc/cni/net.d/10-calico.conflist'));
  } else {
    const row = rowOf('kube-flannel-ds-');
    if (!row) throw new Error(`${preset}: no kube-flannel-ds pod on ${first}`);
    out.set('kube-flannel-cfg.cm-yaml.txt', sh(`kubectl -n ${row[0]} get cm kube-flannel-cfg -o yaml`));
    out.set('subnet-env.txt', sh('cat /run/flannel/subnet.env'));
    out.set('cni-conflist.txt', sh('cat /etc/cni/net.d/10-flannel.conflist'));
  }
  out.set('trace.txt', `# trace --from ${from.pod} --to ${to.pod}\n` + cli(['trace', '--preset', preset, '--from', from.pod, '--to', to.pod]));
  return out;
}
