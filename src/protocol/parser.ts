/**
 * Incremental RESP request parser (multibulk and inline), following redis-server's
 * processMultibulkBuffer/processInlineBuffer rules and error texts. Arguments come out as latin1
 * strings, one char per byte (see util/bytes.ts), sliced once from the socket buffer.
 */
import { splitArgs } from './split-args.js';
import { sliceBytes } from '../util/bytes.js';

/** Longest inline request, or count line, without a newline (PROTO_INLINE_MAX_SIZE). */
export const PROTO_INLINE_MAX_SIZE = 64 * 1024;
const EMPTY = Buffer.alloc(0);
const INT_MAX = 2147483647;

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
  /** Chunks held back while a large bulk argument is still arriving (avoids quadratic concat). */
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(private readonly limits: ParserLimits) {}

  /** Bytes received and not yet consumed. */
  get buffered(): number {
    return this.buf.length - this.pos + this.pendingBytes;
  }

  feed(chunk: Buffer): void {
    if (this.bulkLen >= 0 && this.pos + this.bulkLen + 2 > this.buf.length + this.pendingBytes + chunk.length) {
      // Still short of a large bulk: hold the chunk, join once the argument is complete.
      this.pending.push(chunk);
      this.pendingBytes += chunk.length;
      return;
    }
    if (this.pending.length) {
      this.pending.unshift(this.buf.subarray(this.pos));
      this.pending.push(chunk);
      this.buf = Buffer.concat(this.pending);
      this.pending = [];
      this.pendingBytes = 0;
    } else if (this.pos < this.buf.length) {
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
    if (this.pendingBytes) return null;
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
    const nl = buf.indexOf(10, this.pos);
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

  /** Reads a `<prefix><integer>\r` line at pos; returns the integer or undefined if incomplete. */
  private countLine(tooBig: string): { value: number | null; next: number } | undefined {
    const buf = this.buf;
    const cr = buf.indexOf(13, this.pos);
    if (cr < 0 || cr > buf.length - 2) {
      // Redis needs the '\r' and one more byte before it looks at the number.
      if (buf.length - this.pos > PROTO_INLINE_MAX_SIZE) throw new ProtocolError(tooBig);
      return undefined;
    }
    return { value: parseCount(buf, this.pos + 1, cr), next: cr + 2 };
  }

  private multibulk(): string[] | null {
    const buf = this.buf;
    if (this.multibulkLen === 0) {
      const line = this.countLine('Protocol error: too big mbulk count string');
      if (!line) return null;
      const n = line.value;
      if (n === null || n > INT_MAX) throw new ProtocolError('Protocol error: invalid multibulk length');
      if (n > 10 && this.limits.unauthenticated) throw new ProtocolError('Protocol error: unauthenticated multibulk length');
      this.pos = line.next;
      if (n <= 0) return [];
      this.multibulkLen = n;
      this.args = [];
    }
    while (this.multibulkLen > 0) {
      if (this.bulkLen < 0) {
        if (this.pos >= buf.length) return null;
        const line = this.countLine('Protocol error: too big bulk count string');
        if (!line) return null;
        if (buf[this.pos] !== 36 /* '$' */) {
          throw new ProtocolError(`Protocol error: expected '$', got '${String.fromCharCode(buf[this.pos])}'`);
        }
        const n = line.value;
        if (n === null || n < 0 || n > this.limits.maxBulkLen) throw new ProtocolError('Protocol error: invalid bulk length');
        if (n > 16384 && this.limits.unauthenticated) throw new ProtocolError('Protocol error: unauthenticated bulk length');
        this.pos = line.next;
        this.bulkLen = n;
      }
      if (buf.length - this.pos < this.bulkLen + 2) return null;
      this.args.push(sliceBytes(buf, this.pos, this.pos + this.bulkLen));
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
