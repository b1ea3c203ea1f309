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
 * Redis's LD_STR_HUMAN format of a double (coordinates): "%.17Lf" with trailing zeros and a
 * bare point removed, and "-0" printed as "0". toFixed is exact like printf but sends exact
 * halves away from zero, where glibc sends them to the even digit; such halves need the value
 * to be a multiple of 2^-18 but not of 2^-17, which is checked and corrected.
 */
export function formatHumanDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  let s = Math.abs(d) < 1e21 ? d.toFixed(17) : bigFixed(d);
  const scaled = d * 262144;
  if (Number.isInteger(scaled) && !Number.isInteger(d * 131072) && Math.abs(d) < 1e21) s = halfEven(d);
  if (s.indexOf('.') >= 0) {
    let end = s.length;
    while (s.charCodeAt(end - 1) === 48) end--;
    if (s.charCodeAt(end - 1) === 46) end--;
    s = s.slice(0, end);
  }
  if (s === '-0') return '0';
  return s;
}

/** %.17f of a double of 1e21 or more (toFixed switches to exponent form there): an integer. */
function bigFixed(d: number): string {
  return BigInt(d).toString() + '.00000000000000000';
}

/** %.17f of a value whose 18th decimal is an exact 5, rounded half to even. */
function halfEven(d: number): string {
  // d = k / 2^18 exactly; d * 10^17 = k * 10^17 / 2^18 has a fractional part of exactly 1/2.
  const neg = d < 0;
  const k = BigInt(Math.abs(d) * 262144);
  const num = k * 10n ** 17n;
  let q = num / 262144n; // truncated; the remainder is exactly half
  if (q % 2n === 1n) q++;
  const digits = q.toString().padStart(18, '0');
  return (neg ? '-' : '') + digits.slice(0, -17) + '.' + digits.slice(-17);
}
