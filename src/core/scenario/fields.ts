// Typed reads of one mapping in a resource. Each read checks the type, reports a located error when
// it is wrong, and records the key as known; `done()` then warns about every key nobody asked for
// (a typo such as `namespacesSelector`, or a field indented under the wrong parent), suggesting the
// nearest known key.

import type { Reporter, Res, Where } from './diag';
import { joinPath } from './path';
import { isPlainObject } from './source';

export interface IntOpts {
  required?: boolean;
  min?: number;
  max?: number;
}

export class Fields {
  private readonly known = new Set<string>();

  constructor(
    readonly rep: Reporter,
    readonly res: Res,
    /** path of this mapping inside the resource ('' = the resource itself) */
    readonly path: string,
    readonly obj: Record<string, unknown>,
    /** stands in for a missing mapping whose absence was already reported: no second "required" error */
    readonly quiet = false,
  ) {}

  at(key: string | number): string {
    return joinPath(this.path, key);
  }

  where(key?: string | number): Where {
    return { res: this.res, path: key === undefined ? this.path : this.at(key) };
  }

  /** The value, or undefined when absent or null (Kubernetes treats `field:` with no value as unset). */
  raw(key: string): unknown {
    this.known.add(key);
    const v = Object.prototype.hasOwnProperty.call(this.obj, key) ? this.obj[key] : undefined;
    return v === null ? undefined : v;
  }

  /** The key is written, even with no value. */
  present(key: string): boolean {
    this.known.add(key);
    return Object.prototype.hasOwnProperty.call(this.obj, key);
  }

  has(key: string): boolean {
    return this.raw(key) !== undefined;
  }

  /** Located at the missing field's path; its line is the nearest parent that exists. */
  missing(key: string, what: string): void {
    if (this.quiet) return;
    this.rep.error('E106', this.where(key), `${this.at(key)} is required: ${what}`);
  }

  str(key: string, required = false, what = 'a string'): string | undefined {
    const v = this.raw(key);
    if (v === undefined) {
      if (required) this.missing(key, what);
      return undefined;
    }
    if (typeof v !== 'string') {
      this.typeError(key, 'a string', v);
      return undefined;
    }
    return v;
  }

  int(key: string, opts: IntOpts = {}): number | undefined {
    const v = this.raw(key);
    if (v === undefined) {
      if (opts.required) this.missing(key, 'an integer');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.typeError(key, 'an integer', v);
      return undefined;
    }
    return this.inRange(key, v, opts) ? v : undefined;
  }

  num(key: string, opts: IntOpts = {}): number | undefined {
    const v = this.raw(key);
    if (v === undefined) {
      if (opts.required) this.missing(key, 'a number');
      return undefined;
    }
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.typeError(key, 'a number', v);
      return undefined;
    }
    return this.inRange(key, v, opts) ? v : undefined;
  }

  bool(key: string, required = false): boolean | undefined {
    const v = this.raw(key);
    if (v === undefined) {
      if (required) this.missing(key, 'true or false');
      return undefined;
    }
    if (typeof v !== 'boolean') {
      this.typeError(key, 'true or false', v);
      return undefined;
    }
    return v;
  }

  /** A string from a fixed set; exact match, as the real APIs compare these case-sensitively. */
  oneOf<T extends string>(key: string, allowed: readonly T[], required = false): T | undefined {
    const v = this.str(key, required, `one of ${allowed.join(', ')}`);
    if (v === undefined) return undefined;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    const near = allowed.find((a) => a.toLowerCase() === v.toLowerCase());
    this.rep.error(
      'E108',
      this.where(key),
      `${this.at(key)}: ${JSON.stringify(v)} is not allowed${near ? ` (did you mean ${near}? values are case-sensitive)` : ''}`,
      allowed.join(', '),
    );
    return undefined;
  }

  /** A string-to-string map such as labels or annotations. */
  strMap(key: string): Record<string, string> | undefined {
    const v = this.raw(key);
    if (v === undefined) return undefined;
    if (!isPlainObject(v)) {
      this.typeError(key, 'a mapping of strings', v);
      return undefined;
    }
    const out: Record<string, string> = {};
    for (const [k, val] of Object.entries(v)) {
      const p = joinPath(this.at(key), k);
      if (typeof val === 'string') setOwn(out, k, val);
      else if (val === null) setOwn(out, k, '');
      else
        this.rep.error('E107', { res: this.res, path: p }, `${p} must be a string, got ${describe(val)}${typeof val === 'number' || typeof val === 'boolean' ? ` (quote it: "${String(val)}")` : ''}`);
    }
    return out;
  }

  strList(key: string, required = false): string[] | undefined {
    const v = this.raw(key);
    if (v === undefined) {
      if (required) this.missing(key, 'a list of strings');
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.typeError(key, 'a list of strings', v);
      return undefined;
    }
    const out: string[] = [];
    v.forEach((item, i) => {
      if (typeof item === 'string') out.push(item);
      else {
        const p = joinPath(this.at(key), i);
        this.rep.error('E107', { res: this.res, path: p }, `${p} must be a string, got ${describe(item)}`);
      }
    });
    return out;
  }

  /** A nested mapping. */
  map(key: string, required = false): Fields | undefined {
    const v = this.raw(key);
    if (v === undefined) {
      if (required) this.missing(key, 'a mapping');
      return undefined;
    }
    if (!isPlainObject(v)) {
      this.typeError(key, 'a mapping', v);
      return undefined;
    }
    return new Fields(this.rep, this.res, this.at(key), v);
  }

  /** A list whose items are mappings; wrong items are reported and skipped. */
  maps(key: string, required = false): Fields[] | undefined {
    const v = this.raw(key);
    if (v === undefined) {
      if (required) this.missing(key, 'a list');
      return undefined;
    }
    if (!Array.isArray(v)) {
      this.typeError(key, 'a list', v);
      return undefined;
    }
    const out: Fields[] = [];
    v.forEach((item, i) => {
      const p = joinPath(this.at(key), i);
      if (isPlainObject(item)) out.push(new Fields(this.rep, this.res, p, item));
      else this.rep.error('E107', { res: this.res, path: p }, `${p} must be a mapping, got ${describe(item)}`);
    });
    return out;
  }

  /** Real fields the lab does not simulate: a warning so that nobody expects them to act. */
  notModelled(...keys: string[]): void {
    for (const k of keys) {
      if (this.has(k)) this.rep.warn('W103', this.where(k), `${this.at(k)} is not simulated and has no effect in the lab`);
    }
  }

  /** Real fields that change nothing about the network (image, resources, ...): accepted silently. */
  accept(...keys: string[]): void {
    for (const k of keys) this.known.add(k);
  }

  /** Whether a read has asked for this key (used to say where a misplaced field belongs). */
  knows(key: string): boolean {
    return this.known.has(key);
  }

  /** Warns about every key that no read asked for. */
  done(hint?: (key: string) => string | undefined): void {
    for (const k of Object.keys(this.obj)) {
      if (this.known.has(k)) continue;
      const near = nearest(k, [...this.known]);
      const extra = hint?.(k);
      const why = extra ?? (near ? `did you mean ${near}?` : `known fields here: ${[...this.known].sort().join(', ')}`);
      this.rep.warn('W101', this.where(k), `unknown field ${this.at(k)} is ignored (${why})`);
    }
  }

  typeError(key: string, expected: string, got: unknown): void {
    const quotedNumber = typeof got === 'string' && /number|integer/.test(expected) && got.trim() !== '' && !Number.isNaN(Number(got));
    const hint = quotedNumber ? ' (write it without quotes)' : '';
    this.rep.error('E107', this.where(key), `${this.at(key)} must be ${expected}, got ${describe(got)}${hint}`);
  }

  private inRange(key: string, v: number, opts: IntOpts): boolean {
    if ((opts.min !== undefined && v < opts.min) || (opts.max !== undefined && v > opts.max)) {
      this.rep.error('E109', this.where(key), `${this.at(key)}: ${v} is out of range`, `${opts.min ?? '-∞'} to ${opts.max ?? '∞'}`);
      return false;
    }
    return true;
  }
}

export function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `the ${typeof v} ${String(v)}`;
}

/** Sets a key as an own property even when it is `__proto__` (names and labels are plain text). */
export function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** The known key closest to a typo: same letters in another case, or at most 2 edits (and not more than a third of it). */
export function nearest(word: string, candidates: string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of [...candidates].sort()) {
    if (c.toLowerCase() === lower) return c;
    // no suggestion is ever more than 3 edits away, and the length difference bounds the distance from below:
    // skipping those keeps a 400 KB value from costing an edit-distance table of 400 K rows
    if (Math.abs(c.length - word.length) > 3) continue;
    const d = editDistance(lower, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.min(3, Math.max(1, Math.floor(word.length / 3))) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
