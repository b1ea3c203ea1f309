/**
 * A full resynchronization (Redis's syncCommand + startBgsaveForReplication + sendBulkToSlave):
 * the client becomes a replica, gets `+FULLRESYNC <replid> <offset>` (PSYNC only), then the
 * snapshot as `$<len>\r\n<RDB bytes>` (no trailing CRLF), then every propagated command.
 *
 * Sonic takes the snapshot synchronously, between two commands, so no write can fall between
 * the snapshot and the stream and nothing needs buffering meanwhile. (A forkless sliced
 * snapshot, DESIGN rule 11, would replace this for big datasets.) Replicas always announce
 * `$<len>` payloads, which every replica accepts, even those offering `capa eof`.
 */
import type { Client } from '../engine/client.js';
import { writeSnapshot } from '../persistence/snapshot.js';
import { primaryOf } from './primary.js';

/**
 * Serves SYNC (`prePsync`) or a PSYNC that cannot continue: attaches `c` as a replica, sends
 * the snapshot and starts its stream. The caller checked that `c` may sync.
 */
export function fullSync(c: Client, prePsync: boolean): void {
  const engine = c.engine;
  const primary = primaryOf(engine);
  const replica = primary.attach(c, prePsync);
  engine.log('notice', `Replica ${replica.name()} asks for synchronization`);
  engine.stats.syncFull++;
  const feed = primary.feed!;
  const offset = feed.offset;
  const streamDb = feed.selectedDb === -1 ? 0 : feed.selectedDb;
  // The stream restarts from the snapshot: its first command must SELECT.
  feed.selectedDb = -1;
  const out = c.reply;
  if (!prePsync) out.out += `+FULLRESYNC ${engine.replId} ${offset}\r\n`;
  engine.log('notice', 'Starting BGSAVE for SYNC with target: disk');
  const chunks: Buffer[] = [];
  writeSnapshot(engine, (chunk) => chunks.push(Buffer.from(chunk)), {
    replAux: [
      ['repl-stream-db', String(streamDb)],
      ['repl-id', engine.replId],
      ['repl-offset', String(offset)],
    ],
    keys: replica.settings.rdbFilter === null,
  });
  const payload = Buffer.concat(chunks);
  replica.state = 'send_bulk';
  out.out += `$${payload.length}\r\n` + payload.toString('latin1');
  engine.log('notice', `Synchronization with replica ${replica.name()} succeeded`);
  if (replica.settings.rdbOnly) {
    // redis-cli --rdb: the snapshot is all it wanted.
    c.closeAfterReply = true;
    return;
  }
  primary.online(replica);
}
