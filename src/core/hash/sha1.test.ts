import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { sha1, sha1Hex } from './sha1';
import { toHex, utf8Bytes } from './utf8';

const nodeSha1 = (data: string | Uint8Array) => createHash('sha1').update(data).digest('hex');

describe('sha1', () => {
  it('matches the FIPS 180 example vectors', () => {
    expect(sha1Hex('abc')).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    expect(sha1Hex('')).toBe('da39a3ee5e6b4b0d3255bfef95601890afd80709');
    expect(sha1Hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '84983e441c3bd26ebaae4aa1f95129e5e54670f1',
    );
  });

  it('hashes one million "a" bytes (FIPS long vector)', () => {
    expect(toHex(sha1(new Uint8Array(1_000_000).fill(0x61)))).toBe('34aa973cd4c4daa4f61eeb2bdbad27316534016f');
  });

  it('agrees with node:crypto on a 10,000-char string and around the padding boundaries', () => {
    const long = 'a'.repeat(10_000);
    expect(sha1Hex(long)).toBe(nodeSha1(long));
    for (const n of [55, 56, 57, 63, 64, 65, 119, 120, 128]) {
      const s = 'x'.repeat(n);
      expect(sha1Hex(s), `length ${n}`).toBe(nodeSha1(s));
    }
  });

  it('hashes the UTF-8 encoding of non-ASCII strings', () => {
    for (const s of ['节点-1', 'naïve', '🐳 pod', 'lone \ud800 surrogate']) {
      expect(sha1Hex(s), s).toBe(nodeSha1(Buffer.from(s, 'utf8')));
      expect(Array.from(utf8Bytes(s))).toEqual(Array.from(Buffer.from(s, 'utf8')));
    }
  });

  it('agrees with node:crypto on arbitrary strings and bytes (fast-check seed 20240601)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (s) => sha1Hex(s) === nodeSha1(Buffer.from(s, 'utf8'))),
      { seed: 20240601, numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (b) => toHex(sha1(b)) === nodeSha1(b)),
      { seed: 20240601, numRuns: 200 },
    );
  });
});
