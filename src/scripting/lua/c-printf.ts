/**
 * C's printf conversions as glibc performs them, for Lua's string.format, tostring ("%.14g") and
 * cjson's number output: %d %i %o %u %x %X %c %e %E %f %g %G %s with the flags "-+ #0", a width
 * and a precision.
 *
 * Doubles are printed exactly: JS's toFixed/toExponential give the correctly rounded digits except
 * on an exact tie, which they send away from zero where glibc rounds half to even; a tie is only
 * possible for values that are short in binary, and those are redone from the exact decimal
 * expansion of the double (computed with BigInt).
 *
 * NaN prints as "-nan": x86 produces 0/0 with the sign bit set, and JS cannot see a NaN's sign
 * (the convention of value.ts numberToString).
 */

/** A parsed conversion specification (what follows '%'). */
export interface FormatSpec {
  left: boolean; // '-'
  plus: boolean; // '+'
  space: boolean; // ' '
  alt: boolean; // '#'
  zero: boolean; // '0'
  width: number;
  /** -1 when absent. */
  precision: number;
}

export const NO_FLAGS: FormatSpec = { left: false, plus: false, space: false, alt: false, zero: false, width: 0, precision: -1 };

/** Pads `body` (which starts with `prefix`: sign or 0x) to the width, as printf does. */
function pad(prefix: string, body: string, spec: FormatSpec, zeroAllowed: boolean): string {
  const len = prefix.length + body.length;
  if (len >= spec.width) return prefix + body;
  const fill = spec.width - len;
  if (spec.left) return prefix + body + ' '.repeat(fill);
  if (spec.zero && zeroAllowed) return prefix + '0'.repeat(fill) + body;
  return ' '.repeat(fill) + prefix + body;
}

/** %s of a byte string (already cut at its first NUL by the caller if needed). */
export function formatString(s: string, spec: FormatSpec): string {
  if (spec.precision >= 0 && s.length > spec.precision) s = s.slice(0, spec.precision);
  return pad('', s, spec, false);
}

const INT64_MIN = -(2n ** 63n);
const TWO63 = 2 ** 63;

/** C's (long)d on x86-64 (cvttsd2si): truncation; NaN and out-of-range values give LONG_MIN. */
export function doubleToInt64(d: number): bigint {
  if (d >= -TWO63 && d < TWO63) return BigInt(Math.trunc(d));
  return INT64_MIN;
}

/**
 * C's (unsigned long)d as gcc compiles it on x86-64: values below 2^63 (and NaN) go through the
 * signed conversion and are reinterpreted; larger ones are converted after subtracting 2^63.
 */
export function doubleToUint64(d: number): bigint {
  if (!(d >= TWO63)) return BigInt.asUintN(64, doubleToInt64(d));
  return BigInt.asUintN(64, doubleToInt64(d - TWO63) ^ INT64_MIN);
}

/** C's (int)d on x86-64: truncation; NaN and out-of-range values give INT_MIN. */
export function doubleToInt32(d: number): number {
  if (d > -2147483649 && d < 2147483648) return Math.trunc(d) | 0;
  return -2147483648;
}

/** %d / %i of a signed 64-bit value. */
export function formatSigned(v: bigint, spec: FormatSpec): string {
  const neg = v < 0n;
  let digits = (neg ? -v : v).toString();
  if (spec.precision >= 0) {
    if (spec.precision === 0 && v === 0n) digits = '';
    else if (digits.length < spec.precision) digits = '0'.repeat(spec.precision - digits.length) + digits;
  }
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign, digits, spec, spec.precision < 0);
}

/** %o %u %x %X of an unsigned 64-bit value. */
export function formatUnsigned(v: bigint, conv: 'o' | 'u' | 'x' | 'X', spec: FormatSpec): string {
  let digits = conv === 'o' ? v.toString(8) : conv === 'u' ? v.toString(10) : v.toString(16);
  if (conv === 'X') digits = digits.toUpperCase();
  if (spec.precision >= 0) {
    if (spec.precision === 0 && v === 0n) digits = '';
    else if (digits.length < spec.precision) digits = '0'.repeat(spec.precision - digits.length) + digits;
  }
  let prefix = '';
  if (spec.alt) {
    if (conv === 'o') {
      if (digits[0] !== '0') digits = '0' + digits;
    } else if ((conv === 'x' || conv === 'X') && v !== 0n) prefix = conv === 'x' ? '0x' : '0X';
  }
  return pad(prefix, digits, spec, spec.precision < 0);
}

// ---- doubles -------------------------------------------------------------------------------

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);

/**
 * The exact decimal expansion of a finite a > 0: [digits, point] with a = 0.DIGITS x 10^point,
 * DIGITS without leading or trailing zeros.
 */
function exactDecimal(a: number): [string, number] {
  f64[0] = a;
  const hi = u32[1];
  const lo = u32[0];
  const bexp = (hi >>> 20) & 0x7ff;
  let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let e: number;
  if (bexp === 0) e = -1074;
  else {
    m |= 1n << 52n;
    e = bexp - 1075;
  }
  let digits: string;
  let point: number;
  if (e >= 0) {
    digits = (m << BigInt(e)).toString();
    point = digits.length;
  } else {
    digits = (m * 5n ** BigInt(-e)).toString();
    point = digits.length + e;
  }
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return [digits.slice(0, end), point];
}

/**
 * Rounds 0.DIGITS x 10^point to `keep` leading digits (which may be <= 0), half to even.
 * Returns the kept digits (exactly max(keep, 0) of them, or keep + 1 after a carry, with the point
 * moved) and the new point.
 */
function roundExact(digits: string, point: number, keep: number): [string, number] {
  if (keep < 0) return ['', point];
  if (digits.length <= keep) return [digits + '0'.repeat(keep - digits.length), point];
  const next = digits.charCodeAt(keep) - 48;
  let up = next > 5;
  if (next === 5) {
    // digits has no trailing zeros, so anything after the 5 makes it more than half
    if (digits.length > keep + 1) up = true;
    else up = keep > 0 && (digits.charCodeAt(keep - 1) - 48) % 2 === 1;
  }
  const kept = digits.slice(0, keep);
  if (!up) return [kept, point];
  // add one unit in the last kept place
  const arr = kept.split('');
  let i = arr.length - 1;
  while (i >= 0 && arr[i] === '9') {
    arr[i] = '0';
    i--;
  }
  if (i < 0) return ['1' + arr.join(''), point + 1]; // 99.9 -> 100.0: one more digit in front
  arr[i] = String.fromCharCode(arr[i].charCodeAt(0) + 1);
  return [arr.join(''), point];
}

/** True when a * 10^k (k >= 0) may be exactly halfway between two integers. */
function mayTie(a: number, k: number): boolean {
  if (k < 0) return Number.isInteger(a);
  const twice = a * 2 ** (k + 1);
  return Number.isInteger(twice) && !Number.isInteger(a * 2 ** k);
}

/** Digits of "%.{p}f" for a finite a >= 0 (no sign). */
function fixedDigits(a: number, p: number): string {
  if (a === 0) return p > 0 ? '0.' + '0'.repeat(p) : '0';
  if (a < 1e21 && !mayTie(a, p)) return a.toFixed(p);
  const [digits, point] = exactDecimal(a);
  const [kept, pt] = roundExact(digits, point, point + p);
  // kept holds the digits from 10^(pt-1) down to 10^-p
  let intPart: string;
  let frac: string;
  if (pt <= 0) {
    intPart = '0';
    frac = '0'.repeat(Math.min(-pt, p)) + kept;
    frac = frac.slice(0, p).padEnd(p, '0');
  } else {
    intPart = kept.slice(0, pt).padEnd(pt, '0');
    frac = kept.slice(pt).padEnd(p, '0');
  }
  return p > 0 ? intPart + '.' + frac : intPart;
}

/** [mantissa digits (p + 1 of them), decimal exponent] of "%.{p}e" for a finite a > 0. */
function expParts(a: number, p: number): [string, number] {
  const js = a.toExponential(p);
  const at = js.indexOf('e');
  const exp = Number(js.slice(at + 1));
  if (!mayTie(a, p - exp)) return [js.slice(0, at).replace('.', ''), exp];
  const [digits, point] = exactDecimal(a);
  const [kept, pt] = roundExact(digits, point, p + 1);
  return [kept.slice(0, p + 1), pt - 1];
}

function expString(mant: string, exp: number, upper: boolean, alt: boolean): string {
  const m = mant.length > 1 || alt ? mant[0] + '.' + mant.slice(1) : mant;
  const ae = Math.abs(exp);
  return m + (upper ? 'E' : 'e') + (exp < 0 ? '-' : '+') + (ae < 10 ? '0' + ae : String(ae));
}

function stripFraction(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

/** The body (no sign) of %e %f %g (and upper-case forms) for a finite a >= 0. */
function floatBody(a: number, conv: string, spec: FormatSpec): string {
  const upper = conv === 'E' || conv === 'G';
  let p = spec.precision < 0 ? 6 : spec.precision;
  switch (conv) {
    case 'f':
    case 'F': {
      const s = fixedDigits(a, p);
      return spec.alt && p === 0 ? s + '.' : s;
    }
    case 'e':
    case 'E': {
      if (a === 0) return expString('0'.repeat(p + 1), 0, upper, spec.alt);
      const [mant, exp] = expParts(a, p);
      return expString(mant, exp, upper, spec.alt);
    }
    default: {
      if (p === 0) p = 1;
      let exp = 0;
      let mant = '0'.repeat(p);
      if (a !== 0) [mant, exp] = expParts(a, p - 1);
      if (exp < p && exp >= -4) {
        // %f with p - 1 - exp decimals: the same p significant digits, placed around the point
        let s = fixedFromDigits(mant, exp);
        if (!spec.alt) s = stripFraction(s);
        else if (s.indexOf('.') < 0) s += '.';
        return s;
      }
      if (spec.alt) return expString(mant, exp, upper, true);
      return expString(stripTrailingZeros(mant), exp, upper, false);
    }
  }
}

/** Significant digits `mant` of a value with decimal exponent exp (-4 <= exp < mant.length) as %f. */
function fixedFromDigits(mant: string, exp: number): string {
  if (exp < 0) return '0.' + '0'.repeat(-exp - 1) + mant;
  if (exp + 1 >= mant.length) return mant;
  return mant.slice(0, exp + 1) + '.' + mant.slice(exp + 1);
}

function stripTrailingZeros(digits: string): string {
  let end = digits.length;
  while (end > 1 && digits.charCodeAt(end - 1) === 48) end--;
  return digits.slice(0, end);
}

/** %e %E %f %F %g %G of a double. */
export function formatFloat(x: number, conv: string, spec: FormatSpec): string {
  const upper = conv === 'E' || conv === 'G' || conv === 'F';
  let neg: boolean;
  let body: string;
  let finite = true;
  if (x !== x) {
    neg = true;
    body = upper ? 'NAN' : 'nan';
    finite = false;
  } else {
    neg = x < 0 || Object.is(x, -0);
    const a = Math.abs(x);
    if (a === Infinity) {
      body = upper ? 'INF' : 'inf';
      finite = false;
    } else body = floatBody(a, conv, spec);
  }
  const sign = neg ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign, body, spec, finite);
}

/** C's "%.{precision}g" with no flags: Lua's tostring (precision 14) and cjson's numbers. */
export function formatG(x: number, precision: number): string {
  if (x !== x) return '-nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const p = precision === 0 ? 1 : precision;
  const neg = x < 0;
  const a = neg ? -x : x;
  // Fast path: toPrecision lays out 1e-4 <= a < 10^p exactly as %g does (before zeros are
  // stripped), with the same digits unless the value is an exact tie.
  if (a >= 1e-4 && a < 10 ** p) {
    const js = a.toPrecision(p);
    if (js.indexOf('e') < 0) {
      const dot = js.indexOf('.');
      const exp = a >= 1 ? (dot < 0 ? js.length : dot) - 1 : -(js.length - stripLeadingZeros(js).length) + 1;
      if (!mayTie(a, p - 1 - exp)) {
        const s = stripFraction(js);
        return neg ? '-' + s : s;
      }
    }
  }
  const [mant, exp] = expParts(a, p - 1);
  const s = exp < p && exp >= -4 ? stripFraction(fixedFromDigits(mant, exp)) : expString(stripTrailingZeros(mant), exp, false, false);
  return neg ? '-' + s : s;
}

/** "0.000123" -> "123": the significant digits of a fixed-form number below 1. */
function stripLeadingZeros(s: string): string {
  let i = 0;
  while (i < s.length && (s.charCodeAt(i) === 48 || s.charCodeAt(i) === 46)) i++;
  return s.slice(i);
}
