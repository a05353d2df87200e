import fc from 'fast-check';
import { GoRand, bigIntRand, intRand, seedrand } from './gorand';
import { RNG_COOKED } from './rngCooked';

// Golden outputs of rand.New(NewSource(0)) from Go's src/math/rand/regress_test.go (each method
// is reseeded with 0 before its 20 calls).
const GOLDEN_INT63 = [
  8717895732742165505n, 2259404117704393152n, 6050128673802995827n, 501233450539197794n,
  3390393562759376202n, 2669985732393126063n, 1774932891286980153n, 6044372234677422456n,
  8274930044578894929n, 1543572285742637646n, 2661732831099943416n, 8325060299420976708n,
  7837839688282259259n, 2518412263346885298n, 5617773211005988520n, 2339563716805116249n,
  7144924247938981575n, 161231572858529631n, 7259475919510918339n, 7373105480197164748n,
];
const GOLDEN_UINT64 = [
  8717895732742165505n, 2259404117704393152n, 6050128673802995827n, 9724605487393973602n,
  12613765599614152010n, 11893357769247901871n, 1774932891286980153n, 15267744271532198264n,
  17498302081433670737n, 1543572285742637646n, 11885104867954719224n, 17548432336275752516n,
  7837839688282259259n, 2518412263346885298n, 5617773211005988520n, 11562935753659892057n,
  16368296284793757383n, 161231572858529631n, 16482847956365694147n, 16596477517051940556n,
];
const GOLDEN_UINT32 = [
  4059586549, 1052117029, 2817310706, 233405013, 1578775030, 1243308993, 826517535, 2814630155,
  3853314576, 718781857, 1239465936, 3876658295, 3649778518, 1172727096, 2615979505, 1089444252,
  3327114623, 75079301, 3380456901, 3433369789,
];
const GOLDEN_INT31 = [
  2029793274, 526058514, 1408655353, 116702506, 789387515, 621654496, 413258767, 1407315077,
  1926657288, 359390928, 619732968, 1938329147, 1824889259, 586363548, 1307989752, 544722126,
  1663557311, 37539650, 1690228450, 1716684894,
];

const M = 2147483647;

// Go's rngSource transcribed eagerly with BigInt, independent of GoRand's lazy split-word version.
function refStream(seed: bigint, count: number): bigint[] {
  let s = BigInt.asIntN(64, seed) % BigInt(M);
  if (s < 0n) s += BigInt(M);
  if (s === 0n) s = 89482311n;
  let x = Number(s);
  const vec: bigint[] = new Array(607);
  for (let i = -20; i < 607; i++) {
    x = Number((48271n * BigInt(x)) % BigInt(M));
    if (i >= 0) {
      let u = BigInt(x) << 40n;
      x = Number((48271n * BigInt(x)) % BigInt(M));
      u ^= BigInt(x) << 20n;
      x = Number((48271n * BigInt(x)) % BigInt(M));
      u ^= BigInt(x);
      u ^= RNG_COOKED[i];
      vec[i] = BigInt.asUintN(64, u);
    }
  }
  let tap = 0;
  let feed = 607 - 273;
  const out: bigint[] = [];
  for (let k = 0; k < count; k++) {
    tap = (tap + 606) % 607;
    feed = (feed + 606) % 607;
    vec[feed] = BigInt.asUintN(64, vec[feed] + vec[tap]);
    out.push(vec[feed]);
  }
  return out;
}

describe('GoRand (Go math/rand rngSource)', () => {
  it('reproduces Go regress_test golden values for seed 0', () => {
    const draw = <T>(f: (r: GoRand) => T) => {
      const r = new GoRand(0);
      return Array.from({ length: 20 }, () => f(r));
    };
    expect(draw((r) => r.int63())).toEqual(GOLDEN_INT63);
    expect(draw((r) => r.uint64())).toEqual(GOLDEN_UINT64);
    expect(draw((r) => r.uint32())).toEqual(GOLDEN_UINT32);
    expect(draw((r) => r.int31())).toEqual(GOLDEN_INT31);
  });

  it('gives the well-known first values of seed 1 (rand.Int() before Go 1.20)', () => {
    const r = new GoRand(1);
    expect(r.int63()).toBe(5577006791947779410n);
    expect(r.int63()).toBe(8674665223082153551n);
  });

  it('seedrand is 48271 * x mod (2^31 - 1)', () => {
    for (const x of [1, 2, 44488, 89482311, M - 1, 123456789]) {
      expect(seedrand(x)).toBe(Number((48271n * BigInt(x)) % BigInt(M)));
    }
  });

  it('reduces seeds like Go: seed % (2^31-1), negatives shifted up, 0 means 89482311', () => {
    const first = (seed: number | bigint) => new GoRand(seed).uint64();
    expect(first(M)).toBe(first(89482311));
    expect(first(0)).toBe(first(89482311));
    expect(first(-1)).toBe(first(M - 1));
    expect(first(2n ** 64n + 5n)).toBe(first(5)); // int64 wrap-around of a bigint seed
    expect(() => new GoRand(2 ** 60)).toThrow();
  });

  it('Seed() restarts the stream', () => {
    const r = new GoRand(42);
    const a = [r.uint64(), r.uint64()];
    r.seed(42);
    expect([r.uint64(), r.uint64()]).toEqual(a);
  });

  it('matches an eager BigInt transcription over 2,000 draws (all words, wrap-around)', () => {
    const r = new GoRand(0x9e3779b9);
    const got = Array.from({ length: 2000 }, () => r.uint64());
    expect(got).toEqual(refStream(0x9e3779b9n, 2000));
  });

  it('matches the transcription for arbitrary int64 seeds (fast-check seed 4242)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), (seed) => {
        const r = new GoRand(seed);
        const got = Array.from({ length: 650 }, () => r.uint64());
        const want = refStream(seed, 650);
        return got.every((v, i) => v === want[i]);
      }),
      { seed: 4242, numRuns: 25 },
    );
  });
});

describe('bigIntRand (math/big Int.Rand on 64-bit words)', () => {
  // Expected values built from the seed-0 Uint32 goldens: word = u32[2k] | u32[2k+1] << 32,
  // masked to the bit length of the limit, retried while >= limit.
  function fromGolden(limit: bigint): bigint {
    const bits = BigInt(limit.toString(2).length);
    const words = Number((bits + 63n) / 64n);
    const topMask = (1n << (bits - 64n * BigInt(words - 1))) - 1n;
    let k = 0;
    for (;;) {
      let z = 0n;
      for (let w = 0; w < words; w++) {
        let word = BigInt(GOLDEN_UINT32[k]) | (BigInt(GOLDEN_UINT32[k + 1]) << 32n);
        k += 2;
        if (w === words - 1) word &= topMask;
        z |= word << (64n * BigInt(w));
      }
      if (z < limit) return z;
    }
  }

  it('draws two Uint32 per word and rejects values >= limit', () => {
    // limit 1024 has bit length 11: words come from Uint32 pairs (4059586549, ·), (2817310706, ·),
    // (1578775030, ·); their low 11 bits are 2037 and 2034 (rejected), then 502 (kept).
    expect(bigIntRand(new GoRand(0), 1024n)).toBe(502n);
    for (const limit of [1n, 2n, 3n, 1000n, 1024n, 2n ** 32n, 2n ** 40n + 7n, 2n ** 64n, 2n ** 70n, 10n ** 30n]) {
      expect(bigIntRand(new GoRand(0), limit), `limit ${limit}`).toBe(fromGolden(limit));
    }
  });

  it('returns 0 for limits <= 0, like Go', () => {
    expect(bigIntRand(new GoRand(3), 0n)).toBe(0n);
    expect(bigIntRand(new GoRand(3), -5n)).toBe(0n);
  });

  it('intRand makes the same draws as bigIntRand for safe-integer limits (fast-check seed 99)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), fc.nat(), (limit, seed) => {
        const a = new GoRand(seed);
        const b = new GoRand(seed);
        const x = [intRand(a, limit), intRand(a, limit)];
        const y = [bigIntRand(b, BigInt(limit)), bigIntRand(b, BigInt(limit))];
        return x[0] === Number(y[0]) && x[1] === Number(y[1]) && x[0] < limit;
      }),
      { seed: 99, numRuns: 300 },
    );
    for (const limit of [1, 2 ** 31, 2 ** 32, 2 ** 32 - 1, 2 ** 33, 2 ** 52, 2 ** 53 - 1]) {
      expect(intRand(new GoRand(5), limit), `limit ${limit}`).toBe(Number(bigIntRand(new GoRand(5), BigInt(limit))));
    }
  });
});
