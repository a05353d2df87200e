// Reads dump files as kubectl and calicoctl print them: one or many YAML documents, JSON, a `kind: List`
// (v1) or calicoctl's `IPPoolList`, `NodeList`, … with `items`. Every resource keeps its YAML node so that a
// bad value is reported at its file and line. Nothing here knows what the kinds mean.

import { LineCounter, isMap, isSeq, parseAllDocuments, type Node as YNode } from 'yaml';
import { LabError, type ErrorLocation } from '../model/errors';
import { lineOfPath } from '../scenario/diag';
import type { DumpFile } from './types';

export type Obj = Record<string, unknown>;

/** One resource of a dump, with what it takes to locate any of its fields. */
export interface DumpObject {
  file: string;
  apiVersion: string;
  kind: string;
  value: Obj;
  /** the resource's YAML node and its file's line counter, to locate a field (built on demand for JSON) */
  where(): { node: YNode; lc: LineCounter };
  /** path of the resource in its document: '' or `items[3]` */
  base: string;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function locOf(o: DumpObject, path: string): ErrorLocation {
  const full = o.base && path ? `${o.base}.${path}` : o.base || path;
  const { node, lc } = o.where();
  return { file: o.file, line: lineOfPath(node, path, lc), path: full };
}

/**
 * `kubectl get … -o json` of a big cluster is tens of megabytes; JSON.parse reads it in a blink where the
 * YAML parser (which keeps every node for line numbers) takes minutes. So JSON is read with JSON.parse, and
 * the YAML nodes are built only if some field has to be located (once per file).
 */
function readJson(f: DumpFile, errors: LabError[]): DumpObject[] | undefined {
  if (!/^\s*[[{]/.test(f.text)) return undefined;
  let js: unknown;
  try {
    js = JSON.parse(f.text);
  } catch {
    return undefined; // the YAML reader reports where it breaks
  }
  let tree: { root: YNode; lc: LineCounter } | undefined;
  const nodeAt = (base: string) => {
    if (!tree) {
      const lc = new LineCounter();
      const doc = parseAllDocuments(f.text, { lineCounter: lc, uniqueKeys: false });
      const first = Array.isArray(doc) ? doc[0] : undefined;
      tree = { root: first?.contents as YNode, lc };
    }
    let n: YNode | undefined = tree.root;
    for (const m of base.matchAll(/(\w+)|\[(\d+)\]/g)) {
      if (m[1] !== undefined && n && isMap(n)) n = n.get(m[1], true) as YNode | undefined;
      else if (m[2] !== undefined && n && isSeq(n)) n = n.items[Number(m[2])] as YNode | undefined;
    }
    return { node: n ?? tree.root, lc: tree.lc };
  };
  const out: DumpObject[] = [];
  const take = (value: unknown, base: string) => {
    if (!isObj(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
      const { node, lc } = nodeAt(base);
      errors.push(new LabError('E902', `a resource must be a mapping with apiVersion and kind, found ${isObj(value) ? 'a mapping without them' : Array.isArray(value) ? 'a list' : typeof value}`, { file: f.name, line: lc.linePos(node.range?.[0] ?? 0).line, path: base }, 'apiVersion, kind, metadata, spec'));
      return;
    }
    if (value.kind.endsWith('List') && 'items' in value) {
      if (value.items === null) return;
      if (!Array.isArray(value.items)) {
        const { node, lc } = nodeAt(base ? `${base}.items` : 'items');
        errors.push(new LabError('E902', `${value.kind}: items must be a list of resources`, { file: f.name, line: lc.linePos(node.range?.[0] ?? 0).line, path: base ? `${base}.items` : 'items' }, 'items: [ … ]'));
        return;
      }
      value.items.forEach((v, i) => take(v, base ? `${base}.items[${i}]` : `items[${i}]`));
      return;
    }
    out.push({ file: f.name, apiVersion: value.apiVersion, kind: value.kind, value, where: () => nodeAt(base), base });
  };
  if (Array.isArray(js)) js.forEach((v, i) => take(v, `[${i}]`));
  else take(js, '');
  return out;
}

export function readDump(f: DumpFile, errors: LabError[]): DumpObject[] {
  const json = readJson(f, errors);
  if (json) return json;
  const out: DumpObject[] = [];
  const lc = new LineCounter();
  const docs = parseAllDocuments(f.text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
  const list = Array.isArray(docs) ? docs : [];
  for (const doc of list) {
    if (doc.errors.length) {
      const e = doc.errors[0];
      const line = lc.linePos(e.pos[0]).line;
      errors.push(new LabError('E901', `${f.name} is not readable YAML/JSON: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, { file: f.name, line, path: '' }, 'the text kubectl/calicoctl printed with -o yaml or -o json'));
      continue;
    }
    const root = doc.contents as YNode | null;
    if (!root) continue;
    const js = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (js === null || js === undefined) continue;
    const at = (n: YNode | null | undefined) => lc.linePos(n?.range?.[0] ?? 0).line;
    const take = (node: YNode, value: unknown, base: string) => {
      if (!isObj(value) || !isMap(node)) {
        errors.push(new LabError('E902', `a resource must be a mapping with apiVersion and kind, found ${Array.isArray(value) ? 'a list' : typeof value}`, { file: f.name, line: at(node), path: base }, 'apiVersion, kind, metadata, spec'));
        return;
      }
      const { apiVersion, kind } = value;
      if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
        errors.push(new LabError('E902', `${typeof kind === 'string' ? `kind ${kind} without apiVersion` : 'no kind'}: not a resource kubectl or calicoctl prints`, { file: f.name, line: at(node), path: base }, 'apiVersion and kind at the top of each resource'));
        return;
      }
      if (kind.endsWith('List') && 'items' in value) {
        const items = (node as unknown as { get(k: string, keep: true): YNode | undefined }).get('items', true);
        const vals = value.items;
        if (vals === null) return; // an empty list prints `items: null` in some versions
        if (!items || !isSeq(items) || !Array.isArray(vals)) {
          errors.push(new LabError('E902', `${kind}: items must be a list of resources`, { file: f.name, line: at(items ?? node), path: base ? `${base}.items` : 'items' }, 'items: [ … ]'));
          return;
        }
        items.items.forEach((n, i) => take(n as YNode, vals[i], base ? `${base}.items[${i}]` : `items[${i}]`));
        return;
      }
      out.push({ file: f.name, apiVersion, kind, value, where: () => ({ node, lc }), base });
    };
    if (isSeq(root) && Array.isArray(js)) root.items.forEach((n, i) => take(n as YNode, js[i], `[${i}]`));
    else take(root, js, '');
  }
  return out;
}
