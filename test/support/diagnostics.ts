// Helpers for the scenario tests: short diagnostics tuples and line lookup in fixture text.

import { parseScenario } from '../../src/core/scenario/parse';

/** [code, line, path] of every error, in the order reported (sorted by line). */
export function errs(text: string, file = 'f.yaml'): [string, number, string][] {
  return parseScenario(text, file).errors.map((e) => [e.code, e.loc?.line ?? -1, e.loc?.path ?? '']);
}

/** [code, line, path] of every warning. */
export function warns(text: string, file = 'f.yaml'): [string, number, string][] {
  return parseScenario(text, file).warnings.map((w) => [w.code, w.loc?.line ?? -1, w.loc?.path ?? '']);
}

/** 1-based line of the `nth` (1-based) line containing `needle`. */
export function lineOf(text: string, needle: string, nth = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].includes(needle) && ++seen === nth) return i + 1;
  }
  throw new Error(`fixture has no line ${nth} containing ${JSON.stringify(needle)}`);
}

/** Two nodes on one /24: lines 1-19; append documents after it with `---`. */
export const BASE = `apiVersion: cnilab/v1
kind: Topology
metadata:
  name: t
spec:
  networks:
    - name: lan
      cidr: 192.168.1.0/24
  nodes:
    - name: n1
      interfaces:
        - name: eth0
          network: lan
          ip: 192.168.1.11/24
    - name: n2
      interfaces:
        - name: eth0
          network: lan
          ip: 192.168.1.12/24
`;

export function withDocs(...docs: string[]): string {
  return [BASE, ...docs].map((d) => (d.endsWith('\n') ? d : `${d}\n`)).join('---\n');
}
