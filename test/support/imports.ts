// The import graph of the sources, read from the text: every `import … from`, `export … from`, side-effect
// `import '…'` and dynamic `import('…')`, with relative specifiers resolved to repository paths. Package imports
// (react, d3, node:fs …) are kept as bare names. The project's formatting puts every import and re-export at the
// start of a line, which is what lets a few regular expressions stand in for a parser here.

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../..');

export interface Edge {
  /** importing file, repository-relative with forward slashes */
  from: string;
  /** imported file (repository-relative) or package name */
  to: string;
  /** `import type` / `export type`, or every named specifier marked `type`: gone after compilation */
  typeOnly: boolean;
  /** `import('…')`: loaded on demand */
  dynamic: boolean;
}

const STATIC = /^(import|export)\s+(type\s+)?((?:[\w$]+\s*,\s*)?(?:\*\s*(?:as\s+[\w$]+\s*)?|\{[^}]*\}\s*|[\w$]+\s*))from\s*['"]([^'"]+)['"]/gm;
const SIDE_EFFECT = /^import\s*['"]([^'"]+)['"]/gm;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** Every .ts/.tsx file under `dir` (repository-relative), sorted. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: string) => {
    for (const name of readdirSync(abs).sort()) {
      const p = join(abs, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(ROOT, p).split('\\').join('/'));
    }
  };
  walk(join(ROOT, dir));
  return out;
}

function resolveSpecifier(from: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`]) {
    if (/\.tsx?$/.test(candidate) && existsSync(join(ROOT, candidate))) return candidate;
  }
  // Non-code imports (`?raw` YAML, CSS) keep their path; an unresolvable one is reported as written.
  return base.replace(/\?.*$/, '');
}

export function importsOf(file: string): Edge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const edges: Edge[] = [];
  for (const m of text.matchAll(STATIC)) {
    const named = /\{([^}]*)\}/.exec(m[3])?.[1];
    const allNamedTypes = named !== undefined && !/^[\w$]/.test(m[3].trim()) && named.split(',').map((s) => s.trim()).filter(Boolean).every((s) => s.startsWith('type '));
    edges.push({ from: file, to: resolveSpecifier(file, m[4]), typeOnly: Boolean(m[2]) || allNamedTypes, dynamic: false });
  }
  for (const m of text.matchAll(SIDE_EFFECT)) edges.push({ from: file, to: resolveSpecifier(file, m[1]), typeOnly: false, dynamic: false });
  for (const m of text.matchAll(DYNAMIC)) edges.push({ from: file, to: resolveSpecifier(file, m[1]), typeOnly: false, dynamic: true });
  return edges;
}

/** All edges from the files under the given folders. */
export function importGraph(dirs: string[]): Edge[] {
  return dirs.flatMap((d) => sourceFiles(d)).flatMap(importsOf);
}

/**
 * Strongly connected components with more than one file (Tarjan), each sorted: the import cycles.
 * Only edges between the given files count.
 */
export function cycles(edges: Edge[]): string[][] {
  const adj = new Map<string, string[]>();
  for (const e of edges) {
    if (!adj.has(e.from)) adj.set(e.from, []);
    adj.get(e.from)!.push(e.to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  let next = 0;
  const visit = (v: string) => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of adj.get(v) ?? []) {
      if (!adj.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of [...adj.keys()].sort()) if (!index.has(v)) visit(v);
  return out.sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
