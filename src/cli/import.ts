// `npm run cli -- import cluster.yaml calico.yaml blocks.yaml [flannel.yaml] [NODE.ip-addr.txt …] -o OUT.yaml`:
// a real cluster's dumps become a scenario file; the report of what was assumed goes to stderr, so
// stdout (without -o) is the scenario alone and can be piped.

import { readFileSync, writeFileSync } from 'node:fs';
import { importCluster } from '../core/import';
import { InputError } from './io';
import { UsageError, type CommandSpec } from './spec';

export const IMPORT_COMMAND: CommandSpec = {
  name: 'import',
  args: 'cluster.yaml [calico.yaml] [blocks.yaml] [flannel.yaml] [NODE.ip-addr.txt]... [-o OUT.yaml]',
  summary:
    'A real cluster as a lab: kubectl/calicoctl dumps (YAML or JSON; ip -o addr/link and ip route per node) → a scenario; what the API could not tell is reported on stderr',
  flags: { output: { type: 'string', short: 'o' } },
  run: ({ positional, flags }) => {
    if (!positional.length) throw new UsageError('name the dumps: import cluster.yaml [calico.yaml] [blocks.yaml] …');
    const files = positional.map((name) => {
      try {
        return { name, text: readFileSync(name, 'utf8') };
      } catch (e) {
        throw new InputError(`cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
    });
    const r = importCluster(files);
    if (r.errors.length || !r.yaml) throw new InputError(r.errors.map((e) => e.message).join('\n') || 'nothing to import');
    const report = [
      ...r.notes.map((n) => `${n.code === 'W901' ? 'assumed' : n.code === 'W902' ? 'gap' : 'dropped'}: ${n.loc ? `${n.loc.file}:${n.loc.line}: ` : ''}${n.message}`),
      `imported ${r.summary.nodes} nodes, ${r.summary.pods} pods (${r.summary.cni}) from ${r.summary.files} files${typeof flags.output === 'string' ? ` → ${flags.output}` : ''}`,
    ].join('\n');
    if (typeof flags.output === 'string') {
      writeFileSync(flags.output, r.yaml);
      return { stdout: '', stderr: `${report}\n` };
    }
    return { stdout: r.yaml, stderr: `${report}\n` };
  },
};
