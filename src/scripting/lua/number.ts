/**
 * Lua 5.1's string -> number conversion (luaO_str2d: C strtod, then trailing spaces). Used by
 * the lexer for numerals and by the runtime for arithmetic coercion and tonumber().
 */

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}
function hexVal(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  if (c >= 65 && c <= 70) return c - 55;
  return -1;
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Parses a whole string as a Lua number; undefined when it is not one. */
export function str2number(s: string): number | undefined {
  const n = s.length;
  // Fast path: plain non-negative integers, the common case for Redis replies and ARGV.
  if (n > 0 && n < 16) {
    let v = 0;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      v = v * 10 + (c - 48);
    }
    if (i === n) return v;
  }
  const end = s.indexOf('\0');
  const limit = end < 0 ? n : end; // C sees the string up to its first zero byte
  let i = 0;
  while (i < limit && isSpace(s.charCodeAt(i))) i++;
  const parsed = strtod(s, i, limit);
  if (parsed === undefined) return undefined;
  let j = parsed.end;
  while (j < limit && isSpace(s.charCodeAt(j))) j++;
  return j === limit ? parsed.value : undefined;
}

/** glibc strtod from position `start` (after leading spaces): value and end position. */
function strtod(s: string, start: number, limit: number): { value: number; end: number } | undefined {
  let i = start;
  let neg = false;
  const c0 = s.charCodeAt(i);
  if (c0 === 43 || c0 === 45) {
    neg = c0 === 45;
    i++;
  }
  const body = i;
  // hexadecimal: 0x followed by at least one hex digit (before or after the point)
  if (s.charCodeAt(i) === 48 && (s.charCodeAt(i + 1) | 32) === 120) {
    const r = hexFloat(s, i + 2, limit);
    if (r) return { value: neg ? -r.value : r.value, end: r.end };
    // "0x" without digits: strtod reads the "0"
    return { value: neg ? -0 : 0, end: i + 1 };
  }
  // inf / infinity / nan
  const word = s.slice(i, Math.min(limit, i + 8)).toLowerCase();
  if (word.startsWith('inf')) {
    const end = word.startsWith('infinity') ? i + 8 : i + 3;
    return { value: neg ? -Infinity : Infinity, end };
  }
  if (word.startsWith('nan')) {
    let end = i + 3;
    if (s.charCodeAt(end) === 40) { // nan(chars)
      let k = end + 1;
      while (k < limit) {
        const c = s.charCodeAt(k);
        if (!(isDigit(c) || (c | 32) >= 97 && (c | 32) <= 122 || c === 95)) break;
        k++;
      }
      if (s.charCodeAt(k) === 41) end = k + 1;
    }
    return { value: NaN, end };
  }
  let digits = 0;
  while (i < limit && isDigit(s.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < limit && s.charCodeAt(i) === 46) {
    i++;
    while (i < limit && isDigit(s.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return undefined;
  if (i < limit && (s.charCodeAt(i) | 32) === 101) {
    let k = i + 1;
    const sc = s.charCodeAt(k);
    if (sc === 43 || sc === 45) k++;
    if (k < limit && isDigit(s.charCodeAt(k))) {
      while (k < limit && isDigit(s.charCodeAt(k))) k++;
      i = k;
    }
  }
  const value = Number(s.slice(body, i));
  return { value: neg ? -value : value, end: i };
}

function hexFloat(s: string, i: number, limit: number): { value: number; end: number } | undefined {
  let mant = 0n;
  let digits = 0;
  let exp = 0;
  while (i < limit && hexVal(s.charCodeAt(i)) >= 0) {
    mant = mant * 16n + BigInt(hexVal(s.charCodeAt(i)));
    i++;
    digits++;
  }
  if (i < limit && s.charCodeAt(i) === 46) {
    let k = i + 1;
    let frac = 0;
    while (k < limit && hexVal(s.charCodeAt(k)) >= 0) {
      mant = mant * 16n + BigInt(hexVal(s.charCodeAt(k)));
      k++;
      frac++;
    }
    if (digits + frac > 0) {
      i = k;
      digits += frac;
      exp -= 4 * frac;
    }
  }
  if (digits === 0) return undefined;
  if (i < limit && (s.charCodeAt(i) | 32) === 112) { // p exponent
    let k = i + 1;
    let eneg = false;
    const sc = s.charCodeAt(k);
    if (sc === 43 || sc === 45) {
      eneg = sc === 45;
      k++;
    }
    if (k < limit && isDigit(s.charCodeAt(k))) {
      let e = 0;
      while (k < limit && isDigit(s.charCodeAt(k))) {
        e = Math.min(e * 10 + (s.charCodeAt(k) - 48), 100000);
        k++;
      }
      exp += eneg ? -e : e;
      i = k;
    }
  }
  return { value: scale(mant, exp), end: i };
}

/** mant * 2^exp, correctly rounded for the common range. */
function scale(mant: bigint, exp: number): number {
  if (mant === 0n) return 0;
  // Keep the mantissa within double range before converting, so one rounding happens.
  const bits = mant.toString(2).length;
  if (bits > 64) {
    const drop = bits - 64;
    const sticky = (mant & ((1n << BigInt(drop)) - 1n)) !== 0n ? 1n : 0n;
    mant = (mant >> BigInt(drop)) | sticky;
    exp += drop;
  }
  let v = Number(mant);
  while (exp > 0) {
    const step = Math.min(exp, 1000);
    v *= 2 ** step;
    exp -= step;
  }
  while (exp < 0) {
    const step = Math.min(-exp, 1000);
    v /= 2 ** step;
    exp += step;
  }
  return v;
}
