// Policy commands: `matrix` (every ordered pod pair per probe) and `explain` (which policies selected
// each side and which rule decided, through a Service's DNAT). Both accept `--apply FILE` (repeatable)
// to add policy files — e.g. presets/policies/seed002-*.yaml — to the scenario, as `kubectl apply -f`
// would; errors in an applied file point at that file's own lines.

import { readFileSync } from 'node:fs';
import { cniOf } from '../core/cni';
import { loadLab } from '../core/session/load';
import type { ClusterState } from '../core/model/cluster';
import { formatError, type ErrorLocation } from '../core/model/errors';
import { clusterMatrix, ExplainError, explainText, MatrixLimitError, matrixText, parseProbe, type Probe } from '../core/policy';
import { UsageError, type CommandSpec, type Flags } from './spec';
import { InputError, readScenario } from './io';

const str = (flags: Flags, k: string): string | undefined => (typeof flags[k] === 'string' ? (flags[k] as string) : undefined);
const list = (flags: Flags, k: string): string[] => {
  const v = flags[k];
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
};

interface Part {
  name: string;
  /** first line of this part in the joined text (1-based) */
  start: number;
  lines: number;
}

/** FILE / --preset plus every --apply FILE, loaded as one scenario; errors name the file they are in. */
export function loadWithPolicies(positional: string[], flags: Flags): ClusterState {
  const base = readScenario(positional[0], str(flags, 'preset'));
  const parts: Part[] = [];
  let text = '';
  let line = 1;
  const add = (name: string, t: string) => {
    const body = t.endsWith('\n') ? t : t + '\n';
    if (text) {
      text += '---\n';
      line += 1;
    }
    const n = body.split('\n').length - 1;
    parts.push({ name, start: line, lines: n });
    text += body;
    line += n;
  };
  add(base.name, base.text);
  for (const f of list(flags, 'apply')) {
    let t: string;
    try {
      t = readFileSync(f, 'utf8');
    } catch (e) {
      throw new InputError(`cannot read ${f}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
    add(f, t);
  }
  const r = loadLab(text, base.name);
  const where = (loc?: ErrorLocation): ErrorLocation | undefined => {
    if (!loc || loc.line === 0) return loc;
    const p = [...parts].reverse().find((x) => loc.line >= x.start) ?? parts[0];
    return { ...loc, file: p.name, line: loc.line - p.start + 1 };
  };
  if (r.errors.length || !r.state) {
    throw new InputError(r.errors.map((e) => formatError(e.code, e.detail, where(e.loc), e.allowed)).join('\n') || `${base.name}: could not be loaded`);
  }
  return r.state;
}

function probesOf(flags: Flags): Probe[] {
  const given = list(flags, 'probe');
  const probes = (given.length ? given : ['TCP/80']).map((s) => {
    const p = parseProbe(s);
    if (!p) throw new UsageError(`--probe takes PROTOCOL/PORT (TCP/80, UDP/53, SCTP/9) or ICMP (got "${s}")`);
    return p;
  });
  return probes;
}

function format(flags: Flags): 'text' | 'json' {
  const f = (str(flags, 'format') ?? 'text').toLowerCase();
  if (f !== 'text' && f !== 'json') throw new UsageError(`--format must be one of text, json (got "${f}")`);
  return f;
}

const FLAGS = {
  preset: { type: 'string' as const },
  apply: { type: 'string' as const, multiple: true },
  probe: { type: 'string' as const, multiple: true },
};

export const policyCommands: CommandSpec[] = [
  {
    name: 'matrix',
    args: 'FILE [--apply POLICY.yaml]... [--probe TCP/80]... [--format text|json]',
    summary: 'Reachability of every ordered pod pair under the policies, per probe (JSON: {probe: {client: {server: bool}}})',
    flags: { ...FLAGS, format: { type: 'string' } },
    run: ({ positional, flags }) => {
      const fmt = format(flags);
      const probes = probesOf(flags);
      const state = loadWithPolicies(positional, flags);
      let m;
      try {
        m = clusterMatrix(state, probes);
      } catch (e) {
        if (e instanceof MatrixLimitError) throw new InputError(e.message);
        throw e;
      }
      if (fmt === 'json') return JSON.stringify(m, null, 2) + '\n';
      const cni = cniOf(state.scenario);
      return matrixText(m, cni.enforcesPolicy ? undefined : `${cni.title} does not enforce NetworkPolicy`);
    },
  },
  {
    name: 'explain',
    args: 'FILE --from NS/POD --to NS/POD|POD-IP|SERVICE-IP [--probe TCP/80] [--apply POLICY.yaml]...',
    summary: 'Which policies select each side and which rule decides (through the Service DNAT for a clusterIP)',
    flags: { ...FLAGS, from: { type: 'string' }, to: { type: 'string' } },
    run: ({ positional, flags }) => {
      const from = str(flags, 'from');
      const to = str(flags, 'to');
      if (!from || !to) throw new UsageError('name both ends: --from NS/POD --to NS/POD|POD-IP|SERVICE-IP');
      const probes = probesOf(flags);
      if (probes.length !== 1) throw new UsageError('explain takes one --probe');
      const state = loadWithPolicies(positional, flags);
      try {
        return explainText(state, from, to, probes[0]);
      } catch (e) {
        if (e instanceof ExplainError) throw new InputError(e.message);
        throw e;
      }
    },
  },
];
