/**
 * Client-side caching (CLIENT TRACKING), after Redis 7.0's tracking.c.
 *
 * - Default mode: after a read-only command, a tracking client's keys go into the tracking table
 *   (key -> ids of the clients that may cache it). When a key changes, each client in its entry
 *   gets one invalidation and the entry goes; ids of clients that left or stopped tracking are
 *   dropped lazily, then, as in Redis.
 * - BCAST mode: nothing is remembered; every key modified under a prefix a client registered is
 *   gathered, and each prefix's keys are sent once the read batch is over (Redis's beforeSleep),
 *   through PendingWrites' before-flush hook.
 * - Messages: a RESP3 push `invalidate [keys]` (or a null for "everything", after a flush), to
 *   the client itself or to its REDIRECT client; a RESP2 redirect client gets it as a pub/sub
 *   message on `__redis__:invalidate` if subscribed to anything. A client invalidating a key it
 *   tracks itself while running a command gets the message after the command's reply.
 * - `tracking-table-max-keys`: over the limit, keys are evicted from the table (with an
 *   invalidation, as if modified) before each command and from a cron.
 *
 * The databases call {@link Tracking.keyModified} through their `invalidation` hook, which stays
 * null until a client first enables tracking: before that a write pays one null check.
 */
import type { Client } from './client.js';
import type { Command } from './command-table.js';
import type { Engine } from './engine.js';
import { CmdFlag } from './command-table.js';
import { getKeyPositionsLegacy } from './get-keys.js';
import type { KeyInvalidation } from '../keyspace/db.js';
import { RaxShape } from '../util/rax-shape.js';
import { cString } from '../util/bytes.js';

/** A client's tracking state bits (Redis's CLIENT_TRACKING_* flags). */
export const enum TrackingFlag {
  On = 1 << 0,
  BrokenRedir = 1 << 1,
  Bcast = 1 << 2,
  Optin = 1 << 3,
  Optout = 1 << 4,
  Caching = 1 << 5,
  Noloop = 1 << 6,
}

/** A BCAST client's prefixes: byte order for replies, and the node count Redis's rax has. */
export interface TrackingPrefixes {
  readonly sorted: string[];
  readonly shape: RaxShape;
}

/** One BCAST prefix: the keys modified under it since the last broadcast, and its clients. */
interface BcastState {
  /** Key -> the client that modified it last (null: expiry), for NOLOOP. */
  keys: Map<string, Client | null>;
  readonly clients: Set<Client>;
}

/** Bytes CLIENT LIST tot-mem counts per node of a client's prefix tree (sizeof(raxNode) * sizeof(ptr)). */
const PREFIX_NODE_BYTES = 32;

const INVALIDATE_PUSH = '>2\r\n$10\r\ninvalidate\r\n';
const INVALIDATE_MESSAGE = '*3\r\n$7\r\nmessage\r\n$20\r\n__redis__:invalidate\r\n';

/** The null Redis sends for "every key", in the protocol of the client that tracked. */
function nullFor(c: Client): string {
  return c.reply.proto === 3 ? '_\r\n' : '$-1\r\n';
}

function keysArray(keys: readonly string[]): string {
  let out = '*' + keys.length + '\r\n';
  for (const k of keys) out += '$' + k.length + '\r\n' + k + '\r\n';
  return out;
}

export class Tracking implements KeyInvalidation {
  /**
   * Key -> ids of the clients that may cache it (one id as a plain number, the common case, which
   * costs no Set per key); null until a client first enables tracking.
   */
  private table: Map<string, number | Set<number>> | null = null;
  /** Ids stored across the table (INFO tracking_total_items). */
  private totalItems = 0;
  /** BCAST prefixes (INFO tracking_total_prefixes), and the same in byte order. */
  private readonly prefixes = new Map<string, BcastState>();
  private sortedPrefixes: string[] = [];
  /** Clients with tracking on (INFO tracking_clients). */
  clients = 0;
  /** Invalidations for the running client, sent after its reply (null: a flush). */
  private pending: (string | null)[] = [];
  /** Runs of limitUsedSlots that ended still over the limit: each one raises the effort. */
  private evictionRuns = 0;
  /**
   * Set while limitUsedSlots evicts, before the command runs: then even the running client's
   * invalidations go out at once (Redis defers them only inside call()).
   */
  private evicting = false;
  /** tracking-table-max-keys, cached (0: no limit). */
  maxKeys = 0;
  private cron: ReturnType<typeof setTimeout> | undefined;

  /**
   * Test-only fault injection (sonic-kv/testing): when set, each invalidation message is handed
   * to it with the receiving client's id and a `deliver` function to call now, later or never.
   */
  fault: ((clientId: number, deliver: () => void) => void) | null = null;

  constructor(private readonly engine: Engine) {}

  get totalKeys(): number {
    return this.table === null ? 0 : this.table.size;
  }

  get totalItemsCount(): number {
    return this.totalItems;
  }

  get totalPrefixes(): number {
    return this.prefixes.size;
  }

  /** True when invalidations for the running client wait for its reply. */
  get hasPending(): boolean {
    return this.pending.length !== 0;
  }

  /** Bytes CLIENT LIST tot-mem adds for `c`'s prefixes (Redis counts their tree's nodes). */
  static memOverhead(c: Client): number {
    const p = c.trackingPrefixes;
    return p === null ? 0 : p.shape.nodes * PREFIX_NODE_BYTES;
  }

  /**
   * Turns tracking on for `c` (or changes its options): `redirect` is a client id or 0, `options`
   * the Bcast/Optin/Optout/Noloop bits, `prefixes` BCAST prefixes to add (none: the empty one).
   */
  enable(c: Client, redirect: number, options: number, prefixes: readonly string[]): void {
    if ((c.trackingFlags & TrackingFlag.On) === 0) this.clients++;
    // CACHING survives re-enabling, as in Redis; every other option is replaced.
    c.trackingFlags = TrackingFlag.On | (c.trackingFlags & TrackingFlag.Caching);
    c.trackingRedirect = redirect;
    if (this.table === null) this.start();
    if ((options & TrackingFlag.Bcast) !== 0) {
      c.trackingFlags |= TrackingFlag.Bcast;
      if (prefixes.length === 0) this.addPrefix(c, '');
      for (const p of prefixes) this.addPrefix(c, p);
    }
    c.trackingFlags |= options & (TrackingFlag.Optin | TrackingFlag.Optout | TrackingFlag.Noloop);
  }

  /** Turns tracking off (CLIENT TRACKING OFF, RESET, disconnection). The table is cleaned lazily. */
  disable(c: Client): void {
    const own = c.trackingPrefixes;
    if (own !== null) {
      for (const p of own.sorted) {
        const bs = this.prefixes.get(p)!;
        bs.clients.delete(c);
        if (bs.clients.size === 0) {
          this.prefixes.delete(p);
          this.sortedPrefixes = this.sortedPrefixes.filter((x) => x !== p);
        }
      }
      c.trackingPrefixes = null;
    }
    if ((c.trackingFlags & TrackingFlag.On) !== 0) {
      this.clients--;
      c.trackingFlags = 0;
    }
  }

  /** First use: the databases start reporting modified keys, and the table limit gets a cron. */
  private start(): void {
    this.table = new Map();
    for (const db of this.engine.dbs) db.invalidation = this;
    this.engine.writes.setBeforeFlush(() => this.broadcast());
    this.scheduleCron();
    this.engine.onClose(() => {
      if (this.cron !== undefined) clearTimeout(this.cron);
      this.cron = undefined;
    });
  }

  /** Redis's serverCron part: enforce tracking-table-max-keys even when no command comes. */
  private scheduleCron(): void {
    const hz = Math.min(Math.max(this.engine.config.num('hz'), 1), 500);
    this.cron = setTimeout(() => {
      if (this.clients !== 0 && !this.engine.cronPaused) this.limitUsedSlots();
      this.scheduleCron();
    }, 1000 / hz);
    this.cron.unref?.();
  }

  private addPrefix(c: Client, prefix: string): void {
    let bs = this.prefixes.get(prefix);
    if (bs === undefined) {
      bs = { keys: new Map(), clients: new Set() };
      this.prefixes.set(prefix, bs);
      this.sortedPrefixes = insertSorted(this.sortedPrefixes, prefix);
    }
    if (bs.clients.has(c)) return;
    bs.clients.add(c);
    let own = c.trackingPrefixes;
    if (own === null) own = c.trackingPrefixes = { sorted: [], shape: new RaxShape() };
    if (own.shape.insert(prefix)) own.sorted.splice(sortedIndex(own.sorted, prefix), 0, prefix);
  }

  /**
   * After a read-only command of a client tracking in default mode: remembers the keys it read
   * (unless OPTIN without CACHING YES, or OPTOUT with CACHING NO).
   */
  rememberKeys(c: Client, cmd: Command, argv: readonly string[]): void {
    const f = c.trackingFlags;
    const caching = (f & TrackingFlag.Caching) !== 0;
    if (((f & TrackingFlag.Optin) !== 0 && !caching) || ((f & TrackingFlag.Optout) !== 0 && caching)) return;
    const positions = getKeyPositionsLegacy(cmd, argv);
    // Shard channels look like keys to COMMAND but are never cached.
    if (positions.length === 0 || (cmd.flags & CmdFlag.Pubsub) !== 0) return;
    const table = this.table!;
    const id = c.id;
    for (const pos of positions) {
      const key = argv[pos];
      const ids = table.get(key);
      if (ids === undefined) table.set(key, id);
      else if (ids === id) continue;
      else if (typeof ids === 'number') table.set(key, new Set([ids, id]));
      else if (ids.has(id)) continue;
      else ids.add(id);
      this.totalItems++;
    }
  }

  /** The databases' hook: `key` was modified (by the running client, or by expiry). */
  keyModified(key: string, byExpiry: boolean): void {
    this.invalidateKey(byExpiry ? null : this.engine.currentClient, key, true);
  }

  /**
   * Tells the clients that may cache `key` that it changed, and forgets them (Redis's
   * trackingInvalidateKey). `bcast`: also queue it for the BCAST clients of matching prefixes,
   * remembering `modifier` for NOLOOP (false when the table evicts a key that did not change).
   */
  private invalidateKey(modifier: Client | null, key: string, bcast: boolean): void {
    const table = this.table!;
    if (bcast && this.prefixes.size !== 0) this.rememberForBroadcast(modifier, key);
    const ids = table.get(key);
    if (ids === undefined) return;
    table.delete(key);
    if (typeof ids === 'number') {
      this.totalItems--;
      this.tell(ids, key);
    } else {
      this.totalItems -= ids.size;
      // (Redis walks the ids in its own order; each client's message is the same, so no client
      // can tell the difference.)
      for (const id of ids) this.tell(id, key);
    }
  }

  /** Invalidates `key` for the client `id` had, if it is still tracking in default mode. */
  private tell(id: number, key: string): void {
    const target = this.engine.clients.get(id);
    if (target === undefined) return;
    const f = target.trackingFlags;
    if ((f & TrackingFlag.On) === 0 || (f & TrackingFlag.Bcast) !== 0) return;
    if (target === this.engine.currentClient) {
      if ((f & TrackingFlag.Noloop) !== 0) return;
      // Its own command changed the key: the message must follow the command's reply.
      if (!this.evicting) {
        this.pending.push(key);
        return;
      }
    }
    this.send(target, keysArray([key]));
  }

  private rememberForBroadcast(modifier: Client | null, key: string): void {
    let queued = false;
    for (const [prefix, bs] of this.prefixes) {
      if (!key.startsWith(prefix)) continue;
      bs.keys.set(key, modifier);
      queued = true;
    }
    if (queued) this.engine.writes.scheduleBeforeFlush();
  }

  /** Sends the invalidations the running client caused itself, after its reply. */
  flushPending(): void {
    const list = this.pending;
    this.pending = [];
    const c = this.engine.currentClient;
    if (c === null) return;
    for (const key of list) this.send(c, key === null ? nullFor(c) : keysArray([key]));
  }

  /**
   * FLUSHDB, FLUSHALL, SWAPDB, DEBUG RELOAD: every tracking client is told that all keys are
   * invalid (one null), and the table is emptied.
   */
  invalidateAll(): void {
    if (this.clients !== 0) {
      const current = this.engine.currentClient;
      for (const c of this.engine.clients.values()) {
        if ((c.trackingFlags & TrackingFlag.On) === 0) continue;
        if (c === current) this.pending.push(null);
        else this.send(c, nullFor(c));
      }
    }
    if (this.table !== null) {
      this.table = new Map();
      this.totalItems = 0;
    }
  }

  /**
   * Keeps the table within tracking-table-max-keys: evicts keys (oldest first; Redis picks them
   * at random) with an invalidation each, up to 100 per run times the number of runs in a row
   * that could not get under the limit.
   */
  limitUsedSlots(): void {
    const table = this.table;
    if (table === null || this.maxKeys === 0) return;
    if (table.size <= this.maxKeys) {
      this.evictionRuns = 0;
      return;
    }
    let effort = 100 * (this.evictionRuns + 1);
    const keys = table.keys();
    this.evicting = true;
    try {
      while (effort > 0) {
        effort--;
        const next = keys.next();
        if (next.done === true) break;
        this.invalidateKey(null, next.value, false);
        if (table.size <= this.maxKeys) {
          this.evictionRuns = 0;
          return;
        }
      }
      this.evictionRuns++;
    } finally {
      this.evicting = false;
    }
  }

  /**
   * Sends each BCAST prefix's gathered keys to its clients, one message per prefix and client
   * (keys in byte order; a NOLOOP client does not hear of keys it modified last), and starts
   * gathering afresh.
   */
  private broadcast(): void {
    if (this.table === null || this.clients === 0) return;
    for (const prefix of this.sortedPrefixes) {
      const bs = this.prefixes.get(prefix)!;
      if (bs.keys.size === 0) continue;
      const keys = [...bs.keys.keys()].sort();
      const all = keysArray(keys);
      for (const c of bs.clients) {
        if ((c.trackingFlags & TrackingFlag.Noloop) === 0) {
          this.send(c, all);
          continue;
        }
        const others = keys.filter((k) => bs.keys.get(k) !== c);
        if (others.length !== 0) this.send(c, keysArray(others));
      }
      bs.keys = new Map();
    }
  }

  /**
   * Sends an invalidation whose value part is `payload` (an encoded array of keys, or a null)
   * for the tracking client `c`: to its redirect client if it has one, or to itself over RESP3.
   * A redirect to a client that is gone marks `c` broken and tells it so (RESP3).
   */
  private send(c: Client, payload: string): void {
    let target = c;
    const redirected = c.trackingRedirect !== 0;
    if (redirected) {
      const redir = this.engine.clients.get(c.trackingRedirect);
      if (redir === undefined) {
        c.trackingFlags |= TrackingFlag.BrokenRedir;
        if (c.reply.proto === 3) this.deliver(c, '>2\r\n$21\r\ntracking-redir-broken\r\n:' + c.trackingRedirect + '\r\n');
        return;
      }
      target = redir;
    }
    let frame: string;
    if (target.reply.proto === 3) frame = INVALIDATE_PUSH + payload;
    else if (redirected && target.subscriptions !== 0) frame = INVALIDATE_MESSAGE + payload;
    else return; // A RESP2 connection has no way to receive it.
    if (this.fault === null) this.deliver(target, frame);
    else {
      const to = target;
      this.fault(to.id, () => this.deliver(to, frame));
    }
  }

  /** Appends push data to a client's output and queues it for writing (never to one closing). */
  private deliver(c: Client, frame: string): void {
    if (c.closeAfterReply || c.closing) return;
    c.reply.push(frame);
    this.engine.writes.add(c);
  }
}

/** Index where `s` goes in the byte-ordered `list`. */
function sortedIndex(list: readonly string[], s: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function insertSorted(list: string[], s: string): string[] {
  list.splice(sortedIndex(list, s), 0, s);
  return list;
}

/**
 * The first overlap of CLIENT TRACKING's new `prefixes` with the client's prefixes or with each
 * other (one is a prefix of the other), as Redis's checkPrefixCollisionsOrReply reports it.
 * `fatal` is false where Redis, after replying the error, goes on enabling tracking anyway (an
 * overlap among the new prefixes found after the first one): both replies are then sent.
 */
export function findPrefixCollision(c: Client, prefixes: readonly string[]): { msg: string; fatal: boolean } | null {
  const overlaps = (a: string, b: string) => (a.length <= b.length ? b.startsWith(a) : a.startsWith(b));
  for (let i = 0; i < prefixes.length; i++) {
    for (const existing of c.trackingPrefixes?.sorted ?? []) {
      if (overlaps(existing, prefixes[i])) {
        return { msg: `ERR Prefix '${cString(prefixes[i])}' overlaps with an existing prefix '${cString(existing)}'. Prefixes for a single client must not overlap.`, fatal: true };
      }
    }
    for (let j = i + 1; j < prefixes.length; j++) {
      if (overlaps(prefixes[i], prefixes[j])) {
        return { msg: `ERR Prefix '${cString(prefixes[i])}' overlaps with another provided prefix '${cString(prefixes[j])}'. Prefixes for a single client must not overlap.`, fatal: i === 0 };
      }
    }
  }
  return null;
}

