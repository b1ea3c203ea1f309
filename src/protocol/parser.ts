/**
 * Incremental RESP request parser (multibulk and inline), following redis-server's
 * processMultibulkBuffer/processInlineBuffer rules and error texts. Arguments come out as latin1
 * strings, one char per byte (see util/bytes.ts), sliced once from the socket buffer.
 */
import { constants } from 'node:buffer';
import { splitArgs } from './split-args.js';
import { sliceBytes, sliceShortBytes } from '../util/bytes.js';

/** Longest inline request, or count line, without a newline (PROTO_INLINE_MAX_SIZE). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
const EMPTY = Buffer.alloc(0);
const INT_MAX = 2147483647;
/** Bulk arguments at least this long get a buffer of their own (PROTO_MBULK_BIG_ARG). */
export const BIG_ARG = 32 * 1024;
/**
 * Arguments are JS strings, which V8 caps just under 512 MB: a longer bulk (possible only if
 * proto-max-bulk-len is at or above its 512 MB default) is refused as an invalid bulk length.
 */
const MAX_ARG_LEN = constants.MAX_STRING_LENGTH;

/** A protocol violation: Redis replies with `-ERR <message>` and closes the connection. */
export class ProtocolError extends Error {}

export interface ParserLimits {
  /** proto-max-bulk-len */
  maxBulkLen: number;
  /** True while the client must still authenticate (tighter limits apply, as in Redis). */
  unauthenticated: boolean;
}

export class RequestParser {
  private buf: Buffer = EMPTY;
  private pos = 0;
  /** Arguments still expected in the current multibulk, 0 when between commands. */
  private multibulkLen = 0;
  private bulkLen = -1;
  private args: string[] = [];
  /**
   * A big bulk argument (>= BIG_ARG) still arriving goes into a buffer of its own, sized once and
   * filled as chunks come (as Redis does), so no concat of the whole argument happens at the end.
   */
  private big: Buffer | null = null;
  private bigFilled = 0;

  constructor(private readonly limits: ParserLimits) {}

  /** Bytes received and not yet consumed. */
  get buffered(): number {
    return this.buf.length - this.pos + this.bigFilled;
  }

  /**
   * Bytes of the current read batch, the commands already parsed from it included: what Redis's
   * query buffer holds while one of them runs (CLIENT LIST qbuf).
   */
  get batchBytes(): number {
    return this.buf.length + this.bigFilled;
  }

  /** Arguments of a command still arriving, parsed so far (CLIENT LIST argv-mem). */
  get partialArgs(): readonly string[] {
    return this.args;
  }

  /** Length of the bulk argument being received, or -1 between arguments. */
  get bulkLength(): number {
    return this.bulkLen;
  }

  feed(chunk: Buffer): void {
    const big = this.big;
    if (big !== null && this.bigFilled < big.length) {
      const n = Math.min(big.length - this.bigFilled, chunk.length);
      chunk.copy(big, this.bigFilled, 0, n);
      this.bigFilled += n;
      if (n === chunk.length) return;
      // The rest of the chunk follows the big argument.
      chunk = chunk.subarray(n);
    }
    if (this.pos < this.buf.length) {
      this.buf = Buffer.concat([this.buf.subarray(this.pos), chunk]);
    } else {
      this.buf = chunk;
    }
    this.pos = 0;
  }

  /**
   * Parses the next complete command. Returns its arguments, an empty array for an empty request
   * (skipped by Redis), or null when more bytes are needed. Throws ProtocolError.
   */
  next(): string[] | null {
    if (this.big !== null) return this.bigFilled < this.big.length ? null : this.multibulk();
    const buf = this.buf;
    if (this.pos >= buf.length) {
      if (this.buf !== EMPTY) {
        this.buf = EMPTY;
        this.pos = 0;
      }
      return null;
    }
    if (this.multibulkLen === 0 && buf[this.pos] !== 42 /* '*' */) return this.inline();
    return this.multibulk();
  }

  private inline(): string[] | null {
    const buf = this.buf;
    let nl = buf.indexOf(10, this.pos);
    // Redis looks for the newline with strchr(), which stops at a zero byte: a line holding one
    // is never complete, and ends as a too big request (matching it keeps the same errors).
    if (nl >= 0 && buf.subarray(this.pos, nl).indexOf(0) >= 0) nl = -1;
    if (nl < 0) {
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError('Protocol error: too big inline request');
      return null;
    }
    let end = nl;
    if (end > this.pos && buf[end - 1] === 13) end--;
    const line = sliceBytes(buf, this.pos, end);
    this.pos = nl + 1;
    const argv = splitArgs(line);
    if (argv === null) throw new ProtocolError('Protocol error: unbalanced quotes in request');
    return argv;
  }

  /** End of the line read by the last successful quickCount(). */
  private lineEnd = 0;

  /**
   * Fast path for a complete, well-formed count line at `pos` ("*3\r\n", "$5\r\n"): a positive
   * decimal without leading zeros, followed by '\r' and one more byte. Returns the count and sets
   * lineEnd, or -1 to let the exact path (countLine) decide, errors and partial lines included.
   */
  private quickCount(buf: Buffer, pos: number): number {
    const len = buf.length;
    let i = pos + 1;
    let v = 0;
    for (; i < len; i++) {
      const d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      if (d === 0 && v === 0) return -1;
      v = v * 10 + d;
      if (v > 0x7fffffff) return -1;
    }
    if (v === 0 || i + 1 >= len || buf[i] !== 13) return -1;
    this.lineEnd = i + 2;
    return v;
  }

  /** Reads a `<prefix><integer>\r` line at pos; returns the integer or undefined if incomplete. */
  private countLine(tooBig: string): { value: number | null; next: number } | undefined {
    const buf = this.buf;
    let cr = buf.indexOf(13, this.pos);
    const value = cr < 0 ? null : parseCount(buf, this.pos + 1, cr);
    // Redis finds the '\r' with strchr(), which stops at a zero byte (see inline()). Only an
    // invalid count can hide one, so the valid path pays nothing for this.
    if (value === null && cr >= 0 && buf.subarray(this.pos, cr).indexOf(0) >= 0) cr = -1;
    if (cr < 0 || cr > buf.length - 2) {
      // Redis needs the '\r' and one more byte before it looks at the number.
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError(tooBig);
      return undefined;
    }
    return { value, next: cr + 2 };
  }

  /**
   * Fast path for a command of `n` (1..10) short arguments, all in the buffer with well-formed
   * lengths (the usual pipelined request): parsed in one go into an array of the right size,
   * without the incremental state. Null, with pos unchanged, to let the general path decide.
   */
  private wholeCommand(buf: Buffer, n: number): string[] | null {
    const start = this.pos;
    const a0 = this.quickName(buf);
    if (a0 === null) return this.undo(start);
    if (n === 1) return [a0];
    const a1 = this.quickArg(buf);
    if (a1 === null) return this.undo(start);
    if (n === 2) return [a0, a1];
    const a2 = this.quickArg(buf);
    if (a2 === null) return this.undo(start);
    if (n === 3) return [a0, a1, a2];
    const a3 = this.quickArg(buf);
    if (a3 === null) return this.undo(start);
    if (n === 4) return [a0, a1, a2, a3];
    const argv = [a0, a1, a2, a3];
    for (let i = 4; i < n; i++) {
      const a = this.quickArg(buf);
      if (a === null) return this.undo(start);
      argv.push(a);
    }
    return argv;
  }

  /** The bulk argument at pos when complete with a quick length (see wholeCommand), else null. */
  private quickArg(buf: Buffer): string | null {
    const pos = this.pos;
    if (pos >= buf.length || buf[pos] !== 36 /* '$' */) return null;
    const q = this.quickCount(buf, pos);
    if (q < 0 || q > 16384 || q > this.limits.maxBulkLen) return null;
    const from = this.lineEnd;
    if (buf.length - from < q + 2) return null;
    // The trailing two bytes are skipped unchecked, as Redis does.
    this.pos = from + q + 2;
    return sliceShortBytes(buf, from, from + q);
  }

  /**
   * quickArg for the command name: a pipeline repeats it, so when its bytes are those of the
   * previous name the same string is returned (no allocation, and the command table's
   * last-name check is then a pointer comparison).
   */
  private quickName(buf: Buffer): string | null {
    const pos = this.pos;
    if (pos >= buf.length || buf[pos] !== 36 /* '$' */) return null;
    const q = this.quickCount(buf, pos);
    const last = this.lastName;
    if (q === last.length && buf.length - this.lineEnd >= q + 2) {
      const from = this.lineEnd;
      let j = 0;
      while (j < q && buf[from + j] === last.charCodeAt(j)) j++;
      if (j === q) {
        this.pos = from + q + 2;
        return last;
      }
    }
    const name = this.quickArg(buf);
    if (name !== null && name.length <= 16) this.lastName = name;
    return name;
  }

  /** The last command name quickName() sliced. */
  private lastName = '';

  private undo(pos: number): null {
    this.pos = pos;
    return null;
  }

  private multibulk(): string[] | null {
    let buf = this.buf;
    if (this.multibulkLen === 0) {
      let n = this.quickCount(buf, this.pos);
      if (n >= 0 && n <= 10) {
        this.pos = this.lineEnd;
        const whole = this.wholeCommand(buf, n);
        if (whole !== null) return whole;
      } else {
        const line = this.countLine('Protocol error: too big mbulk count string');
        if (!line) return null;
        const count = line.value;
        if (count === null || count > INT_MAX) throw new ProtocolError('Protocol error: invalid multibulk length');
        if (count > 10 && this.limits.unauthenticated) throw new ProtocolError('Protocol error: unauthenticated multibulk length');
        this.pos = line.next;
        if (count <= 0) return [];
        n = count;
      }
      this.multibulkLen = n;
      this.args = [];
    }
    while (this.multibulkLen > 0) {
      const big = this.big;
      if (big !== null) {
        if (this.bigFilled < big.length) return null;
        // The trailing two bytes are skipped unchecked, as Redis does.
        this.args.push(sliceBytes(big, 0, this.bulkLen));
        this.big = null;
        this.bigFilled = 0;
        this.bulkLen = -1;
        this.multibulkLen--;
        buf = this.buf;
        continue;
      }
      if (this.bulkLen < 0) {
        if (this.pos >= buf.length) return null;
        // Well-formed short lengths skip the exact path below (no allocation, no native call).
        const q = buf[this.pos] === 36 ? this.quickCount(buf, this.pos) : -1;
        if (q >= 0 && q <= 16384 && q <= this.limits.maxBulkLen) {
          this.pos = this.lineEnd;
          this.bulkLen = q;
        }
      }
      if (this.bulkLen < 0) {
        const line = this.countLine('Protocol error: too big bulk count string');
        if (!line) return null;
        if (buf[this.pos] !== 36 /* '$' */) {
          throw new ProtocolError(`Protocol error: expected '$', got '${String.fromCharCode(buf[this.pos])}'`);
        }
        const n = line.value;
        if (n === null || n < 0 || n > this.limits.maxBulkLen || n > MAX_ARG_LEN) throw new ProtocolError('Protocol error: invalid bulk length');
        if (n > 16384 && this.limits.unauthenticated) throw new ProtocolError('Protocol error: unauthenticated bulk length');
        this.pos = line.next;
        this.bulkLen = n;
      }
      if (buf.length - this.pos < this.bulkLen + 2) {
        if (this.bulkLen >= BIG_ARG) {
          const own = Buffer.allocUnsafe(this.bulkLen + 2);
          this.bigFilled = buf.copy(own, 0, this.pos);
          this.big = own;
          this.buf = EMPTY;
          this.pos = 0;
        }
        return null;
      }
      this.args.push(sliceShortBytes(buf, this.pos, this.pos + this.bulkLen));
      this.pos += this.bulkLen + 2;
      this.bulkLen = -1;
      this.multibulkLen--;
    }
    const argv = this.args;
    this.args = [];
    return argv;
  }
}

/** Redis's string2ll over buf[start, end): strict decimal, no '+', no leading zeros; null if invalid. */
function parseCount(buf: Buffer, start: number, end: number): number | null {
  const len = end - start;
  if (len === 0 || len > 20) return null;
  let i = start;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
    if (i === end) return null;
  }
  if (buf[i] === 48) return len === 1 ? 0 : null;
  let v = 0;
  for (; i < end; i++) {
    const c = buf[i] - 48;
    if (c < 0 || c > 9) return null;
    v = v * 10 + c;
  }
  // Counts beyond 2^53 are far past every limit; precision loss there cannot change the verdict.
  return neg ? -v : v;
}
