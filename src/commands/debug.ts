/**
 * DEBUG: the subcommands the upstream test suite and tools rely on. Other subsystems add theirs
 * (RELOAD, DIGEST, LOADAOF ...) with registerDebugSubcommand, so DEBUG stays one command.
 */
import { isInt64String } from '../util/int64.js';
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';
import { Errors } from '../engine/errors.js';
import { isString, stringBytes, type Value } from '../types/value.js';
import { lruClock } from '../observability/info-server.js';
import { randomBytes } from 'node:crypto';
import type { Client } from '../engine/client.js';

/** Redis's LRU_CLOCK_MAX: the 24-bit LRU clock's largest value. */
const LRU_CLOCK_MAX = (1 << 24) - 1;

/** A DEBUG subcommand; argv is the whole command (argv[1] is the subcommand). */
export type DebugHandler = (c: Client, argv: string[]) => void;

interface DebugSub {
  /** Accepted argument counts (whole argv), as Redis checks them per subcommand. */
  argc: (n: number) => boolean;
  run: DebugHandler;
  help?: readonly string[];
}

const SUBS = new Map<string, DebugSub>();

/** Adds a DEBUG subcommand (lowercase name). `argc` validates the whole argv length. */
export function registerDebugSubcommand(name: string, argc: (n: number) => boolean, run: DebugHandler, help?: readonly string[]): void {
  SUBS.set(name, { argc, run, help });
}

/** C's strtod on a prefix: "0.2" -> 0.2, "abc" -> 0. */
function strtod(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** C's atoi. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s);
  return m ? parseInt(m[1], 10) : 0;
}

const sleepCell = new Int32Array(new SharedArrayBuffer(4));

/** Blocks the whole event loop, as Redis's DEBUG SLEEP blocks the server. */
export function blockFor(ms: number): void {
  if (ms > 0) Atomics.wait(sleepCell, 0, 0, ms);
}

/** OBJECT ENCODING of a value, by Redis's rules for strings (int, embstr up to 44 bytes, raw). */
export function stringEncoding(v: Value): string {
  if (typeof v !== 'string') {
    if (!isString(v)) return v.encoding();
    return v.compact && v.length <= 44 ? 'embstr' : 'raw';
  }
  // Redis int-encodes exactly what string2ll accepts ("-0" and "01" stay strings).
  if (isInt64String(v)) return 'int';
  return v.length <= 44 ? 'embstr' : 'raw';
}

/** Bytes an RDB length prefix takes. */
function rdbLenSize(n: number): number {
  return n < 64 ? 1 : n < 16384 ? 2 : n <= 0xffffffff ? 5 : 9;
}

/** An estimate of the value's RDB size (exact for uncompressed strings and integers). */
function serializedLength(v: Value): number {
  if (!isString(v)) return 0;
  const s = stringBytes(v);
  if (s.length <= 11 && /^-?(0|[1-9][0-9]*)$/.test(s)) {
    const n = Number(s);
    if (n >= -128 && n <= 127) return 2;
    if (n >= -32768 && n <= 32767) return 3;
    if (n >= -2147483648 && n <= 2147483647) return 5;
  }
  return rdbLenSize(s.length) + s.length;
}

/** A stable, made-up address per key for "Value at:" (Sonic has no pointers to show). */
function fakeAddress(key: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return '0x7f' + h.toString(16).padStart(8, '0') + '00';
}

/** Redis's getPositiveLongFromObjectOrReply: the value, or the error to send. */
function positiveLong(s: string): number | string {
  if (!/^-?(0|[1-9][0-9]*)$/.test(s) || s.length > 20) return Errors.notInteger;
  const n = Number(s);
  return n < 0 ? 'ERR value is out of range, must be positive' : n;
}

const ok = (c: Client) => c.reply.ok();
const exactly = (n: number) => (m: number) => m === n;

registerDebugSubcommand('sleep', exactly(3), (c, argv) => {
  blockFor(strtod(argv[2]) * 1000);
  ok(c);
});
registerDebugSubcommand('set-active-expire', exactly(3), (c, argv) => {
  c.engine.activeExpireEnabled = atoi(argv[2]) !== 0;
  ok(c);
});
registerDebugSubcommand('object', exactly(3), (c, argv) => {
  const db = c.db;
  const v = db.data.get(argv[2]);
  if (v === undefined) return c.reply.error(Errors.noSuchKey);
  let idle = db.idleSeconds(argv[2]);
  let lru = lruClock(c.engine.clock.now() - idle * 1000);
  if (c.engine.lruClock.lfu) {
    // The field holds the LFU counter and minute; Redis prints it raw, and its idle time as if
    // it were an LRU clock value.
    lru = db.accessTime(argv[2]) ?? 0;
    const now = lruClock(c.engine.clock.now());
    idle = now >= lru ? now - lru : now + (LRU_CLOCK_MAX - lru);
  }
  c.reply.simple(
    `Value at:${fakeAddress(argv[2])} refcount:1 encoding:${stringEncoding(v)} serializedlength:${serializedLength(v)} lru:${lru} lru_seconds_idle:${idle}`,
  );
});
registerDebugSubcommand('change-repl-id', exactly(2), (c) => {
  c.engine.logger.log('warning', 'Changing replication IDs after receiving DEBUG change-repl-id');
  c.engine.replId = randomBytes(20).toString('hex');
  c.engine.replId2 = '0'.repeat(40);
  ok(c);
});
registerDebugSubcommand('quicklist-packed-threshold', exactly(3), (c, argv) => {
  // Sonic's lists have no packed/plain node split; accept the values Redis accepts.
  const m = /^(\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(argv[2]);
  const unit: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };
  const sz = m ? Number(m[1]) * unit[(m[2] ?? '').toLowerCase()] : NaN;
  if (!Number.isFinite(sz) || sz > 4 * 1024 ** 3) {
    return c.reply.error('ERR argument must be a memory value bigger than 1 and smaller than 4gb');
  }
  ok(c);
});
registerDebugSubcommand('log', exactly(3), (c, argv) => {
  c.engine.logger.log('warning', `DEBUG LOG: ${argv[2]}`);
  ok(c);
});
registerDebugSubcommand('leak', exactly(3), ok);
registerDebugSubcommand('set-skip-checksum-validation', exactly(3), ok);
registerDebugSubcommand('set-disable-deny-scripts', exactly(3), (c, argv) => {
  c.engine.scriptDenyDisabled = atoi(argv[2]) !== 0;
  ok(c);
});
registerDebugSubcommand('aof-flush-sleep', exactly(3), ok);
registerDebugSubcommand('pause-cron', exactly(3), (c, argv) => {
  // Redis stops serverCron; in Sonic only the tracking-table cron honours it so far.
  c.engine.cronPaused = atoi(argv[2]) !== 0;
  c.reply.ok();
});
registerDebugSubcommand('error', exactly(3), (c, argv) => c.reply.error(argv[2].replace(/[\r\n]/g, ' ')));
registerDebugSubcommand('protocol', exactly(3), (c, argv) => {
  const r = c.reply;
  switch (argv[2].toLowerCase()) {
    case 'string':
      return r.bulk('Hello World');
    case 'integer':
      return r.int(12345);
    case 'double':
      return r.double(3.141);
    case 'bignum':
      return r.bigNumber('1234567999999999999999999999999999999');
    case 'null':
      return r.nullBulk();
    case 'array':
      r.arrayLen(3);
      for (let j = 0; j < 3; j++) r.int(j);
      return;
    case 'set':
      r.setLen(3);
      for (let j = 0; j < 3; j++) r.int(j);
      return;
    case 'map':
      r.mapLen(3);
      for (let j = 0; j < 3; j++) {
        r.int(j);
        r.bool(j === 1);
      }
      return;
    case 'attrib':
      if (r.proto === 3) {
        r.attributeLen(1);
        r.bulk('key-popularity');
        r.arrayLen(2);
        r.bulk('key:123');
        r.int(90);
      }
      return r.bulk('Some real reply following the attribute');
    case 'push':
      if (r.proto < 3) return r.error('ERR RESP2 is not supported by this command');
      r.pushLen(2);
      r.bulk('server-cpu-usage');
      r.int(42);
      return r.bulk('Some real reply following the push reply');
    case 'true':
      return r.bool(true);
    case 'false':
      return r.bool(false);
    case 'verbatim':
      return r.verbatim('This is a verbatim\nstring');
    default:
      return r.error(
        'ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false',
      );
  }
});
registerDebugSubcommand('populate', (n) => n >= 3 && n <= 5, (c, argv) => {
  const count = positiveLong(argv[2]);
  if (typeof count === 'string') return c.reply.error(count);
  let size = 0;
  if (argv.length === 5) {
    const sz = positiveLong(argv[4]);
    if (typeof sz === 'string') return c.reply.error(sz);
    size = sz;
  }
  const prefix = argv.length >= 4 ? argv[3] : 'key';
  const db = c.db;
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`;
    if (db.lookup(key) !== undefined) continue;
    let val = `value:${j}`;
    if (size !== 0) val = size <= val.length ? val.slice(0, size) : val + '\0'.repeat(size - val.length);
    db.set(key, val);
  }
  ok(c);
});

const HELP = [
  'CHANGE-REPL-ID',
  '    Change the replication IDs of the instance.',
  'ERROR <string>',
  '    Return an error reply with <string> as message.',
  'LOG <message>',
  '    Write <message> to the server log.',
  'OBJECT <key>',
  '    Show low level info about `key` and associated value.',
  'POPULATE <count> [<prefix>] [<size>]',
  '    Create <count> string keys named key:<num>, or <prefix>:<num>.',
  'PROTOCOL <type>',
  '    Reply with a test value of the specified type. <type> can be: string,',
  '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
  '    true, false.',
  'SET-ACTIVE-EXPIRE <0|1>',
  '    Disable (0) or enable (1) expiring keys in the background.',
  'QUICKLIST-PACKED-THRESHOLD <size>',
  '    Accepted for compatibility; Sonic lists have no packed/plain nodes.',
  'SLEEP <seconds>',
  '    Stop the server for <seconds>. Decimals allowed.',
];

export const debugCommands = defineCommands({
  debug: (c, argv) => {
    const name = argv[1].toLowerCase();
    if (name === 'help' && argv.length === 2) {
      const extra: string[] = [];
      for (const s of SUBS.values()) if (s.help) extra.push(...s.help);
      return replyHelp(c, argv[0], [...HELP, ...extra]);
    }
    const sub = SUBS.get(name);
    if (sub === undefined || !sub.argc(argv.length)) return c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
    sub.run(c, argv);
  },
});
