/**
 * The `redis` table scripts see (Redis's luaRegisterRedisAPI, script_lua.c and eval.c):
 * call/pcall through the dispatcher, error_reply/status_reply, sha1hex, log with its levels,
 * setresp, set_repl with the REPL_* flags, acl_check_cmd, REDIS_VERSION(_NUM), and for EVAL
 * only breakpoint/debug (no debugger: they do nothing) and replicate_commands (always true).
 * Every message is byte-identical to Redis 7.0.15's.
 */
import { LuaTable, numberToString, stringToNumber, type LuaValue } from './lua/value.js';
import { native, raise } from './lua-vm.js';
import { errorTable } from './script-errors.js';
import { replyToLua } from './resp-to-lua.js';
import { sha1hex } from './sha1.js';
import { callFromScript } from '../engine/dispatcher.js';
import { lookupAclCommandForArgv } from '../acl/catalog.js';
import { checkCommand } from '../acl/check.js';
import type { Engine } from '../engine/engine.js';
import { ReplFlag, type ScriptRun } from '../engine/script-run.js';
import { formatG17 } from '../protocol/reply.js';
import { REDIS_VERSION } from '../config/version.js';
import type { LogLevel } from '../observability/log.js';

/** The interpreter's link to the server: the run in progress (Redis keeps it in the registry). */
export interface ScriptHost {
  readonly engine: Engine;
  run: ScriptRun | null;
}

/** REDIS_VERSION_NUM: 0x00MMmmpp. */
export const REDIS_VERSION_NUM = REDIS_VERSION.split('.').reduce((n, part) => n * 256 + Number(part), 0);

const LOG_LEVELS: LogLevel[] = ['debug', 'verbose', 'notice', 'warning'];

/**
 * A redis.call argument as Redis makes one: numbers with %.17g (Lua's own %.14g would lose
 * precision), strings as they are. Anything else is refused (undefined).
 */
function argToString(v: LuaValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') {
    if (v !== v) return '-nan';
    if (v === Infinity) return 'inf';
    if (v === -Infinity) return '-inf';
    return formatG17(v);
  }
  return undefined;
}

/** Lua arguments to a command's argv, or the error table Redis pushes instead. */
export function argsToArgv(args: LuaValue[]): string[] | LuaTable {
  if (args.length === 0) return errorTable('Please specify at least one argument for this redis lib call');
  const argv = new Array<string>(args.length);
  for (let i = 0; i < args.length; i++) {
    const s = argToString(args[i]);
    if (s === undefined) return errorTable('Lua redis lib command arguments must be strings or integers');
    argv[i] = s;
  }
  return argv;
}

/** lua_tonumber: numbers and numeric strings, else 0. */
function toNumber(v: LuaValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return stringToNumber(v) ?? 0;
  return 0;
}

/** C's (int) cast of a Lua number. */
function toInt(v: LuaValue): number {
  const n = Math.trunc(toNumber(v));
  return Number.isFinite(n) ? n | 0 : -2147483648;
}

/** redis.call (raise) and redis.pcall. */
function genericCall(host: ScriptHost, args: LuaValue[], raiseError: boolean): LuaValue[] {
  const run = host.run;
  if (run === null) raise(errorTable('redis.call/pcall can only be called inside a script invocation'));
  const argv = argsToArgv(args);
  if (argv instanceof LuaTable) {
    if (raiseError) raise(argv);
    return [argv];
  }
  if ((++run.calls & 15) === 0 && run.interrupt !== null) run.interrupt();
  const err = callFromScript(host.engine, run, argv);
  if (err !== null) {
    const t = errorTable(err, true);
    if (raiseError) raise(t);
    return [t];
  }
  const reply = run.client.reply.take();
  const value = replyToLua(reply);
  if (raiseError && reply.charCodeAt(0) === 45) raise(value);
  return [value];
}

/** A run is required: Redis raises "<what> can only be called inside a script invocation". */
function requireRun(host: ScriptHost, what: string): ScriptRun {
  if (host.run === null) raise(errorTable(`${what} can only be called inside a script invocation`));
  return host.run;
}

function logFunction(host: ScriptHost) {
  return native('log', (args) => {
    if (args.length < 2) raise(errorTable('redis.log() requires two arguments or more.'));
    const first = args[0];
    if (typeof first !== 'number' && (typeof first !== 'string' || stringToNumber(first) === undefined)) {
      raise(errorTable('First argument must be a number (log level).'));
    }
    const level = toInt(first);
    if (level < 0 || level > 3) raise(errorTable('Invalid debug level.'));
    const logger = host.engine.logger;
    if (!logger.enabled(LOG_LEVELS[level])) return [];
    let line = '';
    for (let j = 1; j < args.length; j++) {
      const a = args[j];
      const s = typeof a === 'string' ? a : typeof a === 'number' ? numberToString(a) : undefined;
      if (s === undefined) continue;
      if (j !== 1) line += ' ';
      line += s;
    }
    logger.log(LOG_LEVELS[level], line);
    return [];
  });
}

/** Adds redis.log and the LOG_* levels. */
export function addLogApi(redis: LuaTable, host: ScriptHost): void {
  redis.set('log', logFunction(host));
  LOG_LEVELS.forEach((_, i) => redis.set(['LOG_DEBUG', 'LOG_VERBOSE', 'LOG_NOTICE', 'LOG_WARNING'][i], i));
}

/** Adds REDIS_VERSION and REDIS_VERSION_NUM. */
export function addVersionApi(redis: LuaTable): void {
  redis.set('REDIS_VERSION_NUM', REDIS_VERSION_NUM);
  redis.set('REDIS_VERSION', REDIS_VERSION);
}

/** The redis table of a scripting state; `evalMode` adds the EVAL-only debugger functions. */
export function redisApi(host: ScriptHost, evalMode: boolean): LuaTable {
  const redis = new LuaTable();
  redis.set('call', native('call', (args) => genericCall(host, args, true)));
  redis.set('pcall', native('pcall', (args) => genericCall(host, args, false)));
  addLogApi(redis, host);
  addVersionApi(redis);
  redis.set(
    'setresp',
    native('setresp', (args) => {
      const run = requireRun(host, 'redis.setresp');
      if (args.length !== 1) raise(errorTable('redis.setresp() requires one argument.'));
      const resp = toInt(args[0]);
      if (resp !== 2 && resp !== 3) raise(errorTable('RESP version must be 2 or 3.'));
      run.client.reply.proto = resp;
      return [];
    }),
  );
  redis.set(
    'sha1hex',
    native('sha1hex', (args) => {
      if (args.length !== 1) raise(errorTable('wrong number of arguments'));
      const v = args[0];
      return [sha1hex(typeof v === 'string' ? v : typeof v === 'number' ? numberToString(v) : '')];
    }),
  );
  redis.set(
    'error_reply',
    native('error_reply', (args) => {
      const v = args[0];
      if (args.length !== 1 || typeof v !== 'string') return [errorTable('wrong number or type of arguments')];
      return [errorTable(v.charCodeAt(0) === 45 ? v : '-' + v)];
    }),
  );
  redis.set(
    'status_reply',
    native('status_reply', (args) => {
      const v = args[0];
      if (args.length !== 1 || typeof v !== 'string') return [errorTable('wrong number or type of arguments')];
      const t = new LuaTable();
      t.set('ok', v);
      return [t];
    }),
  );
  redis.set(
    'set_repl',
    native('set_repl', (args) => {
      const run = requireRun(host, 'redis.set_repl');
      if (args.length !== 1) raise(errorTable('redis.set_repl() requires two arguments.'));
      const flags = toInt(args[0]);
      if ((flags & ~ReplFlag.All) !== 0) raise(errorTable('Invalid replication flags. Use REPL_AOF, REPL_REPLICA, REPL_ALL or REPL_NONE.'));
      run.replFlags = flags;
      return [];
    }),
  );
  redis.set('REPL_NONE', ReplFlag.None);
  redis.set('REPL_AOF', ReplFlag.Aof);
  redis.set('REPL_SLAVE', ReplFlag.Replicas);
  redis.set('REPL_REPLICA', ReplFlag.Replicas);
  redis.set('REPL_ALL', ReplFlag.All);
  redis.set(
    'acl_check_cmd',
    native('acl_check_cmd', (args) => {
      const run = requireRun(host, 'redis.acl_check_cmd');
      const argv = argsToArgv(args);
      if (argv instanceof LuaTable) raise(argv);
      const cmd = lookupAclCommandForArgv(argv);
      if (cmd === undefined) raise(errorTable('Invalid command passed to redis.acl_check_cmd()'));
      // Checked against the script caller's user, without logging a denial.
      return [run.caller.mustObey || checkCommand(run.caller.user, cmd!, argv) === null];
    }),
  );
  if (evalMode) {
    // No debugger (SCRIPT DEBUG): a breakpoint never stops, debug output goes nowhere.
    redis.set('breakpoint', native('breakpoint', () => [false]));
    redis.set('debug', native('debug', () => []));
    // Scripts always replicate their effects since Redis 7.0.
    redis.set('replicate_commands', native('replicate_commands', () => [true]));
  }
  return redis;
}

