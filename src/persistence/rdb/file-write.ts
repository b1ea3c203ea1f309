/**
 * Writing a whole RDB image (Redis's rdbSaveRio): magic, AUX fields, function libraries, each
 * non-empty database (SELECTDB, RESIZEDB, then per key EXPIRETIME_MS / IDLE, type, key, value),
 * EOF and the CRC64 trailer (zero when rdbchecksum is off). Bytes stream to a sink in chunks.
 */
import { RDB_VERSION, RdbOpcode } from './constants.js';
import type { Decoded, EncodingLimits } from './decoded.js';
import { Crc64 } from './crc64.js';
import { objectType, writeObject } from './object-write.js';
import { RdbWriter } from './writer.js';

/** One key to save. */
export interface SavedKey {
  key: string;
  value: Decoded;
  /** Absolute expiry in ms, or -1. */
  expireAt: number;
  /** Idle seconds to record (IDLE opcode), or -1 for none. */
  lruIdle: number;
  /** LFU counter to record (FREQ opcode), or -1 / absent for none. */
  lfuFreq?: number;
}

export interface SavedDb {
  id: number;
  size: number;
  expires: number;
  keys: Iterable<SavedKey>;
}

export interface WriteOptions {
  compress: boolean;
  checksum: boolean;
  limits: EncodingLimits;
  /** AUX fields in order (redis-ver, redis-bits, ctime, used-mem, aof-base ...). */
  aux: [string, string][];
  functions: readonly string[];
  /** Receives the bytes; each chunk may be reused after the call returns. */
  sink: (chunk: Buffer) => void;
}

const CHUNK = 1 << 20;

/** Streams an RDB image of `dbs` to opts.sink; returns the number of keys written. */
export function writeRdb(dbs: Iterable<SavedDb>, opts: WriteOptions): number {
  const crc = new Crc64();
  const sink = (chunk: Buffer): void => {
    if (opts.checksum) crc.update(chunk);
    opts.sink(chunk);
  };
  const w = new RdbWriter({ compress: opts.compress, initialSize: CHUNK, sink });
  w.latin1(`REDIS${String(RDB_VERSION).padStart(4, '0')}`);
  for (const [k, v] of opts.aux) {
    w.byte(RdbOpcode.AUX);
    w.string(k);
    w.string(v);
  }
  for (const code of opts.functions) {
    w.byte(RdbOpcode.FUNCTION2);
    w.string(code);
  }
  let keys = 0;
  for (const db of dbs) {
    if (db.size === 0) continue;
    w.byte(RdbOpcode.SELECTDB);
    w.len(db.id);
    w.byte(RdbOpcode.RESIZEDB);
    w.len(db.size);
    w.len(db.expires);
    for (const k of db.keys) {
      if (k.expireAt !== -1) {
        w.byte(RdbOpcode.EXPIRETIME_MS);
        w.millis(k.expireAt);
      }
      if (k.lruIdle >= 0) {
        w.byte(RdbOpcode.IDLE);
        w.len(k.lruIdle);
      }
      if (k.lfuFreq !== undefined && k.lfuFreq >= 0) {
        w.byte(RdbOpcode.FREQ);
        w.byte(k.lfuFreq);
      }
      w.byte(objectType(k.value));
      w.string(k.key);
      writeObject(w, k.value, opts.limits);
      keys++;
    }
  }
  w.byte(RdbOpcode.EOF);
  w.flush();
  opts.sink(opts.checksum ? crc.bytes() : Buffer.alloc(8));
  return keys;
}
