// loadLabFile: a lab file (YAML, or JSON read by the same parser) → a typed Lab, or every error found,
// each located as file:line field-path like the scenario's diagnostics. Nothing here throws on bad input.
// What the fields mean: labs/README.md.

import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument, type Node as YNode, type Pair } from 'yaml';
import { LabError, type ErrorLocation } from '../model/errors';
import type { DropReason, HopKind } from '../model/packet';
import { nearest, describe } from '../scenario/fields';
import { clipMessage, lineOfPath } from '../scenario/diag';
import { joinPath, parsePath } from '../scenario/path';
import type { ErrorCode, WarningCode } from '../model/catalogue';
import type { EmbeddedText, Exercise, HopMatch, I18n, Lab, LabAction, LabCheck, LabStart, LabStep, LabWarning, LocatedCheck, ResourceName, ShowCommand, SolutionCommand, TrafficSpec } from './types';
import { parseFieldPath } from '../session/paths';

/** What the parser's error codes usually mean in a lab file (texts with colons, block indentation). */
const YAML_HINTS: Record<string, string> = {
  MULTILINE_IMPLICIT_KEY: 'a text that continues on the next line must be indented more than its key, or quoted',
  BLOCK_AS_IMPLICIT_KEY: 'a text containing ": " must be quoted, or written as a block (`|` or `>-` and the text on the next lines)',
  BAD_INDENT: 'check the indentation of this line against its parent',
  TAB_AS_INDENT: 'YAML does not allow tabs for indentation',
  DUPLICATE_KEY: 'the same key appears twice in one mapping',
  UNEXPECTED_TOKEN: 'a text starting with [ or { or containing ": " must be quoted',
};

export interface LabLoad {
  lab?: Lab;
  errors: LabError[];
  warnings: LabWarning[];
}

const DROP_REASONS: DropReason[] = ['no-route', 'blackhole', 'unreachable-nexthop', 'ttl-exceeded', 'mtu', 'local-mtu', 'policy', 'node-down', 'filtered', 'rp-filter', 'no-listener', 'loop'];
const HOP_KINDS: HopKind[] = ['send', 'route', 'arp', 'encap', 'decap', 'wire', 'receive', 'nat', 'policy', 'fragment', 'deliver', 'drop', 'icmp'];
const ACTIONS = ['apply', 'delete', 'label', 'patch', 'set'] as const;
const CHECKS = ['walk', 'route', 'session', 'sessions', 'traceroute', 'matrix', 'output'] as const;
export const SESSION_STATES = ['Established', 'Idle', 'Connect', 'Active', 'OpenSent', 'OpenConfirm', 'up', 'start', 'down'];
const PEER_TYPES = ['node-to-node mesh', 'global', 'node specific'];
const STEP_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;

/** Collects located diagnostics for one lab file. */
class Reporter {
  readonly errors: LabError[] = [];
  readonly warnings: LabWarning[] = [];
  constructor(
    readonly file: string,
    readonly lc: LineCounter,
    readonly root: YNode | null,
  ) {}

  loc(path: string): ErrorLocation {
    return { file: this.file, line: this.root ? lineOfPath(this.root, path, this.lc) : 1, path };
  }
  error(code: ErrorCode, path: string, detail: string, allowed?: string): void {
    this.errors.push(new LabError(code, clipMessage(detail), this.loc(path), allowed === undefined ? undefined : clipMessage(allowed)));
  }
  warn(code: WarningCode, path: string, message: string): void {
    this.warnings.push({ code, message: clipMessage(message), loc: this.loc(path) });
  }
  node(path: string): YNode | undefined {
    let n: YNode | null | undefined = this.root;
    for (const seg of parsePath(path) ?? []) {
      if (isMap(n) && typeof seg === 'string') {
        const pair: Pair<unknown, unknown> | undefined = n.items.find((p: Pair<unknown, unknown>) => isPair(p) && isScalar(p.key) && String(p.key.value) === seg);
        n = (pair?.value as YNode | null | undefined) ?? undefined;
      } else if (isSeq(n) && typeof seg === 'number') n = n.items[seg] as YNode | undefined;
      else return undefined;
    }
    return n ?? undefined;
  }
}

/** A mapping being read: typed getters that report at the field's path, and unknown keys at the end. */
class Obj {
  private readonly seen = new Set<string>();
  constructor(
    readonly r: Reporter,
    readonly path: string,
    readonly v: Record<string, unknown>,
  ) {}

  p(key: string): string {
    return joinPath(this.path, key);
  }
  has(key: string): boolean {
    this.seen.add(key);
    return Object.prototype.hasOwnProperty.call(this.v, key) && this.v[key] !== undefined;
  }
  raw(key: string): unknown {
    this.seen.add(key);
    return Object.prototype.hasOwnProperty.call(this.v, key) ? this.v[key] : undefined;
  }
  missing(key: string, what: string): void {
    this.r.error('E603', this.path, `${this.path ? `${this.path}: ` : ''}${key} is required (${what})`);
  }
  str(key: string, required = false, what = 'text'): string | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (required) this.missing(key, what);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.r.error('E604', this.p(key), `${this.p(key)} must be ${what}, found ${describe(v)}${typeof v === 'boolean' || typeof v === 'number' ? ' (quote it)' : ''}`);
      return undefined;
    }
    return v;
  }
  int(key: string, min: number, max: number, required = false): number | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (required) this.missing(key, `a whole number ${min}-${max}`);
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.r.error('E604', this.p(key), `${this.p(key)} must be a whole number, found ${describe(v)}`);
      return undefined;
    }
    if (v < min || v > max) {
      this.r.error('E605', this.p(key), `${this.p(key)}: ${v} is out of range`, `${min}-${max}`);
      return undefined;
    }
    return v;
  }
  bool(key: string): boolean | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') {
      this.r.error('E604', this.p(key), `${this.p(key)} must be true or false, found ${describe(v)}`);
      return undefined;
    }
    return v;
  }
  oneOf<T extends string>(key: string, allowed: readonly T[], required = false): T | undefined {
    const v = this.str(key, required, `one of ${allowed.join(', ')}`);
    if (v === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(v)) {
      const near = nearest(v, [...allowed]);
      this.r.error('E605', this.p(key), `${this.p(key)}: ${JSON.stringify(v)} is not allowed${near ? `; did you mean ${near}?` : ''}`, allowed.join(', '));
      return undefined;
    }
    return v as T;
  }
  /** A string, or a list of strings (a single string becomes a one-item list). */
  strings(key: string): string[] | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) return undefined;
    const list = Array.isArray(v) ? v : [v];
    const out: string[] = [];
    list.forEach((x, i) => {
      if (typeof x === 'string') out.push(x);
      else if (typeof x === 'number' && Array.isArray(v)) out.push(String(x));
      else this.r.error('E604', Array.isArray(v) ? joinPath(this.p(key), i) : this.p(key), `${this.p(key)} must be text or a list of texts, found ${describe(x)}`);
    });
    return out;
  }
  obj(key: string, required = false, what = 'a mapping'): Obj | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (required) this.missing(key, what);
      return undefined;
    }
    if (typeof v !== 'object' || Array.isArray(v)) {
      this.r.error('E604', this.p(key), `${this.p(key)} must be ${what}, found ${describe(v)}`);
      return undefined;
    }
    return new Obj(this.r, this.p(key), v as Record<string, unknown>);
  }
  list(key: string, required = false): unknown[] | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (required) this.missing(key, 'a list');
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.r.error('E604', this.p(key), `${this.p(key)} must be a list (lines starting with "- "), found ${describe(v)}`);
      return undefined;
    }
    return v;
  }
  i18n(key: string, required: boolean): I18n | undefined {
    const v = this.raw(key);
    if (v === undefined || v === null) {
      if (required) this.missing(key, 'a mapping with en: and zh: texts');
      return undefined;
    }
    return i18nAt(this.r, this.p(key), v);
  }
  embedded(key: string, file: string): EmbeddedText | undefined {
    const text = this.str(key, false, 'YAML text (write `|` and the resources indented below it)');
    if (text === undefined) return undefined;
    const path = this.p(key);
    const node = this.r.node(path);
    let line = this.r.loc(path).line;
    if (node && isScalar(node) && node.range) {
      const start = this.r.lc.linePos(node.range[0]).line;
      // a block scalar's text starts on the line after its `|` header
      line = node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED' ? start + 1 : start;
    }
    return { text, file, line, path };
  }
  /** Reports keys nobody asked for, with the nearest known one. */
  done(extra: string[] = []): void {
    const known = [...this.seen, ...extra];
    for (const k of Object.keys(this.v)) {
      if (this.seen.has(k) || extra.includes(k)) continue;
      const near = nearest(k, known);
      this.r.error('E606', this.p(k), `${this.p(k)}: unknown field ${JSON.stringify(k)}${near ? `; did you mean ${near}?` : ''}`, known.join(', '));
    }
  }
}

/** A text in several languages at `path`: a mapping of language codes, or a plain string (taken as en, W601). */
function i18nAt(r: Reporter, path: string, v: unknown): I18n | undefined {
  if (typeof v === 'string') {
    r.warn('W601', path, `${path} has no zh text (a plain string is taken as en)`);
    return { en: v };
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    r.error('E604', path, `${path} must be a mapping with en: and zh: texts, found ${describe(v)}`);
    return undefined;
  }
  const o = new Obj(r, path, v as Record<string, unknown>);
  const out: I18n = { en: '' };
  for (const lang of Object.keys(o.v)) {
    if (!/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/.test(lang)) {
      o.r.error('E606', o.p(lang), `${o.p(lang)}: ${JSON.stringify(lang)} is not a language code`, 'en, zh, or another BCP 47 code');
      continue;
    }
    const s = o.str(lang, false, 'text');
    if (s !== undefined) out[lang] = s;
  }
  if (!o.has('en')) o.missing('en', 'the English text');
  else if (!o.has('zh')) r.warn('W601', path, `${path} has no zh text`);
  return out;
}

export function loadLabFile(text: string, file: string): LabLoad {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lc = new LineCounter();
  const doc = parseDocument(body, { lineCounter: lc, prettyErrors: true, uniqueKeys: true });
  const root = doc.contents as YNode | null;
  const r = new Reporter(file, lc, root);
  if (doc.errors.length) {
    const lines = new Set<number>();
    for (const e of doc.errors) {
      const line = e.linePos?.[0]?.line ?? lc.linePos(e.pos[0]).line;
      if (lines.has(line)) continue;
      // one broken line makes the parser report every line after it: the first few say enough
      if (lines.size === 3) {
        r.errors.push(new LabError('E601', `YAML syntax: ${doc.errors.length - 3} more errors follow (often caused by the first one)`, { file, line, path: '' }));
        break;
      }
      lines.add(line);
      const hint = YAML_HINTS[e.code];
      r.errors.push(new LabError('E601', `YAML syntax: ${e.message.split('\n')[0].replace(/ at line \d+, column (\d+):?$/, ' (column $1)')}${hint ? `; ${hint}` : ''}`, { file, line, path: '' }));
    }
    return { errors: r.errors, warnings: r.warnings };
  }
  let js: unknown;
  try {
    js = doc.toJS();
  } catch (e) {
    // the yaml library refuses alias bombs ("billion laughs") while building the value, not while parsing
    r.errors.push(new LabError('E601', `YAML: ${clipMessage((e as Error).message)}`, { file, line: 1, path: '' }));
    return { errors: r.errors, warnings: r.warnings };
  }
  if (typeof js !== 'object' || js === null || Array.isArray(js)) {
    r.errors.push(new LabError('E602', `a lab file is one mapping with apiVersion: cnilab/v1 and kind: Lab, found ${describe(js)}`, { file, line: 1, path: '' }));
    return { errors: r.errors, warnings: r.warnings };
  }
  const top = new Obj(r, '', js as Record<string, unknown>);
  const apiVersion = top.str('apiVersion');
  const kind = top.str('kind');
  if (apiVersion !== 'cnilab/v1' || kind !== 'Lab') {
    r.error('E602', apiVersion !== 'cnilab/v1' ? 'apiVersion' : 'kind', `this is not a lab file: apiVersion ${JSON.stringify(apiVersion ?? null)}, kind ${JSON.stringify(kind ?? null)}${kind && kind !== 'Lab' ? ' (a scenario? start a lab from it with spec.start.scenario)' : ''}`, 'apiVersion: cnilab/v1, kind: Lab');
    return { errors: r.errors, warnings: r.warnings };
  }
  const meta = top.obj('metadata', true);
  const name = meta?.str('name', true, 'the lab name');
  meta?.obj('labels');
  meta?.obj('annotations');
  meta?.done();
  const spec = top.obj('spec', true);
  top.done();
  if (!spec) return { errors: r.errors, warnings: r.warnings };

  const title = spec.i18n('title', true);
  const summary = spec.i18n('summary', true);
  const start = readStart(spec, file);
  const stepList = spec.list('steps', true);
  spec.done();
  const steps: LabStep[] = [];
  const ids = new Map<string, string>();
  stepList?.forEach((raw, i) => {
    const path = joinPath(joinPath('spec', 'steps'), i);
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      r.error('E604', path, `${path} must be a mapping (id, title, do, action, checks), found ${describe(raw)}`);
      return;
    }
    const id = (raw as Record<string, unknown>).id;
    if (typeof id === 'string') {
      const first = ids.get(id);
      if (first) r.error('E607', joinPath(path, 'id'), `step id ${JSON.stringify(id)} is used twice (first at ${first})`);
      else ids.set(id, `line ${r.loc(path).line}`);
    }
    const step = readStep(new Obj(r, path, raw as Record<string, unknown>), file, i);
    if (step) steps.push(step);
  });
  if (stepList && stepList.length === 0) r.error('E603', 'spec.steps', 'spec.steps: a lab needs at least one step');

  const sort = <T extends { loc?: ErrorLocation }>(a: T, b: T) => (a.loc?.line ?? 0) - (b.loc?.line ?? 0);
  const errors = [...r.errors].sort(sort);
  const warnings = [...r.warnings].sort(sort);
  if (errors.length || name === undefined || !title || !summary || !start) return { errors, warnings };
  return { lab: { file, name, title, summary, start, steps }, errors, warnings };
}

function readStart(spec: Obj, file: string): LabStart | undefined {
  const o = spec.obj('start', true, 'a mapping: preset: NAME, or scenario: | with the scenario YAML');
  if (!o) return undefined;
  const preset = o.str('preset', false, 'a preset name');
  const scenario = o.embedded('scenario', file);
  const apply = o.embedded('apply', file);
  o.done();
  if (preset !== undefined && scenario !== undefined) {
    o.r.error('E608', o.p('scenario'), 'spec.start: give either preset or scenario, not both');
    return undefined;
  }
  if (preset === undefined && scenario === undefined) {
    if (!o.has('preset') && !o.has('scenario')) o.missing('preset', 'or scenario: the cluster the lab starts from');
    return undefined;
  }
  return { ...(preset !== undefined ? { preset } : {}), ...(scenario ? { scenario } : {}), ...(apply ? { apply } : {}) };
}

function readStep(o: Obj, file: string, index: number): LabStep | undefined {
  const id = o.str('id', true, 'a short name such as "mesh-off"');
  if (id !== undefined && !STEP_ID.test(id)) o.r.error('E605', o.p('id'), `${o.p('id')}: ${JSON.stringify(id)} is not a step id`, 'letters, digits, ".", "-", "_", starting with a letter or digit');
  const title = o.i18n('title', true);
  const todo = o.i18n('do', true);
  const observe = o.i18n('observe', false);
  const modeRead = o.oneOf('mode', ['demo', 'exercise'] as const);
  // a misspelt mode is reported once; the exercise fields are still read as if it said exercise
  const mode = modeRead ?? (o.has('mode') ? 'exercise' : 'demo');
  const actions = readActions(o, file);
  const show = readShow(o);
  const checks = readChecks(o, id ?? `step${index + 1}`);
  const exercise = readExercise(o, mode === 'exercise');
  o.done();
  if (id === undefined || !title || !todo || !actions || !show || !checks || exercise === false) return undefined;
  if (exercise && actions.length) {
    o.r.error('E608', o.p('action'), `${o.p('action')}: an exercise step performs nothing (the learner does it); put the commands in solution`);
    return undefined;
  }
  if (checks.length === 0) o.r.warn('W602', o.path, `step ${JSON.stringify(id)} has no checks`);
  if (exercise) {
    checks.forEach((c) => {
      if (!c.feedback) o.r.warn('W603', c.srcPath, `check ${c.id} of exercise ${JSON.stringify(id)} has no feedback: a learner would see its detail, which can give the answer away`);
    });
  }
  return { id, title, do: todo, ...(observe ? { observe } : {}), ...(exercise ? { exercise } : {}), actions, show, checks, line: o.r.loc(o.path).line };
}

/** `symptom`, `hints` and `solution` of a `mode: exercise` step; false when they are wrong, undefined for other steps. */
function readExercise(o: Obj, on: boolean): Exercise | undefined | false {
  const symptom = o.i18n('symptom', false);
  const hintList = o.list('hints');
  const solList = o.list('solution');
  if (!on) {
    const stray = ['symptom', 'hints', 'solution'].find((k) => o.has(k));
    if (stray) {
      o.r.error('E608', o.p(stray), `${o.p(stray)} belongs to a "your turn" step: add mode: exercise`);
      return false;
    }
    return undefined;
  }
  let ok = true;
  const hints: I18n[] = [];
  hintList?.forEach((h, i) => {
    const t = i18nAt(o.r, joinPath(o.p('hints'), i), h);
    if (t) hints.push(t);
    else ok = false;
  });
  if (!solList) {
    if (!o.has('solution')) o.missing('solution', 'the reference solution: the terminal commands, as typed');
    return false;
  }
  const solution: SolutionCommand[] = [];
  solList.forEach((x, i) => {
    const path = joinPath(o.p('solution'), i);
    const line = o.r.loc(path).line;
    if (typeof x === 'string') {
      if (x.trim()) solution.push({ command: x.replace(/\n$/, ''), line });
      else {
        o.r.error('E605', path, `${path}: an empty command`);
        ok = false;
      }
      return;
    }
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      o.r.error('E604', path, `${path} must be a command (text) or {node, command}, found ${describe(x)}`);
      ok = false;
      return;
    }
    const c = new Obj(o.r, path, x as Record<string, unknown>);
    const node = c.str('node', false, 'a node name');
    const command = c.str('command', true, 'a terminal command');
    c.done();
    if (command === undefined) ok = false;
    else solution.push({ ...(node ? { node } : {}), command: command.replace(/\n$/, ''), line });
  });
  if (!solution.length && ok) {
    o.r.error('E603', o.p('solution'), `${o.p('solution')}: an exercise needs at least one solution command`);
    return false;
  }
  return ok ? { ...(symptom ? { symptom } : {}), hints, solution } : false;
}

function readActions(step: Obj, file: string): LabStep['actions'] | undefined {
  const raw = step.raw('action');
  if (raw === undefined || raw === null) return [];
  const items = Array.isArray(raw) ? raw : [raw];
  const out: LabStep['actions'] = [];
  let ok = true;
  items.forEach((item, i) => {
    const path = Array.isArray(raw) ? joinPath(step.p('action'), i) : step.p('action');
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      step.r.error('E604', path, `${path} must be a mapping with one of ${ACTIONS.join(', ')}, found ${describe(item)}`);
      ok = false;
      return;
    }
    const o = new Obj(step.r, path, item as Record<string, unknown>);
    const a = readAction(o, file);
    if (a) out.push({ ...a, srcLine: step.r.loc(path).line, srcPath: path });
    else ok = false;
  });
  return ok ? out : undefined;
}

function readAction(o: Obj, file: string): LabAction | undefined {
  const keys = Object.keys(o.v);
  const kinds = keys.filter((k) => (ACTIONS as readonly string[]).includes(k));
  if (kinds.length !== 1) {
    if (kinds.length > 1) o.r.error('E608', o.p(kinds[1]), `${o.path}: one action per item (found ${kinds.join(' and ')}); make action a list to do several in order`);
    else {
      const near = keys.length ? nearest(keys[0], [...ACTIONS]) : undefined;
      o.r.error(keys.length ? 'E606' : 'E603', keys.length ? o.p(keys[0]) : o.path, `${o.path}: an action is one of ${ACTIONS.join(', ')}${keys.length ? `, found ${JSON.stringify(keys[0])}` : ''}${near ? `; did you mean ${near}?` : ''}`);
    }
    return undefined;
  }
  const kind = kinds[0] as (typeof ACTIONS)[number];
  let out: LabAction | undefined;
  switch (kind) {
    case 'apply': {
      const source = o.embedded('apply', file);
      if (source) out = { type: 'apply', source };
      else if (!o.has('apply')) o.missing('apply', 'the resources to apply');
      break;
    }
    case 'delete': {
      const raw = o.raw('delete');
      const list = Array.isArray(raw) ? raw : [raw];
      const refs: ResourceName[] = [];
      let bad = false;
      list.forEach((x, i) => {
        const ref = readRef(o, Array.isArray(raw) ? joinPath(o.p('delete'), i) : o.p('delete'), x);
        if (ref) refs.push(ref);
        else bad = true;
      });
      if (!bad) out = { type: 'delete', refs };
      break;
    }
    case 'label': {
      const l = o.obj('label', true, 'a mapping: node, key, value');
      if (!l) break;
      const node = l.str('node', true, 'a node name');
      const key = l.str('key', true, 'the label key');
      let value: string | null | undefined = null;
      if (!l.has('value') && !Object.prototype.hasOwnProperty.call(l.v, 'value')) {
        l.missing('value', 'the label value as text, or null to remove the label');
        value = undefined;
      } else if (l.raw('value') !== null) value = l.str('value', false, 'text (label values are strings: quote "true")');
      l.done();
      if (node !== undefined && key !== undefined && value !== undefined) out = { type: 'label', node, key, value };
      break;
    }
    case 'patch': {
      const p = o.obj('patch', true, 'a mapping: kind, name, path, value');
      if (!p) break;
      const ref = readRefFields(p);
      const path = readPath(p);
      const hasValue = Object.prototype.hasOwnProperty.call(p.v, 'value');
      p.raw('value');
      if (!hasValue) p.missing('value', 'the new value, or null to remove the field');
      p.done();
      if (ref && path !== undefined && hasValue) out = { type: 'patch', target: ref, path, value: p.v.value };
      break;
    }
    case 'set': {
      const s = o.obj('set', true, 'a mapping: path, value');
      if (!s) break;
      const path = readPath(s);
      const hasValue = Object.prototype.hasOwnProperty.call(s.v, 'value');
      s.raw('value');
      if (!hasValue) s.missing('value', 'the new value, or null to remove the field');
      s.done();
      if (path !== undefined && hasValue) out = { type: 'set', path, value: s.v.value };
      break;
    }
  }
  o.done();
  return out;
}

function readPath(o: Obj): string | undefined {
  const path = o.str('path', true, 'a field path such as spec.ipipMode');
  if (path === undefined) return undefined;
  const segs = parseFieldPath(path);
  if (typeof segs === 'string') {
    o.r.error('E609', o.p('path'), `${o.p('path')}: ${JSON.stringify(path)}: ${segs}`);
    return undefined;
  }
  return path;
}

/** "Kind/name", "Kind/namespace/name" or a mapping {apiVersion?, kind, name, namespace?}. */
function readRef(parent: Obj, path: string, x: unknown): ResourceName | undefined {
  if (typeof x === 'string') {
    const parts = x.split('/');
    if (parts.length === 2 && parts.every((s) => s !== '')) return { kind: parts[0], name: parts[1] };
    if (parts.length === 3 && parts.every((s) => s !== '')) return { kind: parts[0], namespace: parts[1], name: parts[2] };
    parent.r.error('E605', path, `${path}: ${JSON.stringify(x)} names no resource`, 'Kind/name, Kind/namespace/name, or {kind, name, namespace, apiVersion}');
    return undefined;
  }
  if (typeof x !== 'object' || x === null || Array.isArray(x)) {
    parent.r.error('E604', path, `${path} must name a resource (Kind/name or a mapping), found ${describe(x)}`);
    return undefined;
  }
  const o = new Obj(parent.r, path, x as Record<string, unknown>);
  const ref = readRefFields(o);
  o.done();
  return ref;
}

function readRefFields(o: Obj): ResourceName | undefined {
  const apiVersion = o.str('apiVersion');
  const kind = o.str('kind', true, 'the resource kind, e.g. IPPool');
  const name = o.str('name', true, 'the resource name');
  const namespace = o.str('namespace');
  if (kind === undefined || name === undefined) return undefined;
  return { kind, name, ...(apiVersion ? { apiVersion } : {}), ...(namespace ? { namespace } : {}) };
}

function readTarget(o: Obj): { node?: string; pod?: string } | undefined {
  const node = o.str('node', false, 'a node name');
  const pod = o.str('pod', false, 'a pod as namespace/name');
  if (node !== undefined && pod !== undefined) {
    o.r.error('E608', o.p('pod'), `${o.path}: name either node or pod, not both`);
    return undefined;
  }
  if (node === undefined && pod === undefined) {
    if (!o.has('node') && !o.has('pod')) o.missing('node', 'or pod: where the command runs');
    return undefined;
  }
  if (pod !== undefined && !pod.includes('/')) {
    o.r.error('E605', o.p('pod'), `${o.p('pod')}: ${JSON.stringify(pod)}: pods are written namespace/name`, 'e.g. default/pod1');
    return undefined;
  }
  return node !== undefined ? { node } : { pod };
}

function readTraffic(o: Obj, key: string): TrafficSpec | undefined | false {
  const t = o.obj(key, false, 'a mapping: from, to, protocol, port, size');
  if (!t) return o.has(key) ? false : undefined;
  const from = t.str('from', true, 'a pod (namespace/name), node or IP');
  const to = t.str('to', true, 'a pod (namespace/name), node or IP');
  const protocol = t.oneOf('protocol', ['icmp', 'tcp', 'udp'] as const);
  const port = t.int('port', 1, 65535);
  const size = t.int('size', 0, 65507);
  t.done();
  if (from === undefined || to === undefined) return false;
  if (protocol && protocol !== 'icmp' && port === undefined) {
    t.missing('port', `the ${protocol.toUpperCase()} port`);
    return false;
  }
  return { from, to, ...(protocol ? { protocol } : {}), ...(port !== undefined ? { port } : {}), ...(size !== undefined ? { size } : {}) };
}

function readShow(step: Obj): ShowCommand[] | undefined {
  const list = step.list('show');
  if (!list) return step.has('show') ? undefined : [];
  const out: ShowCommand[] = [];
  let ok = true;
  list.forEach((x, i) => {
    const path = joinPath(step.p('show'), i);
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      step.r.error('E604', path, `${path} must be a mapping: node or pod, and command, found ${describe(x)}`);
      ok = false;
      return;
    }
    const o = new Obj(step.r, path, x as Record<string, unknown>);
    const target = readTarget(o);
    const command = o.str('command', true, 'a terminal command such as "ip route"');
    const during = readTraffic(o, 'during');
    o.done();
    if (!target || command === undefined || during === false) {
      ok = false;
      return;
    }
    out.push({ ...target, command, ...(during ? { during } : {}), line: step.r.loc(path).line });
  });
  return ok ? out : undefined;
}

function readChecks(step: Obj, stepId: string): LocatedCheck[] | undefined {
  const list = step.list('checks');
  if (!list) return step.has('checks') ? undefined : [];
  const out: LocatedCheck[] = [];
  let ok = true;
  list.forEach((x, i) => {
    const path = joinPath(step.p('checks'), i);
    if (typeof x !== 'object' || x === null || Array.isArray(x)) {
      step.r.error('E604', path, `${path} must be a mapping with one of ${CHECKS.join(', ')}, found ${describe(x)}`);
      ok = false;
      return;
    }
    const o = new Obj(step.r, path, x as Record<string, unknown>);
    const name = o.str('name', false, 'a short name for the check');
    const feedback = o.i18n('feedback', false);
    const keys = Object.keys(o.v).filter((k) => k !== 'name' && k !== 'feedback');
    const kinds = keys.filter((k) => (CHECKS as readonly string[]).includes(k));
    if (kinds.length !== 1) {
      if (kinds.length > 1) o.r.error('E608', o.p(kinds[1]), `${path}: one check per item (found ${kinds.join(' and ')})`);
      else {
        const near = keys.length ? nearest(keys[0], [...CHECKS]) : undefined;
        o.r.error(keys.length ? 'E606' : 'E603', keys.length ? o.p(keys[0]) : path, `${path}: a check is one of ${CHECKS.join(', ')}${keys.length ? `, found ${JSON.stringify(keys[0])}` : ''}${near ? `; did you mean ${near}?` : ''}`);
      }
      ok = false;
      return;
    }
    const kind = kinds[0] as (typeof CHECKS)[number];
    const body = o.obj(kind, true, 'a mapping');
    o.done();
    if (!body) {
      ok = false;
      return;
    }
    const check = readCheck(kind, body);
    body.done();
    if (!check) {
      ok = false;
      return;
    }
    out.push({ ...check, id: name ?? `${stepId}#${i + 1}`, ...(feedback ? { feedback } : {}), line: step.r.loc(path).line, srcPath: path });
  });
  return ok ? out : undefined;
}

function readCheck(kind: (typeof CHECKS)[number], o: Obj): LabCheck | undefined {
  switch (kind) {
    case 'walk': {
      const from = o.str('from', true, 'a pod (namespace/name), node or IP');
      const to = o.str('to', true, 'a pod (namespace/name), node or IP');
      const protocol = o.oneOf('protocol', ['icmp', 'tcp', 'udp'] as const);
      const port = o.int('port', 1, 65535);
      const size = o.int('size', 0, 65507);
      const pmtudisc = o.oneOf('pmtudisc', ['do', 'want', 'dont'] as const);
      const reply = o.bool('reply');
      const expect = o.oneOf('expect', ['delivered', 'dropped', 'left'] as const, true);
      const reason = o.oneOf('reason', DROP_REASONS);
      const at = o.str('at', false, 'a node, router or pod name');
      const via = o.strings('via');
      const notVia = o.strings('notVia');
      let hop: HopMatch | undefined;
      const h = o.obj('hop', false, 'a mapping: ns, kind, dev, textIncludes');
      if (h) {
        const ns = h.str('ns');
        const hk = h.oneOf('kind', HOP_KINDS);
        const dev = h.str('dev');
        const textIncludes = h.str('textIncludes');
        h.done();
        hop = { ...(ns ? { ns } : {}), ...(hk ? { kind: hk } : {}), ...(dev ? { dev } : {}), ...(textIncludes ? { textIncludes } : {}) };
      }
      if (from === undefined || to === undefined || expect === undefined) return undefined;
      if (protocol && protocol !== 'icmp' && port === undefined) {
        o.missing('port', `the ${protocol.toUpperCase()} port`);
        return undefined;
      }
      if (reason && expect !== 'dropped') {
        o.r.error('E608', o.p('reason'), `${o.p('reason')}: a reason goes with expect: dropped`);
        return undefined;
      }
      return {
        kind,
        from,
        to,
        expect,
        ...(protocol ? { protocol } : {}),
        ...(port !== undefined ? { port } : {}),
        ...(size !== undefined ? { size } : {}),
        ...(pmtudisc ? { pmtudisc } : {}),
        ...(reply !== undefined ? { reply } : {}),
        ...(reason ? { reason } : {}),
        ...(at ? { at } : {}),
        ...(via ? { via } : {}),
        ...(notVia ? { notVia } : {}),
        ...(hop ? { hop } : {}),
      };
    }
    case 'route': {
      const target = readTarget(o);
      const line = o.str('line', false, 'one route as `ip route` prints it');
      const lineIncludes = o.strings('lineIncludes');
      const present = o.bool('present') ?? true;
      const format = o.oneOf('format', ['ip-route', 'route-n'] as const) ?? 'ip-route';
      if (line !== undefined && lineIncludes) {
        o.r.error('E608', o.p('lineIncludes'), `${o.path}: give either line or lineIncludes, not both`);
        return undefined;
      }
      if (line === undefined && !lineIncludes) {
        o.missing('line', 'or lineIncludes: the route to look for');
        return undefined;
      }
      if (!target) return undefined;
      return { kind, ...target, ...(line !== undefined ? { exact: line } : {}), ...(lineIncludes ? { lineIncludes } : {}), present, format };
    }
    case 'session': {
      const node = o.str('node', true, 'a node name');
      const peer = o.str('peer', true, 'the peer address (or node / router name)');
      const state = o.oneOf('state', SESSION_STATES);
      const peerType = o.oneOf('peerType', PEER_TYPES);
      const present = o.bool('present') ?? true;
      if (node === undefined || peer === undefined) return undefined;
      if (!present && (state || peerType)) {
        o.r.error('E608', o.p('present'), `${o.path}: present: false checks that there is no session; drop state and peerType`);
        return undefined;
      }
      return { kind, node, peer, present, ...(state ? { state } : {}), ...(peerType ? { peerType } : {}) };
    }
    case 'sessions': {
      const node = o.str('node', true, 'a node name');
      const count = o.int('count', 0, 100000, true);
      const state = o.oneOf('state', SESSION_STATES);
      if (node === undefined || count === undefined) return undefined;
      return { kind, node, count, ...(state ? { state } : {}) };
    }
    case 'traceroute': {
      const from = o.str('from', true, 'a pod (namespace/name) or node');
      const to = o.str('to', true, 'a pod (namespace/name), node or IP');
      const hops = o.strings('hops');
      if (!hops && !o.has('hops')) o.missing('hops', 'the addresses traceroute prints, "*" for no answer');
      if (from === undefined || to === undefined || !hops) return undefined;
      return { kind, from, to, hops };
    }
    case 'matrix': {
      const from = o.str('from', true, 'a pod as namespace/name');
      const to = o.str('to', true, 'a pod as namespace/name');
      const allowed = o.bool('allowed');
      if (allowed === undefined && !o.has('allowed')) o.missing('allowed', 'true or false');
      const probe = readProbe(o);
      if (from === undefined || to === undefined || allowed === undefined || !probe) return undefined;
      return { kind, from, to, probe, allowed };
    }
    case 'output': {
      const target = readTarget(o);
      const command = o.str('command', true, 'a terminal command');
      const during = readTraffic(o, 'during');
      const includes = o.strings('includes');
      const excludes = o.strings('excludes');
      const equals = o.str('equals', false, 'the whole output');
      if (!includes && !excludes && equals === undefined) {
        o.missing('includes', 'or excludes or equals: what the output must show');
        return undefined;
      }
      if (!target || command === undefined || during === false) return undefined;
      return { kind, ...target, command, ...(during ? { during } : {}), ...(includes ? { includes } : {}), ...(excludes ? { excludes } : {}), ...(equals !== undefined ? { equals } : {}) };
    }
  }
}

function readProbe(o: Obj): { protocol: 'TCP' | 'UDP' | 'SCTP' | 'ICMP'; port?: number } | undefined {
  const raw = o.raw('probe');
  if (raw === undefined || raw === null) {
    o.missing('probe', 'e.g. TCP/80, UDP/53 or ICMP');
    return undefined;
  }
  if (typeof raw === 'string') {
    const m = /^(TCP|UDP|SCTP)\/(\d{1,5})$|^(TCP|UDP|SCTP|ICMP)$/i.exec(raw.trim());
    const port = m?.[2] !== undefined ? Number(m[2]) : undefined;
    if (!m || (port !== undefined && (port < 1 || port > 65535))) {
      o.r.error('E605', o.p('probe'), `${o.p('probe')}: ${JSON.stringify(raw)} is not a probe`, 'TCP/80, UDP/53, SCTP/9, ICMP, or TCP (every port)');
      return undefined;
    }
    const protocol = (m[1] ?? m[3]).toUpperCase() as 'TCP' | 'UDP' | 'SCTP' | 'ICMP';
    return { protocol, ...(port !== undefined ? { port } : {}) };
  }
  const p = o.obj('probe', true, 'TCP/80 or a mapping {protocol, port}');
  if (!p) return undefined;
  const protocol = p.oneOf('protocol', ['TCP', 'UDP', 'SCTP', 'ICMP'] as const, true);
  const port = p.int('port', 1, 65535);
  p.done();
  if (!protocol) return undefined;
  return { protocol, ...(port !== undefined ? { port } : {}) };
}
