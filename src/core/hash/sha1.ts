// SHA-1 (FIPS 180-4). Calico derives names from it (host veth `cali` + 11 hex chars, Felix's VXLAN
// VTEP MAC), so the simulator needs the exact digest; the core cannot use node:crypto or WebCrypto
// (pure, synchronous, runs in the browser).

import { toBytes, toHex } from './utf8';

// The message schedule is reused between calls (the function is synchronous and not re-entrant).
const W = new Int32Array(80);

function rotl(x: number, n: number): number {
  return (x << n) | (x >>> (32 - n));
}

/** SHA-1 digest (20 bytes) of bytes, or of a string's UTF-8 encoding. */
export function sha1(data: Uint8Array | string): Uint8Array {
  const msg = toBytes(data);
  const bitLen = msg.length * 8;
  // Pad: 0x80, zeros, then the 64-bit big-endian bit length, to a multiple of 64 bytes.
  const padded = new Uint8Array((((msg.length + 8) >> 6) + 1) << 6);
  padded.set(msg);
  padded[msg.length] = 0x80;
  const hi = Math.floor(bitLen / 0x100000000);
  const lo = bitLen >>> 0;
  const n = padded.length;
  padded[n - 8] = hi >>> 24;
  padded[n - 7] = hi >>> 16;
  padded[n - 6] = hi >>> 8;
  padded[n - 5] = hi;
  padded[n - 4] = lo >>> 24;
  padded[n - 3] = lo >>> 16;
  padded[n - 2] = lo >>> 8;
  padded[n - 1] = lo;

  let h0 = 0x67452301;
  let h1 = 0xefcdab89;
  let h2 = 0x98badcfe;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0;
  const w = W;
  for (let off = 0; off < padded.length; off += 64) {
    for (let t = 0; t < 16; t++) {
      const o = off + t * 4;
      w[t] = (padded[o] << 24) | (padded[o + 1] << 16) | (padded[o + 2] << 8) | padded[o + 3];
    }
    for (let t = 16; t < 80; t++) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    for (let t = 0; t < 80; t++) {
      let f: number;
      let k: number;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5a827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ed9eba1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8f1bbcdc;
      } else {
        f = b ^ c ^ d;
        k = 0xca62c1d6;
      }
      const tmp = (rotl(a, 5) + f + e + k + w[t]) | 0;
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = tmp;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  const out = new Uint8Array(20);
  const hs = [h0, h1, h2, h3, h4];
  for (let i = 0; i < 5; i++) {
    out[i * 4] = hs[i] >>> 24;
    out[i * 4 + 1] = hs[i] >>> 16;
    out[i * 4 + 2] = hs[i] >>> 8;
    out[i * 4 + 3] = hs[i];
  }
  return out;
}

/** Lower-case hex SHA-1 of a string's UTF-8 encoding (what Go's hex.EncodeToString(sha1.Sum) prints). */
export function sha1Hex(s: string): string {
  return toHex(sha1(s));
}
