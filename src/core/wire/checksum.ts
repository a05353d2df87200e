// The Internet checksum (RFC 1071): the 16-bit one's complement of the one's complement sum of the
// data taken as big-endian 16-bit words. IPv4 headers, ICMP, UDP and TCP all use it; UDP and TCP
// also cover a pseudo-header (source, destination, zero, protocol, length) that is not sent.

/**
 * One's complement sum of `data` as big-endian 16-bit words, folded to 16 bits, added to `initial`
 * (an earlier partial sum). An odd final byte counts as the high byte of a word padded with zero.
 * Callers that sum several buffers must give every buffer but the last an even length.
 */
export function onesComplementSum(data: Uint8Array, initial = 0): number {
  let sum = initial;
  const n = data.length & ~1;
  for (let i = 0; i < n; i += 2) sum += (data[i] << 8) | data[i + 1];
  if (data.length & 1) sum += data[data.length - 1] << 8;
  // folding twice is enough for any buffer under 2^16 words; loop anyway so huge inputs stay right
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return sum;
}

/** RFC 1071 checksum of the concatenation of `chunks` (each chunk but the last of even length). */
export function internetChecksum(...chunks: Uint8Array[]): number {
  let sum = 0;
  for (let i = 0; i < chunks.length; i++) {
    if (i < chunks.length - 1 && chunks[i].length & 1) {
      throw new Error('internetChecksum: only the last chunk may have an odd length');
    }
    sum = onesComplementSum(chunks[i], sum);
  }
  return ~sum & 0xffff;
}

/** The 12-byte IPv4 pseudo-header UDP and TCP checksums cover (RFC 768, RFC 793). */
export function pseudoHeader(src: number, dst: number, protocol: number, length: number): Uint8Array {
  const b = new Uint8Array(12);
  const v = new DataView(b.buffer);
  v.setUint32(0, src >>> 0);
  v.setUint32(4, dst >>> 0);
  b[8] = 0;
  b[9] = protocol;
  v.setUint16(10, length);
  return b;
}

/**
 * UDP/TCP checksum over pseudo-header + segment. UDP sends a computed 0 as 0xffff, because 0 on the
 * wire means "no checksum" (RFC 768); pass `udp` to get that substitution.
 */
export function transportChecksum(
  src: number,
  dst: number,
  protocol: number,
  segment: Uint8Array,
  udp = false,
): number {
  const c = internetChecksum(pseudoHeader(src, dst, protocol, segment.length), segment);
  return udp && c === 0 ? 0xffff : c;
}
