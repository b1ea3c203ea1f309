/**
 * The registry of clients blocked on keys (BLPOP, BZPOPMIN, XREAD BLOCK ...): which waiters wait
 * on which key of which database, in the order they blocked, which keys became "ready", and when
 * each wait times out. It is pure bookkeeping, with no knowledge of clients or replies:
 * engine/blocking.ts builds the client side (blocking a client, serving it, timeouts, CLIENT
 * UNBLOCK) on top of it, and command handlers use that module, not this one.
 *
 * The data model follows Redis 7.0 (blocked.c):
 * - per database, key -> FIFO queue of waiters (Redis's db->blocking_keys). A waiter blocked on
 *   several keys has one node in each key's queue; unblocking unlinks them all in O(keys);
 * - the ready list (server.ready_keys): keys that received a value while someone waits on them,
 *   each at most once per database until it is handled (db->ready_keys). Keys are handled in the
 *   order they were signalled; keys signalled while the list is being handled (BLMOVE pushing
 *   to another key) form the next batch of the same round;
 * - a deadline heap (server.clients_timeout_table) for waits with a timeout.
 *
 * Cost when nobody waits: a database's `waits` field is null, so Db.set and Db.remove pay one
 * null check.
 */
import type { Db } from './db.js';

/** The value types a client can block on. */
export type BlockableType = 'list' | 'zset' | 'stream';

/** One queue node: a waiter's place in one key's queue. */
export interface WaitNode {
  readonly waiter: Waiter;
  prev: WaitNode | null;
  next: WaitNode | null;
}

/** The waiters of one key, first blocked first. */
class WaitQueue {
  head: WaitNode | null = null;
  tail: WaitNode | null = null;
  size = 0;

  push(waiter: Waiter): WaitNode {
    const node: WaitNode = { waiter, prev: this.tail, next: null };
    if (this.tail === null) this.head = node;
    else this.tail.next = node;
    this.tail = node;
    this.size++;
    return node;
  }

  unlink(node: WaitNode): void {
    if (node.prev === null) this.head = node.next;
    else node.prev.next = node.next;
    if (node.next === null) this.tail = node.prev;
    else node.next.prev = node.prev;
    this.size--;
  }
}

/**
 * One blocked wait. Subclass it to carry what serving needs (engine/blocking.ts does); the fields
 * below `deadline` belong to the registry.
 */
export class Waiter {
  /** The distinct keys waited on, in the order given. */
  readonly keys: readonly string[];
  /** Queue nodes, one per key (registry-owned). */
  nodes: WaitNode[] = [];
  /** Position in the deadline heap, -1 when not in it (registry-owned). */
  heapIndex = -1;
  /** Order of blocking, to break deadline ties (registry-owned). */
  seq = 0;
  /** True from add() until remove() (registry-owned). */
  active = false;

  /**
   * @param db the database whose keys are waited on
   * @param keys the keys (duplicates are ignored, as Redis does for `BLPOP k k 0`)
   * @param type the value type whose arrival can serve this waiter
   * @param deadline absolute time in ms after which the wait times out; 0 waits forever
   */
  constructor(
    readonly db: Db,
    keys: readonly string[],
    readonly type: BlockableType,
    readonly deadline: number,
  ) {
    this.keys = keys.length > 1 ? [...new Set(keys)] : keys;
  }
}

/**
 * The keys of one database that clients wait on. Db holds it in `waits` while at least one
 * client waits there, and null otherwise.
 */
export class DbWaits {
  readonly queues = new Map<string, WaitQueue>();
  /** Keys of this database in the ready list, not yet handled. */
  readonly ready = new Set<string>();

  constructor(
    private readonly registry: BlockingKeys,
    readonly db: Db,
  ) {}

  /** Db.set and Db.remove call this for every key they store or delete while the database has waiters. */
  keyChanged(key: string): void {
    if (this.queues.has(key)) this.registry.signal(this.db, key);
  }

  /**
   * Signals every waited key, after FLUSHDB/FLUSHALL or SWAPDB replaced the contents under them
   * (Redis's scanDatabaseForReadyKeys and scanDatabaseForDeletedStreams): waiters are served
   * from keys that now exist and told (keyGone) about keys that are gone.
   */
  signalAll(): void {
    for (const key of this.queues.keys()) this.registry.signal(this.db, key);
  }
}

/** A key to handle: `key` of `db` received a value while clients wait on it. */
export interface ReadyKey {
  readonly db: Db;
  readonly key: string;
}

/** Registry of waiters, ready keys and deadlines for all databases. See the file comment. */
export class BlockingKeys<W extends Waiter = Waiter> {
  /**
   * Keys signalled and not yet handled, in signal order. Its length is what the dispatcher
   * checks after every command (non-zero: call the engine's handleReadyKeys).
   */
  pending: ReadyKey[] = [];
  /** Number of active waiters. */
  size = 0;
  /** Min-heap of waiters with a deadline, by (deadline, seq). */
  private readonly heap: W[] = [];
  private nextSeq = 0;

  /** Number of waiters with a deadline (INFO clients_in_timeout_table). */
  get timeoutCount(): number {
    return this.heap.length;
  }

  /** Registers `w` at the tail of the queue of each of its keys, and its deadline if any. */
  add(w: W): void {
    if (w.active) throw new Error('waiter already blocked');
    const db = w.db;
    let dw = db.waits;
    if (dw === null) dw = db.waits = new DbWaits(this as unknown as BlockingKeys, db);
    w.nodes = [];
    for (const key of w.keys) {
      let q = dw.queues.get(key);
      if (q === undefined) dw.queues.set(key, (q = new WaitQueue()));
      w.nodes.push(q.push(w));
    }
    w.active = true;
    w.seq = this.nextSeq++;
    this.size++;
    if (w.deadline !== 0) this.heapPush(w);
  }

  /** Unregisters `w` (served, timed out, unblocked or disconnected). Idempotent. */
  remove(w: W): void {
    if (!w.active) return;
    w.active = false;
    this.size--;
    const db = w.db;
    const dw = db.waits;
    if (dw !== null) {
      for (let i = 0; i < w.keys.length; i++) {
        const q = dw.queues.get(w.keys[i]);
        if (q === undefined) continue;
        q.unlink(w.nodes[i]);
        if (q.size === 0) dw.queues.delete(w.keys[i]);
      }
      // Keys still in the ready list reference `dw` through db; they are handled harmlessly.
      if (dw.queues.size === 0 && dw.ready.size === 0) db.waits = null;
    }
    w.nodes = [];
    if (w.heapIndex >= 0) this.heapRemove(w);
  }

  /**
   * Marks `key` of `db` ready if clients wait on it and it is not already pending (Redis's
   * signalKeyAsReady). Db.set and Db.remove do this for every key they touch; call it directly
   * for changes that go through neither but can serve a waiter (e.g. XADD to an existing stream,
   * which changes the value in place).
   */
  signal(db: Db, key: string): void {
    const dw = db.waits;
    if (dw === null || !dw.queues.has(key) || dw.ready.has(key)) return;
    dw.ready.add(key);
    this.pending.push({ db, key });
  }

  /**
   * Takes the pending ready keys (in signal order) and clears their "pending" marks, so keys
   * signalled while they are handled are queued again for the next batch.
   */
  takeReady(): ReadyKey[] {
    const batch = this.pending;
    this.pending = [];
    for (const { db, key } of batch) {
      const dw = db.waits;
      if (dw === null) continue;
      dw.ready.delete(key);
      if (dw.queues.size === 0 && dw.ready.size === 0) db.waits = null;
    }
    return batch;
  }

  /** The waiters on `key` of `db`, first blocked first (a snapshot: safe to unblock while walking it). */
  waitersOn(db: Db, key: string): W[] {
    const q = db.waits?.queues.get(key);
    const out: W[] = [];
    for (let n = q?.head ?? null; n !== null; n = n.next) out.push(n.waiter as W);
    return out;
  }

  /** Number of waiters on `key` of `db`. */
  countOn(db: Db, key: string): number {
    return db.waits?.queues.get(key)?.size ?? 0;
  }

  /** The earliest deadline (ms), or 0 when no wait has one. */
  nextDeadline(): number {
    return this.heap.length === 0 ? 0 : this.heap[0].deadline;
  }

  /**
   * Removes and returns the waiters whose deadline is before `now` (Redis unblocks when
   * `timeout < now`), earliest first.
   */
  expired(now: number): W[] {
    const out: W[] = [];
    while (this.heap.length !== 0 && this.heap[0].deadline < now) {
      const w = this.heap[0];
      this.remove(w);
      out.push(w);
    }
    return out;
  }

  private less(a: W, b: W): boolean {
    return a.deadline < b.deadline || (a.deadline === b.deadline && a.seq < b.seq);
  }

  private heapPush(w: W): void {
    const h = this.heap;
    w.heapIndex = h.length;
    h.push(w);
    this.siftUp(w.heapIndex);
  }

  private heapRemove(w: W): void {
    const h = this.heap;
    const i = w.heapIndex;
    const last = h.pop()!;
    w.heapIndex = -1;
    if (last === w) return;
    h[i] = last;
    last.heapIndex = i;
    this.siftUp(i);
    this.siftDown(last.heapIndex);
  }

  private siftUp(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private swap(i: number, j: number): void {
    const h = this.heap;
    const t = h[i];
    h[i] = h[j];
    h[j] = t;
    h[i].heapIndex = i;
    h[j].heapIndex = j;
  }
}
