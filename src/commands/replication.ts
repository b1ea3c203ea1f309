/**
 * The primary side of the replication handshake: REPLCONF (what a replica announces), SYNC and
 * PSYNC (a full resynchronization followed by the replication stream; see replication/).
 * Sonic keeps no backlog bytes yet, so every PSYNC gets a full resync, as Redis 7.0 answers one
 * it cannot continue.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { defineCommands } from './define.js';
import { optionIs } from './string-common.js';
import { parseInt64 } from '../util/int64.js';
import { fullSync } from '../replication/full-sync.js';
import { primaryOf } from '../replication/primary.js';
import type { Replica } from '../replication/replica.js';
import { splitArgs } from '../protocol/split-args.js';

/** C's long (64 bits): the integer or null. */
function longArg(arg: string): number | bigint | null {
  return parseInt64(arg);
}

/** SYNC and PSYNC, after Redis's syncCommand. */
function sync(c: Client, argv: string[]): void {
  // A replica asking again, or a monitor, is ignored without a reply (both are "slaves" in Redis).
  if (c.replica !== null || c.monitor) return;
  if (c.reply.out.length !== 0) return c.reply.error('ERR SYNC and PSYNC are invalid with pending output');
  const settings = primaryOf(c.engine).settingsOf(c);
  if (settings.rdbFilter !== null && !settings.capaEof) return c.reply.error('ERR Filtered replica requires EOF capability');
  const psync = argv.length > 1;
  if (psync) {
    if (longArg(argv[2]) === null) return c.reply.error(Errors.notInteger);
    // No partial resynchronization: counted as failed unless the replica asked for a full one.
    if (argv[1][0] !== '?') c.engine.stats.syncPartialErr++;
  }
  fullSync(c, !psync);
}

export const replicationCommands = defineCommands({
  sync,
  psync: sync,
  replconf: (c, argv) => {
    if (argv.length % 2 === 0) return c.reply.error(Errors.syntax);
    const s = primaryOf(c.engine).settingsOf(c);
    for (let j = 1; j < argv.length; j += 2) {
      const opt = argv[j];
      const val = argv[j + 1];
      if (optionIs(opt, 'listening-port')) {
        const port = longArg(val);
        if (port === null) return c.reply.error(Errors.notInteger);
        s.listeningPort = Number(BigInt.asIntN(32, BigInt(port)));
      } else if (optionIs(opt, 'ip-address')) {
        if (val.length >= 256) return c.reply.error(`ERR REPLCONF ip-address provided by replica instance is too long: ${val.length} bytes`);
        s.announcedIp = val;
      } else if (optionIs(opt, 'capa')) {
        // Capabilities this primary does not know are ignored.
        if (optionIs(val, 'eof')) s.capaEof = true;
        else if (optionIs(val, 'psync2')) s.capaPsync2 = true;
      } else if (optionIs(opt, 'ack')) {
        // Only replicas ACK, and an ACK is never replied to.
        const replica = c.replica as Replica | null;
        const offset = longArg(val);
        if (replica === null || offset === null) return;
        if (Number(offset) > replica.ackOffset) replica.ackOffset = Number(offset);
        replica.ackTime = Math.floor(c.engine.clock.now() / 1000);
        return;
      } else if (optionIs(opt, 'getack')) {
        // Asks a replica for an ACK; a primary has nothing to answer.
        return;
      } else if (optionIs(opt, 'rdb-only')) {
        const v = longArg(val);
        if (v === null) return c.reply.error(Errors.notInteger);
        if (v < 0 || v > 1) return c.reply.error(Errors.rangeBetween(0, 1));
        s.rdbOnly = v === 1 || v === 1n;
      } else if (optionIs(opt, 'rdb-filter-only')) {
        const filters = splitArgs(val);
        if (filters === null) return c.reply.error('ERR Missing rdb-filter-only values');
        const filter = { functions: false };
        for (const f of filters) {
          if (!optionIs(f, 'functions')) return c.reply.error(`ERR Unsupported rdb-filter-only option: ${f}`);
          filter.functions = true;
        }
        s.rdbFilter = filter;
      } else {
        return c.reply.error(`ERR Unrecognized REPLCONF option: ${opt}`);
      }
    }
    c.reply.ok();
  },
});
