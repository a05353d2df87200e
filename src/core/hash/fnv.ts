// FNV 32-bit hashes (Fowler–Noll–Vo). Calico seeds its block choice with Go's `fnv.New32()`, which
// is FNV-1 (multiply, then xor); FNV-1a (xor, then multiply) is `fnv.New32a()`. Both kept so the
// difference stays explicit and tested.

import { toBytes } from './utf8';

const OFFSET_BASIS_32 = 0x811c9dc5;
const PRIME_32 = 0x01000193; // 16777619

/** FNV-1 32-bit of bytes or a string's UTF-8 encoding, as an unsigned number (Go fnv.New32). */
export function fnv1_32(data: Uint8Array | string): number {
  let h = OFFSET_BASIS_32;
  for (const b of toBytes(data)) h = (Math.imul(h, PRIME_32) ^ b) >>> 0;
  return h;
}

/** FNV-1a 32-bit, unsigned (Go fnv.New32a). */
export function fnv1a_32(data: Uint8Array | string): number {
  let h = OFFSET_BASIS_32;
  if (typeof data === 'string' && isAscii(data)) {
    // ASCII is its own UTF-8: hash the char codes without encoding (hot: MACs, flow hashes)
    for (let i = 0; i < data.length; i++) h = Math.imul(h ^ data.charCodeAt(i), PRIME_32) >>> 0;
    return h;
  }
  for (const b of toBytes(data)) h = Math.imul(h ^ b, PRIME_32) >>> 0;
  return h;
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}
