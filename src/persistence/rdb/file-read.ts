/**
 * Reading a whole RDB file (Redis's rdbLoadRio): magic and version, AUX fields, databases,
 * per-key expiry/LRU/LFU opcodes, function libraries, EOF and the CRC64 trailer. Keys go to a
 * sink one by one; any problem throws RdbError with the offset, and callers stage what the sink
 * received so a failed load leaves nothing behind.
 */
import { RDB_VERSION, RdbOpcode, isObjectType } from './constants.js';
import type { Decoded, EncodingLimits } from './decoded.js';
import { RdbError } from './errors.js';
import { Crc64 } from './crc64.js';
import { EmptyKeyError, moduleTypeName, readObject } from './object-read.js';
import { RdbReader } from './reader.js';

/**
 * Receives one live key: its database, name, value, absolute expiry in ms (or -1), LRU idle
 * seconds from an IDLE opcode (or -1) and LFU counter from a FREQ opcode (or -1). Positional so
 * loading a million keys allocates no per-key record.
 */
export type KeySink = (db: number, key: string, value: Decoded, expireAt: number, lruIdle: number, lfuFreq: number) => void;

export interface ReadOptions {
  limits: EncodingLimits;
  /** Number of databases: a SELECTDB beyond it is fatal, as in Redis. */
  databases: number;
  /** Verify the CRC64 trailer (rdbchecksum yes). */
  checksum: boolean;
  /** Current time in ms: keys already expired are dropped and counted. */
  now: number;
  /** Keep expired keys (an AOF preamble; replicas). */
  keepExpired?: boolean;
  /** Log lines, at Redis's levels. */
  log?: (level: 'debug' | 'verbose' | 'notice' | 'warning', msg: string) => void;
  /** Receives each live key. */
  onKey: KeySink;
  /** Small hashes, sorted sets and intsets in their packed forms (readObject's `packed`). */
  packed?: boolean;
  /** Receives each FUNCTION library's code (RDB_OPCODE_FUNCTION2, or the 7.0-rc form rebuilt). */
  onFunction?: (code: string) => void;
}

export interface ReadResult {
  version: number;
  keysLoaded: number;
  keysExpired: number;
  emptyKeysSkipped: number;
  /** Keys whose type Sonic cannot hold, skipped (none today; kept for types added later). */
  skipped: { db: number; key: string; type: string }[];
  /** AUX fields by name. */
  aux: Map<string, string>;
  /** Code of each FUNCTION library found, in file order. */
  functions: string[];
  /** Bytes consumed (through the checksum). */
  size: number;
}

/** Reads an RDB image. Throws RdbError on any malformed or truncated input. */
export function readRdb(buf: Buffer, opts: ReadOptions): ReadResult {
  const reading = new RdbReading(buf, opts);
  reading.run(Infinity);
  return reading.result;
}

/**
 * An RDB image read in steps (Redis's rdbLoadRio, resumable): run() reads records until the
 * position passes a limit, always stopping between keys, so a big file loads in slices while
 * the server keeps serving clients. readRdb is one run to the end.
 */
export class RdbReading {
  readonly result: ReadResult;
  /** Whether the EOF opcode and the checksum were read. */
  done = false;
  private readonly r: RdbReader;
  private readonly log: NonNullable<ReadOptions['log']>;
  private db = 0;
  /** The checksum of buf[0, crcPos), kept up with each slice so the last one has little left. */
  private readonly crc = new Crc64();
  private crcPos = 0;

  constructor(
    private readonly buf: Buffer,
    private readonly opts: ReadOptions,
  ) {
    this.log = opts.log ?? (() => undefined);
    const r = (this.r = new RdbReader(buf));
    const magic = r.bytes(9).toString('latin1');
    if (!magic.startsWith('REDIS')) throw new RdbError('Wrong signature trying to load DB from file', 0);
    const version = /^\d{4}$/.test(magic.slice(5)) ? Number(magic.slice(5)) : 0;
    if (version < 1 || version > RDB_VERSION) throw new RdbError(`Can't handle RDB format version ${magic.slice(5)}`, 5);
    this.result = { version, keysLoaded: 0, keysExpired: 0, emptyKeysSkipped: 0, skipped: [], aux: new Map(), functions: [], size: 0 };
  }

  /** Bytes read so far. */
  get pos(): number {
    return this.r.pos;
  }

  /**
   * Reads until byte offset `until` is passed (checked after each key), `deadline`
   * (performance.now() ms, checked every 64 keys) is reached, or the file ends. Returns true
   * when the whole image was read.
   */
  run(until: number, deadline = Infinity): boolean {
    if (this.done) return true;
    const { r, opts, result, log } = this;
    let db = this.db;
    let keys = 0;
    let expireAt = -1;
    let lruIdle = -1;
    let lfuFreq = -1;
    for (;;) {
      const opAt = r.pos;
      const type = r.byte();
      if (type === RdbOpcode.EXPIRETIME) {
        expireAt = r.seconds() * 1000;
        continue;
      }
      if (type === RdbOpcode.EXPIRETIME_MS) {
        expireAt = r.millis();
        continue;
      }
      if (type === RdbOpcode.FREQ) {
        lfuFreq = r.byte();
        continue;
      }
      if (type === RdbOpcode.IDLE) {
        lruIdle = r.len();
        continue;
      }
      if (type === RdbOpcode.EOF) break;
      if (type === RdbOpcode.SELECTDB) {
        db = r.len();
        if (db >= opts.databases) {
          throw new RdbError(`FATAL: Data file was created with a Redis server configured to handle more than ${opts.databases} databases.`, opAt);
        }
        continue;
      }
      if (type === RdbOpcode.RESIZEDB) {
        r.len();
        r.len();
        continue;
      }
      if (type === RdbOpcode.AUX) {
        const name = r.string();
        const value = r.string();
        result.aux.set(name, value);
        logAux(name, value, log);
        continue;
      }
      if (type === RdbOpcode.MODULE_AUX) {
        const id = r.lenBig();
        throw new RdbError(`The RDB file contains AUX module data I can't load: no matching module '${moduleTypeName(id)}'`, opAt);
      }
      if (type === RdbOpcode.FUNCTION2 || type === RdbOpcode.FUNCTION) {
        const code = readFunctionCode(r, type);
        result.functions.push(code);
        opts.onFunction?.(code);
        continue;
      }
      if (!isObjectType(type)) throw new RdbError(`Unknown RDB encoding type ${type}`, opAt);
      const key = r.string();
      let value: Decoded;
      try {
        value = readObject(r, type, opts.limits, opts.packed);
      } catch (e) {
        if (!(e instanceof EmptyKeyError)) throw e;
        if (result.emptyKeysSkipped++ < 10) log('warning', `rdbLoadObject skipping empty key: ${key}`);
        expireAt = lruIdle = lfuFreq = -1;
        continue;
      }
      if (!opts.keepExpired && expireAt !== -1 && expireAt < opts.now) {
        result.keysExpired++;
      } else {
        result.keysLoaded++;
        opts.onKey(db, key, value, expireAt, lruIdle, lfuFreq);
      }
      expireAt = lruIdle = lfuFreq = -1;
      if (r.pos >= until || ((++keys & 63) === 0 && deadline !== Infinity && performance.now() >= deadline)) {
        this.db = db;
        if (opts.checksum && result.version >= 5) this.crcUpTo(r.pos);
        return false;
      }
    }
    this.readTrailer();
    this.done = true;
    return true;
  }

  private crcUpTo(end: number): void {
    this.crc.update(this.buf, this.crcPos, end);
    this.crcPos = end;
  }

  /** The CRC64 trailer (RDB 5 and later), checked under rdbchecksum yes. */
  private readTrailer(): void {
    const { r, buf, opts, result, log } = this;
    const end = r.pos;
    if (result.version >= 5) {
      const at = r.pos;
      r.need(8);
      r.pos += 8;
      const stored = buf.subarray(at, at + 8);
      if (opts.checksum && !stored.every((b) => b === 0)) {
        this.crcUpTo(end);
        const sum = this.crc;
        if (!sum.matches(buf, at)) {
          const got = stored.readBigUInt64LE(0).toString(16);
          log('warning', `Wrong RDB checksum expected: (${sum.value().toString(16)}) but got (${got}). Aborting now.`);
          throw new RdbError('RDB CRC error', at);
        }
      } else if (opts.checksum) {
        log('warning', 'RDB file was saved with checksum disabled: no check performed.');
      }
    }
    result.size = r.pos;
  }
}

function logAux(name: string, value: string, log: NonNullable<ReadOptions['log']>): void {
  const lower = name.toLowerCase();
  if (name.startsWith('%')) log('notice', `RDB '${name}': ${value}`);
  else if (lower === 'redis-ver') log('notice', `Loading RDB produced by version ${value}`);
  else if (lower === 'ctime') log('notice', `RDB age ${Math.max(0, Math.floor(Date.now() / 1000) - (parseInt(value, 10) || 0))} seconds`);
  else if (lower === 'used-mem') log('notice', `RDB memory usage when created ${((parseInt(value, 10) || 0) / (1024 * 1024)).toFixed(2)} Mb`);
  else if (lower === 'aof-preamble') {
    if (parseInt(value, 10)) log('notice', 'RDB has an AOF tail');
  } else if (lower === 'aof-base') {
    if (parseInt(value, 10)) log('notice', 'RDB is base AOF');
  } else if (!['repl-stream-db', 'repl-id', 'repl-offset', 'lua', 'redis-bits'].includes(lower)) {
    log('debug', `Unrecognized RDB AUX field: '${name}'`);
  }
}

/**
 * One FUNCTION library record after its opcode (RDB files, FUNCTION DUMP payloads): the
 * library's code; for the 7.0-rc1/rc2 layout (name, engine, optional description, code) the
 * code with the shebang line rebuilt, as Redis's rdbFunctionLoad does. A bad record throws
 * RdbError with Redis's text for the field ("Failed loading library payload" ...).
 */
export function readFunctionCode(r: RdbReader, type: number): string {
  const field = <T>(what: string, read: () => T): T => {
    try {
      return read();
    } catch (e) {
      if (e instanceof RdbError) throw new RdbError(`Failed loading ${what}`, e.offset, e.shortRead);
      throw e;
    }
  };
  if (type === RdbOpcode.FUNCTION2) return field('library payload', () => r.string());
  const name = field('library name', () => r.string());
  const engine = field('engine name', () => r.string());
  if (field('library description indicator', () => r.len()) !== 0) field('library description', () => r.string());
  return `#!${engine} name=${name}\n${field('library blob', () => r.string())}`;
}
