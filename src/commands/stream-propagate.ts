/**
 * How stream commands reach replicas and the AOF (Redis 7.0's streamPropagateXCLAIM,
 * streamPropagateGroupID and streamPropagateConsumerCreation): what a group read or a claim did
 * to a PEL goes out as idempotent XCLAIM commands (FORCE, JUSTID, absolute TIME, RETRYCOUNT and
 * the group's LASTID), a last-delivered ID moved without a PEL entry (NOACK) as XGROUP SETID with
 * the read counter, and a consumer created by such a read as XGROUP CREATECONSUMER.
 */
import type { Client } from '../engine/client.js';
import { alsoPropagate, isPropagating } from '../engine/propagation/api.js';
import type { StreamGroup, StreamNack } from '../types/stream-group.js';

/** XCLAIM key group <owner> 0 <id> TIME <ms> RETRYCOUNT <n> FORCE JUSTID LASTID <group's last ID>. */
export function propagateClaim(c: Client, key: string, g: StreamGroup, idText: string, nack: StreamNack): void {
  if (!isPropagating(c.engine)) return;
  alsoPropagate(c, [
    'XCLAIM', key, g.name, nack.consumer!.name, '0', idText, 'TIME', nack.deliveryTime, 'RETRYCOUNT', String(nack.deliveryCount),
    'FORCE', 'JUSTID', 'LASTID', g.lastId.toString(),
  ]);
}

/** XGROUP SETID key group <last ID> ENTRIESREAD <read counter>. */
export function propagateGroupId(c: Client, key: string, g: StreamGroup): void {
  if (!isPropagating(c.engine)) return;
  alsoPropagate(c, ['XGROUP', 'SETID', key, g.name, g.lastId.toString(), 'ENTRIESREAD', String(g.entriesRead)]);
}

/** XGROUP CREATECONSUMER key group consumer. */
export function propagateConsumerCreation(c: Client, key: string, g: StreamGroup, consumer: string): void {
  if (!isPropagating(c.engine)) return;
  alsoPropagate(c, ['XGROUP', 'CREATECONSUMER', key, g.name, consumer]);
}
