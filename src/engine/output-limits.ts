/**
 * client-output-buffer-limit, as Redis 7.0 enforces it (checkClientOutputBufferLimits): each
 * client class (normal, replica, pubsub) has a hard limit, and a soft limit that may be exceeded
 * for at most `seconds`. A client over either is disconnected, its pending output dropped, so a
 * subscriber that stops reading never makes the server hold unbounded memory.
 *
 * What is measured is Redis's reply list: the output waiting beyond the client's static reply
 * buffer (rbs bytes), in blocks of about 20 KB, the same figure CLIENT LIST shows as omem. The server
 * checks before writing a batch of output and from the clients cron (server/connection.ts).
 */
import type { Client } from './client.js';

/** Limits of one client class, in bytes and seconds (0 = none). */
export interface ClassLimit {
  readonly hard: number;
  readonly soft: number;
  readonly seconds: number;
}

const NONE: ClassLimit = { hard: 0, soft: 0, seconds: 0 };

/**
 * Data bytes of one reply list block: Redis asks for PROTO_REPLY_CHUNK_BYTES (16 KB) plus the
 * 16-byte block header, jemalloc rounds that up to 20 KB, and the block keeps all of it.
 */
export const REPLY_BLOCK_BYTES = 20480 - 16;
/** What Redis adds per block when it measures the list (a listNode and the block header). */
const REPLY_BLOCK_OVERHEAD = 24 + 16;

/** Blocks of Redis's reply list for `pending` bytes of unwritten output (CLIENT LIST oll). */
export function replyListBlocks(pending: number, rbs: number): number {
  return pending > rbs ? Math.ceil((pending - rbs) / REPLY_BLOCK_BYTES) : 0;
}

/**
 * Bytes of Redis's reply list for `pending` bytes of unwritten output, the first `rbs` of which
 * fit the static buffer (getClientOutputBufferMemoryUsage: CLIENT LIST omem, and the measure
 * the limits are checked against).
 */
export function replyListBytes(pending: number, rbs: number): number {
  return replyListBlocks(pending, rbs) * (REPLY_BLOCK_BYTES + REPLY_BLOCK_OVERHEAD);
}

/** The limits per class, cached from the config (typed value of client-output-buffer-limit). */
export class OutputLimits {
  normal: ClassLimit = NONE;
  replica: ClassLimit = NONE;
  pubsub: ClassLimit = NONE;

  update(v: unknown): void {
    const t = v as { normal: ClassLimit; replica: ClassLimit; pubsub: ClassLimit } | undefined;
    if (t === undefined) return;
    this.normal = t.normal;
    this.replica = t.replica;
    this.pubsub = t.pubsub;
  }

  /** The limits of `c`'s class: subscribers are pubsub, everyone else (monitors too) normal. */
  forClient(c: Client): ClassLimit {
    return c.subscriptions !== 0 ? this.pubsub : this.normal;
  }
}

/**
 * True when `used` bytes put `c` over its class's hard limit, or over the soft limit for longer
 * than allowed; keeps the client's soft-limit clock (first time over: start it, not yet reached;
 * back under: reset it).
 */
export function outputLimitReached(c: Client, limit: ClassLimit, used: number, nowSec: number): boolean {
  const hard = limit.hard !== 0 && used >= limit.hard;
  let soft = limit.soft !== 0 && used >= limit.soft;
  if (soft) {
    if (c.obufSoftLimitSince === 0) {
      c.obufSoftLimitSince = nowSec;
      soft = false;
    } else if (nowSec - c.obufSoftLimitSince <= limit.seconds) {
      soft = false;
    }
  } else {
    c.obufSoftLimitSince = 0;
  }
  return hard || soft;
}
