// Truth tables and canonical forms below are Calico's own (libcalico-go/lib/selector/parser/
// parser_test.go); error positions are counted by hand from the strings.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ALL, and, matches, parseSelector, prefixLabels, selectorToString, SelectorSyntaxError, tokenize, tryParseSelector } from './index';

type L = Record<string, string>;
const cases: [string, L[], L[]][] = [
  [`a == "b"`, [{ a: 'b' }, { a: 'b', c: 'd' }], [{}, { a: 'c' }, { c: 'd' }]],
  [`a == "b" && c == "d"`, [{ a: 'b', c: 'd' }], [{}, { a: 'b', c: 'e' }, { a: 'c', c: 'd' }, { c: 'd' }, { a: 'b' }]],
  [`a == "b" || c == "d"`, [{ a: 'b', c: 'd' }, { a: 'b' }, { c: 'd' }], [{}, { a: 'e', c: 'e' }, { c: 'e' }, { a: 'e' }]],
  [`a in {"'", '"', "c"}`, [{ a: 'c' }, { a: '"' }, { a: "'" }], [{}, { a: 'e' }]],
  [`a not in {"'", '"', "c"}`, [{}, { a: 'e' }], [{ a: 'c' }, { a: '"' }, { a: "'" }]],
  [`a == 'a'`, [{ a: 'a' }], [{ a: 'b' }, {}]],
  [`a != "b"`, [{ a: 'a' }], []],
  // != is true when the label is absent
  [`a != "a"`, [{}], [{ a: 'a' }]],
  [`a contains "a"`, [{ a: 'a' }, { a: 'bab' }, { a: 'aaa', b: 'c' }], [{}, { a: 'b' }, { b: 'aaa' }]],
  [`a starts with "a"`, [{ a: 'a' }, { a: 'abb' }], [{}, { a: 'b' }, { a: 'baa' }, { b: 'aaa' }]],
  [`a ends with "a"`, [{ a: 'a' }, { a: 'bba' }], [{}, { a: 'b' }, { a: 'aab' }, { b: 'aaa' }]],
  [`!a in {"a"}`, [{ a: 'b' }], []],
  [`a not in {"d", "e"}`, [{ a: 'a' }], []],
  [`a not in {"a"}`, [], [{ a: 'a' }]],
  [`a not in {}`, [{}, { a: 'x' }], []],
  [`a in {}`, [], [{}, { a: '' }]],
  [`has(a)`, [{ a: 'b' }, { a: '' }], [{ b: 'a' }]],
  [`!has(a)`, [{ b: 'b' }], [{ a: 'b' }]],
  [`! has(a)`, [], [{ a: 'b' }]],
  [`!!has(b)`, [], [{ a: 'b' }]],
  [`!!! has(a)`, [], [{ a: 'b' }]],
  [`! !!has(a)`, [], [{ a: 'b' }]],
  [``, [{}, { a: 'b' }], []],
  [` `, [{}], []],
  [`all()`, [{}, { a: 'b' }], []],
  [`global()`, [{}, { a: 'b' }], []],
  [`a == 'a1' && b != 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
  [`!a == 'a1' && b == 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
  [`has(a) && !has(b)`, [{ a: 'a' }], []],
  [`!(!has(a) || has(b))`, [{ a: 'a' }], []],
  [`a != 'a1' || b != 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
  [`! a == 'a1' || ! b == 'b1'`, [], [{ a: 'a1', b: 'b1' }]],
  // && binds tighter than ||
  [`a == "1" || b == "1" && c == "1"`, [{ a: '1' }, { b: '1', c: '1' }], [{ b: '1' }]],
  [`(a == "1" || b == "1") && c == "1"`, [{ a: '1', c: '1' }], [{ a: '1' }]],
  // label keys with / . - _
  [`projectcalico.org/namespace == "dev" && app_name-x == 'y'`, [{ 'projectcalico.org/namespace': 'dev', 'app_name-x': 'y' }], [{ 'projectcalico.org/namespace': 'dev' }]],
  // operators need no surrounding spaces; Calico also reads "startswith"
  [`a=="b"&&c!='d'`, [{ a: 'b' }], [{ a: 'b', c: 'd' }]],
  [`a in{"x"}`, [{ a: 'x' }], []],
  [`a startswith 'x'`, [{ a: 'xy' }], [{ a: 'yx' }]],
];

describe('selector evaluation (Calico truth table)', () => {
  for (const [sel, yes, no] of cases) {
    it(JSON.stringify(sel), () => {
      const s = parseSelector(sel);
      for (const l of yes) expect(matches(s, l), `${sel} on ${JSON.stringify(l)}`).toBe(true);
      for (const l of no) expect(matches(s, l), `${sel} on ${JSON.stringify(l)}`).toBe(false);
      // The canonical form must mean the same thing.
      const again = parseSelector(selectorToString(s));
      for (const l of yes) expect(matches(again, l)).toBe(true);
      for (const l of no) expect(matches(again, l)).toBe(false);
    });
  }
});

describe('canonical form (Calico Selector.String())', () => {
  const canon: [string, string][] = [
    ['', 'all()'],
    [' global( )', 'global()'],
    ['a in {"b", "a", "c", "a"}', 'a in {"a", "b", "c"}'],
    ['a not in {"y", "x"}', 'a not in {"x", "y"}'],
    [' all() ', 'all()'],
    [' (all() )', 'all()'],
    ['! (has( b)||! has(a ))', '!(has(b) || !has(a))'],
    ['! (a == "b"&&! c != "d")', '!(a == "b" && !c != "d")'],
    [`a == "'"`, `a == "'"`],
    [`a == '"'`, `a == '"'`],
    [`a startswith '"'`, `a starts with '"'`],
    [`a endswith "'"`, `a ends with "'"`],
    [`a!='"'`, `a != '"'`],
    ['a in {"d", "a", "b"}', 'a in {"a", "b", "d"}'],
    ['a in {"z", "z", "x", "y", "x", "a"}', 'a in {"a", "x", "y", "z"}'],
  ];
  for (const [input, out] of canon) {
    it(`${JSON.stringify(input)} → ${out}`, () => {
      expect(selectorToString(parseSelector(input))).toBe(out);
      expect(selectorToString(parseSelector(out))).toBe(out);
    });
  }
});

describe('prefixLabels (Calico PrefixVisitor)', () => {
  const v = (s: string) => selectorToString(prefixLabels(parseSelector(s), 'visited/'));
  it('prefixes every label kind', () => {
    expect(v(`k == 'v'`)).toBe('visited/k == "v"');
    expect(v(`k != 'v'`)).toBe('visited/k != "v"');
    expect(v(`k contains 'v'`)).toBe('visited/k contains "v"');
    expect(v(`k == 'v' || has(x)`)).toBe('(visited/k == "v" || has(visited/x))');
    expect(v(`!(k == 'v')`)).toBe('!visited/k == "v"');
    expect(v(`k not in {'v'}`)).toBe('visited/k not in {"v"}');
    expect(v(`!(!(k == 'v' && has(t) || all()) && (a in {'b', 'c'}))`)).toBe(
      '!(!((visited/k == "v" && has(visited/t)) || all()) && visited/a in {"b", "c"})',
    );
  });
});

describe('syntax errors carry a 0-based position and what was expected', () => {
  const bad: [string, number, RegExp][] = [
    [`role = "db"`, 5, /unexpected token "=" at position 5, expected "==" or "!="/],
    [`app == "x" && tier = "db"`, 19, /unexpected token "=" at position 19, expected "==" or "!="/],
    [`a == "b" & c == "d"`, 9, /expected "&&"/],
    [`a == "b" | c == "d"`, 9, /expected "\|\|"/],
    [`a == b`, 5, /unexpected token "b" at position 5, expected a quoted string/],
    [`b`, 1, /unexpected end of selector at position 1, expected "=="/],
    [`a b`, 2, /unexpected token "b" at position 2, expected "==", "!=", "in"/],
    [`!`, 1, /unexpected end of selector at position 1, expected a label/],
    [`foo == "bar" &`, 13, /expected "&&"/],
    [`foo != ||`, 7, /unexpected token "\|\|" at position 7, expected a quoted string/],
    [`foo in {"", ||`, 12, /unexpected token "\|\|" at position 12, expected "," or "}"/],
    [`foo in ""`, 7, /expected a set literal/],
    [`"FOO`, 0, /unterminated string starting at position 0/],
    [`a == 'FOO"`, 5, /unterminated string starting at position 5, expected a closing '/],
    [`(`, 1, /unexpected end of selector at position 1, expected a label/],
    [`(a == "foo"`, 11, /unexpected end of selector at position 11, expected "\)"/],
    [`)`, 0, /unexpected token "\)" at position 0/],
    [`()`, 1, /unexpected token "\)" at position 1/],
    [`%`, 0, /unexpected character "%" at position 0/],
    [`a == "b" && %`, 12, /unexpected character "%" at position 12/],
    [`has(foo) &&`, 11, /unexpected end of selector at position 11/],
    [`has()`, 4, /expected a label name inside has\(\)/],
    [`has(a b)`, 6, /expected "\)" to close has\(/],
    [`has (a)`, 4, /unexpected token "\(" at position 4, expected "=="/],
    [`a starts "x"`, 9, /expected "with" after "starts"/],
    [`a not {"x"}`, 6, /expected "in" after "not"/],
    [`a == "b" c == "d"`, 9, /unexpected token "c" at position 9, expected "&&", "\|\|" or end of selector/],
    [`'b1' == b`, 0, /unexpected token "'b1'" at position 0, expected a label/],
  ];
  for (const [sel, pos, re] of bad) {
    it(JSON.stringify(sel), () => {
      const r = tryParseSelector(sel);
      expect('error' in r).toBe(true);
      if (!('error' in r)) return;
      expect(r.error).toBeInstanceOf(SelectorSyntaxError);
      expect(r.error.message.startsWith('selector: ')).toBe(true);
      expect(r.error.message).toMatch(re);
      expect(r.error.position).toBe(pos);
    });
  }
  it('parseSelector throws SelectorSyntaxError', () => {
    expect(() => parseSelector('a = "b"')).toThrow(SelectorSyntaxError);
  });
});

describe('properties (fast-check, seed 20241)', () => {
  const key = fc.constantFrom('a', 'b', 'app', 'x.io/y');
  const val = fc.constantFrom('', '1', 'v', 'a"b', "a'b");
  const labels = fc.dictionary(key, val, { maxKeys: 4 });
  const leaf = fc.oneof(
    fc.tuple(key, val).map(([k, v]) => (v.includes('"') ? `${k} == '${v}'` : `${k} == "${v}"`)),
    fc.tuple(key, val).map(([k, v]) => (v.includes('"') ? `${k} != '${v}'` : `${k} != "${v}"`)),
    key.map((k) => `has(${k})`),
    fc.tuple(key, fc.array(fc.constantFrom('1', 'v', ''), { maxLength: 3 })).map(([k, vs]) => `${k} in {${vs.map((v) => `"${v}"`).join(', ')}}`),
    fc.tuple(key, fc.array(fc.constantFrom('1', 'v', ''), { maxLength: 3 })).map(([k, vs]) => `${k} not in {${vs.map((v) => `"${v}"`).join(', ')}}`),
  );
  const expr: fc.Arbitrary<string> = fc.letrec((tie) => ({
    e: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      leaf,
      tie('e').map((e) => `!(${e})`),
      fc.tuple(tie('e'), tie('e')).map(([x, y]) => `(${x}) && (${y})`),
      fc.tuple(tie('e'), tie('e')).map(([x, y]) => `(${x}) || (${y})`),
    ),
  })).e as fc.Arbitrary<string>;

  it('canonical text round-trips to the same meaning', () => {
    fc.assert(
      fc.property(expr, labels, (e, l) => {
        const s = parseSelector(e);
        return matches(parseSelector(selectorToString(s)), l) === matches(s, l);
      }),
      { seed: 20241, numRuns: 500 },
    );
  });
  it('"not in" is the negation of "in" and "!=" of "=="', () => {
    fc.assert(
      fc.property(key, val, labels, (k, v, l) => {
        const q = v.includes('"') ? `'${v}'` : `"${v}"`;
        return (
          matches(parseSelector(`${k} not in {${q}}`), l) === !matches(parseSelector(`${k} in {${q}}`), l) &&
          matches(parseSelector(`${k} != ${q}`), l) === !matches(parseSelector(`${k} == ${q}`), l)
        );
      }),
      { seed: 20241, numRuns: 300 },
    );
  });
});

// The tokenizer's edges, as libcalico-go's tokenizer draws them (whitespace is space and tab; label characters
// are [a-zA-Z0-9_./-]); the messages are the lab's own wording, positions counted by hand.
describe('tokenizer edges', () => {
  const message = (sel: string) => {
    const r = tryParseSelector(sel);
    return 'error' in r ? r.error.message : 'parsed';
  };

  it('every boundary letter and digit is a label character; the characters next to them are not', () => {
    expect(matches(parseSelector('aAzZ09 == "v"'), { aAzZ09: 'v' })).toBe(true);
    expect(matches(parseSelector('Z9 == "v"'), { Z9: 'v' })).toBe(true);
    expect(message('a[1] == "x"')).toBe('selector: unexpected token "[" at position 1, expected "==", "!=", "in", "not in", "contains", "starts with" or "ends with"');
    expect(message('a~ == "x"')).toBe('selector: unexpected token "~" at position 1, expected "==", "!=", "in", "not in", "contains", "starts with" or "ends with"');
    expect(message('é == "x"')).toBe('selector: unexpected character "é" at position 0, expected a label, a quoted string, "(", "!", "has(", "all()" or "global()"');
    expect(message('@a == "x"')).toMatch(/^selector: unexpected character "@" at position 0/);
  });

  it('tabs separate tokens; a newline does not', () => {
    expect(matches(parseSelector('\ta\t==\t"b"\t&&\thas(c)'), { a: 'b', c: '' })).toBe(true);
    expect(message('a ==\n"b"')).toBe('selector: unexpected character "\\n" at position 4, expected a label, a quoted string, "(", "!", "has(", "all()" or "global()"');
  });

  it('an unexpected word is quoted whole, anything else by its character', () => {
    expect(message('a not foo')).toBe('selector: unexpected token "foo" at position 6, expected "in" after "not"');
    expect(message('a not {"x"}')).toBe('selector: unexpected token "{" at position 6, expected "in" after "not"');
  });

  it('has(), all() and global() name what is wrong inside them, or the end of the selector', () => {
    expect(message('has()')).toBe('selector: unexpected token ")" at position 4, expected a label name inside has()');
    expect(message('has(')).toBe('selector: unexpected end of selector at position 4, expected a label name inside has()');
    expect(message('has(a b)')).toBe('selector: unexpected token "b" at position 6, expected ")" to close has(');
    expect(message('has( a')).toBe('selector: unexpected end of selector at position 6, expected ")" to close has(');
    expect(message('all(x)')).toBe('selector: unexpected token "x" at position 4, expected ")" after all(');
    expect(message('global( ')).toBe('selector: unexpected end of selector at position 8, expected ")" after global(');
    expect(message('all( )')).toBe('parsed');
  });

  it('an empty set still open asks for a string or its end', () => {
    expect(message('foo in {||')).toBe('selector: unexpected token "||" at position 8, expected a quoted string or "}"');
  });

  it('the error is a SelectorSyntaxError by name too', () => {
    const r = tryParseSelector('a = "b"');
    expect('error' in r && r.error.name).toBe('SelectorSyntaxError');
  });

  it('tokens carry their value (label, string contents, has() label; empty otherwise) and where they start', () => {
    expect(tokenize('has(k) && a in {"x"}').map(({ kind, value, pos }) => [kind, value, pos])).toEqual([
      ['has', 'k', 0],
      ['&&', '', 7],
      ['label', 'a', 10],
      ['in', '', 12],
      ['{', '', 15],
      ['string', 'x', 16],
      ['}', '', 19],
      ['eof', '', 20],
    ]);
  });
});

describe('prefixLabels and and() (how Calico folds namespace and service-account terms)', () => {
  it('prefixes the label of every operator kind', () => {
    const v = (sel: string) => selectorToString(prefixLabels(parseSelector(sel), 'p.'));
    expect(v(`k starts with 'v'`)).toBe('p.k starts with "v"');
    expect(v(`k ends with 'v'`)).toBe('p.k ends with "v"');
    expect(v(`k in {'v'}`)).toBe('p.k in {"v"}');
    expect(v('has(k)')).toBe('has(p.k)');
    expect(v('global() || all()')).toBe('(global() || all())');
  });

  it('and() drops all(), flattens nested ands, and is all() when nothing is left', () => {
    const x = parseSelector('a == "1"');
    const y = parseSelector('b == "2"');
    const z = parseSelector('c == "3"');
    expect(and(ALL, x)).toEqual(x);
    expect(and(x)).toEqual(x);
    expect(and()).toEqual(ALL);
    expect(and(ALL, ALL)).toEqual(ALL);
    expect(selectorToString(and(and(x, y), ALL, z))).toBe('(a == "1" && b == "2" && c == "3")');
    expect(and(x, y, z)).toEqual({ kind: 'and', operands: [x, y, z] });
  });
});
