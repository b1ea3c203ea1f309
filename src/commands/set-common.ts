/** Pieces shared by the set command files (set.ts, set-random.ts, set-algebra.ts). */
import { readTyped, writeTyped } from './keyspace-common.js';
import type { Client } from '../engine/client.js';
import { notify, Notify } from '../engine/notify.js';
import type { ReplyBuffer } from '../protocol/reply.js';
import { SetValue } from '../types/set.js';

/** The set-max-intset-entries config, read once per command. */
export function maxIntset(c: Client): number {
  return c.engine.config.num('set-max-intset-entries');
}

/**
 * The set at `key` for a write (no hit/miss accounting), undefined when missing, or null after
 * replying WRONGTYPE.
 */
export function setForWrite(c: Client, key: string): SetValue | undefined | null {
  return writeTyped(c, key, SetValue);
}

/** Like setForWrite, for reads (counts a keyspace hit or miss, as Redis's lookupKeyRead). */
export function setForRead(c: Client, key: string): SetValue | undefined | null {
  return readTyped(c, key, SetValue);
}

/** Redis's shared.emptyset: `~0` in RESP3, an empty array in RESP2. */
export function replyEmptySet(r: ReplyBuffer): void {
  r.raw(r.proto === 3 ? '~0\r\n' : '*0\r\n');
}

/** Bulk strings for `items`, appended to one string (the caller wrote the header). */
export function bulks(items: readonly string[]): string {
  let s = '';
  for (let i = 0; i < items.length; i++) {
    const it = items[i];
    s += '$' + it.length + '\r\n' + it + '\r\n';
  }
  return s;
}

/** Every member of `set`, as a RESP3 set (array in RESP2), in the set's iteration order. */
export function replySetMembers(r: ReplyBuffer, set: SetValue): void {
  const m = set.members();
  r.raw((r.proto === 3 ? '~' : '*') + m.length + '\r\n' + bulks(m));
}

/**
 * Stores `result` at `dst` as the *STORE commands do: an empty result deletes `dst` (counting a
 * change only if something was deleted), a non-empty one replaces it (dropping any TTL); replies
 * with the result's size.
 */
export function storeSetResult(c: Client, dst: string, result: SetValue, event: string, replyLast = false): void {
  const n = result.size;
  if (n > 0) {
    c.db.set(dst, result);
    c.reply.int(n);
    notify(c, Notify.Set, event, dst);
    c.engine.dirty++;
    return;
  }
  // The deletion's event comes after the reply, except where Redis returns early (replyLast:
  // SINTERSTORE of a missing key).
  if (!replyLast) c.reply.int(0);
  // Redis's dbDelete: removes the key even if its TTL has passed and it was not looked up.
  if (c.db.remove(dst)) {
    notify(c, Notify.Generic, 'del', dst);
    c.engine.dirty++;
  }
  if (replyLast) c.reply.int(0);
}
