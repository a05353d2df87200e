// Recursive-descent parser over the tokens, with Calico's grammar and precedence
// (libcalico-go/lib/selector/parser/parser.go):
//   or   := and ("||" and)*
//   and  := op ("&&" op)*
//   op   := "!"* ( has(l) | all() | global() | "(" or ")" | label OP string | label (in|not in) set )
//   set  := "{" [string ("," string)* [","]] "}"
// Leading "!"s collapse (an even number cancels) and bind to the single operation after them.
// An empty (or all-whitespace) selector means all().

import { ALL, type Selector } from './ast';
import { SelectorSyntaxError, tokenize, type Token } from './tokenizer';

export { SelectorSyntaxError } from './tokenizer';

function describe(t: Token): string {
  if (t.kind === 'eof') return `end of selector at position ${t.pos}`;
  return `token ${JSON.stringify(t.text)} at position ${t.pos}`;
}

export function parseSelector(s: string): Selector {
  const toks = tokenize(s);
  let k = 0;
  const peek = () => toks[k];
  const fail = (t: Token, expected: string): never => {
    throw new SelectorSyntaxError(t.pos, `unexpected ${describe(t)}, expected ${expected}`, s);
  };

  if (peek().kind === 'eof') return ALL;

  const parseOr = (): Selector => {
    const ops = [parseAnd()];
    while (peek().kind === '||') {
      k++;
      ops.push(parseAnd());
    }
    return ops.length === 1 ? ops[0] : { kind: 'or', operands: ops };
  };

  const parseAnd = (): Selector => {
    const ops = [parseOp()];
    while (peek().kind === '&&') {
      k++;
      ops.push(parseOp());
    }
    return ops.length === 1 ? ops[0] : { kind: 'and', operands: ops };
  };

  const parseString = (): string => {
    const t = peek();
    if (t.kind !== 'string') fail(t, 'a quoted string');
    k++;
    return t.value;
  };

  const parseSet = (): string[] => {
    const open = peek();
    if (open.kind !== '{') fail(open, 'a set literal such as {"a", "b"}');
    k++;
    const values: string[] = [];
    while (peek().kind === 'string') {
      values.push(peek().value);
      k++;
      if (peek().kind !== ',') break;
      k++;
    }
    const close = peek();
    if (close.kind !== '}') fail(close, values.length === 0 ? 'a quoted string or "}"' : '"," or "}"');
    k++;
    return values;
  };

  const parseOp = (): Selector => {
    let negated = false;
    while (peek().kind === '!') {
      negated = !negated;
      k++;
    }
    const t = peek();
    let sel: Selector;
    switch (t.kind) {
      case 'has':
        k++;
        sel = { kind: 'has', label: t.value };
        break;
      case 'all':
        k++;
        sel = ALL;
        break;
      case 'global':
        k++;
        sel = { kind: 'global' };
        break;
      case '(': {
        k++;
        sel = parseOr();
        const close = peek();
        if (close.kind !== ')') fail(close, '")", "&&" or "||"');
        k++;
        break;
      }
      case 'label': {
        k++;
        const op = peek();
        const label = t.value;
        switch (op.kind) {
          case '==':
          case '!=':
          case 'contains':
          case 'starts with':
          case 'ends with': {
            k++;
            const value = parseString();
            const kind = (
              { '==': 'eq', '!=': 'ne', contains: 'contains', 'starts with': 'startsWith', 'ends with': 'endsWith' } as const
            )[op.kind];
            sel = { kind, label, value };
            break;
          }
          case 'in':
          case 'not in': {
            k++;
            const values = parseSet();
            sel = { kind: op.kind === 'in' ? 'in' : 'notIn', label, values };
            break;
          }
          default:
            return fail(op, '"==", "!=", "in", "not in", "contains", "starts with" or "ends with"');
        }
        break;
      }
      default:
        return fail(t, 'a label, "(", "!", "has(", "all()" or "global()"');
    }
    return negated ? { kind: 'not', operand: sel } : sel;
  };

  const root = parseOr();
  const end = peek();
  if (end.kind !== 'eof') fail(end, '"&&", "||" or end of selector');
  return root;
}

/** Like parseSelector, but returns the error instead of throwing (for validators). */
export function tryParseSelector(s: string): { selector: Selector } | { error: SelectorSyntaxError } {
  try {
    return { selector: parseSelector(s) };
  } catch (e) {
    if (e instanceof SelectorSyntaxError) return { error: e };
    throw e;
  }
}
