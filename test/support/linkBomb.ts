// A hostile share link, written by hand in lz-string's URI-safe stream format (not produced by the code under
// test): the tests of the bounded inflater (src/store/inflate.ts) and of opening links use it.

export const LINK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

/**
 * A hostile link written by hand in the stream's own format: one character, then `codes` codes each naming the
 * phrase it defines itself (w + w[0]), so phrase k is k+1 characters long and the output grows as codes²/2.
 * The decoder's code width is followed as lz-string's decompressor follows it (3 bits, one more each time the
 * dictionary fills its width).
 */
export function bomb(codes: number, ch = 'a'): string {
  const bits: number[] = [];
  const put = (v: number, width: number) => {
    for (let k = 0; k < width; k++) bits.push((v >> k) & 1);
  };
  put(0, 2);
  put(ch.charCodeAt(0), 8);
  let dictSize = 4;
  let enlargeIn = 4;
  let numBits = 3;
  for (let i = 0; i < codes; i++) {
    put(dictSize, numBits);
    dictSize++;
    if (--enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
  put(2, numBits);
  let out = '';
  for (let i = 0; i < bits.length; i += 6) {
    let v = 0;
    for (let k = 0; k < 6; k++) v = v * 2 + (bits[i + k] ?? 0);
    out += LINK_ALPHABET[v];
  }
  return out;
}
