import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import lz from 'lz-string';
import { inflateLink, InflateLimitError } from './inflate';
import { bomb, LINK_ALPHABET as ALPHABET } from '../../test/support/linkBomb';

/** lz-string's answer, or the exception it throws, as a comparable value */
const lzOf = (s: string): unknown => {
  try {
    return lz.decompressFromEncodedURIComponent(s);
  } catch (e) {
    return e;
  }
};

describe('inflateLink: lz-string links, bounded', () => {
  it('gives back what lz-string compressed, exactly as lz-string inflates it (any UTF-16, lone surrogates too)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 400 }), fc.string({ unit: fc.constantFrom('a', 'b', 'c', '\n', ' '), maxLength: 2000 }), fc.string({ unit: 'binary-ascii', maxLength: 400 })), (s) => {
        const link = lz.compressToEncodedURIComponent(s);
        expect(inflateLink(link, Infinity)).toBe(s);
        expect(inflateLink(link, s.length)).toBe(lz.decompressFromEncodedURIComponent(link));
      }),
      { seed: 13, numRuns: 600 },
    );
  });

  it('stops with the limit, naming the length it would have reached, as soon as the output would pass it', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('x', 'y', 'z'), minLength: 1, maxLength: 3000 }), fc.nat(), (s, k) => {
        const limit = k % s.length;
        const link = lz.compressToEncodedURIComponent(s);
        let err: unknown;
        try {
          inflateLink(link, limit);
        } catch (e) {
          err = e;
        }
        expect(err).toBeInstanceOf(InflateLimitError);
        const { reached } = err as InflateLimitError;
        expect(reached).toBeGreaterThan(limit);
        expect(reached).toBeLessThanOrEqual(s.length);
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it('answers like lz-string for damaged and random streams (null, empty, or the same string)', () => {
    const garbage = fc.string({ unit: fc.constantFrom(...ALPHABET, ' ', '%', 'é'), maxLength: 60 });
    const truncated = fc.tuple(fc.string({ maxLength: 200 }), fc.nat()).map(([s, k]) => {
      const l = lz.compressToEncodedURIComponent(s);
      return l.slice(0, k % (l.length + 1));
    });
    const trailed = fc.tuple(fc.string({ maxLength: 200 }), garbage).map(([s, g]) => lz.compressToEncodedURIComponent(s) + g);
    fc.assert(
      fc.property(fc.oneof(garbage, truncated, trailed), (link) => {
        const mine = inflateLink(link, Infinity);
        // a stream whose first command is 3 (no command): lz-string goes on with an undefined phrase and spells
        // "undefined" into the output or throws; this reads it as damaged
        // (the command is the first character's two highest bits, the higher one read first as the value's bit 0)
        const six = Math.max(ALPHABET.indexOf(link[0] === ' ' ? '+' : (link[0] ?? '')), 0);
        const command = ((six >> 5) & 1) | (((six >> 4) & 1) << 1);
        if (link !== '' && command === 3) expect(mine).toBeNull();
        else expect(mine).toBe(lzOf(link));
      }),
      { seed: 13, numRuns: 3000 },
    );
  });

  it('the hand-made bomb is what it claims: lz-string spells 1 + 2 + … + (k + 1) characters from it', () => {
    const link = bomb(60);
    expect(lz.decompressFromEncodedURIComponent(link)).toBe('a'.repeat((61 * 62) / 2));
    expect(inflateLink(link, Infinity)).toBe('a'.repeat((61 * 62) / 2));
  });

  it('a hostile link (45 KB standing for 200 M characters) ends at the limit having written no more than the limit', () => {
    const link = bomb(20_000);
    expect(link.length).toBeLessThan(100_000);
    let err: unknown;
    try {
      inflateLink(link, 2_101_248);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InflateLimitError);
    // phrase k is k + 1 characters: the output passes 2,101,248 within phrase 2,049 (1 + 2 + … + 2,050 = 2,102,275)
    expect(err).toMatchObject({ limit: 2_101_248, reached: 2_102_275 });
  });
});
