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
    expect(() => tablewriter(['a', 'b'], [['1']])).toThrow();
  });
});
