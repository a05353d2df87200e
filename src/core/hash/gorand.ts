// A port of Go's seeded math/rand source (`rand.New(rand.NewSource(seed))`: the additive lagged
// Fibonacci generator of Mitchell & Reeds, x[n] = x[n-607] + x[n-273] mod 2^64), plus the part of
// math/big's `Int.Rand` that Calico's block choice uses. Calico picks a node's first IPAM block
// with exactly these calls, so reproducing the blocks real clusters print needs Go's stream bit for
// bit. This source is what every Go release gives for an explicit NewSource seed (Go 1.20 only
// changed the unseeded global functions).
//
// Speed: Seed fills 607 words from 1,841 steps of a Lehmer LCG, and the simulator seeds once per
// node but then draws only a handful of numbers. Step n of that LCG is seed * 48271^n mod (2^31-1),
// so each word can be computed on its own from a precomputed power table; words are filled lazily
// on first use, which gives the identical stream at a fraction of the cost. The 64-bit words are
// kept as two Uint32 halves so the hot path is 32-bit integer arithmetic.
// Source: golang/go src/math/rand/rng.go, rand.go; src/math/big/int.go (Rand), nat.go (random).

import { RNG_COOKED } from './rngCooked';

const RNG_LEN = 607;
const RNG_TAP = 273;
const INT32_MAX = 2147483647; // 2^31 - 1, the modulus of the seeding LCG
const SEED_WARMUP = 20; // Seed runs the LCG 20 times before the first word

// rngCooked split into high and low 32-bit halves once, at load.
const COOKED_HI = new Uint32Array(RNG_LEN);
const COOKED_LO = new Uint32Array(RNG_LEN);
RNG_COOKED.forEach((v, i) => {
  const u = BigInt.asUintN(64, v);
  COOKED_HI[i] = Number(u >> 32n);
  COOKED_LO[i] = Number(u & 0xffffffffn);
});

/** Go's `seedrand`: x[n+1] = 48271 * x[n] mod (2^31 - 1), by Schrage's method (no overflow). */
export function seedrand(x: number): number {
  const A = 48271;
  const Q = 44488;
  const R = 3399;
  const hi = (x / Q) | 0; // x is in [1, 2^31-2], so `| 0` truncates like Go's int32 division
  const lo = x - hi * Q;
  let r = A * lo - R * hi;
  if (r < 0) r += INT32_MAX;
  return r;
}

// LCG_POW[n] = 48271^n mod (2^31 - 1): seedrand applied n times to 1.
const LCG_POW = new Float64Array(SEED_WARMUP + 3 * RNG_LEN + 1);
LCG_POW[0] = 1;
for (let n = 1; n < LCG_POW.length; n++) LCG_POW[n] = seedrand(LCG_POW[n - 1]);

/** a * b mod (2^31 - 1) for a, b < 2^31, exact in doubles (every intermediate < 2^53). */
function mulmod31(a: number, b: number): number {
  const t = (a * (b >>> 16)) % INT32_MAX;
  return (t * 65536 + a * (b & 0xffff)) % INT32_MAX;
}

/** Go's `rand.Rand` over its `rngSource`. */
export class GoRand {
  private tap = 0;
  private feed = 0;
  private lcgSeed = 1;
  private readonly hi = new Uint32Array(RNG_LEN);
  private readonly lo = new Uint32Array(RNG_LEN);
  private readonly filled = new Uint8Array(RNG_LEN);

  /** `rand.New(rand.NewSource(seed))`. seed is a Go int64: a safe integer or a bigint. */
  constructor(seed: number | bigint) {
    this.seed(seed);
  }

  /** `Seed(seed)`: resets the state deterministically. */
  seed(seed: number | bigint): void {
    this.tap = 0;
    this.feed = RNG_LEN - RNG_TAP;
    // seed % (2^31-1) with Go's truncating remainder on an int64.
    let s: number;
    if (typeof seed === 'bigint') {
      s = Number(BigInt.asIntN(64, seed) % BigInt(INT32_MAX));
    } else {
      if (!Number.isSafeInteger(seed)) throw new Error(`GoRand seed must be a safe integer: ${seed}`);
      s = seed % INT32_MAX;
    }
    if (s < 0) s += INT32_MAX;
    if (s === 0) s = 89482311;
    this.lcgSeed = s;
    this.filled.fill(0);
  }

  /**
   * Word i as Seed writes it: u = x<<40 ^ x'<<20 ^ x'' ^ rngCooked[i] (truncated to 64 bits), where
   * x, x', x'' are LCG steps 21+3i, 22+3i, 23+3i from the seed.
   */
  private fill(i: number): void {
    const n = SEED_WARMUP + 1 + 3 * i;
    const x1 = mulmod31(this.lcgSeed, LCG_POW[n]);
    const x2 = mulmod31(this.lcgSeed, LCG_POW[n + 1]);
    const x3 = mulmod31(this.lcgSeed, LCG_POW[n + 2]);
    const uHi = (x1 << 8) ^ (x2 >>> 12); // bits 40..63 hold x's low 24 bits; x'<<20 straddles
    const uLo = (x2 << 20) ^ x3;
    this.hi[i] = (uHi ^ COOKED_HI[i]) >>> 0;
    this.lo[i] = (uLo ^ COOKED_LO[i]) >>> 0;
    this.filled[i] = 1;
  }

  /** Advances one step: vec[feed] += vec[tap] (mod 2^64). Returns feed, where the new word is. */
  private step(): number {
    if (--this.tap < 0) this.tap += RNG_LEN;
    if (--this.feed < 0) this.feed += RNG_LEN;
    const f = this.feed;
    const t = this.tap;
    if (this.filled[f] === 0) this.fill(f);
    if (this.filled[t] === 0) this.fill(t);
    const lo = this.lo[f] + this.lo[t];
    this.lo[f] = lo >>> 0;
    this.hi[f] = (this.hi[f] + this.hi[t] + (lo > 0xffffffff ? 1 : 0)) >>> 0;
    return f;
  }

/** `Uint64()`: the full 64-bit word. */
  uint64(): bigint {
    const f = this.step();
    return (BigInt(this.hi[f]) << 32n) | BigInt(this.lo[f]);
  }

  /** `Int63()`: the word with its top bit cleared. */
  int63(): bigint {
    const f = this.step();
    return (BigInt(this.hi[f] & 0x7fffffff) << 32n) | BigInt(this.lo[f]);
  }

  /** `Uint32()`: uint32(Int63() >> 31), i.e. bits 31..62 of the word. */
  uint32(): number {
    const f = this.step();
    return ((this.hi[f] << 1) | (this.lo[f] >>> 31)) >>> 0;
  }

  /** `Int31()`: int32(Int63() >> 32), i.e. bits 32..62. */
  int31(): number {
    const f = this.step();
    return this.hi[f] & 0x7fffffff;
  }
}

/**
 * `new(big.Int).Rand(rnd, limit)`: uniform in [0, limit) by rejection, as math/big does it on a
 * 64-bit machine (Calico's release targets amd64/arm64/ppc64le/s390x are all 64-bit; on 32-bit
 * words the stream would differ). Each 64-bit word is `Uint32() | Uint32() << 32`, least
 * significant word first; the top word is masked to limit's bit length and the draw is retried
 * while the value is >= limit. limit <= 0 gives 0, like Go.
 */
export function bigIntRand(rnd: GoRand, limit: bigint): bigint {
  if (limit <= 0n) return 0n;
  const bitLen = limit.toString(2).length;
  const words = Math.ceil(bitLen / 64);
  const topBits = bitLen % 64 === 0 ? 64 : bitLen % 64;
  const topMask = (1n << BigInt(topBits)) - 1n;
  for (;;) {
    let z = 0n;
    for (let i = 0; i < words; i++) {
      let w = BigInt(rnd.uint32()) | (BigInt(rnd.uint32()) << 32n);
      if (i === words - 1) w &= topMask;
      z |= w << BigInt(64 * i);
    }
    if (z < limit) return z;
  }
}

/**
 * `bigIntRand` for a limit that is a safe integer (< 2^53), in plain numbers: the same draws and
 * the same rejections, without BigInt. Used on hot paths (block choice for many nodes).
 */
export function intRand(rnd: GoRand, limit: number): number {
  if (!Number.isSafeInteger(limit)) throw new Error(`intRand limit must be a safe integer: ${limit}`);
  if (limit <= 0) return 0;
  const bitLen = Math.floor(Math.log2(limit)) + 1;
  // Math.log2 can round up just below a power of two; correct the bit length exactly.
  const bits = 2 ** (bitLen - 1) > limit ? bitLen - 1 : 2 ** bitLen <= limit ? bitLen + 1 : bitLen;
  for (;;) {
    const lo = rnd.uint32();
    const hi = rnd.uint32();
    const z = bits <= 32 ? (bits === 32 ? lo : lo % 2 ** bits) : lo + (hi % 2 ** (bits - 32)) * 2 ** 32;
    if (z < limit) return z;
  }
}
