/**
 * How a command handler states the way its write propagates to replicas and the AOF (DESIGN
 * rule 7). A handler that does nothing here propagates its argv as received whenever it bumped
 * `engine.dirty`, which is right for every deterministic write (SET k v, LPUSH, DEL ...).
 * Declare something else when replaying the argv would not reproduce the effect:
 *
 * - {@link propagateAs}: one command instead of the argv (SET ... EX 10 -> SET ... PXAT <ms>,
 *   INCRBYFLOAT -> SET ... KEEPTTL, BLPOP -> LPOP). Applies only if the command changed the
 *   dataset, so it can be declared before knowing (a no-op SET NX still propagates nothing).
 *   Outside a command (a BlockHandler serving a blocked client) it propagates at once.
 * - {@link alsoPropagate}: an extra operation queued in order (SPOP key 3 -> three SREMs); with
 *   {@link preventPropagation} it replaces the command.
 * - {@link forcePropagation}: propagate even though nothing changed (FLUSHALL of empty
 *   databases; PUBLISH, which changes no data but replicas must see).
 * - {@link preventPropagation}: the command itself is not propagated (EVAL/FCALL: their
 *   effects are, as the commands the script ran; SPOP with a count).
 *
 * All calls cost one flag test while no replica or AOF listens; arguments may be numbers
 * (integers, written in decimal), so timestamps need no string conversion in that case.
 * Several operations from one command, a transaction or a script reach replicas wrapped in
 * MULTI/EXEC (see propagator.ts).
 *
 * What Redis 7.0 does for the groups still to come (to declare the same way):
 * - Scripts (EVAL, EVALSHA, FCALL and their _RO forms): the script's redis.call()s run through
 *   the dispatcher's `call()` (so each nests as a call of its own and its writes gather in the
 *   EVAL's unit), and the EVAL/FCALL handler calls `preventPropagation(c)` on its caller: the
 *   replicas get the script's effects, in MULTI/EXEC when more than one. SCRIPT LOAD/FLUSH
 *   propagate nothing (not writes).
 * - PUBLISH / SPUBLISH: `forcePropagation(c)` (no data changes, replicas publish too).
 * - Streams: XADD with `*` or a partial ID propagates with the ID it generated (argv with the
 *   ID replaced), and an approximate trim (`~`) as the exact one it did (`=` and the resulting
 *   threshold, LIMIT dropped); XREADGROUP, XCLAIM, XAUTOCLAIM propagate as XCLAIM ... (one per
 *   entry, with TIME/RETRYCOUNT/FORCE/JUSTID/LASTID) plus XGROUP SETID for the last-delivered
 *   ID, via `alsoPropagate` + `preventPropagation` (t_stream.c streamPropagateXCLAIM /
 *   streamPropagateGroupID / streamPropagateConsumerCreation).
 */
import type { Client } from '../client.js';
import type { Engine } from '../engine.js';
import type { PropArg } from './propagator.js';

export type { PropArg, PropagationSink } from './propagator.js';

/** True when propagated commands go somewhere: build costly propagated forms only then. */
export function isPropagating(engine: Engine): boolean {
  return engine.propagation.active;
}

/** The running command propagates as `argv` (in the client's database) instead of its own argv. */
export function propagateAs(c: Client, argv: readonly PropArg[]): void {
  const p = c.engine.propagation;
  if (p.active) p.rewrite(c.db.id, argv);
}

/** Queues `argv` for propagation in the client's database, besides the running command. */
export function alsoPropagate(c: Client, argv: readonly PropArg[]): void {
  const p = c.engine.propagation;
  if (p.active) p.also(c.db.id, argv);
}

/** The running command propagates even if it did not change the dataset. */
export function forcePropagation(c: Client): void {
  const p = c.engine.propagation;
  if (p.active) p.force();
}

/** The running command is not propagated itself (operations queued with alsoPropagate still are). */
export function preventPropagation(c: Client): void {
  const p = c.engine.propagation;
  if (p.active) p.prevent();
}

/**
 * The deletion of `key` in database `dbid` that the server decided on its own (expiry,
 * eviction): propagated as UNLINK when the value was freed lazily, else DEL (Redis's
 * propagateDeletion).
 */
export function propagateDeletion(engine: Engine, dbid: number, key: string, lazy: boolean): void {
  const p = engine.propagation;
  if (p.active) p.also(dbid, [lazy ? 'UNLINK' : 'DEL', key]);
}

/** DEL or UNLINK of `key`, as a command that deleted it under a lazyfree-lazy-* setting propagates. */
export function propagateAsDeletion(c: Client, key: string, lazy: boolean): void {
  propagateAs(c, [lazy ? 'UNLINK' : 'DEL', key]);
}
