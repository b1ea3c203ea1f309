/**
 * An AOF-format base (aof-use-rdb-preamble no), the one writer for both the synchronous base
 * (start-up) and the background rewrite: a `#TS:` annotation first when aof-timestamp-enabled
 * (as Redis's rewriteAppendOnlyFileRio), FUNCTION LOAD of each library, then per database a
 * SELECT and each key as RESTORE of its DUMP payload (absolute expiry, ABSTTL), which Redis
 * loads as well.
 */
import type { Engine } from '../../engine/engine.js';
import { encodeCommand } from '../../replication/feed.js';
import { EncodedValue, type SavedKey } from '../rdb/file-write.js';
import { createDumpPayload, encodedDumpPayload } from '../rdb/payload.js';
import { describeValue } from '../rdb/values.js';
import type { SnapshotTarget } from '../bgsave/snapshot-job.js';
import { encodingLimits } from '../snapshot.js';

/** Bytes gathered before they go to the sink. */
const SPILL_BYTES = 65536;

/** A snapshot target writing the AOF-format base; the header is taken as of now. */
export function commandsTarget(engine: Engine, sink: (chunk: Buffer) => void): SnapshotTarget {
  const limits = encodingLimits(engine);
  const compress = engine.config.bool('rdbcompression');
  let out = engine.config.bool('aof-timestamp-enabled') ? `#TS:${Math.floor(Date.now() / 1000)}\r\n` : '';
  for (const code of engine.functions.codes()) out += encodeCommand(['FUNCTION', 'LOAD', code]);
  const spill = (force: boolean): void => {
    if (out.length > SPILL_BYTES || (force && out.length > 0)) {
      sink(Buffer.from(out, 'latin1'));
      out = '';
    }
  };
  return {
    db: (id) => {
      out += encodeCommand(['SELECT', String(id)]);
    },
    key: (k: SavedKey) => {
      const v = k.value;
      const payload = (v instanceof EncodedValue ? encodedDumpPayload(v.type, v.body) : createDumpPayload(v, limits, compress)).toString('latin1');
      out += k.expireAt === -1 ? encodeCommand(['RESTORE', k.key, '0', payload]) : encodeCommand(['RESTORE', k.key, String(k.expireAt), payload, 'ABSTTL']);
      spill(false);
    },
    end: () => spill(true),
  };
}

/** The whole AOF-format base of the dataset as it is, in one call. */
export function writeCommandsBase(engine: Engine, sink: (chunk: Buffer) => void): void {
  const target = commandsTarget(engine, sink);
  for (const db of engine.dbs) {
    if (db.data.size === 0) continue;
    target.db(db.id, db.data.size, db.expires.size);
    for (const [key, v] of db.data) {
      const value = describeValue(v);
      if (value === null) continue;
      target.key({ key, value, expireAt: db.expires.get(key) ?? -1, lruIdle: -1, lfuFreq: -1 });
    }
  }
  target.end();
}
