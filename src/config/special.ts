/**
 * The parameters whose values are not a single bool/number/enum/string (Redis's "special"
 * configs): save, client-output-buffer-limit, oom-score-adj-values, notify-keyspace-events, bind,
 * replicaof, latency-tracking-info-percentiles and dir. Rules follow Redis 7.0.15's config.c.
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError, formatMemory, PF, repr, type ParamDef } from './types.js';
import { memtoull, strtoll, string2d, formatPercentile } from './numbers.js';

function fail(msg: string): never {
  throw new ConfigError(msg);
}

// ---------------------------------------------------------------------------------------------
// save

/** One snapshot rule: save after `seconds` if at least `changes` writes happened. */
export interface SaveRule {
  readonly seconds: number;
  readonly changes: number;
}

/**
 * save: pairs of <seconds> <changes>. `save ""` clears. While reading the config file, the first
 * `save` line replaces the built-in default and later ones append (so "save 900 1" + "--save 100
 * 100" gives both); CONFIG SET always replaces.
 */
export const saveParam: ParamDef = {
  name: 'save',
  flags: PF.MultiArg,
  defaultValue: [
    { seconds: 3600, changes: 1 },
    { seconds: 300, changes: 100 },
    { seconds: 60, changes: 10000 },
  ] satisfies SaveRule[],
  parse: (argsIn, ctx) => {
    let args = argsIn;
    let cleared = false;
    if (args.length === 1 && args[0] === '') {
      args = [];
      cleared = true;
    }
    if (args.length % 2 !== 0) fail('Invalid save parameters');
    for (let j = 0; j < args.length; j++) {
      const r = strtoll(args[j]);
      if ((r.end !== args[j].length && args[j].length !== 0) || (j % 2 === 0 && r.value < 1n) || (j % 2 === 1 && r.value < 0n)) {
        fail('Invalid save parameters');
      }
    }
    const rules: SaveRule[] = [];
    for (let j = 0; j < args.length; j += 2) {
      // time_t seconds, int changes (C truncation of the long long)
      rules.push({ seconds: Number(strtoll(args[j]).value), changes: Number(BigInt.asIntN(32, strtoll(args[j + 1]).value)) });
    }
    const keep = ctx.loading && !cleared && !ctx.firstInLoad ? (ctx.prev as SaveRule[]) : [];
    return [...keep, ...rules];
  },
  format: (v) => (v as SaveRule[]).map((r) => `${r.seconds} ${r.changes}`).join(' '),
  rewrite: (v) => {
    const rules = v as SaveRule[];
    if (rules.length === 0) return { lines: ['save ""'], force: true };
    return { lines: rules.map((r) => `save ${r.seconds} ${r.changes}`), force: true };
  },
  equals: () => false,
};

// ---------------------------------------------------------------------------------------------
// client-output-buffer-limit

/** Output buffer limits of one client class (bytes, bytes, seconds). */
export interface ObufLimit {
  readonly hard: bigint;
  readonly soft: bigint;
  readonly seconds: number;
}

/** Limits per class, in Redis's class order: normal, replica (slave), pubsub. */
export type ObufLimits = readonly [normal: ObufLimit, replica: ObufLimit, pubsub: ObufLimit];

const OBUF_CLASS_NAMES = ['normal', 'slave', 'pubsub'] as const;

function obufClass(name: string): number {
  switch (name.toLowerCase()) {
    case 'normal':
      return 0;
    case 'slave':
    case 'replica':
      return 1;
    case 'pubsub':
      return 2;
    default:
      return -1; // "master" is a client type too, but has no output limit class
  }
}

const OBUF_DEFAULTS: ObufLimits = [
  { hard: 0n, soft: 0n, seconds: 0 },
  { hard: 256n * 1024n * 1024n, soft: 64n * 1024n * 1024n, seconds: 60 },
  { hard: 32n * 1024n * 1024n, soft: 8n * 1024n * 1024n, seconds: 60 },
];

/** client-output-buffer-limit: groups of <class> <hard> <soft> <seconds>; unnamed classes keep their limits. */
export const clientOutputBufferLimitParam: ParamDef = {
  name: 'client-output-buffer-limit',
  flags: PF.MultiArg,
  defaultValue: OBUF_DEFAULTS,
  parse: (args, ctx) => {
    if (args.length % 4 !== 0) fail('Wrong number of arguments in buffer limit configuration.');
    const next = [...(ctx.prev as ObufLimits)] as ObufLimit[];
    const seen: (ObufLimit | undefined)[] = [];
    for (let j = 0; j < args.length; j += 4) {
      const cls = obufClass(args[j]);
      if (cls === -1) fail('Invalid client class specified in buffer limit configuration.');
      const hard = memtoull(args[j + 1]);
      const soft = memtoull(args[j + 2]);
      const secs = strtoll(args[j + 3]);
      const secsOk = secs.end === args[j + 3].length || args[j + 3].length === 0;
      // soft_seconds is an int in Redis: the long long is truncated before the sign check.
      const seconds = Number(BigInt.asIntN(32, secs.value));
      if (hard === undefined || soft === undefined || seconds < 0 || !secsOk) {
        fail('Error in hard, soft or soft_seconds setting in buffer limit configuration.');
      }
      seen[cls] = { hard, soft, seconds };
    }
    seen.forEach((l, i) => {
      if (l) next[i] = l;
    });
    return next as unknown as ObufLimits;
  },
  format: (v) =>
    (v as ObufLimits).map((l, i) => `${OBUF_CLASS_NAMES[i]} ${l.hard} ${l.soft} ${l.seconds}`).join(' '),
  typed: (v) => {
    const [normal, replica, pubsub] = (v as ObufLimits).map((l) => ({ hard: Number(l.hard), soft: Number(l.soft), seconds: l.seconds }));
    return { normal, replica, pubsub };
  },
  rewrite: (v, n) => {
    const limits = v as ObufLimits;
    const lines: string[] = [];
    const force: boolean[] = [];
    limits.forEach((l, i) => {
      const d = OBUF_DEFAULTS[i];
      force.push(l.hard !== d.hard || l.soft !== d.soft || l.seconds !== d.seconds);
      const cls = i === 1 ? 'replica' : OBUF_CLASS_NAMES[i];
      lines.push(`${n} ${cls} ${formatMemory(l.hard)} ${formatMemory(l.soft)} ${l.seconds}`);
    });
    // As in Redis, a class at its default reuses an old line if one is left, else is omitted.
    return { lines, force };
  },
  equals: () => false,
};

// ---------------------------------------------------------------------------------------------
// oom-score-adj-values

const OOM_DEFAULTS = [0, 200, 800];

/** oom-score-adj-values: three values (primary, replica, background child), -2000..2000. */
export const oomScoreAdjValuesParam: ParamDef = {
  name: 'oom-score-adj-values',
  flags: PF.MultiArg,
  defaultValue: OOM_DEFAULTS,
  parse: (args, ctx) => {
    if (args.length !== 3) fail('wrong number of arguments');
    const values = args.map((a) => {
      const r = strtoll(a);
      if ((r.end !== a.length && a.length !== 0) || r.value < -2000n || r.value > 2000n) {
        fail('Invalid oom-score-adj-values, elements must be between -2000 and 2000.');
      }
      return Number(r.value);
    });
    if (values[1] < values[0] || values[2] < values[1]) {
      ctx.warn('The oom-score-adj-values configuration may not work for non-privileged processes! Please consult the documentation.');
    }
    return values;
  },
  format: (v) => (v as number[]).join(' '),
  equals: (a, b) => (a as number[]).join(' ') === (b as number[]).join(' '),
  rewrite: (v, n) => {
    const vals = v as number[];
    return { lines: [`${n} ${vals.join(' ')}`], force: vals.some((x, i) => x !== OOM_DEFAULTS[i]) };
  },
};

// ---------------------------------------------------------------------------------------------
// notify-keyspace-events

/** Keyspace notification classes, as Redis's NOTIFY_* bits. */
export const Notify = {
  Keyspace: 1 << 0, // K
  Keyevent: 1 << 1, // E
  Generic: 1 << 2, // g
  String: 1 << 3, // $
  List: 1 << 4, // l
  Set: 1 << 5, // s
  Hash: 1 << 6, // h
  Zset: 1 << 7, // z
  Expired: 1 << 8, // x
  Evicted: 1 << 9, // e
  Stream: 1 << 10, // t
  KeyMiss: 1 << 11, // m (not part of A)
  Loaded: 1 << 12, // modules only
  Module: 1 << 13, // d
  New: 1 << 14, // n (not part of A)
} as const;

/** What "A" stands for. */
export const NOTIFY_ALL =
  Notify.Generic | Notify.String | Notify.List | Notify.Set | Notify.Hash | Notify.Zset | Notify.Expired | Notify.Evicted | Notify.Stream | Notify.Module;

const NOTIFY_CHARS: Record<string, number> = {
  A: NOTIFY_ALL,
  g: Notify.Generic,
  $: Notify.String,
  l: Notify.List,
  s: Notify.Set,
  h: Notify.Hash,
  z: Notify.Zset,
  x: Notify.Expired,
  e: Notify.Evicted,
  K: Notify.Keyspace,
  E: Notify.Keyevent,
  t: Notify.Stream,
  m: Notify.KeyMiss,
  d: Notify.Module,
  n: Notify.New,
};

/** Flags from a class string ("KEA"); -1 on an unknown character. */
export function notifyFlagsFromString(s: string): number {
  let flags = 0;
  for (const ch of s) {
    const f = NOTIFY_CHARS[ch];
    if (f === undefined) return -1;
    flags |= f;
  }
  return flags;
}

/** The canonical class string Redis prints for flags ("AKE", "g$xKE"). */
export function notifyFlagsToString(flags: number): string {
  let out = '';
  if ((flags & NOTIFY_ALL) === NOTIFY_ALL) out += 'A';
  else {
    const order: [number, string][] = [
      [Notify.Generic, 'g'],
      [Notify.String, '$'],
      [Notify.List, 'l'],
      [Notify.Set, 's'],
      [Notify.Hash, 'h'],
      [Notify.Zset, 'z'],
      [Notify.Expired, 'x'],
      [Notify.Evicted, 'e'],
      [Notify.Stream, 't'],
      [Notify.Module, 'd'],
      [Notify.New, 'n'],
    ];
    for (const [f, c] of order) if (flags & f) out += c;
  }
  if (flags & Notify.Keyspace) out += 'K';
  if (flags & Notify.Keyevent) out += 'E';
  if (flags & Notify.KeyMiss) out += 'm';
  return out;
}

/** notify-keyspace-events: typed value is the flags number (see Notify). */
export const notifyKeyspaceEventsParam: ParamDef = {
  name: 'notify-keyspace-events',
  flags: 0,
  defaultValue: 0,
  parse: (args) => {
    if (args.length !== 1) fail('wrong number of arguments');
    const f = notifyFlagsFromString(args[0]);
    if (f === -1) fail("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");
    return f;
  },
  format: (v) => notifyFlagsToString(v as number),
  rewrite: (v, n) => ({ lines: [`${n} ${repr(notifyFlagsToString(v as number))}`], force: v !== 0 }),
  equals: () => false,
};

// ---------------------------------------------------------------------------------------------
// bind

const BIND_DEFAULT = ['*', '-::*'];

/** bind: up to 16 addresses ("*" any IPv4, "::*" any IPv6, "-" prefix: skip if unavailable). */
export const bindParam: ParamDef = {
  name: 'bind',
  flags: PF.MultiArg,
  defaultValue: BIND_DEFAULT,
  parse: (args) => {
    if (args.length > 16) fail('Too many bind addresses specified.');
    if (args.length === 1 && args[0] === '') return [];
    return [...args];
  },
  format: (v) => (v as string[]).join(' '),
  rewrite: (v, n) => {
    const addrs = v as string[];
    if (addrs.length === 2 && addrs[0] === '*' && addrs[1] === '-::*') return { lines: [], force: false };
    return { lines: [`${n} ${addrs.length ? addrs.join(' ') : '""'}`], force: true };
  },
  equals: () => false,
};

// ---------------------------------------------------------------------------------------------
// replicaof

/** The primary this server replicates, or null. */
export interface ReplicaOf {
  readonly host: string;
  readonly port: number;
}

/** replicaof (alias slaveof): <host> <port> or "no one". Accepted and reported; replication is not implemented. */
export const replicaofParam: ParamDef = {
  name: 'replicaof',
  alias: 'slaveof',
  flags: PF.Immutable | PF.MultiArg,
  defaultValue: null,
  parse: (args) => {
    if (args.length !== 2) fail('wrong number of arguments');
    if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return null;
    const r = strtoll(args[1]);
    // strtol into an int: out-of-range or trailing junk is an invalid port
    if ((r.end !== args[1].length && args[1].length !== 0) || r.value < 0n || r.value > 65535n) fail('Invalid master port');
    return { host: args[0], port: Number(r.value) } satisfies ReplicaOf;
  },
  format: (v) => (v === null ? '' : `${(v as ReplicaOf).host} ${(v as ReplicaOf).port}`),
  rewrite: (v, n) => (v === null ? { lines: [], force: false } : { lines: [`${n} ${(v as ReplicaOf).host} ${(v as ReplicaOf).port}`], force: true }),
  equals: () => false,
};

// ---------------------------------------------------------------------------------------------
// latency-tracking-info-percentiles

/** latency-tracking-info-percentiles: numbers in [0, 100]; typed value number[]. */
export const latencyPercentilesParam: ParamDef = {
  name: 'latency-tracking-info-percentiles',
  flags: PF.MultiArg,
  defaultValue: [50, 99, 99.9],
  parse: (args) => {
    if (args.length === 1 && args[0] === '') return [];
    return args.map((a) => {
      const d = string2d(a);
      if (d === undefined) fail('Invalid latency-tracking-info-percentiles parameters');
      if (d > 100 || d < 0) fail('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]');
      return d;
    });
  },
  format: (v) => (v as number[]).map(formatPercentile).join(' '),
  rewrite: (v, n) => {
    const ps = v as number[];
    return { lines: [`${n} ${ps.length ? ps.map(formatPercentile).join(' ') : '""'}`], force: true };
  },
  equals: () => false,
};

// ---------------------------------------------------------------------------------------------
// dir

/** strerror() texts for the errors chdir can report. */
const STRERROR: Record<string, string> = {
  ENOENT: 'No such file or directory',
  ENOTDIR: 'Not a directory',
  EACCES: 'Permission denied',
  ENAMETOOLONG: 'File name too long',
  ELOOP: 'Too many levels of symbolic links',
  EIO: 'Input/output error',
};

/**
 * dir: the working directory. For the sonic-server process it is the process's cwd, as in Redis
 * (CONFIG SET dir chdirs, CONFIG GET prints getcwd()). An embedded server must not move its host
 * process, so there the directory is only checked and remembered. Typed value: absolute path.
 */
export const dirParam: ParamDef = {
  name: 'dir',
  flags: PF.Protected | PF.DenyLoading,
  defaultValue: '',
  parse: (args, ctx) => {
    if (args.length !== 1) fail('wrong number of arguments');
    const base = (ctx.prev as string) || process.cwd();
    try {
      if (ctx.processWide) {
        process.chdir(args[0]);
        return process.cwd();
      }
      const target = resolve(base, args[0]);
      if (!statSync(target).isDirectory()) throw Object.assign(new Error('not a dir'), { code: 'ENOTDIR' });
      return target;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO';
      return fail(STRERROR[code] ?? code);
    }
  },
  format: (v) => (v as string) || process.cwd(),
  typed: (v) => (v as string) || process.cwd(),
  rewrite: (v, n) => ({ lines: [`${n} ${repr((v as string) || process.cwd())}`], force: true }),
  equals: () => false,
};
