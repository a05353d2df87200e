// Shell pipes as the labs and seeds use them: `cmd | grep [-v] [-i] [-E|-F] PATTERN | ...`. grep reads a basic
// regular expression (BRE) by default, as GNU grep does, so `grep 'tunl0\|ens33'` works as in the seeds.

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

/** grep's basic regular expression as a JS one: `+ ? | ( ) { }` are literal in BRE, `\+ \? \|` are not. */
function breToRegExp(p: string): string {
  let out = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\' && i + 1 < p.length) {
      const n = p[++i];
      out += '+?|(){}'.includes(n) ? n : `\\${n}`;
    } else if ('+?|(){}'.includes(c)) out += `\\${c}`;
    else out += c;
  }
  return out;
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
  const src = mode === 'fixed' ? pats[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : mode === 'bre' ? breToRegExp(pats[0]) : pats[0];
  let re: RegExp;
  try {
    re = new RegExp(src, ignoreCase ? 'i' : '');
  } catch {
    throw new PipeError(`grep: invalid pattern ${JSON.stringify(pats[0])}`);
  }
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const kept = lines.filter((l) => re.test(l) !== invert);
  return kept.length ? kept.join('\n') + '\n' : '';
}

