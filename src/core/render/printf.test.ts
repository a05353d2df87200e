import { describe, expect, it } from 'vitest';
import { formatFixed, formatGoG, padLeft, padRight } from './printf';

describe('formatFixed (printf %.Nf, Go %.Nf)', () => {
  it('rounds the exact binary value, ties to even', () => {
    expect(formatFixed(0.0625, 3)).toBe('0.062'); // exact tie → even (JS toFixed says 0.063)
    expect(formatFixed(0.0635, 3)).toBe('0.064'); // 0.0635 is stored slightly above .0635
    expect(formatFixed(2.5, 0)).toBe('2');
    expect(formatFixed(3.5, 0)).toBe('4');
    expect(formatFixed(0.5, 0)).toBe('0');
    expect(formatFixed(1.005, 2)).toBe('1.00'); // stored as 1.00499999…
  });

  it('pads and carries', () => {
    expect(formatFixed(0, 3)).toBe('0.000');
    expect(formatFixed(0.049, 3)).toBe('0.049');
    expect(formatFixed(9.9996, 3)).toBe('10.000');
    expect(formatFixed(99.99237060546875, 0)).toBe('100');
    expect(formatFixed(-1.25, 1)).toBe('-1.2');
    expect(formatFixed(1e-9, 3)).toBe('0.000');
  });
});

describe("formatFixed: edges (expected values: Python's '%.*f' % (n, x), which rounds the exact double)", () => {
  it('pads short expansions and keeps an odd last digit when nothing is dropped', () => {
    expect(formatFixed(2.5, 3)).toBe('2.500');
    expect(formatFixed(1.5, 1)).toBe('1.5');
    // 2^51 + 0.5 has one binary fraction digit: its expansion ends exactly at the kept digits, an odd 5
    expect(formatFixed(2 ** 51 + 0.5, 1)).toBe('2251799813685248.5');
  });

  it('rounds when every digit is dropped (%.0f of a value below 1, %.1f of one below 0.1)', () => {
    expect(formatFixed(0.7, 0)).toBe('1');
    expect(formatFixed(0.3, 0)).toBe('0');
    expect(formatFixed(0.5000001, 0)).toBe('1');
    expect(formatFixed(0.05, 1)).toBe('0.1'); // stored as 0.05000000000000000277…
    expect(formatFixed(0.25, 1)).toBe('0.2');
    expect(formatFixed(0.35, 1)).toBe('0.3'); // stored as 0.34999999999999997779…
  });

  it('prints integers of 2^53 and above digit for digit', () => {
    expect(formatFixed(2 ** 53, 0)).toBe('9007199254740992');
    expect(formatFixed(2 ** 70, 2)).toBe('1180591620717411303424.00');
  });

  it('refuses what has no decimal expansion', () => {
    expect(() => formatFixed(Number.POSITIVE_INFINITY, 3)).toThrow(/finite non-negative number, got Infinity/);
    expect(() => formatFixed(Number.NaN, 3)).toThrow(/got NaN/);
  });
});

describe('formatGoG (Go %.Pg)', () => {
  it('prints integers below 10^P plainly and larger ones in e-notation', () => {
    expect(formatGoG(65536, 5)).toBe('65536');
    expect(formatGoG(0, 5)).toBe('0');
    expect(formatGoG(64, 5)).toBe('64');
    expect(formatGoG(1048576, 5)).toBe('1.0486e+06');
    expect(formatGoG(100000, 5)).toBe('1e+05');
    expect(formatGoG(16777216, 5)).toBe('1.6777e+07');
    expect(formatGoG(99999.9, 5)).toBe('1e+05');
  });

  it('prints fractions with trailing zeros removed, like C %g', () => {
    expect(formatGoG(33.33333206176758, 6)).toBe('33.3333');
    expect(formatGoG(12.5, 6)).toBe('12.5');
    expect(formatGoG(0.0001234, 3)).toBe('0.000123');
    expect(formatGoG(0.00001234, 3)).toBe('1.23e-05');
  });

  it("edges (expected values: Python's '%.*g' % (p, x), as C's %g)", () => {
    expect(formatGoG(27, 1)).toBe('3e+01'); // the dropped digit 7 rounds up, nothing after it
    expect(formatGoG(17, 1)).toBe('2e+01');
    expect(formatGoG(0.5, 6)).toBe('0.5');
    expect(formatGoG(-12.5, 6)).toBe('-12.5');
    expect(formatGoG(5e-324, 3)).toBe('4.94e-324'); // the smallest subnormal
    expect(formatGoG(2 ** 60, 5)).toBe('1.1529e+18');
  });
});

describe('padding', () => {
  it('never truncates', () => {
    expect(padRight('ab', 4)).toBe('ab  ');
    expect(padLeft('ab', 4)).toBe('  ab');
    expect(padRight('abcdef', 4)).toBe('abcdef');
  });
});
