/**
 * Writing a whole RDB image (Redis's rdbSaveRio): magic, AUX fields, function libraries, each
 * non-empty database (SELECTDB, RESIZEDB, then per key EXPIRETIME_MS / IDLE, type, key, value),
 * EOF and the CRC64 trailer (zero when rdbchecksum is off). Bytes stream to a sink in chunks.
 *
 * RdbFileWriter writes the image piece by piece, so a snapshot can be spread over many event-loop
 * turns (persistence/bgsave/); writeRdb writes one in a single call.
 */
import { RDB_VERSION, RdbOpcode } from './constants.js';
import type { PlainDecoded, EncodingLimits } from './decoded.js';
import { Crc64 } from './crc64.js';
import { objectType, writeObject } from './object-write.js';
import { RdbWriter } from './writer.js';

/**
 * A value already serialized (its RDB type byte and body), e.g. kept aside by a snapshot before
 * the live value changed.
 */
export class EncodedValue {
  constructor(
    readonly type: number,
    readonly body: Buffer,
  ) {}
}

/** One key to save. */
export interface SavedKey {
  key: string;
  value: PlainDecoded | EncodedValue;
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

/** Serializes one value's body alone (no type byte), with Redis's rules. */
export function encodeValue(v: PlainDecoded, limits: EncodingLimits, compress: boolean): EncodedValue {
  const w = new RdbWriter({ compress, initialSize: 64 });
  writeObject(w, v, limits);
  return new EncodedValue(objectType(v), Buffer.from(w.result()));
}

/** An RDB image written in pieces: header() once, then db()/key() in order, then finish(). */
export class RdbFileWriter {
  private readonly crc = new Crc64();
  private readonly w: RdbWriter;
  /** Bytes handed to the sink so far. */
  written = 0;

  constructor(private readonly opts: WriteOptions) {
    this.w = new RdbWriter({
      compress: opts.compress,
      initialSize: CHUNK,
      sink: (chunk) => {
        if (opts.checksum) this.crc.update(chunk);
        this.written += chunk.length;
        opts.sink(chunk);
      },
    });
  }

  /** Magic, AUX fields and function libraries. */
  header(): void {
    const w = this.w;
    w.latin1(`REDIS${String(RDB_VERSION).padStart(4, '0')}`);
    for (const [k, v] of this.opts.aux) {
      w.byte(RdbOpcode.AUX);
      w.string(k);
      w.string(v);
    }
    for (const code of this.opts.functions) {
      w.byte(RdbOpcode.FUNCTION2);
      w.string(code);
    }
  }

  /** Starts a database (callers skip empty ones). */
  db(id: number, size: number, expires: number): void {
    const w = this.w;
    w.byte(RdbOpcode.SELECTDB);
    w.len(id);
    w.byte(RdbOpcode.RESIZEDB);
    w.len(size);
    w.len(expires);
  }

  key(k: SavedKey): void {
    const w = this.w;
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
    const v = k.value;
    if (v instanceof EncodedValue) {
      w.byte(v.type);
      w.string(k.key);
      w.raw(v.body);
    } else {
      w.byte(objectType(v));
      w.string(k.key);
      writeObject(w, v, this.opts.limits);
    }
  }

  /** EOF and the checksum; everything reaches the sink. */
  finish(): void {
    this.w.byte(RdbOpcode.EOF);
    this.w.flush();
    const trailer = this.opts.checksum ? this.crc.bytes() : Buffer.alloc(8);
    this.written += trailer.length;
    this.opts.sink(trailer);
  }
}

/** Streams an RDB image of `dbs` to opts.sink; returns the number of keys written. */
export function writeRdb(dbs: Iterable<SavedDb>, opts: WriteOptions): number {
  const f = new RdbFileWriter(opts);
  f.header();
  let keys = 0;
  for (const db of dbs) {
    if (db.size === 0) continue;
    f.db(db.id, db.size, db.expires);
    for (const k of db.keys) {
      f.key(k);
      keys++;
    }
  }
  f.finish();
  return keys;
}
