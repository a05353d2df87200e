// UTF-8 encoding without TextEncoder: src/core compiles against lib ES2022 only (no DOM, no Node
// types), and Go hashes the UTF-8 bytes of its strings, so names must be encoded the same way.

/** UTF-8 bytes of a JS string. Lone surrogates become U+FFFD (EF BF BD), as TextEncoder does. */
export function utf8Bytes(s: string): Uint8Array {
  // Names are almost always ASCII: one pass straight into the result.
  const ascii = new Uint8Array(s.length);
  let i0 = 0;
  for (; i0 < s.length; i0++) {
    const c = s.charCodeAt(i0);
    if (c >= 0x80) break;
    ascii[i0] = c;
  }
  if (i0 === s.length) return ascii;
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < s.length ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else {
        c = 0xfffd;
      }
    }
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** Accepts bytes as-is, encodes strings as UTF-8. */
export function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? utf8Bytes(data) : data;
}

/** Lower-case hex, two digits per byte (Go's hex.EncodeToString). */
const HEX: string[] = Array.from({ length: 256 }, (_, b) => (b < 16 ? '0' : '') + b.toString(16));

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}
