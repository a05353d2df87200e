// Collects errors and warnings while a file is read. Every diagnostic is located as file, 1-based
// line and field path; the line is looked up from the YAML node the path names (or, for a field
// that is missing, the nearest enclosing field that exists).

import { LineCounter, isMap, isPair, isScalar, isSeq, type Node as YNode, type Pair } from 'yaml';
import { LabError, type Diagnostics, type ErrorLocation } from '../model/errors';
import type { ErrorCode, WarningCode } from '../model/catalogue';
import { concatPath, parsePath, type Segment } from './path';

/** One resource read from the file: a top-level document, or one item of a top-level list / `kind: List`. */
export interface Res {
  /** ordinal of the resource in the file (0-based): ResourceRef.doc */
  index: number;
  value: Record<string, unknown>;
  node: YNode;
  /** path of the resource inside its YAML document: '' for a document, `items[2]` or `[2]` for list items */
  base: string;
}

export type Warning = Diagnostics['warnings'][number];

/** A place in the file: inside a resource at a field path, or a bare line (syntax errors). */
export type Where = ResWhere | { line: number; path?: string };
export type ResWhere = { res: Res; path: string };

export class Reporter {
  readonly errors: LabError[] = [];
  readonly warnings: Warning[] = [];
  private order = new WeakMap<object, number>();
  private seq = 0;

  constructor(
    readonly file: string,
    readonly lineCounter: LineCounter,
    /** the source text, to find keys inside embedded JSON strings (net-conf.json) */
    readonly text = '',
  ) {}

  loc(where: Where): ErrorLocation {
    if ('line' in where) return { file: this.file, line: where.line, path: where.path ?? '' };
    return {
      file: this.file,
      line: lineOfPath(where.res.node, where.path, this.lineCounter, this.text),
      path: concatPath(where.res.base, where.path),
    };
  }

  error(code: ErrorCode, where: Where, detail: string, allowed?: string): void {
    const e = new LabError(code, clipMessage(detail), this.loc(where), allowed === undefined ? undefined : clipMessage(allowed));
    this.order.set(e, this.seq++);
    this.errors.push(e);
  }

  warn(code: WarningCode, where: Where, message: string): void {
    const w: Warning = { code, message: clipMessage(message), loc: this.loc(where) };
    this.order.set(w, this.seq++);
    this.warnings.push(w);
  }

  /** Errors and warnings sorted by line; diagnostics on one line keep the order they were found in. */
  sorted(): { errors: LabError[]; warnings: Warning[] } {
    const byLine = <T extends { loc?: ErrorLocation }>(a: T, b: T) =>
      (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (this.order.get(a) ?? 0) - (this.order.get(b) ?? 0);
    return { errors: [...this.errors].sort(byLine), warnings: [...this.warnings].sort(byLine) };
  }
}

const QUOTED_MAX = 60;
const MESSAGE_MAX = 1000;

/**
 * Messages quote the user's values back; a value can be a 400 KB string or carry terminal escape bytes. Each
 * quoted value longer than QUOTED_MAX characters is cut (its length said), control characters are shown as
 * \xNN, and the whole message is capped, so a message stays one readable line wherever it is printed.
 */
export function clipMessage(s: string): string {
  let out = s.replace(/"(?:[^"\\]|\\.)*"/g, (q) => (q.length - 2 > QUOTED_MAX ? `${q.slice(0, QUOTED_MAX + 1)}…" (${q.length - 2} characters)` : q));
  out = out.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return out.length > MESSAGE_MAX ? `${out.slice(0, MESSAGE_MAX)}… (${out.length} characters)` : out;
}

/** 1-based line of the node a path names inside `root`; falls back to the deepest field that exists. */
export function lineOfPath(root: YNode, path: string, lc: LineCounter, text = ''): number {
  const segs = parsePath(path) ?? [];
  return lineOfOffset(lc, offsetOfPath(root, segs, text));
}

function offsetOfPath(root: YNode, segs: Segment[], text: string): number {
  let node: YNode | null = root;
  let offset = startOf(root);
  let i = 0;
  while (i < segs.length && node !== null) {
    const seg = segs[i];
    if (isMap(node) && typeof seg === 'string') {
      // A key with dots ("cni.projectcalico.org/ipAddrs") may arrive split: try the joined segments too.
      let pair: Pair<unknown, unknown> | undefined;
      let used = 0;
      for (let j = i; j < segs.length && typeof segs[j] === 'string' && !pair; j++) {
        const key = segs.slice(i, j + 1).join('.');
        pair = node.items.find((p: Pair<unknown, unknown>) => isPair(p) && isScalar(p.key) && String(p.key.value) === key);
        used = j - i + 1;
      }
      if (!pair) break;
      // The key's line: a value may be null (`metadata:` with nothing under it) or start on the next line.
      const key = pair.key;
      offset = isScalar(key) && key.range ? key.range[0] : offset;
      node = (pair.value as YNode | null) ?? null;
      i += used;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as YNode | undefined;
      if (!item) break;
      offset = startOf(item, offset);
      node = item;
      i++;
    } else {
      // A JSON document inside a string (a ConfigMap's net-conf.json): follow the keys through its text.
      if (isScalar(node) && typeof node.value === 'string' && node.range) offset = offsetInJsonText(text, node.range, segs.slice(i), offset);
      break;
    }
  }
  return offset;
}

function offsetInJsonText(text: string, range: [number, number, number], rest: Segment[], fallback: number): number {
  let at = range[0];
  let found = fallback;
  for (const seg of rest) {
    if (typeof seg !== 'string') break;
    const i = text.indexOf(JSON.stringify(seg), at);
    if (i < 0 || i >= range[1]) break;
    found = i;
    at = i + 1;
  }
  return found;
}

function startOf(node: YNode | null | undefined, fallback = 0): number {
  return node?.range ? node.range[0] : fallback;
}

export function lineOfOffset(lc: LineCounter, offset: number): number {
  return lc.linePos(offset).line;
}
