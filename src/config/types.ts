/**
 * The kinds of configuration parameter (bool, numeric, enum, string, special) and how each one
 * parses, prints (CONFIG GET) and rewrites (CONFIG REWRITE) its value, following the rules of
 * Redis 7.0.15's config.c. A parameter keeps an internal value (exact: BigInt for numbers) and
 * exposes a typed value for the engine (plain numbers, names, arrays).
 */
import { LLONG_MAX, memtoull, string2ll, strtoll, ULLONG_MAX } from './numbers.js';
import { reprBytes } from '../observability/monitor.js';

/** Flags, as Redis's *_CONFIG flags. */
export const enum PF {
  Immutable = 1,
  Hidden = 2,
  /** Takes several arguments ("save 900 1"); a single argument is split on spaces. */
  MultiArg = 4,
  /** Value redacted from SLOWLOG/MONITOR (requirepass, masterauth, masteruser). */
  Sensitive = 8,
  /** Settable only when enable-protected-configs allows the client. */
  Protected = 16,
  /** Refused while loading a dataset (dir, appendonly, repl-diskless-load). */
  DenyLoading = 32,
  /** Part of DEBUG CONFIG-REWRITE-FORCE-ALL-style dumps (Redis's DEBUG_CONFIG). */
  Debug = 64,
  /** A set to the same value still counts as a change (the TLS file names). */
  Volatile = 128,
}

/** An invalid value, with Redis's reason text (what follows "- " in the CONFIG SET error). */
export class ConfigError extends Error {}

/** What a parser may need beyond its arguments. */
export interface ParseContext {
  /** The parameter's current internal value. */
  readonly prev: unknown;
  /** True while reading the configuration file / command line (Redis's reading_config_file). */
  readonly loading: boolean;
  /** While loading: this is the first time the parameter is set (Redis's save_loaded logic). */
  readonly firstInLoad: boolean;
  /** True when the value may act on the process (chdir for `dir`); false for embedded servers. */
  readonly processWide: boolean;
  /** A warning for the log (Redis logs some accepted-but-dubious values). */
  warn(msg: string): void;
}

/** How CONFIG REWRITE writes a parameter: its lines, and whether they must appear even if absent. */
export interface RewriteLines {
  /** Lines to write; empty means "remove the parameter's old lines". */
  readonly lines: readonly string[];
  /**
   * Write even when the file did not mention the parameter (value differs from default); per
   * line when an array (client-output-buffer-limit decides class by class).
   */
  readonly force: boolean | readonly boolean[];
}

export interface ParamDef {
  readonly name: string;
  readonly alias?: string;
  readonly flags: number;
  /** Internal default value. */
  readonly defaultValue: unknown;
  /**
   * Parses arguments (already split for multi-argument parameters) into an internal value.
   * Throws ConfigError with Redis's reason on invalid input.
   */
  parse(args: readonly string[], ctx: ParseContext): unknown;
  /** The value as CONFIG GET prints it. */
  format(v: unknown): string;
  /** The engine-facing value (numbers as JS numbers, enums as names...); identity by default. */
  typed?(v: unknown): unknown;
  /** CONFIG REWRITE's lines for this value; `name` is the primary name. */
  rewrite(v: unknown, name: string): RewriteLines;
  /** Equal values are "no change" (Redis then skips the parameter's apply step). */
  equals?(a: unknown, b: unknown): boolean;
}

/** Quotes a value as Redis's sdscatrepr does (CONFIG REWRITE's string lines). */
export function repr(s: string): string {
  return reprBytes(s);
}

function fail(msg: string): never {
  throw new ConfigError(msg);
}

// ---------------------------------------------------------------------------------------------
// bool

export function boolParam(name: string, def: boolean, flags = 0, alias?: string): ParamDef {
  return {
    name,
    alias,
    flags,
    defaultValue: def,
    parse: (args) => {
      const r = args[0].toLowerCase();
      if (r === 'yes') return true;
      if (r === 'no') return false;
      return fail("argument must be 'yes' or 'no'");
    },
    format: (v) => (v ? 'yes' : 'no'),
    rewrite: (v, n) => ({ lines: [`${n} ${v ? 'yes' : 'no'}`], force: v !== def }),
  };
}

// ---------------------------------------------------------------------------------------------
// numeric

/** How a numeric parameter's text is read, as Redis's MEMORY/PERCENT/OCTAL_CONFIG flags. */
export const enum NumFmt {
  Integer = 0,
  Memory = 1,
  Percent = 2,
  Octal = 4,
}

export interface NumericOpts {
  readonly alias?: string;
  readonly flags?: number;
  readonly fmt?: number;
  /** The C type is unsigned (bounds compared as unsigned 64-bit, printed with %llu). */
  readonly unsigned?: boolean;
}

/**
 * A numeric parameter. Internal value: bigint (a percentage is stored negated, as in Redis);
 * typed value: a JS number.
 */
export function numParam(name: string, def: bigint | number, min: bigint | number, max: bigint | number, opts: NumericOpts = {}): ParamDef {
  const lo = BigInt(min);
  const hi = BigInt(max);
  const dflt = BigInt(def);
  const fmt = opts.fmt ?? NumFmt.Integer;
  const parseText = (s: string): bigint => {
    if (fmt & NumFmt.Memory) {
      const m = memtoull(s);
      // The unsigned result lands in a long long, as in numericParseString.
      if (m !== undefined) return BigInt.asIntN(64, m);
    }
    if (fmt & NumFmt.Percent && s.length > 1 && s.endsWith('%')) {
      const p = string2ll(s.slice(0, -1));
      if (p !== undefined && p >= 0n) return -p;
    }
    if (fmt & NumFmt.Octal) {
      const r = strtoll(s, 8);
      if (!r.overflow && (r.end === s.length || s.length === 0)) return r.value;
    }
    if (fmt === NumFmt.Integer) {
      const v = string2ll(s);
      if (v !== undefined) return v;
    }
    if (fmt & NumFmt.Memory && fmt & NumFmt.Percent) return fail('argument must be a memory or percent value');
    if (fmt & NumFmt.Memory) return fail('argument must be a memory value');
    if (fmt & NumFmt.Octal) return fail("argument couldn't be parsed as an octal number");
    return fail("argument couldn't be parsed into an integer");
  };
  const boundsCheck = (v: bigint): void => {
    if (opts.unsigned) {
      const u = BigInt.asUintN(64, v);
      const ulo = BigInt.asUintN(64, lo);
      const uhi = BigInt.asUintN(64, hi);
      if (u > uhi || u < ulo) {
        if (fmt & NumFmt.Octal) fail(`argument must be between ${ulo.toString(8)} and ${uhi.toString(8)} inclusive`);
        fail(`argument must be between ${ulo} and ${uhi} inclusive`);
      }
    } else if (fmt & NumFmt.Percent && v < 0n) {
      if (v < lo) fail(`percentage argument must be less or equal to ${-lo}`);
    } else if (v > hi || v < lo) {
      fail(`argument must be between ${lo} and ${hi} inclusive`);
    }
  };
  const show = (v: bigint): string => {
    if (fmt & NumFmt.Percent && v < 0n) return `${-v}%`;
    if (fmt & NumFmt.Memory) return BigInt.asUintN(64, v).toString();
    if (fmt & NumFmt.Octal) return BigInt.asUintN(64, v).toString(8);
    return v.toString();
  };
  return {
    name,
    alias: opts.alias,
    flags: opts.flags ?? 0,
    defaultValue: dflt,
    parse: (args) => {
      const v = parseText(args[0]);
      boundsCheck(v);
      // Unsigned C types keep the unsigned reading (maxmemory 18446744073709551615).
      return opts.unsigned ? BigInt.asUintN(64, v) : v;
    },
    format: (v) => show(v as bigint),
    typed: (v) => Number(v as bigint),
    rewrite: (raw, n) => {
      const v = raw as bigint;
      const force = v !== dflt;
      if (fmt & NumFmt.Percent && v < 0n) return { lines: [`${n} ${-v}%`], force };
      if (fmt & NumFmt.Memory) return { lines: [`${n} ${formatMemory(v)}`], force };
      if (fmt & NumFmt.Octal) return { lines: [`${n} ${BigInt.asUintN(64, v).toString(8)}`], force };
      return { lines: [`${n} ${v}`], force };
    },
  };
}

/** Redis's rewriteConfigFormatMemory: the largest of gb/mb/kb that divides the value exactly. */
export function formatMemory(v: bigint): string {
  // The C code formats a long long, so huge unsigned values print negative there; keep positive
  // text instead so the line reads back as the same value.
  const GB = 1024n * 1024n * 1024n;
  const MB = 1024n * 1024n;
  const KB = 1024n;
  if (v !== 0n && v % GB === 0n) return `${v / GB}gb`;
  if (v !== 0n && v % MB === 0n) return `${v / MB}mb`;
  if (v !== 0n && v % KB === 0n) return `${v / KB}kb`;
  return v.toString();
}

export const INT_MAX = 2147483647n;
export const INT_MIN = -2147483648n;
export const UINT_MAX = 4294967295n;
export const LONG_MAX = LLONG_MAX;
export { LLONG_MAX, ULLONG_MAX };

// ---------------------------------------------------------------------------------------------
// enum

/** One name of an enum; several names may share a value (oom-score-adj yes/relative). */
export type EnumChoice = readonly [name: string, value: number];

/** Redis's configEnumGetName: an exact match first, else (bit flags) the names covering the bits. */
export function enumName(choices: readonly EnumChoice[], value: number, bitflags: boolean): string {
  const names: string[] = [];
  let unmatched = value;
  for (const [n, v] of choices) {
    if (value === v) return n;
    if (bitflags && v !== 0 && v === (unmatched & v)) {
      names.push(n);
      unmatched &= ~v;
    }
  }
  return names.length === 0 || unmatched !== 0 ? 'unknown' : names.join(' ');
}

/**
 * An enum parameter. Internal value: the number; typed value: the name (or the flags number for
 * multi-argument bit-flag enums such as shutdown-on-sigterm).
 */
export function enumParam(
  name: string,
  choices: readonly EnumChoice[],
  def: number,
  flags = 0,
  validate?: (v: number) => void,
): ParamDef {
  const bitflags = (flags & PF.MultiArg) !== 0;
  return {
    name,
    flags,
    defaultValue: def,
    parse: (args) => {
      let value = 0;
      let ok = args.length > 0 && (bitflags || args.length === 1);
      for (const a of ok ? args : []) {
        const lower = a.toLowerCase();
        let matched = false;
        for (const [n, v] of choices) {
          if (n === lower) {
            value |= v;
            matched = true;
          }
        }
        if (!matched) {
          ok = false;
          break;
        }
      }
      if (!ok) {
        // Redis builds this in a 256-byte buffer, so a long list is cut at 255 characters.
        const msg = 'argument(s) must be one of the following: ' + choices.map((c) => c[0]).join(', ');
        fail(msg.slice(0, 255));
      }
      validate?.(value);
      return value;
    },
    format: (v) => enumName(choices, v as number, bitflags),
    typed: (v) => (bitflags ? v : enumName(choices, v as number, false)),
    rewrite: (v, n) => ({ lines: [`${n} ${enumName(choices, v as number, bitflags)}`], force: v !== def }),
  };
}

// ---------------------------------------------------------------------------------------------
// string

export interface StringOpts {
  readonly alias?: string;
  readonly flags?: number;
  /**
   * Redis's EMPTY_STRING_IS_NULL: "" means "not set" (CONFIG GET prints "", CONFIG REWRITE
   * leaves the parameter out). The typed value is "" either way.
   */
  readonly emptyIsNull?: boolean;
  readonly validate?: (v: string) => void;
}

/** A string parameter. Internal and typed value: the string ("" when unset). */
export function stringParam(name: string, def: string | null, opts: StringOpts = {}): ParamDef {
  const dflt = def ?? '';
  return {
    name,
    alias: opts.alias,
    flags: opts.flags ?? 0,
    defaultValue: dflt,
    parse: (args) => {
      opts.validate?.(args[0]);
      return args[0];
    },
    format: (v) => v as string,
    rewrite: (raw, n) => {
      const v = raw as string;
      if (v === '' && opts.emptyIsNull) return { lines: [], force: false };
      return { lines: [`${n} ${repr(v)}`], force: def === null || v !== def };
    },
    equals: opts.flags !== undefined && (opts.flags & PF.Volatile) !== 0 ? () => false : undefined,
  };
}
