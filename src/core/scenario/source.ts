// Splits the input text into resources. YAML (one or many `---` documents) and JSON (an object, an
// array of objects, or a `kind: List` with `items`) go through the same YAML 1.2 parser: JSON is
// YAML, and one parser gives one set of line numbers. A top-level sequence or a List is unpacked so
// that each item is one resource, as kubectl does.

import { LineCounter, isMap, isScalar, isSeq, parseAllDocuments, type Node as YNode } from 'yaml';
import type { Reporter, Res } from './diag';

export interface Source {
  resources: Res[];
  /** true when some document could not be read at all (its resources are missing, not just wrong) */
  unreadable: boolean;
}

export function newLineCounter(): LineCounter {
  return new LineCounter();
}

export function readSource(text: string, rep: Reporter): Source {
  const out: Source = { resources: [], unreadable: false };
  if (text.trim() === '') {
    rep.error('E100', { line: 1 }, 'the scenario file is empty', 'a YAML or JSON file with at least a cnilab/v1 Topology');
    return out;
  }
  const parsed = parseAllDocuments(text, { lineCounter: rep.lineCounter, prettyErrors: true, uniqueKeys: true, merge: true });
  const docs = Array.isArray(parsed) ? parsed : [];
  let sawContent = false;
  for (const doc of docs) {
    for (const w of doc.warnings) rep.warn('W105', { line: posLine(rep, w.linePos, w.pos) }, firstLine(w.message));
    if (doc.errors.length > 0) {
      sawContent = true;
      out.unreadable = true;
      // One error per line (the parser often reports a cascade for one stray bracket): the most telling one.
      const byLine = new Map<number, (typeof doc.errors)[number]>();
      for (const e of doc.errors) {
        const line = posLine(rep, e.linePos, e.pos);
        const prev = byLine.get(line);
        if (!prev || rank(e.code) < rank(prev.code)) byLine.set(line, e);
      }
      for (const [line, e] of byLine) {
        const hint = SYNTAX_HINTS[e.code];
        rep.error('E101', { line }, `YAML syntax: ${firstLine(e.message)}${hint ? `; ${hint}` : ''}`);
      }
      continue;
    }
    const root = doc.contents as YNode | null;
    if (root === null || (isScalar(root) && root.value === null)) continue; // empty document (`---` only, comments)
    sawContent = true;
    let js: unknown;
    try {
      js = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
      out.unreadable = true;
      rep.error('E101', { line: lineAt(rep, root.range?.[0] ?? 0) }, `YAML: ${firstLine((err as Error).message)}`);
      continue;
    }
    if (isSeq(root)) {
      unpackItems(root, js as unknown[], '', rep, out);
    } else if (isMap(root) && isPlainObject(js) && js.kind === 'List' && 'items' in js) {
      const items = root.get('items', true) as YNode | undefined;
      if (items && isSeq(items) && Array.isArray(js.items)) unpackItems(items, js.items, 'items', rep, out);
      else rep.error('E107', { line: lineAt(rep, items?.range?.[0] ?? root.range?.[0] ?? 0), path: 'items' }, 'a List must have `items:` as a list of resources');
    } else if (isMap(root) && isPlainObject(js)) {
      out.resources.push({ index: out.resources.length, value: js, node: root, base: '' });
    } else {
      out.unreadable = true;
      rep.error('E102', { line: lineAt(rep, root.range?.[0] ?? 0) }, `a document must be a mapping (apiVersion, kind, metadata, spec), found ${describeNode(js)}`);
    }
  }
  if (!sawContent) {
    rep.error('E100', { line: 1 }, 'the scenario file has no documents (only comments or `---`)', 'a YAML or JSON file with at least a cnilab/v1 Topology');
  }
  return out;
}

/** What the parser's error codes usually mean in a hand-written manifest. */
const SYNTAX_HINTS: Record<string, string> = {
  MULTILINE_IMPLICIT_KEY: 'a value that continues on the next line must be indented more than its key (or quoted)',
  BAD_INDENT: 'check the indentation of this line against its parent',
  BLOCK_AS_IMPLICIT_KEY: 'a `- item` line must be indented under the key of its list',
  TAB_AS_INDENT: 'YAML does not allow tabs for indentation',
  DUPLICATE_KEY: 'the same key appears twice in one mapping',
  UNEXPECTED_TOKEN: 'look for an unbalanced or stray bracket',
  MISSING_CHAR: 'a bracket is not closed or a key lacks its colon',
};

const SPECIFIC_FIRST = ['UNEXPECTED_TOKEN', 'DUPLICATE_KEY', 'TAB_AS_INDENT'];
function rank(code: string): number {
  const i = SPECIFIC_FIRST.indexOf(code);
  return i < 0 ? SPECIFIC_FIRST.length : i;
}

function unpackItems(seq: YNode, items: unknown[], base: string, rep: Reporter, out: Source): void {
  if (!isSeq(seq)) return;
  seq.items.forEach((node, i) => {
    const value = items[i];
    const path = `${base}[${i}]`;
    const n = node as YNode;
    if (isMap(n) && isPlainObject(value)) {
      out.resources.push({ index: out.resources.length, value, node: n, base: path });
    } else if (value === null || value === undefined) {
      // an empty list item (`- `) is nothing, as an empty document is nothing
    } else {
      out.unreadable = true;
      rep.error('E102', { line: lineAt(rep, n.range?.[0] ?? 0), path }, `a list item must be a resource mapping, found ${describeNode(value)}`);
    }
  });
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeNode(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)}`;
  return `the ${typeof v} ${String(v)}`;
}

function lineAt(rep: Reporter, offset: number): number {
  return rep.lineCounter.linePos(offset).line;
}

function posLine(rep: Reporter, linePos: { line: number }[] | undefined, pos: [number, number]): number {
  return linePos?.[0]?.line ?? lineAt(rep, pos[0]);
}

/** The parser's message without its code frame and without the position (the location says it). */
function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column (\d+):?$/, ' (column $1)');
}
