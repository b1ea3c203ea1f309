/**
 * Parameter definitions: name, aliases, type, default and bounds, following redis.conf and
 * Redis 7.0.15's config table. Parsers throw ConfigError-compatible messages.
 */
export interface ParamDef {
  readonly name: string;
  readonly aliases?: readonly string[];
  /** Default, written as in redis.conf. */
  readonly default: string;
  readonly immutable?: boolean;
  /** Hidden from CONFIG GET * (as Redis's HIDDEN_CONFIG). */
  readonly hidden?: boolean;
  parse(raw: string): unknown;
  format(v: unknown): string;
  validate?(v: unknown): void;
}

function fail(msg: string): never {
  throw new Error(msg);
}

export function boolParam(name: string, def: boolean, opts: Partial<ParamDef> = {}): ParamDef {
  return {
    name,
    default: def ? 'yes' : 'no',
    parse: (raw) => {
      const r = raw.toLowerCase();
      if (r === 'yes') return true;
      if (r === 'no') return false;
      return fail('argument must be \'yes\' or \'no\'');
    },
    format: (v) => (v ? 'yes' : 'no'),
    ...opts,
  };
}

/** Parses an integer with an optional memory unit (k, kb, m, mb, g, gb), as Redis's memtoull. */
export function parseMemory(raw: string): number | undefined {
  const m = /^(-?\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(raw);
  if (!m) return undefined;
  const unit = (m[2] ?? '').toLowerCase();
  const mul = unit === 'k' ? 1000 : unit === 'kb' ? 1024 : unit === 'm' ? 1e6 : unit === 'mb' ? 1024 * 1024 : unit === 'g' ? 1e9 : unit === 'gb' ? 1024 ** 3 : 1;
  return Number(m[1]) * mul;
}

export function intParam(name: string, def: number, min: number, max: number, opts: Partial<ParamDef> & { memory?: boolean } = {}): ParamDef {
  return {
    name,
    default: String(def),
    parse: (raw) => {
      const v = opts.memory ? parseMemory(raw) : /^-?\d+$/.test(raw) ? Number(raw) : undefined;
      if (v === undefined || !Number.isFinite(v)) return fail('argument couldn\'t be parsed into an integer');
      if (v < min || v > max) return fail(`argument must be between ${min} and ${max} inclusive`);
      return v;
    },
    format: (v) => String(v),
    ...opts,
  };
}

export function stringParam(name: string, def: string, opts: Partial<ParamDef> = {}): ParamDef {
  return { name, default: def, parse: (raw) => raw, format: (v) => String(v), ...opts };
}

export function enumParam(name: string, def: string, choices: readonly string[], opts: Partial<ParamDef> = {}): ParamDef {
  return {
    name,
    default: def,
    parse: (raw) => {
      const r = raw.toLowerCase();
      if (!choices.includes(r)) return fail(`argument(s) must be one of the following: ${choices.join(', ')}`);
      return r;
    },
    format: (v) => String(v),
    ...opts,
  };
}

const MAX_INT = 2147483647;
const MAX_LL = Number.MAX_SAFE_INTEGER;

export const PARAMS: readonly ParamDef[] = [
  intParam('port', 6379, 0, 65535),
  stringParam('bind', '* -::*'),
  intParam('databases', 16, 1, MAX_INT, { immutable: true }),
  stringParam('requirepass', '', { format: (v) => String(v) }),
  intParam('proto-max-bulk-len', 512 * 1024 * 1024, 1024 * 1024, MAX_LL, { memory: true }),
  intParam('client-query-buffer-limit', 1024 * 1024 * 1024, 1024 * 1024, MAX_LL, { memory: true }),
  intParam('slowlog-log-slower-than', 10000, -1, MAX_LL),
  intParam('slowlog-max-len', 128, 0, MAX_LL),
  intParam('latency-monitor-threshold', 0, 0, MAX_LL),
  intParam('maxmemory', 0, 0, MAX_LL, { memory: true }),
  intParam('hz', 10, 0, MAX_INT),
  intParam('maxclients', 10000, 1, MAX_INT),
  intParam('timeout', 0, 0, MAX_INT),
  enumParam('loglevel', 'notice', ['debug', 'verbose', 'notice', 'warning', 'nothing']),
  stringParam('logfile', '', { immutable: true }),
  stringParam('dir', './'),
  stringParam('dbfilename', 'dump.rdb'),
  boolParam('appendonly', false),
];
