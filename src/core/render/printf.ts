// Number and padding helpers that print the way C's printf (glibc) and Go's fmt do, not the way
// JavaScript does. Both C and Go round the *exact* binary value of a double, ties to even
// (printf("%.3f", 0.0625) is "0.062"; JS's toFixed(3) says "0.063"), so the rounding here works on
// the exact decimal expansion of the double, built with BigInt. No locale is consulted anywhere.

/** Exact decimal expansion of a finite non-negative double: value = 0.<digits> × 10^point. */
interface ExactDecimal {
  digits: string; // no leading zeros unless the value is 0 ("0")
  point: number; // position of the decimal point counted from the first digit
}

function exactDecimal(x: number): ExactDecimal {
  if (!Number.isFinite(x) || x < 0) throw new Error(`exactDecimal: need a finite non-negative number, got ${x}`);
  if (x === 0) return { digits: '0', point: 1 };
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp2: number;
  if (biased === 0) {
    exp2 = -1074; // subnormal
  } else {
    mant |= 1n << 52n;
    exp2 = biased - 1075;
  }
  if (exp2 >= 0) {
    const digits = (mant << BigInt(exp2)).toString();
    return { digits, point: digits.length };
  }
  // mant / 2^k = mant·5^k / 10^k
  const k = -exp2;
  const digits = (mant * 5n ** BigInt(k)).toString();
  return { digits, point: digits.length - k };
}

/** Rounds 0.<digits>×10^point to `keep` leading digits, ties to even. Returns the kept digits as a
 *  BigInt (possibly one digit longer after a carry). */
function roundDigits(d: ExactDecimal, keep: number): bigint {
  if (keep <= 0) {
    // Every digit is dropped: the value is below 10^point ≤ 10^-keep…; it rounds up only when it is
    // more than half of one unit in the last kept place, i.e. keep === 0 and first digit > 5 (or 5+more).
    if (keep < 0) return 0n;
    const first = d.digits[0];
    const restNonZero = /[1-9]/.test(d.digits.slice(1));
    if (first > '5' || (first === '5' && restNonZero)) return 1n;
    return 0n; // a tie rounds to the even value 0
  }
  const padded = d.digits.length >= keep ? d.digits : d.digits + '0'.repeat(keep - d.digits.length);
  const kept = BigInt(padded.slice(0, keep));
  const rest = padded.slice(keep);
  if (rest.length === 0 || rest[0] < '5') return kept;
  if (rest[0] > '5' || /[1-9]/.test(rest.slice(1))) return kept + 1n;
  return kept % 2n === 1n ? kept + 1n : kept; // exact tie: to even
}

/** printf("%.Nf", x) / Go fmt.Sprintf("%.Nf", x). */
export function formatFixed(x: number, fractionDigits: number): string {
  if (x < 0 || Object.is(x, -0)) return '-' + formatFixed(-x, fractionDigits);
  const d = exactDecimal(x);
  const n = roundDigits(d, d.point + fractionDigits).toString();
  if (fractionDigits === 0) return n;
  const s = n.padStart(fractionDigits + 1, '0');
  return `${s.slice(0, s.length - fractionDigits)}.${s.slice(s.length - fractionDigits)}`;
}

/** Go fmt.Sprintf("%.Pg", x) for non-negative x (strconv 'g' with an explicit precision: %e when the
 *  exponent is < -4 or >= P, else %f; trailing zeros removed; exponent has at least two digits). */
export function formatGoG(x: number, precision: number): string {
  if (x < 0) return '-' + formatGoG(-x, precision);
  if (x === 0) return '0';
  const d = exactDecimal(x);
  // drop leading zeros of the expansion (values below 1)
  const lead = d.digits.search(/[1-9]/);
  const norm: ExactDecimal = { digits: d.digits.slice(lead), point: d.point - lead };
  let digits = roundDigits(norm, precision).toString();
  let point = norm.point;
  if (digits.length > precision) point += 1; // carry: 99999.9 → 100000
  digits = digits.replace(/0+$/, '') || '0';
  const exp = point - 1;
  if (exp < -4 || exp >= precision) {
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (point <= 0) return `0.${'0'.repeat(-point)}${digits}`;
  if (digits.length <= point) return digits + '0'.repeat(point - digits.length);
  return `${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** C's %-Ns: left-justified in a field of at least N characters (never truncated). */
export function padRight(s: string, width: number): string {
  return s.length >= width ? s : s + ' '.repeat(width - s.length);
}

/** C's %Ns: right-justified in a field of at least N characters. */
export function padLeft(s: string, width: number): string {
  return s.length >= width ? s : ' '.repeat(width - s.length) + s;
}
