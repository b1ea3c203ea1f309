/**
 * MULTI/EXEC transactions, after Redis 7.0's multi.c and the MULTI parts of processCommand.
 *
 * - MULTI gives the client a {@link Transaction}; from then on the dispatcher queues every
 *   command that passed its checks (except EXEC, DISCARD, MULTI, WATCH, QUIT, RESET, which run)
 *   and replies `+QUEUED`.
 * - A command rejected before queueing (unknown, wrong arity, NOAUTH, OOM, not allowed in a
 *   transaction ...) is replied to and marks the transaction aborted: EXEC then replies
 *   EXECABORT and discards it ({@link flagTransaction}). A rejected EXEC aborts at once with the
 *   rejection's text ({@link execAbortReply}).
 * - EXEC runs the queued commands through the dispatcher's `call` (stats, slow log, MONITOR),
 *   with blocking denied (blocking commands reply as if timed out), inside one top-level
 *   command: clients blocked on keys are served after the whole EXEC.
 * - WATCHed keys (keyspace/watched-keys.ts) modified before EXEC make it reply a null array.
 */
import { aclDenial, call } from './dispatcher.js';
import { execDenialText } from '../acl/check.js';
import { LogContext } from '../acl/log.js';
import type { Client, QueuedTransaction } from './client.js';
import type { Command } from './command-table.js';
import type { Engine } from './engine.js';

/** One queued command. */
interface Queued {
  readonly cmd: Command;
  readonly argv: string[];
}

/** Bytes of one queued command slot in Redis (multiCmd). */
const QUEUED_SLOT_BYTES = 24;
/** Bytes Redis counts per queued argument pointer. */
const ARG_POINTER_BYTES = 8;

/** A transaction being queued (the client's `multi` while in MULTI, flag 'x'). */
export class Transaction implements QueuedTransaction {
  readonly commands: Queued[] = [];
  argvBytes = 0;
  flags = 0;
  /** Slots Redis has allocated for the queue (2, then doubling), for multi-mem. */
  private slots = 0;
  /** A command was rejected while queueing: EXEC must abort (Redis's CLIENT_DIRTY_EXEC). */
  aborted = false;

  get count(): number {
    return this.commands.length;
  }

  get reservedBytes(): number {
    return this.slots * QUEUED_SLOT_BYTES;
  }

  /** Adds a command to the queue (nothing is kept once the transaction is known to fail). */
  queue(c: Client, cmd: Command, argv: string[], flags = cmd.flags): void {
    if (this.aborted || c.watch.dirty) return;
    if (this.commands.length === this.slots) this.slots = this.slots === 0 ? 2 : this.slots * 2;
    this.commands.push({ cmd, argv });
    this.flags |= flags;
    let bytes = ARG_POINTER_BYTES * argv.length;
    for (let i = 0; i < argv.length; i++) bytes += argv[i].length;
    this.argvBytes += bytes;
  }
}

/** Commands that run rather than being queued inside MULTI. */
const RUN_INSIDE_MULTI = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset']);

/** True when the client is in MULTI and `cmd` must be queued instead of run. */
export function mustQueue(c: Client, cmd: Command): boolean {
  return c.multi !== null && !RUN_INSIDE_MULTI.has(cmd.fullname);
}

/**
 * True for the commands an OOM condition never refuses inside MULTI on that account alone
 * (EXEC is refused only when it holds commands that may grow memory).
 */
export function oomExemptInMulti(cmd: Command): boolean {
  const n = cmd.fullname;
  return n === 'exec' || n === 'discard' || n === 'quit' || n === 'reset';
}

/** Queues `cmd` for the client in MULTI and replies +QUEUED. */
export function queueCommand(c: Client, cmd: Command, argv: string[], flags = cmd.flags): void {
  (c.multi as Transaction).queue(c, cmd, argv, flags);
  c.reply.simple('QUEUED');
}

/** A command was rejected before queueing: EXEC will abort (Redis's flagTransaction). */
export function flagTransaction(c: Client): void {
  if (c.multi !== null) (c.multi as Transaction).aborted = true;
}

/** Leaves MULTI, dropping the queue and every WATCH (Redis's discardTransaction). */
export function discardTransaction(c: Client): void {
  c.multi = null;
  c.watch.dirty = false;
  c.watch.unwatchAll();
}

/**
 * The error EXEC replies when it is itself rejected before running (arity, NOAUTH, OOM ...):
 * Redis's execCommandAbort, which also discards the transaction. Texts that Redis formats
 * without a code ("wrong number of arguments ...") lose the ERR our catalog gives them.
 */
export function execAbortReply(c: Client, msg: string): string {
  discardTransaction(c);
  return `EXECABORT Transaction discarded because of: ${msg.startsWith('ERR ') ? msg.slice(4) : msg}`;
}

/** MULTI. */
export function beginTransaction(c: Client): void {
  if (c.multi !== null) return c.reply.error('ERR MULTI calls can not be nested');
  c.multi = new Transaction();
  c.reply.ok();
}

/** EXEC: runs the queued commands and replies their replies as one array. */
export function execTransaction(engine: Engine, c: Client): void {
  const tx = c.multi as Transaction | null;
  if (tx === null) return c.reply.error('ERR EXEC without MULTI');
  // A key that was live when WATCHed and has expired since counts as modified.
  if (!c.watch.dirty && c.watch.keys.length !== 0 && c.watch.anyExpired()) c.watch.dirty = true;
  if (tx.aborted || c.watch.dirty) {
    if (tx.aborted) c.reply.error('EXECABORT Transaction discarded because of previous errors.');
    else c.reply.nullArray();
    discardTransaction(c);
    return;
  }
  const denyBlocking = c.denyBlocking;
  c.denyBlocking = true;
  // Nothing can break the transaction once it runs: stop watching now.
  c.watch.unwatchAll();
  const reply = c.reply;
  reply.arrayLen(tx.commands.length);
  for (const q of tx.commands) {
    // Permissions are checked again: the user's rules may have changed since queueing.
    if (!c.user.allowAll && !c.mustObey) {
      const denied = aclDenial(engine, c, q.cmd, q.argv, LogContext.Multi);
      if (denied !== null) {
        const msg = execDenialText(denied);
        reply.error(msg);
        engine.stats.countError(msg);
        continue;
      }
    }
    call(engine, c, q.cmd, q.argv);
  }
  // An error inside the transaction is the queued command's, not EXEC's (Redis counts each
  // error once, for the command that replied it).
  reply.lastError = null;
  c.denyBlocking = denyBlocking;
  discardTransaction(c);
}
