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
    this.raw('-' + msg + CRLF);
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
  /** Takes the pending output, leaving the buffer empty. */
  take(): string {
    const o = this.out;
    this.out = '';
    return o;
  }
}
