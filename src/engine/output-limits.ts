/**
 * client-output-buffer-limit, as Redis 7.0 enforces it (checkClientOutputBufferLimits): each
 * client class (normal, replica, pubsub) has a hard limit, and a soft limit that may be exceeded
 * for at most `seconds`. A client over either is disconnected, its pending output dropped, so a
 * subscriber that stops reading never makes the server hold unbounded memory.
 *
 * What is measured is Redis's reply list: the output waiting beyond the client's static reply
 * buffer (rbs bytes), in 16 KB blocks, the same figure CLIENT LIST shows as omem. The server
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

/** Reply list blocks are this big (PROTO_REPLY_CHUNK_BYTES). */
export const REPLY_BLOCK_BYTES = 16 * 1024;

/**
 * Bytes of Redis's reply list for `pending` bytes of unwritten output, the first `rbs` of which
 * fit the static buffer (CLIENT LIST omem; the output-limit measure).
 */
export function replyListBytes(pending: number, rbs: number): number {
  return pending > rbs ? Math.ceil((pending - rbs) / REPLY_BLOCK_BYTES) * REPLY_BLOCK_BYTES : 0;
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
