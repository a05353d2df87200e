import fc from 'fast-check';
import { fnv1_32, fnv1a_32 } from './fnv';

// Straight from the FNV definition with BigInt arithmetic, independent of the Math.imul version.
function refFnv(bytes: Uint8Array, variant: '1' | '1a'): number {
  let h = 0x811c9dc5n;
  for (const b of bytes) {
    if (variant === '1') h = ((h * 16777619n) % 2n ** 32n) ^ BigInt(b);
    else h = ((h ^ BigInt(b)) * 16777619n) % 2n ** 32n;
  }
  return Number(h);
}

describe('fnv', () => {
  it('matches Go hash/fnv golden values (fnv_test.go)', () => {
    expect(fnv1_32('')).toBe(0x811c9dc5);
    expect(fnv1_32('a')).toBe(0x050c5d7e);
    expect(fnv1_32('ab')).toBe(0x70772d38);
    expect(fnv1_32('abc')).toBe(0x439c2f4b);
    expect(fnv1a_32('')).toBe(0x811c9dc5);
    expect(fnv1a_32('a')).toBe(0xe40c292c);
    expect(fnv1a_32('ab')).toBe(0x4d2505ca);
    expect(fnv1a_32('abc')).toBe(0x1a47e90b);
  });

  it('matches the reference FNV test suite on "foobar"', () => {
    expect(fnv1_32('foobar')).toBe(0x31f0b262);
    expect(fnv1a_32('foobar')).toBe(0xbf9cf968);
  });

  it('returns unsigned 32-bit values equal to a BigInt reference (fast-check seed 7)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (b) => {
        const h1 = fnv1_32(b);
        const h1a = fnv1a_32(b);
        return h1 === refFnv(b, '1') && h1a === refFnv(b, '1a') && h1 >= 0 && h1 < 2 ** 32;
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('hashes strings as UTF-8', () => {
    expect(fnv1_32('节点')).toBe(refFnv(Buffer.from('节点', 'utf8'), '1'));
  });
});
