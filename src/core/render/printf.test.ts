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
});

describe('padding', () => {
  it('never truncates', () => {
    expect(padRight('ab', 4)).toBe('ab  ');
    expect(padLeft('ab', 4)).toBe('  ab');
    expect(padRight('abcdef', 4)).toBe('abcdef');
  });
});
