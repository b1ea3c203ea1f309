/**
 * RESP reply encoder. Replies are accumulated as one latin1 string per connection (each char is
 * one byte, see util/bytes.ts) and flushed once per read batch; the same calls encode RESP2 or
 * RESP3 depending on the protocol the client negotiated with HELLO.
 */
export type Proto = 2 | 3;

const CRLF = '\r\n';

/** "$<n>\r\n" and "*<n>\r\n" for small n: replies of many bulks (LRANGE, XRANGE) reuse them. */
const BULK_HEADER = Array.from({ length: 256 }, (_, n) => '$' + n + CRLF);
const ARRAY_HEADER = Array.from({ length: 64 }, (_, n) => '*' + n + CRLF);

/** The header of a bulk string of `n` bytes. */
export function bulkHeader(n: number): string {
  return n < 256 ? BULK_HEADER[n] : '$' + n + CRLF;
}

/** The header of a RESP array of `n` elements. */
export function arrayHeader(n: number): string {
  return n < 64 ? ARRAY_HEADER[n] : '*' + n + CRLF;
}

/** Formats a double as Redis 7.0 does for RESP (`%.17g`, with inf/-inf/nan spelled out). */
export function formatDouble(d: number): string {
  if (d === Infinity) return 'inf';
  if (d === -Infinity) return '-inf';
  if (Number.isNaN(d)) return 'nan';
  return formatG17(d);
}

/** C's `%.17g`: 17 significant digits, trailing zeros dropped, exponent form outside [1e-4, 1e17). */
export function formatG17(d: number): string {
  if (d === 0) return Object.is(d, -0) ? '-0' : '0';
  // A safe integer comes out of %.17g as its exact digits, which String() gives too: skip
  // toExponential's bignum work (scripts pass timestamps and counters to redis.call as numbers).
  // Past 2^53 String() prints the shortest round-trip digits instead of the exact value.
  if (Number.isSafeInteger(d)) return String(d);
  const [mant, es] = d.toExponential(16).split('e');
  const e = Number(es);
  if (e < -4 || e >= 17) {
    const a = Math.abs(e);
    return stripZeros(mant) + 'e' + (e < 0 ? '-' : '+') + (a < 10 ? '0' + a : String(a));
  }
  return stripZeros(d.toFixed(16 - e));
}

function stripZeros(s: string): string {
  if (s.indexOf('.') < 0) return s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--;
  if (s.charCodeAt(end - 1) === 46) end--;
  return s.slice(0, end);
}

/**
 * Makes a user-influenced error text safe for the protocol as Redis does: CR/LF are trimmed from
 * both ends, then any left in the middle become spaces.
 */
export function sanitizeError(msg: string): string {
  let start = 0;
  let end = msg.length;
  while (start < end && (msg[start] === '\r' || msg[start] === '\n')) start++;
  while (end > start && (msg[end - 1] === '\r' || msg[end - 1] === '\n')) end--;
  return msg.slice(start, end).replace(/[\r\n]/g, ' ');
}

/** A push frame encoded once and delivered to many clients (see ReplyBuffer.pushShared). */
export interface SharedFrame {
  readonly text: string;
  /** The text as bytes, made on first need and shared by every receiver. */
  bytes?: Buffer;
}

/** Accumulates encoded replies for one client. */
export class ReplyBuffer {
  /** Pending output, latin1. */
  out = '';
  /** Protocol version negotiated by HELLO. */
  proto: Proto = 2;
  /** When false, replies are dropped (CLIENT REPLY OFF/SKIP, or a fake client). */
  enabled = true;
  /**
   * Set while writing a push message (pub/sub, invalidation): those reach the client even under
   * CLIENT REPLY OFF/SKIP, as Redis's CLIENT_PUSHING. Set it, write the message, clear it.
   */
  pushing = false;
  /** Last error message sent (without the leading '-'), read by the dispatcher for error stats. */
  lastError: string | null = null;
  /**
   * The last error was already counted in the error stats where it arose (a script returning
   * the error a command of its own replied): the command still counts as failed, once.
   */
  lastErrorCounted = false;

  /**
   * Push frames that arrived while `out` was empty, kept as the Buffers they were encoded into
   * once for every receiver (pub/sub fan-out): they come before `out` on the wire. null when none.
   */
  chunks: Buffer[] | null = null;
  /** Bytes in `chunks`. */
  chunkBytes = 0;

  /**
   * Appends push data (pub/sub messages and confirmations, invalidations), already encoded for
   * this buffer's protocol: delivered whatever CLIENT REPLY says, like Redis's CLIENT_PUSHING.
   */
  push(s: string): void {
    this.out += s;
  }
  /**
   * Appends a push frame shared by many receivers: by reference when nothing else is pending
   * (no per-receiver copy), else as text after what is.
   */
  pushShared(frame: SharedFrame): void {
    if (this.out.length === 0) {
      const b = (frame.bytes ??= Buffer.from(frame.text, 'latin1'));
      if (this.chunks === null) this.chunks = [b];
      else this.chunks.push(b);
      this.chunkBytes += b.length;
    } else {
      this.out += frame.text;
    }
  }
  /** Bytes waiting in this buffer (chunks and text). */
  get pendingBytes(): number {
    return this.chunkBytes + this.out.length;
  }
  /** Takes the pending chunks (they go out before `take()`'s text). */
  takeChunks(): Buffer[] | null {
    const c = this.chunks;
    this.chunks = null;
    this.chunkBytes = 0;
    return c;
  }
  raw(s: string): void {
    if (this.enabled || this.pushing) this.out += s;
  }
  ok(): void {
    this.raw('+OK\r\n');
  }
  simple(s: string): void {
    this.raw('+' + s + CRLF);
  }
  /** Sends an error; `msg` starts with its code ("ERR ...", "WRONGTYPE ..."). */
  error(msg: string): void {
    if (msg.indexOf('\n') >= 0 || msg.indexOf('\r') >= 0) msg = sanitizeError(msg);
    this.lastError = msg;
    this.lastErrorCounted = false;
    this.raw('-' + msg + CRLF);
  }
  /**
   * Sends `text` as the error line as is (no code added: "-" + text), for texts the caller made
   * protocol-safe. `counted`: see lastErrorCounted.
   */
  errorLine(text: string, counted = false): void {
    // For the error stats: a line without a code (no space in its first 31 bytes) counts as ERR.
    const sp = text.indexOf(' ');
    this.lastError = sp >= 0 && sp <= 30 ? text : 'ERR';
    this.lastErrorCounted = counted;
    this.raw('-' + text + CRLF);
  }
  int(n: number | bigint): void {
    this.raw(':' + n + CRLF);
  }
  bulk(s: string): void {
    this.raw('$' + s.length + CRLF + s + CRLF);
  }
  /** A bulk string, or the null reply when `s` is undefined/null. */
  bulkOrNull(s: string | null | undefined): void {
    if (s == null) this.nullBulk();
    else this.bulk(s);
  }
  nullBulk(): void {
    this.raw(this.proto === 3 ? '_\r\n' : '$-1\r\n');
  }
  nullArray(): void {
    this.raw(this.proto === 3 ? '_\r\n' : '*-1\r\n');
  }
  arrayLen(n: number): void {
    this.raw('*' + n + CRLF);
  }
  /** A map header: RESP3 `%n`, RESP2 a flat array of 2n elements. */
  mapLen(n: number): void {
    this.raw(this.proto === 3 ? '%' + n + CRLF : '*' + 2 * n + CRLF);
  }
  /** A set header: RESP3 `~n`, RESP2 an array. */
  setLen(n: number): void {
    this.raw(this.proto === 3 ? '~' + n + CRLF : '*' + n + CRLF);
  }
  /** A push header: RESP3 `>n`, RESP2 an array (pub/sub messages). */
  pushLen(n: number): void {
    this.raw(this.proto === 3 ? '>' + n + CRLF : '*' + n + CRLF);
  }
  /** An attribute header (RESP3 only; RESP2 clients never see attributes). */
  attributeLen(n: number): void {
    if (this.proto === 3) this.raw('|' + n + CRLF);
  }
  double(d: number): void {
    const s = formatDouble(d);
    if (this.proto === 3) this.raw(',' + s + CRLF);
    else this.bulk(s);
  }
  bool(b: boolean): void {
    if (this.proto === 3) this.raw(b ? '#t\r\n' : '#f\r\n');
    else this.raw(b ? ':1\r\n' : ':0\r\n');
  }
  bigNumber(s: string): void {
    if (this.proto === 3) this.raw('(' + s + CRLF);
    else this.bulk(s);
  }
  /** Verbatim string (`=` in RESP3, with a 3-letter format such as "txt"); a bulk in RESP2. */
  verbatim(s: string, format = 'txt'): void {
    if (this.proto === 3) this.raw('=' + (s.length + 4) + CRLF + format + ':' + s + CRLF);
    else this.bulk(s);
  }
  /** An array of bulk strings. */
  bulkArray(items: readonly string[]): void {
    let s = '*' + items.length + CRLF;
    for (const it of items) s += '$' + it.length + CRLF + it + CRLF;
    this.raw(s);
  }
  /** Takes everything pending, shared chunks included, as text (in-process transports, tests). */
  takeAll(): string {
    if (this.chunks === null) return this.take();
    let s = '';
    for (const b of this.takeChunks()!) s += b.toString('latin1');
    return s + this.take();
  }
  /** Takes the pending text output (see takeChunks for shared push frames). */
  take(): string {
    const o = this.out;
    this.out = '';
    return o;
  }
}
