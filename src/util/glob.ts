/**
 * Redis's glob-style matching (stringmatchlen in util.c), on byte strings:
 *
 * - `*` any run of bytes, `?` one byte, `\x` the byte x literally;
 * - `[abc]` one of, `[^abc]` none of, `[a-z]` a range (ends in either order), `\]` inside a class;
 *   an unterminated class (`[abc`) ends at the end of the pattern;
 * - nocase folds ASCII letters only (C's tolower in the "C" locale).
 *
 * Two details make it byte-exact with Redis rather than "a glob": range ends compare as C's
 * signed `char`, so bytes >= 0x80 sort below 0x00 inside `[x-y]`; and once the rest of the
 * pattern after a `*` failed to match at every later position, no earlier `*` retries either
 * (the fix for exponential patterns such as `a*a*a*...b`), which keeps matching polynomial.
 */

/** C's tolower in the "C" locale: ASCII A-Z only. */
function lower(c: number): number {
  return c >= 65 && c <= 90 ? c + 32 : c;
}

/** A byte as C's (signed) char sees it, for the range comparisons. */
function signed(c: number): number {
  return c >= 128 ? c - 256 : c;
}

const STAR = 42;
const QUESTION = 63;
const OPEN = 91;
const CLOSE = 93;
const CARET = 94;
const BACKSLASH = 92;
const DASH = 45;

/** Result of matching a pattern suffix: matched, not matched, or "no later position can match". */
const enum M {
  No = 0,
  Yes = 1,
  /** Redis's skipLongerMatches: every enclosing `*` must give up too. */
  GiveUp = 2,
}

/**
 * Deepest `*` nesting followed. Each `*` recurses once and JS stacks are a few thousand such
 * frames deep, so a pattern with more stars than this reports no match instead of throwing.
 * (Redis 7.0 would overflow its own stack on such patterns; later versions cap nesting at 1000.)
 */
const MAX_NESTING = 1000;

/** True when byte string `str` matches `pattern` (both latin1 strings). */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  return matchFrom(pattern, 0, str, 0, nocase, 0) === M.Yes;
}

/** True when the pattern is exactly `*`, which SCAN and KEYS treat as "no filter". */
export function matchesEverything(pattern: string): boolean {
  return pattern.length === 1 && pattern.charCodeAt(0) === STAR;
}

function matchFrom(p: string, pi: number, s: string, si: number, nocase: boolean, depth: number): M {
  if (depth > MAX_NESTING) return M.GiveUp;
  const plen = p.length;
  const slen = s.length;
  while (pi < plen && si < slen) {
    const pc = p.charCodeAt(pi);
    if (pc === STAR) {
      while (pi + 1 < plen && p.charCodeAt(pi + 1) === STAR) pi++;
      if (pi + 1 === plen) return M.Yes;
      // Try the rest of the pattern at every position that still has at least one byte.
      for (; si < slen; si++) {
        const r = matchFrom(p, pi + 1, s, si, nocase, depth + 1);
        if (r !== M.No) return r;
      }
      return M.GiveUp;
    } else if (pc === QUESTION) {
      si++;
    } else if (pc === OPEN) {
      pi++;
      const negate = pi < plen && p.charCodeAt(pi) === CARET;
      if (negate) pi++;
      const sc = s.charCodeAt(si);
      let match = false;
      for (;;) {
        if (pi >= plen) {
          // Unterminated class: step back so the common advance below lands on the end.
          pi--;
          break;
        }
        const c = p.charCodeAt(pi);
        if (c === BACKSLASH && pi + 1 < plen) {
          pi++;
          // An escaped byte inside a class compares exactly, even with nocase (as Redis).
          if (p.charCodeAt(pi) === sc) match = true;
        } else if (c === CLOSE) {
          break;
        } else if (pi + 2 < plen && p.charCodeAt(pi + 1) === DASH) {
          let start = signed(c);
          let end = signed(p.charCodeAt(pi + 2));
          let x = signed(sc);
          if (start > end) [start, end] = [end, start];
          if (nocase) {
            start = lower(start);
            end = lower(end);
            x = lower(x);
          }
          pi += 2;
          if (x >= start && x <= end) match = true;
        } else if (nocase ? lower(c) === lower(sc) : c === sc) {
          match = true;
        }
        pi++;
      }
      if (negate) match = !match;
      if (!match) return M.No;
      si++;
    } else {
      // A backslash escapes the next byte; a trailing one stands for itself.
      if (pc === BACKSLASH && pi + 1 < plen) pi++;
      const a = p.charCodeAt(pi);
      const b = s.charCodeAt(si);
      if (nocase ? lower(a) !== lower(b) : a !== b) return M.No;
      si++;
    }
    pi++;
    if (si === slen) {
      // The string is used up: only trailing stars may remain (so "a*" matches "a", but "*"
      // alone never matches the empty string, as in Redis).
      while (pi < plen && p.charCodeAt(pi) === STAR) pi++;
      break;
    }
  }
  return pi === plen && si === slen ? M.Yes : M.No;
}
