/**
 * Lua 5.1's pattern matcher (lstrlib.c), byte for byte: character classes as the C locale defines
 * them, sets, anchors, the quantifiers * + - ?, captures (position captures too), %b, %f and
 * back-references, with 5.1's errors raised at the moment 5.1 raises them (a malformed tail of a
 * pattern is only an error once the matcher reaches it).
 *
 * 5.1 matches by C recursion, one level per quantified item or capture, and has no depth limit of
 * its own. Here the same depth-first search runs on an explicit stack of choice points (with the
 * capture changes to undo when a choice fails), so no pattern can overflow the JS stack and the
 * first match found, and the first error hit, are exactly 5.1's.
 *
 * Subjects are byte strings; a pattern ends at its first NUL byte, as the C string it is in 5.1.
 */
import { luaError } from './value.js';

export const LUA_MAXCAPTURES = 32;
const CAP_UNFINISHED = -1;
const CAP_POSITION = -2;

const PCT = 37; // %
const LBRACKET = 91;
const RBRACKET = 93;
const CARET = 94;

// Choice-point kinds on the backtracking stack (4 numbers per frame: kind, a, b, c).
const UNDO_OPEN = 1; // a capture was opened: on failure, drop it
const UNDO_CLOSE = 2; // capture a was closed: on failure, reopen it
const OPTIONAL = 3; // x? took x: on failure, resume at s=a, p=b without it
const MAX_EXPAND = 4; // x* at s=a, item end b, i=c repetitions tried: on failure try c-1
const MIN_EXPAND = 5; // x- at s=a, item p=b, item end c: on failure take one more x

/** <ctype.h> in the C locale, per byte: bit per class letter. */
const CLASS_BITS: Record<string, number> = { a: 1, c: 2, d: 4, l: 8, p: 16, s: 32, u: 64, w: 128, x: 256 };
const CTYPE = new Uint16Array(256);
for (let c = 0; c < 256; c++) {
  const upper = c >= 65 && c <= 90;
  const lower = c >= 97 && c <= 122;
  const digit = c >= 48 && c <= 57;
  let bits = 0;
  if (upper || lower) bits |= CLASS_BITS.a;
  if (c < 32 || c === 127) bits |= CLASS_BITS.c;
  if (digit) bits |= CLASS_BITS.d;
  if (lower) bits |= CLASS_BITS.l;
  if (c > 32 && c < 127 && !upper && !lower && !digit) bits |= CLASS_BITS.p;
  if (c === 32 || (c >= 9 && c <= 13)) bits |= CLASS_BITS.s;
  if (upper) bits |= CLASS_BITS.u;
  if (upper || lower || digit) bits |= CLASS_BITS.w;
  if (digit || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) bits |= CLASS_BITS.x;
  CTYPE[c] = bits;
}
/** For a class letter (any case): its bit, 0x200 for %z, 0 for "not a class". */
const CLASS_OF = new Uint16Array(256);
for (const [k, bit] of Object.entries(CLASS_BITS)) {
  CLASS_OF[k.charCodeAt(0)] = bit;
  CLASS_OF[k.toUpperCase().charCodeAt(0)] = bit;
}
CLASS_OF[122] = 0x200;
CLASS_OF[90] = 0x200;

/** True when byte c is in the class %cl (match_class). */
export function matchClass(c: number, cl: number): boolean {
  const bit = CLASS_OF[cl];
  if (bit === 0) return cl === c;
  const res = bit === 0x200 ? c === 0 : (CTYPE[c] & bit) !== 0;
  return cl >= 97 ? res : !res; // lower-case letter: the class; upper-case: its complement
}

/** True when the bytes contain one of Lua's pattern specials before the first NUL. */
export function hasSpecials(p: string): boolean {
  for (let i = 0; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c === 0) return false;
    // ^ $ * + ? . ( [ % -
    if (c === 94 || c === 36 || c === 42 || c === 43 || c === 63 || c === 46 || c === 40 || c === 91 || c === 37 || c === 45) return true;
  }
  return false;
}

/** Pushes a 4-number choice point; returns the new stack pointer. */
function push(st: number[], sp: number, kind: number, a: number, b: number, c: number): number {
  st[sp] = kind;
  st[sp + 1] = a;
  st[sp + 2] = b;
  st[sp + 3] = c;
  return sp + 4;
}

/** One match attempt's state: the subject, the pattern and the captures (MatchState). */
export class MatchState {
  readonly srcEnd: number;
  /** The pattern ends at its first NUL (C string). */
  readonly patEnd: number;
  level = 0;
  readonly capInit: number[] = [];
  readonly capLen: number[] = [];
  /** Choice points, 4 numbers each, up to sp. */
  private readonly stack: number[] = [];
  /**
   * The byte every match must start with (a plain first pattern item that is not optional), or
   * -1: the search loops skip ahead to it, where 5.1 would try each position and fail at once.
   */
  readonly firstByte: number;

  constructor(
    readonly src: string,
    readonly pat: string,
  ) {
    this.srcEnd = src.length;
    const nul = pat.indexOf('\0');
    this.patEnd = nul < 0 ? pat.length : nul;
    this.firstByte = -1;
  }

  /** Sets firstByte for a match attempt that starts at pattern index p. */
  withFirstByteAt(p: number): this {
    const c = this.pc(p);
    const q = this.pc(p + 1);
    // not a special, not ')' (a capture end), and not made optional by * ? -
    const plain = p < this.patEnd && '^$*+?.([%-)'.indexOf(String.fromCharCode(c)) < 0;
    (this as { firstByte: number }).firstByte = plain && q !== 42 && q !== 63 && q !== 45 ? c : -1;
    return this;
  }

  /**
   * The first position >= s where a match may start (s itself when unknown), or -1 when none can
   * before the end.
   */
  nextStart(s: number): number {
    if (this.firstByte < 0) return s;
    return this.src.indexOf(String.fromCharCode(this.firstByte), s);
  }

  private pc(i: number): number {
    return i < this.patEnd ? this.pat.charCodeAt(i) : 0;
  }

  /** Subject byte; the terminating NUL at the end, as 5.1 reads it. */
  private sc(i: number): number {
    return i < this.srcEnd ? this.src.charCodeAt(i) : 0;
  }

  /** End of the single-char class starting at p (classend). */
  private classEnd(p: number): number {
    const c = this.pc(p++);
    if (c === PCT) {
      if (p >= this.patEnd) luaError("malformed pattern (ends with '%')");
      return p + 1;
    }
    if (c === LBRACKET) {
      if (this.pc(p) === CARET) p++;
      do {
        if (p >= this.patEnd) luaError("malformed pattern (missing ']')");
        const cc = this.pc(p++);
        if (cc === PCT && p < this.patEnd) p++; // skip escapes (e.g. '%]')
      } while (this.pc(p) !== RBRACKET);
      return p + 1;
    }
    return p;
  }

  /** c against the set [..] from p (at '[') to ec (at its ']'). */
  private matchBracketClass(c: number, p: number, ec: number): boolean {
    let sig = true;
    if (this.pc(p + 1) === CARET) {
      sig = false;
      p++;
    }
    while (++p < ec) {
      const pc = this.pc(p);
      if (pc === PCT) {
        p++;
        if (matchClass(c, this.pc(p))) return sig;
      } else if (this.pc(p + 1) === 45 && p + 2 < ec) {
        p += 2;
        if (pc <= c && c <= this.pc(p)) return sig;
      } else if (pc === c) return sig;
    }
    return !sig;
  }

  private singleMatch(c: number, p: number, ep: number): boolean {
    switch (this.pc(p)) {
      case 46: // .
        return true;
      case PCT:
        return matchClass(c, this.pc(p + 1));
      case LBRACKET:
        return this.matchBracketClass(c, p, ep - 1);
      default:
        return this.pc(p) === c;
    }
  }

  /** %bxy at s; the end of the balanced run or -1. */
  private matchBalance(s: number, p: number): number {
    if (p >= this.patEnd || p + 1 >= this.patEnd) luaError('unbalanced pattern');
    if (this.sc(s) !== this.pc(p)) return -1;
    const b = this.pc(p);
    const e = this.pc(p + 1);
    let cont = 1;
    while (++s < this.srcEnd) {
      const c = this.src.charCodeAt(s);
      if (c === e) {
        if (--cont === 0) return s + 1;
      } else if (c === b) cont++;
    }
    return -1;
  }

  /** %1..%9 at s: the end after the repeated capture, or -1. */
  private matchCapture(s: number, digit: number): number {
    const l = this.checkCapture(digit);
    const len = this.capLen[l];
    // A position capture has length -2, which as a size_t never fits: no match.
    if (len < 0 || this.srcEnd - s < len) return -1;
    const init = this.capInit[l];
    for (let k = 0; k < len; k++) if (this.src.charCodeAt(init + k) !== this.src.charCodeAt(s + k)) return -1;
    return s + len;
  }

  private checkCapture(digit: number): number {
    const l = digit - 49; // '1'
    if (l < 0 || l >= this.level || this.capLen[l] === CAP_UNFINISHED) luaError('invalid capture index');
    return l;
  }

  private captureToClose(): number {
    for (let level = this.level - 1; level >= 0; level--) if (this.capLen[level] === CAP_UNFINISHED) return level;
    return luaError('invalid pattern capture');
  }

  /**
   * match(ms, s, p): the end of a match of the pattern from p against the subject from s, or -1.
   * Captures are left as the successful path set them.
   */
  match(s: number, p: number): number {
    const st = this.stack;
    let sp = 0;
    let fail = false;
    for (;;) {
      if (fail) {
        // Backtrack to the most recent choice point, undoing capture changes on the way.
        if (sp === 0) return -1;
        sp -= 4;
        const kind = st[sp];
        const a = st[sp + 1];
        const b = st[sp + 2];
        const c = st[sp + 3];
        switch (kind) {
          case UNDO_OPEN:
            this.level--;
            continue;
          case UNDO_CLOSE:
            this.capLen[a] = CAP_UNFINISHED;
            continue;
          case OPTIONAL:
            s = a;
            p = b;
            break;
          case MAX_EXPAND:
            if (c === 0) continue;
            sp = push(st, sp, MAX_EXPAND, a, b, c - 1);
            s = a + c - 1;
            p = b + 1;
            break;
          case MIN_EXPAND:
            if (!(a < this.srcEnd && this.singleMatch(this.src.charCodeAt(a), b, c))) continue;
            sp = push(st, sp, MIN_EXPAND, a + 1, b, c);
            s = a + 1;
            p = c + 1;
            break;
        }
        fail = false;
      }
      // Run forward from (s, p) until the pattern ends, a choice point is pushed, or a failure.
      forward: for (;;) {
        if (p >= this.patEnd) {
          return s;
        }
        const pc = this.pat.charCodeAt(p);
        switch (pc) {
          case 40: {
            // '(' start capture; '()' position capture
            const position = this.pc(p + 1) === 41;
            if (this.level >= LUA_MAXCAPTURES) luaError('too many captures');
            this.capInit[this.level] = s;
            this.capLen[this.level] = position ? CAP_POSITION : CAP_UNFINISHED;
            this.level++;
            sp = push(st, sp, UNDO_OPEN, 0, 0, 0);
            p += position ? 2 : 1;
            continue;
          }
          case 41: {
            // ')' end capture
            const l = this.captureToClose();
            this.capLen[l] = s - this.capInit[l];
            sp = push(st, sp, UNDO_CLOSE, l, 0, 0);
            p++;
            continue;
          }
          case PCT: {
            const next = this.pc(p + 1);
            if (next === 98) {
              // %b
              s = this.matchBalance(s, p + 2);
              if (s < 0) break forward;
              p += 4;
              continue;
            }
            if (next === 102) {
              // %f frontier
              p += 2;
              if (this.pc(p) !== LBRACKET) luaError("missing '[' after '%f' in pattern");
              const ep = this.classEnd(p);
              const previous = s === 0 ? 0 : this.src.charCodeAt(s - 1);
              if (this.matchBracketClass(previous, p, ep - 1) || !this.matchBracketClass(this.sc(s), p, ep - 1)) break forward;
              p = ep;
              continue;
            }
            if (next >= 48 && next <= 57) {
              // %0-%9 back-reference
              s = this.matchCapture(s, next);
              if (s < 0) break forward;
              p += 2;
              continue;
            }
            break; // a single-char class: the default case below
          }
          case 36: // '$'
            if (p + 1 >= this.patEnd) {
              if (s === this.srcEnd) return s;
              break forward;
            }
            break;
        }
        // A pattern item: a single-char class, maybe followed by a quantifier.
        const ep = this.classEnd(p);
        const m = s < this.srcEnd && this.singleMatch(this.src.charCodeAt(s), p, ep);
        switch (this.pc(ep)) {
          case 63: // '?'
            if (m) {
              sp = push(st, sp, OPTIONAL, s, ep + 1, 0);
              s++;
            }
            p = ep + 1;
            continue;
          case 42: // '*'
          case 43: {
            // '+': one taken, then as '*'
            if (this.pc(ep) === 43) {
              if (!m) break forward;
              s++;
            }
            let i = 0;
            while (s + i < this.srcEnd && this.singleMatch(this.src.charCodeAt(s + i), p, ep)) i++;
            sp = push(st, sp, MAX_EXPAND, s, ep, i);
            s += i;
            p = ep + 1;
            continue;
          }
          case 45: // '-'
            sp = push(st, sp, MIN_EXPAND, s, p, ep);
            p = ep + 1;
            continue;
          default:
            if (!m) break forward;
            s++;
            p = ep;
            continue;
        }
      }
      fail = true;
    }
  }

  /**
   * Capture i of the match s..e (get_onecapture): a byte string, or a position (number) for a
   * position capture; capture 0 of a pattern without captures is the whole match.
   */
  capture(i: number, s: number, e: number): string | number {
    if (i >= this.level) {
      if (i === 0) return this.src.slice(s, e);
      return luaError('invalid capture index');
    }
    const l = this.capLen[i];
    if (l === CAP_UNFINISHED) luaError('unfinished capture');
    if (l === CAP_POSITION) return this.capInit[i] + 1;
    return this.src.slice(this.capInit[i], this.capInit[i] + l);
  }

  /**
   * All captures of the match s..e (push_captures); with `wholeIfNone`, a pattern without
   * captures yields the whole match (string.find passes false: it returns positions instead).
   */
  captures(s: number, e: number, wholeIfNone: boolean): (string | number)[] {
    const n = this.level === 0 && wholeIfNone ? 1 : this.level;
    const out: (string | number)[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = this.capture(i, s, e);
    return out;
  }
}
