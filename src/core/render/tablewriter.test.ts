import { describe, expect, it } from 'vitest';
import { tablewriter, title, wrapString } from './tablewriter';

describe('tablewriter', () => {
  it('centres headers with the left gap rounded down and left-aligns text cells', () => {
    expect(tablewriter(['Peer address', 'State'], [['192.168.179.104', 'up']])).toBe(
      '+-----------------+-------+\n' +
        '|  PEER ADDRESS   | STATE |\n' +
        '+-----------------+-------+\n' +
        '| 192.168.179.104 | up    |\n' +
        '+-----------------+-------+\n',
    );
  });

  it('right-aligns cells that look like numbers', () => {
    expect(tablewriter(['a', 'b'], [['1,024', '0.5'], ['x', '7 (0%)']])).toBe(
      '+-------+--------+\n|   A   |   B    |\n+-------+--------+\n| 1,024 |    0.5 |\n| x     | 7 (0%) |\n+-------+--------+\n',
    );
  });

  it('honours an explicit alignment', () => {
    expect(tablewriter(['name'], [['ab'], ['abcdef']], { align: 'right' })).toContain('|     ab |');
    expect(tablewriter(['name'], [['ab'], ['abcdef']], { align: 'center' })).toContain('|   ab   |');
  });

  it('upper-cases and cleans headers', () => {
    expect(title('ips_total')).toBe('IPS TOTAL');
    expect(title('v1.2')).toBe('V1.2');
    expect(title('a.b')).toBe('A B');
    // Title keeps a '.' with a digit or space on both sides (or nothing on one side): ".5", "5.", "."
    expect(title('.5')).toBe('.5');
    expect(title('5.')).toBe('5.');
    expect(title('.')).toBe('.');
    expect(title('1.a')).toBe('1 A');
    expect(title('a.1')).toBe('A 1');
    expect(title('x.')).toBe('X');
    expect(title('_a_')).toBe('A');
    // a header of only blanks keeps one space; an empty one stays empty
    expect(title('_')).toBe(' ');
    expect(title('')).toBe('');
  });

  it('gives lines longer than the limit the penalty, and never penalises a line of exactly the limit', () => {
    // by hand: breaking after the first word costs (30-15)² = 225; a first line of 31 costs 1 + 1e5
    expect(wrapString('aaaaaaaaaaaaaaa bbbbbbbbbbbbbbb c', 30).lines).toEqual(['aaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbb c']);
    // a first line of exactly 30 costs 0, against 225
    expect(wrapString('aaaaaaaaaaaaaaa bbbbbbbbbbbbbb c', 30).lines).toEqual(['aaaaaaaaaaaaaaa bbbbbbbbbbbbbb', 'c']);
    // WrapString turns newlines into spaces before splitting
    expect(wrapString('Active\nSocket', 30).lines).toEqual(['Active Socket']);
  });

  it('reflows a multi-line cell at its widest line, and fills short cells of a taller row with two spaces', () => {
    // 'a\nbb cc dd' → 'a bb cc dd' wrapped at 8 (its widest line): 'a bb cc' costs 1, the column is 8 wide;
    // the one-wide first column gets tablewriter's "  " filler, which overflows it
    expect(tablewriter(['n', 'text'], [['1', 'a\nbb cc dd']])).toBe(
      '+---+----------+\n' + '| N |   TEXT   |\n' + '+---+----------+\n' + '| 1 | a bb cc  |\n' + '|    | dd       |\n' + '+---+----------+\n',
    );
  });

  it('gives every header as many lines as the tallest', () => {
    expect(tablewriter(['a', 'b\nc'], [['1', '2']])).toBe('+---+---+\n| A | B |\n|   | C |\n+---+---+\n| 1 | 2 |\n+---+---+\n');
  });

  it('left alignment applies to numbers too; a number with blanks around is still a number', () => {
    expect(tablewriter(['n'], [['1'], ['abc']], { align: 'left' })).toContain('| 1   |');
    expect(tablewriter(['count'], [[' 5']])).toContain('|     5 |');
  });

  it('wraps with minimal raggedness and raises the limit for long words', () => {
    expect(wrapString('Active Socket: Connection refused', 30).lines).toEqual(['Active Socket: Connection', 'refused']);
    expect(wrapString('short', 30).lines).toEqual(['short']);
    expect(wrapString('a-very-long-unbreakable-word-of-forty-chars x', 30)).toEqual({
      lines: ['a-very-long-unbreakable-word-of-forty-chars', 'x'],
      lim: 43,
    });
  });

  it('rejects ragged rows', () => {
    expect(() => tablewriter(['a', 'b'], [['1']])).toThrow(/one cell per header/);
  });
});
