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
  node: YNode;
  lc: LineCounter;
  /** path of the resource in its document: '' or `items[3]` */
  base: string;
}

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function locOf(o: DumpObject, path: string): ErrorLocation {
  const full = o.base && path ? `${o.base}.${path}` : o.base || path;
  return { file: o.file, line: lineOfPath(o.node, path, o.lc), path: full };
}

export function readDump(f: DumpFile, errors: LabError[]): DumpObject[] {
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
      out.push({ file: f.name, apiVersion, kind, value, node, lc, base });
    };
    if (isSeq(root) && Array.isArray(js)) root.items.forEach((n, i) => take(n as YNode, js[i], `[${i}]`));
    else take(root, js, '');
  }
  return out;
}
