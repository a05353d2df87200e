// Splits a Calico selector into tokens, keeping each token's 0-based start position so errors can
// point at the character. Follows libcalico-go/lib/selector/tokenizer/tokenizer.go rule for rule:
// - whitespace is only space and tab;
// - strings are '…' or "…" with no escapes;
// - label keys are [a-zA-Z0-9_./-]+;
// - right after a label, the words contains / starts with / ends with / not in / in are operators
//   (matched by prefix, as Calico does), anywhere else they are labels;
// - "has(", "all(", "global(" must be written without a space before the parenthesis.

export type TokenKind =
  | 'label'
  | 'string'
  | '{'
  | '}'
  | ','
  | '=='
  | '!='
  | 'in'
  | 'not in'
  | 'contains'
  | 'starts with'
  | 'ends with'
  | '!'
  | '&&'
  | '||'
  | '('
  | ')'
  | 'has'
  | 'all'
  | 'global'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** label name, string contents, or the has() label */
  value: string;
  /** 0-based index of the token's first character in the selector */
  pos: number;
  /** the token as written, for error messages */
  text: string;
}

export class SelectorSyntaxError extends Error {
  constructor(
    /** 0-based character position of the problem */
    readonly position: number,
    /** the message without the "selector: " prefix */
    readonly detail: string,
    readonly selector: string,
  ) {
    super(`selector: ${detail}`);
    this.name = 'SelectorSyntaxError';
  }
}

const isWs = (c: string) => c === ' ' || c === '\t';

function isLabelChar(c: string): boolean {
  return (
    (c >= 'a' && c <= 'z') ||
    (c >= 'A' && c <= 'Z') ||
    (c >= '0' && c <= '9') ||
    c === '_' ||
    c === '.' ||
    c === '/' ||
    c === '-'
  );
}

function labelAt(s: string, i: number): string {
  let j = i;
  while (j < s.length && isLabelChar(s[j])) j++;
  return s.slice(i, j);
}

function skipWs(s: string, i: number): number {
  while (i < s.length && isWs(s[i])) i++;
  return i;
}

/** A short, printable excerpt of what is at position i (for "unexpected ..." messages). */
function excerptAt(s: string, i: number): string {
  const word = labelAt(s, i);
  return JSON.stringify(word.length > 0 ? word : s[i]);
}

const OPERATORS = '"==", "!=", "in", "not in", "contains", "starts with" or "ends with"';

export function tokenize(s: string): Token[] {
  const toks: Token[] = [];
  const err = (pos: number, detail: string): never => {
    throw new SelectorSyntaxError(pos, detail, s);
  };
  let i = 0;
  for (;;) {
    i = skipWs(s, i);
    if (i >= s.length) {
      toks.push({ kind: 'eof', value: '', pos: s.length, text: '' });
      return toks;
    }
    const start = i;
    const c = s[i];
    const last = toks.length > 0 ? toks[toks.length - 1].kind : undefined;
    const push = (kind: TokenKind, end: number, value = '') => {
      toks.push({ kind, value, pos: start, text: s.slice(start, end) });
      i = end;
    };
    switch (c) {
      case '(':
      case ')':
      case '{':
      case '}':
      case ',':
        push(c, i + 1);
        continue;
      case '"':
      case "'": {
        const close = s.indexOf(c, i + 1);
        if (close < 0) err(start, `unterminated string starting at position ${start}, expected a closing ${c}`);
        push('string', close + 1, s.slice(i + 1, close));
        continue;
      }
      case '=':
        if (s[i + 1] === '=') push('==', i + 2);
        else err(start, `unexpected token "=" at position ${start}, expected "==" or "!="`);
        continue;
      case '!':
        if (s[i + 1] === '=') push('!=', i + 2);
        else push('!', i + 1);
        continue;
      case '&':
        if (s[i + 1] === '&') push('&&', i + 2);
        else err(start, `unexpected token "&" at position ${start}, expected "&&"`);
        continue;
      case '|':
        if (s[i + 1] === '|') push('||', i + 2);
        else err(start, `unexpected token "|" at position ${start}, expected "||"`);
        continue;
    }
    const rest = s.slice(i);
    if (last === 'label') {
      // Only operators may follow a label.
      if (rest.startsWith('contains')) {
        push('contains', i + 8);
      } else if (rest.startsWith('starts') || rest.startsWith('ends')) {
        const word = rest.startsWith('starts') ? 'starts' : 'ends';
        const j = skipWs(s, i + word.length);
        if (!s.startsWith('with', j)) err(j, `unexpected token ${excerptAt(s, j)} at position ${j}, expected "with" after "${word}"`);
        push(word === 'starts' ? 'starts with' : 'ends with', j + 4);
      } else if (rest.startsWith('not')) {
        const j = skipWs(s, i + 3);
        if (!s.startsWith('in', j)) err(j, `unexpected token ${excerptAt(s, j)} at position ${j}, expected "in" after "not"`);
        push('not in', j + 2);
      } else if (rest.startsWith('in')) {
        push('in', i + 2);
      } else {
        err(start, `unexpected token ${excerptAt(s, i)} at position ${start}, expected ${OPERATORS}`);
      }
      continue;
    }
    if (rest.startsWith('has(')) {
      const j = skipWs(s, i + 4);
      const label = labelAt(s, j);
      if (label === '') err(j, `unexpected ${j < s.length ? `token ${excerptAt(s, j)}` : 'end of selector'} at position ${j}, expected a label name inside has()`);
      const k = skipWs(s, j + label.length);
      if (s[k] !== ')') err(k, `unexpected ${k < s.length ? `token ${excerptAt(s, k)}` : 'end of selector'} at position ${k}, expected ")" to close has(`);
      push('has', k + 1, label);
      continue;
    }
    if (rest.startsWith('all(') || rest.startsWith('global(')) {
      const word = rest.startsWith('all(') ? 'all' : 'global';
      const k = skipWs(s, i + word.length + 1);
      if (s[k] !== ')') err(k, `unexpected ${k < s.length ? `token ${excerptAt(s, k)}` : 'end of selector'} at position ${k}, expected ")" after ${word}(`);
      push(word, k + 1);
      continue;
    }
    const label = labelAt(s, i);
    if (label !== '') {
      push('label', i + label.length, label);
      continue;
    }
    err(start, `unexpected character ${JSON.stringify(c)} at position ${start}, expected a label, a quoted string, "(", "!", "has(", "all()" or "global()"`);
  }
}
