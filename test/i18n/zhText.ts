// What the zh-CN tests share: the stray-space rule, the ids a core folder's code names, and a message's
// Chinese with its verbatim arguments blanked out (so what is left is only the template's own words).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fill, type Msg, type MsgArg } from '../../src/core/msg';
import { CORE_ZH } from '../../src/i18n/core-zh';

const CJK = '\\u3400-\\u9fff\\uf900-\\ufaff';
const FULL_PUNCT = '\\u3000-\\u303f\\uff01-\\uff60';
/** A space between two Chinese characters, or touching full-width punctuation. */
const STRAY = new RegExp(`[${CJK}${FULL_PUNCT}] +[${CJK}${FULL_PUNCT}]|[${FULL_PUNCT}] | [${FULL_PUNCT}]`);

export function strayIn(s: string): string | undefined {
  const m = STRAY.exec(s);
  return m ? m[0] : undefined;
}

/** The message ids (string literals 'prefix.…') a core folder's code names outside its catalogue, read
 *  from the source, so an id only reachable on a rare path is still checked. */
export function idsUsed(folder: string, prefix: string): string[] {
  const dir = join(__dirname, '../../src/core', folder);
  const ids = new Set<string>();
  const literal = new RegExp(`'(${prefix}\\.[\\w.]+)'`, 'g');
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.ts') && !x.includes('.test.') && x !== 'messages.ts')) {
    for (const m of readFileSync(join(dir, f), 'utf8').matchAll(literal)) ids.add(m[1]);
  }
  return [...ids].sort();
}

/** The zh-CN text of a message with every plain argument (names, addresses, rules, tool output) as §. */
export function zhSkeleton(m: Msg): string {
  const t = CORE_ZH[m.id];
  if (t === undefined) throw new Error(`no zh-CN template for ${m.id}`);
  const args: Record<string, MsgArg> = {};
  for (const [k, v] of Object.entries(m.args)) args[k] = typeof v === 'object' ? v : v === '' ? '' : '§';
  return fill(t, args, zhSkeleton);
}

/** Three Latin words in a row, outside "quoted tool syntax": an English phrase left in a Chinese text. */
export function englishIn(s: string): string | undefined {
  const m = /[A-Za-z]{2,}(?:[ ,']+[A-Za-z]{2,}){2,}/.exec(s.replace(/"[^"]*"/g, '""'));
  return m ? m[0] : undefined;
}
