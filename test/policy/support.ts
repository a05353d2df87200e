// Loading the seed 002 policy lab (presets/seed002-policy.yaml) with policy files applied, the way
// `matrix --apply` does: the files are appended as further YAML documents.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { loadLab } from '../../src/core/session/load';
import type { ClusterState } from '../../src/core/model/cluster';
import type { Hop, WalkResult } from '../../src/core/model/packet';

export const ROOT = join(__dirname, '../..');
export const PRESETS = join(ROOT, 'presets');
export const POLICIES = join(PRESETS, 'policies');
export const FIXTURES = join(__dirname, 'fixtures');

export const read = (path: string) => readFileSync(path, 'utf8');
export const policyFile = (name: string) => join(POLICIES, `${name}.yaml`);

export function joinDocs(...texts: string[]): string {
  return texts.map((t) => (t.endsWith('\n') ? t : t + '\n')).join('---\n');
}

/** The preset (default seed002-policy) with the named presets/policies/*.yaml files applied. */
export function lab(policies: string[] = [], preset = 'seed002-policy', extra: string[] = []): ClusterState {
  const text = joinDocs(read(join(PRESETS, `${preset}.yaml`)), ...policies.map((p) => read(policyFile(p))), ...extra);
  const r = loadLab(text, `${preset}.yaml`);
  expect(r.errors.map((e) => e.message)).toEqual([]);
  return r.state!;
}

export const policyHops = (r: WalkResult): Hop[] => r.hops.filter((h) => h.kind === 'policy');
export const natHops = (r: WalkResult): Hop[] => r.hops.filter((h) => h.kind === 'nat');

/** 1-based line of the n-th line containing `needle`. */
export function lineOf(text: string, needle: string, nth = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) if (lines[i].includes(needle) && ++seen === nth) return i + 1;
  throw new Error(`"${needle}" (#${nth}) not in text`);
}

export const SVC = '10.96.80.213';
export const DNS = '10.96.0.10';
