import fc from 'fast-check';
import { internetChecksum, onesComplementSum, pseudoHeader, transportChecksum } from './checksum';
import { fromHex } from './bytes';

/** A second, deliberately plain implementation: add 16-bit words as a JS number, fold at the end. */
function referenceChecksum(bytes: number[]): number {
  const padded = bytes.length % 2 ? [...bytes, 0] : bytes;
  let total = 0;
  for (let i = 0; i < padded.length; i += 2) total += padded[i] * 256 + padded[i + 1];
  while (total > 0xffff) total = (total % 0x10000) + Math.floor(total / 0x10000);
  return 0xffff - total;
}

describe('RFC 1071 internet checksum', () => {
  it('matches the worked example of RFC 1071 §3 (00 01 f2 03 f4 f5 f6 f7 → sum ddf2, checksum 220d)', () => {
    const data = fromHex('0001 f203 f4f5 f6f7');
    expect(onesComplementSum(data)).toBe(0xddf2);
    expect(internetChecksum(data)).toBe(0x220d);
  });

  it('computes the header checksum of a well-known IPv4 header (b861)', () => {
    // 192.168.0.1 → 192.168.0.199, UDP, total length 115, DF, TTL 64, checksum field zeroed
    const hdr = fromHex('4500 0073 0000 4000 4011 0000 c0a8 0001 c0a8 00c7');
    expect(internetChecksum(hdr)).toBe(0xb861);
    hdr[10] = 0xb8;
    hdr[11] = 0x61;
    expect(internetChecksum(hdr)).toBe(0); // a correct header sums to zero
  });

  it('pads an odd trailing byte with zero (RFC 1071 §4.1)', () => {
    expect(internetChecksum(fromHex('01'))).toBe(0xfeff);
    expect(internetChecksum(fromHex('0001 f2'))).toBe(referenceChecksum([0x00, 0x01, 0xf2]));
  });

  it('agrees with the reference implementation on random data, whole or in even chunks', () => {
    const SEED = 1071;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.nat(1500), (data, cut) => {
        const at = Math.min(cut * 2, data.length & ~1);
        expect(internetChecksum(data)).toBe(referenceChecksum([...data]));
        expect(internetChecksum(data.subarray(0, at), data.subarray(at))).toBe(referenceChecksum([...data]));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('refuses an odd-length chunk before the last', () => {
    expect(() => internetChecksum(fromHex('01'), fromHex('02'))).toThrow(/only the last chunk/);
  });

  it('builds the UDP/TCP pseudo-header and never sends a UDP checksum of 0', () => {
    expect([...pseudoHeader(0x0a000001, 0x0a000002, 17, 8)]).toEqual([10, 0, 0, 1, 10, 0, 0, 2, 0, 17, 0, 8]);
    // find a segment whose checksum computes to 0: UDP must send 0xffff instead (RFC 768)
    const seg = fromHex('0000 0000 0008 0000');
    const c = transportChecksum(0x0a000001, 0x0a000002, 17, seg);
    seg[0] = c >> 8;
    seg[1] = c & 0xff; // now the segment sums to zero with its checksum field still 0
    expect(transportChecksum(0x0a000001, 0x0a000002, 17, seg)).toBe(0);
    expect(transportChecksum(0x0a000001, 0x0a000002, 17, seg, true)).toBe(0xffff);
  });
});
