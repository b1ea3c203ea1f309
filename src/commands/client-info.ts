/**
 * The one-line description of a client printed by CLIENT LIST and CLIENT INFO, field for field
 * as Redis 7.0 prints it (catClientInfoString), and the client types CLIENT LIST/KILL filter on.
 */
import type { Client } from '../engine/client.js';
import { WATCHED_KEY_BYTES } from '../keyspace/watched-keys.js';
import { PubSub } from '../engine/pubsub.js';
import { Tracking, TrackingFlag } from '../engine/tracking.js';
import { replyListBlocks, replyListBytes } from '../engine/output-limits.js';

/** Client classes (Redis's CLIENT_TYPE_*). */
export type ClientType = 'normal' | 'slave' | 'pubsub' | 'master';

/** Parses a TYPE argument ("replica" is an alias of "slave"); undefined when unknown. */
export function clientTypeByName(name: string): ClientType | undefined {
  switch (name.toLowerCase()) {
    case 'normal':
      return 'normal';
    case 'slave':
    case 'replica':
      return 'slave';
    case 'pubsub':
      return 'pubsub';
    case 'master':
      return 'master';
    default:
      return undefined;
  }
}

/** A client's class: replicas are 'slave'; monitors count as normal clients, subscribers as pubsub. */
export function clientType(c: Client): ClientType {
  if (c.replica !== null) return 'slave';
  return c.subscriptions !== 0 ? 'pubsub' : 'normal';
}

/** The flags field, in Redis's order; "N" when none applies. */
function flagsOf(c: Client): string {
  let f = '';
  if (c.monitor) f += 'O';
  else if (c.replica !== null) f += 'S';
  if (c.subscriptions !== 0) f += 'P';
  if (c.multi !== null) f += 'x';
  if (c.blocked !== null) f += 'b';
  const t = c.trackingFlags;
  if (t !== 0) {
    if ((t & TrackingFlag.On) !== 0) f += 't';
    if ((t & TrackingFlag.BrokenRedir) !== 0) f += 'R';
    if ((t & TrackingFlag.Bcast) !== 0) f += 'B';
  }
  if (c.watch.dirty) f += 'd';
  if (c.closeAfterReply) f += 'c';
  if (c.unixSocket) f += 'U';
  if (c.noEvict) f += 'e';
  return f === '' ? 'N' : f;
}

/** Size of the allocation holding a Redis client struct (part of tot-mem). */
const CLIENT_STRUCT_BYTES = 768;

/** The CLIENT LIST line for `c`, without the trailing newline. */
export function clientInfoLine(c: Client): string {
  const t = c.transport;
  const nowSec = Math.floor(c.engine.clock.now() / 1000);
  const b = t.buffers();
  let argvMem = 0;
  // Fake transports in tests may report no buffers at all.
  const argv = c.argv ?? b.partialArgs ?? [];
  for (const a of argv) argvMem += a.length;
  // Replies not yet on the wire: the static buffer holds up to rbs bytes, the rest sits in a
  // list of 16 KB blocks (obl, oll, omem).
  const pending = t.outputBytes() + c.reply.pendingBytes;
  const obl = Math.min(pending, b.rbs);
  const oll = replyListBlocks(pending, b.rbs);
  const omem = replyListBytes(pending, b.rbs);
  // multi-mem shows the queued arguments; tot-mem adds the queue and the watched keys (Redis's
  // multiStateMemOverhead).
  const multiMem = c.multi === null ? 0 : c.multi.argvBytes;
  const multiOverhead = (c.multi === null ? 0 : c.multi.reservedBytes) + c.watch.keys.length * WATCHED_KEY_BYTES;
  const pubsubOverhead = PubSub.memOverhead(c);
  const prefixesOverhead = Tracking.memOverhead(c);
  const totMem = omem + b.qbufAllocated + CLIENT_STRUCT_BYTES + b.rbs + argvMem + 8 * argv.length + multiMem + multiOverhead + pubsubOverhead + prefixesOverhead;
  const redir = (c.trackingFlags & TrackingFlag.On) !== 0 ? c.trackingRedirect : -1;
  const events = t.outputBytes() > 0 ? 'rw' : 'r';
  return (
    `id=${c.id} addr=${t.addr} laddr=${t.laddr} fd=${t.fd} name=${c.name}` +
    ` age=${nowSec - Math.floor(c.createdAt / 1000)} idle=${nowSec - Math.floor(c.lastInteraction / 1000)}` +
    ` flags=${flagsOf(c)} db=${c.dbIndex} sub=${c.channels?.size ?? 0} psub=${c.patterns?.size ?? 0}` +
    ` ssub=${c.shardChannels?.size ?? 0} multi=${c.multi?.count ?? -1} qbuf=${b.qbuf} qbuf-free=${b.qbufFree}` +
    ` argv-mem=${argvMem} multi-mem=${multiMem} rbs=${b.rbs} rbp=${b.rbp} obl=${obl} oll=${oll} omem=${omem}` +
    ` tot-mem=${totMem} events=${events} cmd=${c.lastCommand} user=${c.mustObey ? '(superuser)' : c.user.name} redir=${redir} resp=${c.proto}`
  );
}
