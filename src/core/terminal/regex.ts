// grep's regular expressions (POSIX basic and extended, with the GNU extensions people type) matched in time
// linear in the line: the pattern becomes a Thompson NFA and every line is simulated over the set of live
// states, so `grep -E '^(.|.)*Z'` costs (line length × pattern size), never the exponential backtracking a
// JavaScript RegExp can fall into. A line either matches somewhere or not — grep needs no match positions,
// so neither capture groups nor leftmost-longest bookkeeping are kept.
//
// Supported: literals, `.`, bracket expressions (ranges, negation, [:class:]), `^` `$`, groups, alternation,
// `*` `+` `?` `{m}` `{m,}` `{m,n}`, and GNU's `\w \W \s \S \b \B \< \>`. BRE spells the operators `\( \) \| \{ \}
// \+ \?`, and there `^`/`*` are literal where POSIX says so. Back-references (`\1`) cannot be matched in linear
// time and are refused with a message, like equivalence classes ([=a=]) and collating symbols ([.a.]).

export class PatternError extends Error {}

export type Syntax = 'bre' | 'ere';

/** Sizes past which a pattern is refused rather than compiled (each bounds memory and per-character work). */
export const PATTERN_LIMITS = { chars: 4096, states: 20_000, repeat: 255 } as const;

type CharTest = (c: string) => boolean;
type Assertion = 'bol' | 'eol' | 'word' | 'notword' | 'wordstart' | 'wordend';

type Node =
  | { t: 'char'; test: CharTest }
  | { t: 'assert'; kind: Assertion }
  | { t: 'cat'; parts: Node[] }
  | { t: 'alt'; parts: Node[] }
  | { t: 'repeat'; node: Node; min: number; max: number } // max = Infinity for unbounded
  | { t: 'empty' };

const isWordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);

const CLASSES: Record<string, CharTest> = {
  alpha: (c) => /[A-Za-z]/.test(c),
  digit: (c) => c >= '0' && c <= '9',
  alnum: (c) => /[A-Za-z0-9]/.test(c),
  upper: (c) => c >= 'A' && c <= 'Z',
  lower: (c) => c >= 'a' && c <= 'z',
  space: (c) => /[ \t\n\r\f\v]/.test(c),
  blank: (c) => c === ' ' || c === '\t',
  punct: (c) => /[!-/:-@[-`{-~]/.test(c),
  xdigit: (c) => /[0-9A-Fa-f]/.test(c),
  print: (c) => c >= ' ' && c <= '~',
  graph: (c) => c > ' ' && c <= '~',
  cntrl: (c) => c < ' ' || c === '\x7f',
};

/** Parses a pattern into a tree. Positions in messages are 1-based, as people count characters. */
class Parser {
  private i = 0;
  constructor(
    private readonly p: string,
    private readonly syntax: Syntax,
    private readonly fold: boolean,
  ) {}

  parse(): Node {
    const n = this.alternation(0);
    if (this.i < this.p.length) throw this.error(this.syntax === 'ere' ? 'unmatched )' : 'unmatched \\)');
    return n;
  }

  private error(what: string): PatternError {
    return new PatternError(`${what} at character ${Math.min(this.i + 1, this.p.length)} of the pattern`);
  }

  private atAlt(): boolean {
    return this.syntax === 'ere' ? this.p[this.i] === '|' : this.p.startsWith('\\|', this.i);
  }

  private atClose(depth: number): boolean {
    if (depth === 0) return false;
    return this.syntax === 'ere' ? this.p[this.i] === ')' : this.p.startsWith('\\)', this.i);
  }

  private alternation(depth: number): Node {
    const parts = [this.concatenation(depth)];
    while (this.atAlt()) {
      this.i += this.syntax === 'ere' ? 1 : 2;
      parts.push(this.concatenation(depth));
    }
    return parts.length === 1 ? parts[0] : { t: 'alt', parts };
  }

  private concatenation(depth: number): Node {
    const parts: Node[] = [];
    // nothing to repeat yet: at the start of a branch, or (BRE) right after a leading `^`
    let first = true;
    while (this.i < this.p.length && !this.atAlt() && !this.atClose(depth)) {
      if (this.syntax === 'ere' && this.p[this.i] === ')' && depth === 0) throw this.error('unmatched )');
      const atom = this.atom(depth, first);
      if (this.syntax === 'bre' && atom.t === 'assert' && atom.kind === 'bol') {
        parts.push(atom);
        continue;
      }
      first = false;
      parts.push(this.postfix(atom));
    }
    if (parts.length === 0) return { t: 'empty' };
    return parts.length === 1 ? parts[0] : { t: 'cat', parts };
  }

  private literal(c: string): Node {
    if (!this.fold) return { t: 'char', test: (x) => x === c };
    const lo = c.toLowerCase();
    return { t: 'char', test: (x) => x.toLowerCase() === lo };
  }

  private atom(depth: number, first: boolean): Node {
    const p = this.p;
    const c = p[this.i];
    // BRE: `^` anchors only at the start of the pattern or of a group/branch; `$` only at the end of one
    if (c === '^' && (this.syntax === 'ere' || first)) {
      this.i++;
      return { t: 'assert', kind: 'bol' };
    }
    if (c === '$') {
      const next = this.i + 1;
      const atEnd = next === p.length || (this.syntax === 'bre' && (p.startsWith('\\)', next) || p.startsWith('\\|', next)));
      if (this.syntax === 'ere' || atEnd) {
        this.i++;
        return { t: 'assert', kind: 'eol' };
      }
    }
    // a repetition operator with nothing to repeat is an ordinary character (POSIX leaves it undefined;
    // GNU grep reads it literally)
    if (c === '*' && first) {
      this.i++;
      return this.literal('*');
    }
    if (this.syntax === 'ere') {
      if (c === '(') {
        this.i++;
        const inner = this.alternation(depth + 1);
        if (p[this.i] !== ')') throw this.error('unmatched (');
        this.i++;
        return inner;
      }
      if ((c === '+' || c === '?') && first) {
        this.i++;
        return this.literal(c);
      }
      if (c === '{' && first) {
        this.i++;
        return this.literal(c);
      }
    }
    if (c === '.') {
      this.i++;
      return { t: 'char', test: () => true };
    }
    if (c === '[') return this.bracket();
    if (c === '\\') return this.escape(depth);
    this.i++;
    return this.literal(c);
  }

  private escape(depth: number): Node {
    const n = this.p[this.i + 1];
    if (n === undefined) throw this.error('trailing backslash');
    if (this.syntax === 'bre' && n === '(') {
      this.i += 2;
      const inner = this.alternation(depth + 1);
      if (!this.p.startsWith('\\)', this.i)) throw this.error('unmatched \\(');
      this.i += 2;
      return inner;
    }
    if (n >= '1' && n <= '9') throw this.error(`back-reference \\${n} is not supported (it cannot be matched in linear time)`);
    this.i += 2;
    switch (n) {
      case 'w':
        return { t: 'char', test: (x) => isWordChar(x) };
      case 'W':
        return { t: 'char', test: (x) => !isWordChar(x) };
      case 's':
        return { t: 'char', test: CLASSES.space };
      case 'S':
        return { t: 'char', test: (x) => !CLASSES.space(x) };
      case 'b':
        return { t: 'assert', kind: 'word' };
      case 'B':
        return { t: 'assert', kind: 'notword' };
      case '<':
        return { t: 'assert', kind: 'wordstart' };
      case '>':
        return { t: 'assert', kind: 'wordend' };
      default:
        return this.literal(n);
    }
  }

  private bracket(): Node {
    const p = this.p;
    this.i++; // [
    let negate = false;
    if (p[this.i] === '^') {
      negate = true;
      this.i++;
    }
    const tests: CharTest[] = [];
    let firstItem = true;
    for (;;) {
      if (this.i >= p.length) throw this.error('unmatched [');
      const c = p[this.i];
      if (c === ']' && !firstItem) {
        this.i++;
        break;
      }
      firstItem = false;
      if (c === '[' && (p[this.i + 1] === ':' || p[this.i + 1] === '=' || p[this.i + 1] === '.')) {
        const kind = p[this.i + 1];
        const end = p.indexOf(`${kind}]`, this.i + 2);
        if (end < 0) throw this.error('unmatched [');
        const name = p.slice(this.i + 2, end);
        if (kind !== ':') throw this.error(`[${kind}${name}${kind}] is not supported`);
        const cls = CLASSES[name];
        if (!cls) throw this.error(`unknown character class [:${name}:]`);
        tests.push(cls);
        this.i = end + 2;
        continue;
      }
      // a range a-z (a '-' first or last is literal)
      if (p[this.i + 1] === '-' && p[this.i + 2] !== undefined && p[this.i + 2] !== ']') {
        const lo = c;
        const hi = p[this.i + 2];
        if (hi < lo) throw this.error(`invalid range ${lo}-${hi}`);
        tests.push((x) => x >= lo && x <= hi);
        this.i += 3;
        continue;
      }
      tests.push((x) => x === c);
      this.i++;
    }
    const inSet = (x: string) => tests.some((t) => t(x));
    const folded: CharTest = this.fold ? (x) => inSet(x) || inSet(x.toLowerCase()) || inSet(x.toUpperCase()) : inSet;
    return { t: 'char', test: negate ? (x) => !folded(x) : folded };
  }

  private postfix(atom: Node): Node {
    const p = this.p;
    for (;;) {
      const c = p[this.i];
      if (c === '*') {
        this.i++;
        atom = { t: 'repeat', node: atom, min: 0, max: Infinity };
      } else if (this.syntax === 'ere' && (c === '+' || c === '?')) {
        this.i++;
        atom = { t: 'repeat', node: atom, min: c === '+' ? 1 : 0, max: c === '+' ? Infinity : 1 };
      } else if (this.syntax === 'bre' && (p.startsWith('\\+', this.i) || p.startsWith('\\?', this.i))) {
        const plus = p[this.i + 1] === '+';
        this.i += 2;
        atom = { t: 'repeat', node: atom, min: plus ? 1 : 0, max: plus ? Infinity : 1 };
      } else if (this.syntax === 'ere' ? c === '{' : p.startsWith('\\{', this.i)) {
        const interval = this.interval();
        if (!interval) return atom; // ERE: a '{' that opens no interval is an ordinary character
        atom = { t: 'repeat', node: atom, ...interval };
      } else return atom;
    }
  }

  /** `{m}`, `{m,}`, `{m,n}` (BRE: `\{…\}`); undefined when an ERE '{' starts no interval. */
  private interval(): { min: number; max: number } | undefined {
    const open = this.syntax === 'ere' ? 1 : 2;
    const close = this.syntax === 'ere' ? '}' : '\\}';
    const end = this.p.indexOf(close, this.i + open);
    const body = end < 0 ? undefined : this.p.slice(this.i + open, end);
    const m = body === undefined ? null : /^(\d*)(,(\d*))?$/.exec(body);
    if (!m || body === '' || body === ',') {
      if (this.syntax === 'ere') return undefined;
      throw this.error('invalid interval \\{…\\}');
    }
    const min = m[1] === '' ? 0 : Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
    if (max < min) throw this.error(`invalid interval {${body}}`);
    if (min > PATTERN_LIMITS.repeat || (max !== Infinity && max > PATTERN_LIMITS.repeat)) {
      throw this.error(`interval {${body}} is larger than ${PATTERN_LIMITS.repeat}`);
    }
    this.i = end + close.length;
    return { min, max };
  }
}

// --- Thompson NFA -------------------------------------------------------------------------------------

type State =
  | { t: 'char'; test: CharTest; out: number }
  | { t: 'assert'; kind: Assertion; out: number }
  | { t: 'split'; out: number; out1: number }
  | { t: 'match' };

/** Builds states into `states`; every fragment is (entry state, list of dangling exits to patch). */
class Builder {
  readonly states: State[] = [];

  private add(s: State): number {
    if (this.states.length >= PATTERN_LIMITS.states) {
      throw new PatternError(`the pattern is too large (more than ${PATTERN_LIMITS.states} states once its intervals are expanded)`);
    }
    this.states.push(s);
    return this.states.length - 1;
  }

  private patch(exits: Array<[number, 'out' | 'out1']>, to: number): void {
    for (const [s, field] of exits) (this.states[s] as { out: number; out1: number })[field] = to;
  }

  /** Compiles `n` so that it continues at `next`; returns its entry state. */
  build(n: Node, next: number): number {
    switch (n.t) {
      case 'empty':
        return next;
      case 'char':
        return this.add({ t: 'char', test: n.test, out: next });
      case 'assert':
        return this.add({ t: 'assert', kind: n.kind, out: next });
      case 'cat': {
        let entry = next;
        for (let k = n.parts.length - 1; k >= 0; k--) entry = this.build(n.parts[k], entry);
        return entry;
      }
      case 'alt': {
        let entry = this.build(n.parts[n.parts.length - 1], next);
        for (let k = n.parts.length - 2; k >= 0; k--) {
          const branch = this.build(n.parts[k], next);
          entry = this.add({ t: 'split', out: branch, out1: entry });
        }
        return entry;
      }
      case 'repeat': {
        // the optional tail first (built backwards), then the required copies in front of it
        let entry = next;
        if (n.max === Infinity) {
          const loop = this.add({ t: 'split', out: -1, out1: next });
          const body = this.build(n.node, loop);
          this.patch([[loop, 'out']], body);
          entry = loop;
        } else {
          for (let k = n.max - n.min; k > 0; k--) {
            const body = this.build(n.node, entry);
            entry = this.add({ t: 'split', out: body, out1: next });
          }
        }
        for (let k = 0; k < n.min; k++) entry = this.build(n.node, entry);
        return entry;
      }
    }
  }
}

function holds(kind: Assertion, line: string, i: number): boolean {
  const before = i > 0 ? line[i - 1] : undefined;
  const after = i < line.length ? line[i] : undefined;
  switch (kind) {
    case 'bol':
      return i === 0;
    case 'eol':
      return i === line.length;
    case 'word':
      return isWordChar(before) !== isWordChar(after);
    case 'notword':
      return isWordChar(before) === isWordChar(after);
    case 'wordstart':
      return !isWordChar(before) && isWordChar(after);
    case 'wordend':
      return isWordChar(before) && !isWordChar(after);
  }
}

export interface LineMatcher {
  /** true when the pattern matches anywhere in the line */
  test(line: string): boolean;
}

/** Compiles a grep pattern (BRE or ERE); throws PatternError with the position of what is wrong. */
export function compilePattern(pattern: string, syntax: Syntax, opts: { ignoreCase?: boolean } = {}): LineMatcher {
  if (pattern.length > PATTERN_LIMITS.chars) throw new PatternError(`the pattern is longer than ${PATTERN_LIMITS.chars} characters`);
  const tree = new Parser(pattern, syntax, !!opts.ignoreCase).parse();
  const b = new Builder();
  const match = b.states.length;
  b.states.push({ t: 'match' });
  const start = b.build(tree, match);
  const states = b.states;
  const n = states.length;
  // per-line scratch, reused: `mark[s] === gen` says state s is already in the current set
  const mark = new Uint32Array(n);
  let gen = 0;
  let cur = new Int32Array(n);
  let nxt = new Int32Array(n);

  return {
    test(line: string): boolean {
      let curLen = 0;
      let nxtLen = 0;
      const stack: number[] = [];
      // adds s and everything reachable from it without consuming a character at position i
      const close = (s0: number, i: number, into: Int32Array, len: number): number => {
        stack.push(s0);
        while (stack.length) {
          const s = stack.pop()!;
          if (s < 0 || mark[s] === gen) continue;
          mark[s] = gen;
          const st = states[s];
          if (st.t === 'split') {
            stack.push(st.out1, st.out);
          } else if (st.t === 'assert') {
            if (holds(st.kind, line, i)) stack.push(st.out);
          } else into[len++] = s;
        }
        return len;
      };
      for (let i = 0; ; i++) {
        gen++;
        if (gen === 0xffffffff) {
          mark.fill(0);
          gen = 1;
        }
        // the states carried over from the previous character were recorded unclosed in `cur`; close them
        // here (assertions depend on position i), then start a new attempt at i: grep matches anywhere
        const carried = cur.slice(0, curLen);
        curLen = 0;
        for (const s of carried) curLen = close(s, i, nxt, curLen);
        curLen = close(start, i, nxt, curLen);
        [cur, nxt] = [nxt, cur];
        for (let k = 0; k < curLen; k++) if (states[cur[k]].t === 'match') return true;
        if (i === line.length) return false;
        const c = line[i];
        nxtLen = 0;
        for (let k = 0; k < curLen; k++) {
          const st = states[cur[k]];
          if (st.t === 'char' && st.test(c)) nxt[nxtLen++] = st.out;
        }
        [cur, nxt] = [nxt, cur];
        curLen = nxtLen;
      }
    },
  };
}
