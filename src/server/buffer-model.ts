/**
 * Models of how much memory redis-server would hold for a client's query buffer and reply
 * buffer, so CLIENT LIST (qbuf-free, rbs, rbp, tot-mem) reports what tools and the upstream tests
 * expect: Redis grows the query buffer 16 KB at a time (or to the size of a big argument), rounds
 * to jemalloc size classes, and its clients cron gives memory back after 2 idle seconds or once a
 * burst is over; the 16 KB reply buffer shrinks to what recent replies needed. Sonic's real
 * buffers are Node Buffers and strings; only these numbers follow Redis.
 */

/** Generic read size (PROTO_IOBUF_LEN). */
const IOBUF_LEN = 16 * 1024;
import { BIG_ARG } from '../protocol/parser.js';

export { BIG_ARG };
/** Buffers above this may shrink when their recent peak is small (PROTO_RESIZE_THRESHOLD). */
const RESIZE_THRESHOLD = 32 * 1024;
/** sds greedy growth doubles up to this, then adds it (SDS_MAX_PREALLOC). */
const MAX_PREALLOC = 1024 * 1024;

/** jemalloc's size class for an allocation of n bytes (4 classes per doubling above 128). */
export function jemallocSize(n: number): number {
  if (n <= 8) return 8;
  if (n <= 128) return Math.ceil(n / 16) * 16;
  const lg = Math.floor(Math.log2(n - 1));
  const delta = 2 ** (lg - 2);
  return Math.ceil(n / delta) * delta;
}

/** Header bytes of the sds type able to hold `len` (sds8 at least, as for growing strings). */
function sdsHeader(len: number): number {
  if (len < 256) return 3;
  if (len < 65536) return 5;
  if (len < 2 ** 32) return 9;
  return 17;
}

/** The usable size sds records after allocating room for `len` bytes. */
function sdsUsable(len: number): number {
  const hdr = sdsHeader(len);
  return jemallocSize(hdr + len + 1) - hdr - 1;
}

export class QueryBufferModel {
  /** Bytes allocated for data (sdsalloc); a new client's empty sds has room for 4. */
  alloc = 4;
  /** Highest length seen since the last cron pass (querybuf_peak). */
  peak = 0;

  /** Makes room for `add` more bytes after `len`, as sdsMakeRoomFor (greedy) or its non-greedy form. */
  private makeRoom(len: number, add: number, greedy: boolean): void {
    if (this.alloc - len >= add) return;
    let n = len + add;
    if (greedy) n = n < MAX_PREALLOC ? n * 2 : n + MAX_PREALLOC;
    this.alloc = sdsUsable(n);
  }

  /**
   * A read of `chunk` bytes is about to be appended to `len` buffered bytes; `bulkLen` is the
   * length of the bulk argument being read, or -1.
   */
  beforeRead(len: number, chunk: number, bulkLen: number): void {
    const bigArg = bulkLen >= BIG_ARG;
    let readLen = IOBUF_LEN;
    if (bigArg) {
      const remaining = bulkLen + 2 - len;
      if (remaining > 0) readLen = remaining;
    }
    if (bigArg || this.alloc < IOBUF_LEN) this.makeRoom(len, readLen, false);
    else this.makeRoom(len, readLen, true);
    // Node may hand over more than one read(2) of Redis's would take: grow as the next reads would.
    if (chunk > this.alloc - len) this.makeRoom(len, chunk, !bigArg);
  }

  /** The buffer now holds `len` bytes. */
  afterRead(len: number): void {
    if (len > this.peak) this.peak = len;
  }

  /**
   * A command whose last argument was `bigArg` bytes (>= BIG_ARG) was parsed from a buffer holding
   * just that argument: Redis kept the buffer as the argument and allocated a fresh one that size.
   */
  tookBigArg(bigArg: number): void {
    this.alloc = sdsUsable(bigArg + 2);
  }

  /** A big bulk header was parsed with nothing after it yet: Redis sizes the buffer for it. */
  expectBigArg(bulkLen: number, len: number): void {
    this.makeRoom(len, bulkLen + 2 - len, false);
  }

  /**
   * The clients cron pass (clientsCronResizeQueryBuffer): idle for more than 2 s, or far above its
   * recent peak, the buffer gives its free space back.
   */
  cron(len: number, idleSeconds: number, bulkLen: number): void {
    if (this.alloc - len > 4 * 1024) {
      if (idleSeconds > 2) {
        this.alloc = len;
      } else if (this.alloc > RESIZE_THRESHOLD && this.alloc / 2 > this.peak) {
        let size = Math.max(len, this.peak);
        if (bulkLen !== -1 && size < bulkLen) size = bulkLen;
        this.alloc = size;
      }
    }
    this.peak = len;
    if (bulkLen !== -1 && bulkLen > this.peak) this.peak = bulkLen;
  }

  /** qbuf-free for `len` buffered bytes. */
  free(len: number): number {
    return Math.max(this.alloc - len, 0);
  }

  /** Bytes the allocator holds for the buffer (sdsZmallocSize), for tot-mem. */
  allocated(): number {
    const hdr = sdsHeader(this.alloc);
    return jemallocSize(hdr + this.alloc + 1);
  }
}

/** Reply buffer bounds (PROTO_REPLY_MIN_BYTES, PROTO_REPLY_CHUNK_BYTES). */
const REPLY_MIN = 1024;
const REPLY_CHUNK = 16 * 1024;
/** reply-buffer-peak-reset-time's default, in ms. */
const PEAK_RESET_MS = 5000;

/** The static reply buffer of a Redis client (rbs = its size, rbp = its recent peak use). */
export class ReplyBufferModel {
  size = REPLY_CHUNK;
  peak = REPLY_CHUNK;
  /**
   * When the peak was last reset. Redis 7.0 starts it in seconds while comparing milliseconds,
   * so the first cron pass resets the peak at once; 0 reproduces that.
   */
  private lastReset = 0;

  /** `bytes` of replies were written in one go: the static buffer held up to its size of them. */
  wrote(bytes: number): void {
    const used = Math.min(bytes, this.size);
    if (used > this.peak) this.peak = used;
  }

  /** The clients cron pass (clientsCronResizeOutputBuffer). */
  cron(nowMs: number): void {
    let size = 0;
    if (this.size / 2 >= REPLY_MIN && this.peak < this.size / 2) size = Math.max(REPLY_MIN, this.peak + 1);
    else if (this.size * 2 < REPLY_CHUNK * 2 && this.peak === this.size) size = Math.min(REPLY_CHUNK, this.size * 2);
    if (nowMs - this.lastReset >= PEAK_RESET_MS) {
      this.peak = 0;
      this.lastReset = nowMs;
    }
    if (size !== 0) this.size = size;
  }
}
