import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePattern, PatternError, type Syntax } from './regex';
import { grep } from './pipes';

// A route table and a few other lines as the terminal prints them: the text people grep.
const TEXT = [
  'Kernel IP routing table',
  'Destination     Gateway         Genmask         Flags Metric Ref    Use Iface',
  '0.0.0.0         192.168.26.2    0.0.0.0         UG    100    0        0 ens33',
  '10.244.58.192   192.168.26.82   255.255.255.192 UG    0      0        0 tunl0',
  '10.244.85.192   0.0.0.0         255.255.255.192 U     0      0        0 *',
  '10.244.85.193   0.0.0.0         255.255.255.255 UH    0      0        0 calic440f455693',
  '172.17.0.0      0.0.0.0         255.255.0.0     U     0      0        0 docker0',
  'blackhole 10.244.85.192/26 proto bird',
  'tcp   ESTAB 0 0 192.168.26.81:179 192.168.26.82:42310 users:(("bird",pid=1234,fd=7))',
  'a+b?c{2} (x|y) [z] end$',
  '',
  'ZZ top',
].join('\n');

/** What GNU grep itself prints for the pattern on TEXT (C locale): the oracle for the table below. */
function realGrep(flags: string[], pattern: string): string | undefined {
  const r = spawnSync('grep', [...flags, '-e', pattern], { input: TEXT + '\n', env: { ...process.env, LC_ALL: 'C' }, encoding: 'utf8' });
  if (r.error || r.status === 2) return undefined;
  return r.stdout;
}

const hasGrep = realGrep([], 'x') !== undefined;

describe('grep patterns agree with GNU grep on route-table text', () => {
  const cases: Array<[string[], string]> = [
    [[], 'tunl0'],
    [[], 'tunl0\\|ens33'],
    [[], '^10\\.244'],
    [[], 'UG *0'],
    [[], '0$'],
    [[], '^$'],
    [[], 'cali[0-9a-f]\\{6\\}'],
    [[], '\\(ens\\|tunl\\)[0-9]'],
    [[], 'a+b?c{2}'],
    [[], '[[:digit:]]\\{3\\}\\.[[:digit:]]\\+'],
    [[], '\\<bird\\>'],
    [[], '*'],
    [[], 'end\\$'],
    [[], '[^0-9 .]\\{5,\\}'],
    [['-E'], 'tunl0|ens33'],
    [['-E'], '^(10|172)\\.'],
    [['-E'], 'U(G|H)? +0'],
    [['-E'], '[]z[]'],
    [['-E'], 'x{1,}|ZZ'],
    [['-E'], 'ESTAB.*bird'],
    [['-E'], '^(.|.)*Z'],
    [['-E'], '\\bproto\\b'],
    [['-E'], '(a|b)+c?\\{'],
    [['-E'], '255\\.255\\.255\\.(192|255)$'],
    [['-E'], 'ens3[23]|eth[01]'],
    [['-E', '-i'], 'KERNEL|docker'],
    [['-i'], 'ZZ TOP'],
    [['-v'], '0\\.0\\.0\\.0'],
  ];
  it.skipIf(!hasGrep).each(cases)('grep %j %s', (flags, pattern) => {
    const expected = realGrep(flags, pattern);
    expect(expected).toBeDefined();
    expect(grep(TEXT, [...flags, pattern])).toBe(expected);
  });
});

describe('linear time', () => {
  // With a backtracking engine each of these takes longer than the age of the universe on such a line;
  // here they are answered in one pass (the test runner's own timeout is the only clock involved).
  const line = 'a'.repeat(100_000);
  it.each([
    ['ere', '^(.|.)*Z'],
    ['ere', '(a|a)*b'],
    ['ere', '(a*)*b'],
    ['ere', '(a|aa)+Z'],
    ['bre', '^\\(.\\|.\\)*Z'],
    ['bre', '\\(a*\\)*b'],
  ] as Array<[Syntax, string]>)('%s %s on a 100,000-character line', (syntax, pattern) => {
    expect(compilePattern(pattern, syntax).test(line)).toBe(false);
    expect(compilePattern(pattern, syntax).test(line + 'Zb')).toBe(true);
  });
});

describe('refusals', () => {
  it.each([
    ['bre', '\\(a\\)\\1', /back-reference \\1 is not supported/],
    ['ere', '(a', /unmatched \(/],
    ['ere', 'a)', /unmatched \)/],
    ['bre', '\\(a', /unmatched \\\(/],
    ['ere', '[abc', /unmatched \[/],
    ['ere', '[[:nope:]]', /unknown character class/],
    ['ere', 'a{3,1}', /invalid interval/],
    ['ere', 'a{300}', /larger than 255/],
    ['ere', '((a{200}){200}){200}', /too large/],
    ['ere', 'x'.repeat(5000), /longer than 4096/],
  ] as Array<[Syntax, string, RegExp]>)('%s %s', (syntax, pattern, msg) => {
    expect(() => compilePattern(pattern, syntax)).toThrow(PatternError);
    expect(() => compilePattern(pattern, syntax)).toThrow(msg);
  });

  it('the terminal reports a refused pattern as grep does, without a stack', () => {
    expect(() => grep(TEXT, ['\\(a\\)\\1'])).toThrow(/^grep: back-reference/);
  });
});

// Random patterns over a small alphabet, written both as ERE and as the JavaScript RegExp that means the same
// (no construct where the two dialects differ), matched against random lines: JavaScript's engine is the
// independent judge for whether a line matches somewhere.
type Tree = { k: 'lit'; c: string } | { k: 'any' } | { k: 'set'; neg: boolean; cs: string } | { k: 'cat' | 'alt'; xs: Tree[] } | { k: 'rep'; x: Tree; op: string };

const treeArb: fc.Arbitrary<Tree> = fc.letrec<{ t: Tree }>((tie) => ({
  t: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...'ab-').map((c): Tree => ({ k: 'lit', c })),
    fc.constant<Tree>({ k: 'any' }),
    fc.record({ neg: fc.boolean(), cs: fc.stringMatching(/^[ab]{1,2}$/) }).map((r): Tree => ({ k: 'set', ...r })),
    fc.array(tie('t'), { minLength: 2, maxLength: 3 }).map((xs): Tree => ({ k: 'cat', xs })),
    fc.array(tie('t'), { minLength: 2, maxLength: 3 }).map((xs): Tree => ({ k: 'alt', xs })),
    fc.record({ x: tie('t'), op: fc.constantFrom('*', '+', '?', '{2}', '{0,2}', '{1,}') }).map((r): Tree => ({ k: 'rep', ...r })),
  ),
})).t;

function ere(t: Tree): string {
  switch (t.k) {
    case 'lit':
      return t.c;
    case 'any':
      return '.';
    case 'set':
      return `[${t.neg ? '^' : ''}${t.cs}]`;
    case 'cat':
      return t.xs.map((x) => `(${ere(x)})`).join('');
    case 'alt':
      return t.xs.map(ere).join('|');
    case 'rep':
      return `(${ere(t.x)})${t.op}`;
  }
}

describe('random patterns: the same lines as a JavaScript RegExp', () => {
  it('ERE, anchored and not', () => {
    fc.assert(
      fc.property(treeArb, fc.constantFrom('', '^'), fc.constantFrom('', '$'), fc.array(fc.stringMatching(/^[ab.\-]{0,12}$/), { minLength: 1, maxLength: 6 }), (tree, pre, post, lines) => {
        const src = `${pre}(${ere(tree)})${post}`;
        const js = new RegExp(src);
        const m = compilePattern(src, 'ere');
        for (const l of lines) expect(m.test(l), `${src} on ${JSON.stringify(l)}`).toBe(js.test(l));
      }),
      { seed: 20261207, numRuns: 400 },
    );
  });

  it('ignoring case', () => {
    fc.assert(
      fc.property(treeArb, fc.array(fc.stringMatching(/^[aAbB.\-]{0,10}$/), { minLength: 1, maxLength: 4 }), (tree, lines) => {
        const src = ere(tree);
        const js = new RegExp(src, 'i');
        const m = compilePattern(src, 'ere', { ignoreCase: true });
        for (const l of lines) expect(m.test(l), `${src} on ${JSON.stringify(l)}`).toBe(js.test(l));
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
