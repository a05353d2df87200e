// UTF-8 encoding without TextEncoder: src/core compiles against lib ES2022 only (no DOM, no Node
// types), and Go hashes the UTF-8 bytes of its strings, so names must be encoded the same way.

/** UTF-8 bytes of a JS string. Lone surrogates become U+FFFD (EF BF BD), as TextEncoder does. */
export function utf8Bytes(s: string): Uint8Array {
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
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += (b < 16 ? '0' : '') + b.toString(16);
  return s;
}
