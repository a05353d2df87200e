// Inflating a share link's `s=` value with a bound on what it may produce.
//
// The link format is lz-string's compressToEncodedURIComponent: an LZW-style code stream packed six bits to a
// URL-safe character. Each code names a dictionary phrase, and every code adds a phrase one character longer
// than the previous one, so n codes can stand for ~n²/2 characters: a link of a few kilobytes can spell
// gigabytes. lz-string itself builds every phrase as a string (and reads its first character, which flattens
// it), so it pays for all of that before anyone can look at the length. Here a phrase is a trie node (the
// phrase it extends, its last character, its first character, its length), nothing is spelled out until it is
// written, and the length is checked before each write: a hostile link stops at the limit having done work
// linear in the characters produced. For every input lz-string decompresses to a string, the output is the same.

/** Thrown when the output would pass the limit; `reached` is the length the next phrase would have made it. */
export class InflateLimitError extends Error {
  constructor(
    readonly limit: number,
    readonly reached: number,
  ) {
    super(`inflating would produce ${reached} characters, more than the limit of ${limit}`);
    this.name = 'InflateLimitError';
  }
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
/** six-bit value of each ASCII character; lz-string reads a character outside the alphabet as 0 bits, and a
 *  space as '+' (a '+' that went through form decoding) */
const SIXBITS = new Uint8Array(128);
for (let i = 0; i < ALPHABET.length; i++) SIXBITS[ALPHABET.charCodeAt(i)] = i;
SIXBITS[32] = SIXBITS[43];

/**
 * The string `input` (lz-string's URI-safe encoding) stands for, as lz-string's
 * decompressFromEncodedURIComponent gives it; `null` or `''` for a damaged stream (lz-string's own answers:
 * `null` for an empty input or a code naming no phrase, `''` for a stream that ends without its end code).
 * Throws InflateLimitError as soon as the output would be longer than `limit`.
 */
export function inflateLink(input: string, limit: number): string | null {
  if (input === '') return null;
  const n = input.length;
  const sixAt = (i: number): number => {
    if (i >= n) return 0;
    const ch = input.charCodeAt(i);
    return ch < 128 ? SIXBITS[ch] : 0;
  };

  // bit reader: a character's bits from its highest; a value's bits from its lowest
  let val = sixAt(0);
  let position = 32;
  let index = 1;
  const read = (bits: number): number => {
    let v = 0;
    for (let power = 1, k = 0; k < bits; k++, power *= 2) {
      const bit = val & position;
      position >>= 1;
      if (position === 0) {
        position = 32;
        val = sixAt(index++);
      }
      if (bit) v += power;
    }
    return v;
  };

  // the dictionary as a trie: phrase i is phrase prefix[i] followed by last[i] (prefix -1: a single character)
  let cap = 1024;
  let prefix = new Int32Array(cap);
  let last = new Uint16Array(cap);
  let first = new Uint16Array(cap);
  let size = new Int32Array(cap);
  const grow = () => {
    cap *= 2;
    const p = new Int32Array(cap);
    p.set(prefix);
    prefix = p;
    const l = new Uint16Array(cap);
    l.set(last);
    last = l;
    const f = new Uint16Array(cap);
    f.set(first);
    first = f;
    const s = new Int32Array(cap);
    s.set(size);
    size = s;
  };
  const setPhrase = (i: number, pre: number, lastCh: number, firstCh: number, len: number) => {
    while (i >= cap) grow();
    prefix[i] = pre;
    last[i] = lastCh;
    first[i] = firstCh;
    size[i] = len;
  };

  let out = new Uint16Array(Math.min(Math.max(limit, 1), 1 << 16));
  let written = 0;
  /** writes phrase i at the end of the output, after checking the limit */
  const emit = (i: number) => {
    const len = size[i];
    const end = written + len;
    if (end > limit) throw new InflateLimitError(limit, end);
    if (end > out.length) {
      const o = new Uint16Array(Math.min(limit, Math.max(end, out.length * 2)));
      o.set(out.subarray(0, written));
      out = o;
    }
    for (let p = end - 1, e = i; p >= written; p--, e = prefix[e]) out[p] = last[e];
    written = end;
  };

  // codes 0, 1 and 2 are the stream's commands (an 8-bit character, a 16-bit character, the end); phrases
  // start at 3
  const kind = read(2);
  if (kind === 2) return '';
  // kind 3 is no command: lz-string carries on with an undefined phrase and produces garbage or throws
  if (kind === 3) return null;
  const c0 = read(kind === 0 ? 8 : 16);
  setPhrase(3, -1, c0, c0, 1);
  if (limit < 1) throw new InflateLimitError(limit, 1);
  emit(3);
  let w = 3;
  let dictSize = 4;
  let enlargeIn = 4;
  let numBits = 3;

  for (;;) {
    if (index > n) return '';
    let c = read(numBits);
    if (c === 0 || c === 1) {
      const ch = read(c === 0 ? 8 : 16);
      setPhrase(dictSize, -1, ch, ch, 1);
      c = dictSize++;
      enlargeIn--;
    } else if (c === 2) {
      return spell(out, written);
    }
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
    if (c < dictSize) {
      // the known phrase c; the new phrase is w followed by c's first character
      emit(c);
      setPhrase(dictSize, w, first[c], first[w], size[w] + 1);
    } else if (c === dictSize) {
      // the phrase being defined by this very code: w followed by w's first character
      setPhrase(dictSize, w, first[w], first[w], size[w] + 1);
      emit(c);
    } else {
      return null;
    }
    dictSize++;
    enlargeIn--;
    w = c;
    if (enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
}

/** UTF-16 code units → string, in slices (fromCharCode takes its units as arguments, and those are bounded) */
function spell(units: Uint16Array, n: number): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i += 0x4000) parts.push(String.fromCharCode.apply(null, units.subarray(i, Math.min(n, i + 0x4000)) as unknown as number[]));
  return parts.join('');
}
