/** Redis's fixed-point number formats used by the geo replies. */

/** C's rint (round half to even) for a finite double. */
function rint(x: number): number {
  const r = Math.round(x);
  // Math.round sends halves up; C's default rounding mode sends them to the even neighbour.
  if (r - x === 0.5 && r % 2 !== 0) return r - 1;
  return r;
}

/**
 * Redis's fixedpoint_d2string with 4 fractional digits (distances: "5.2145"): the value is
 * scaled by 10^4, rounded half to even, and printed with the point put back; "0.0000" for 0.
 */
export function formatDistance(d: number): string {
  if (d === 0) return '0.0000';
  const v = rint(d * 10000);
  const neg = v < 0;
  const a = Math.abs(v);
  const int = Math.floor(a / 10000);
  const frac = String(a - int * 10000).padStart(4, '0');
  return (neg ? '-' : '') + String(int) + '.' + frac;
}

/**
 * C's "%.<digits>f" of a double: toFixed is exact like printf but sends exact halves away from
 * zero, where glibc sends them to the even digit. An exact half at the next decimal needs the
 * value to be a multiple of 2^-(digits+1) but not of 2^-digits; that case is redone in BigInt.
 */
export function formatFixed(d: number, digits: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  const a = Math.abs(d);
  if (a >= 1e21) return BigInt(d).toString() + (digits > 0 ? '.' + '0'.repeat(digits) : '');
  if (Number.isInteger(a * 2 ** (digits + 1)) && !Number.isInteger(a * 2 ** digits)) return halfEven(d, digits);
  // toFixed drops the sign of -0, printf keeps it.
  return Object.is(d, -0) ? '-' + d.toFixed(digits) : d.toFixed(digits);
}

/** "%.<digits>f" of a value whose next decimal is an exact 5, rounded half to even. */
function halfEven(d: number, digits: number): string {
  const neg = d < 0 || Object.is(d, -0);
  const den = 2n ** BigInt(digits + 1);
  const k = BigInt(Math.abs(d) * 2 ** (digits + 1)); // exact: d = k / den
  let q = (k * 10n ** BigInt(digits)) / den; // truncated; the remainder is exactly half
  if (q % 2n === 1n) q++;
  const s = q.toString().padStart(digits + 1, '0');
  return (neg ? '-' : '') + (digits > 0 ? s.slice(0, -digits) + '.' + s.slice(-digits) : s);
}

/**
 * Redis's LD_STR_HUMAN format of a double (coordinates): "%.17Lf" with trailing zeros and a
 * bare point removed, and "-0" printed as "0".
 */
export function formatHumanDouble(d: number): string {
  let s = formatFixed(d, 17);
  if (s.indexOf('.') >= 0) {
    let end = s.length;
    while (s.charCodeAt(end - 1) === 48) end--;
    if (s.charCodeAt(end - 1) === 46) end--;
    s = s.slice(0, end);
  }
  if (s === '-0') return '0';
  return s;
}
