/**
 * The number parsers Redis's config code uses, each with its own quirks kept, because they decide
 * which CONFIG SET values are accepted: string2ll (strict), strtoll (C's lenient one, with an end
 * position), memtoull (bytes with k/kb/m/mb/g/gb units, wrapping like unsigned long long) and
 * string2d (strict double). Values are BigInt so 64-bit limits are exact.
 */

export const LLONG_MAX = (1n << 63n) - 1n;
export const LLONG_MIN = -(1n << 63n);
export const ULLONG_MAX = (1n << 64n) - 1n;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Redis's string2ll: an optional '-', then digits with no leading zero (except "0" itself), no
 * spaces, no '+', within signed 64 bits. Returns undefined when the text is not such a number.
 */
export function string2ll(s: string): bigint | undefined {
  const n = s.length;
  if (n === 0 || n > 20) return undefined;
  if (s === '0') return 0n;
  let i = 0;
  if (s.charCodeAt(0) === 45) {
    i = 1;
    if (n === 1) return undefined;
  }
  const first = s.charCodeAt(i);
  if (first < 49 || first > 57) return undefined;
  for (let k = i + 1; k < n; k++) if (!isDigit(s.charCodeAt(k))) return undefined;
  const v = BigInt(s);
  return v > LLONG_MAX || v < LLONG_MIN ? undefined : v;
}

/**
 * C's strtoll(s, &end, base): leading whitespace, an optional sign, then digits of `base`;
 * saturates on overflow. `end` is where parsing stopped (0 when no digits were read, as C sets
 * endptr back to the start), so callers check `end === s.length` like `*endptr == '\0'`.
 */
export function strtoll(s: string, base = 10): { value: bigint; end: number; overflow: boolean } {
  let i = 0;
  const n = s.length;
  while (i < n && (s.charCodeAt(i) === 32 || (s.charCodeAt(i) >= 9 && s.charCodeAt(i) <= 13))) i++;
  let neg = false;
  if (i < n && (s[i] === '+' || s[i] === '-')) {
    neg = s[i] === '-';
    i++;
  }
  const start = i;
  let v = 0n;
  const b = BigInt(base);
  while (i < n) {
    const d = digitValue(s.charCodeAt(i));
    if (d < 0 || d >= base) break;
    v = v * b + BigInt(d);
    i++;
  }
  if (i === start) return { value: 0n, end: 0, overflow: false };
  if (neg) v = -v;
  let overflow = false;
  if (v > LLONG_MAX) {
    v = LLONG_MAX;
    overflow = true;
  } else if (v < LLONG_MIN) {
    v = LLONG_MIN;
    overflow = true;
  }
  return { value: v, end: i, overflow };
}

function digitValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 122) return c - 87;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

const UNITS: Record<string, bigint> = {
  '': 1n,
  b: 1n,
  k: 1000n,
  kb: 1024n,
  m: 1000n * 1000n,
  mb: 1024n * 1024n,
  g: 1000n * 1000n * 1000n,
  gb: 1024n * 1024n * 1024n,
};

/**
 * Redis's memtoull: digits then an optional unit (case-insensitive). A leading '-' or an unknown
 * unit is an error. Like the C code, a digit run that overflows saturates, the product wraps at
 * 2^64, and an empty digit run counts as 0 ("kb" is 0 bytes).
 */
export function memtoull(s: string): bigint | undefined {
  if (s.charCodeAt(0) === 45) return undefined;
  let i = 0;
  while (i < s.length && isDigit(s.charCodeAt(i))) i++;
  const mul = UNITS[s.slice(i).toLowerCase()];
  if (mul === undefined) return undefined;
  if (i >= 128) return undefined;
  let v = i === 0 ? 0n : BigInt(s.slice(0, i));
  if (v > ULLONG_MAX) v = ULLONG_MAX;
  return BigInt.asUintN(64, v * mul);
}

/**
 * Redis's string2d: a complete strtod parse with no leading space, not NaN. Returns undefined
 * for anything else.
 */
export function string2d(s: string): number | undefined {
  if (s.length === 0) return undefined;
  const c = s.charCodeAt(0);
  if (c === 32 || (c >= 9 && c <= 13)) return undefined;
  if (!/^[+-]?(\d+\.?\d*([eE][+-]?\d+)?|\.\d+([eE][+-]?\d+)?|inf(inity)?|0[xX][0-9a-fA-F]+)$/i.test(s)) return undefined;
  const body = s.replace(/^[+-]/, '');
  const neg = s.startsWith('-');
  let v: number;
  if (/^inf/i.test(body)) v = Infinity;
  else if (/^0x/i.test(body)) v = parseInt(body, 16);
  else v = Number(body);
  if (Number.isNaN(v)) return undefined;
  return neg ? -v : v;
}

/** "%f" then Redis's trimDoubleString: no trailing zeros, no trailing dot. */
export function formatPercentile(v: number): string {
  let s = v.toFixed(6);
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '');
  return s;
}
