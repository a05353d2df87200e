// Shell pipes as the labs and seeds use them: `cmd | grep [-v] [-i] [-E|-F] PATTERN | ...`. grep reads a basic
// regular expression (BRE) by default, as GNU grep does, so `grep 'tunl0\|ens33'` works as in the seeds.
// Patterns are matched by ./regex (linear in the input): a pattern typed in the app or written in a lab file
// cannot stall the tab or `cli lab` the way a backtracking RegExp can.

import { compilePattern, PatternError, type LineMatcher } from './regex';

export class PipeError extends Error {}

/** Splits on `|` outside quotes. */
export function pipeline(line: string): string[] {
  const parts: string[] = [];
  let cur = '';
  let quote: string | undefined;
  for (const c of line) {
    if (quote) {
      if (c === quote) quote = undefined;
      cur += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      cur += c;
    } else if (c === '|') {
      parts.push(cur.trim());
      cur = '';
    } else cur += c;
  }
  parts.push(cur.trim());
  return parts;
}

export function grep(text: string, args: string[]): string {
  let invert = false;
  let ignoreCase = false;
  let mode: 'bre' | 'ere' | 'fixed' = 'bre';
  const pats: string[] = [];
  for (const a of args) {
    if (/^-[viEFw]+$/.test(a) && pats.length === 0) {
      for (const f of a.slice(1)) {
        if (f === 'v') invert = true;
        else if (f === 'i') ignoreCase = true;
        else if (f === 'E') mode = 'ere';
        else if (f === 'F') mode = 'fixed';
        else throw new PipeError(`grep -${f} is not simulated`);
      }
    } else pats.push(a);
  }
  if (pats.length !== 1) throw new PipeError('grep takes one pattern here');
  let matcher: LineMatcher;
  if (mode === 'fixed') {
    const needle = ignoreCase ? pats[0].toLowerCase() : pats[0];
    matcher = { test: (l) => (ignoreCase ? l.toLowerCase() : l).includes(needle) };
  } else {
    try {
      matcher = compilePattern(pats[0], mode, { ignoreCase });
    } catch (e) {
      if (e instanceof PatternError) throw new PipeError(`grep: ${e.message}`);
      throw e;
    }
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const kept = lines.filter((l) => matcher.test(l) !== invert);
  return kept.length ? kept.join('\n') + '\n' : '';
}

