// The one catalogue against the source: every code the core writes is catalogued exactly once, every
// catalogued code is written somewhere, and no two codes share a meaning. The codes are read from the
// source text (string and template literals), not from the catalogue, so a code invented in a new module
// without an entry fails here.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, catalogueEntry } from './catalogue';

const CORE = join(__dirname, '..');
const CATALOGUE_FILE = join(__dirname, 'catalogue.ts');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.test.ts') ? [p] : [];
  });
}

/** code → the files that write it as (the start of) a string literal: 'E601', "W402", `W402 ${…}` */
function codesInSource(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of sources(CORE)) {
    if (file === CATALOGUE_FILE) continue;
    for (const m of readFileSync(file, 'utf8').matchAll(/['"`]([EW]\d{3})\b/g)) {
      const files = used.get(m[1]) ?? [];
      const name = relative(CORE, file);
      if (!files.includes(name)) files.push(name);
      used.set(m[1], files);
    }
  }
  return used;
}

describe('the catalogue (core/model/catalogue.ts)', () => {
  const used = codesInSource();
  const codes = Object.keys(CATALOGUE);

  it('has an entry for every code written anywhere in src/core', () => {
    const missing = [...used].filter(([code]) => !catalogueEntry(code)).map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(missing).toEqual([]);
    // the scan is not vacuous: codes of every emitting area are seen
    for (const code of ['E101', 'E301', 'W402', 'E601', 'E702', 'E801']) expect(used.has(code), code).toBe(true);
  });

  it('lists no code nobody writes', () => {
    expect(codes.filter((c) => !used.has(c))).toEqual([]);
  });

  it('holds each code exactly once, and is the only table of codes in src/core', () => {
    const text = readFileSync(CATALOGUE_FILE, 'utf8');
    for (const code of codes) expect(text.match(new RegExp(`^\\s*${code}:`, 'gm'))?.length, code).toBe(1);
    const elsewhere = sources(CORE)
      .filter((f) => f !== CATALOGUE_FILE && /^\s*[EW]\d{3}\s*:\s*\{/m.test(readFileSync(f, 'utf8')))
      .map((f) => relative(CORE, f));
    expect(elsewhere).toEqual([]);
  });

  it('gives every code one meaning: its own title, a fix, the severity its letter says', () => {
    const byTitle = new Map<string, string[]>();
    for (const [code, e] of Object.entries(CATALOGUE)) {
      expect(e.severity, code).toBe(code.startsWith('E') ? 'error' : 'warning');
      expect(e.title.length, code).toBeGreaterThan(3);
      expect(e.fix.length, code).toBeGreaterThan(10);
      byTitle.set(e.title.toLowerCase(), [...(byTitle.get(e.title.toLowerCase()) ?? []), code]);
    }
    expect([...byTitle.values()].filter((c) => c.length > 1)).toEqual([]);
  });

  it('keeps the renumbered policy codes apart from the lab file codes', () => {
    expect(catalogueEntry('E601')!.title).toBe('YAML syntax error in the lab file');
    expect(catalogueEntry('E801')!.title).toBe('NetworkPolicy rejected by the API server');
    expect(catalogueEntry('toString')).toBeUndefined();
  });
});
