/**
 * Running a compiled script or function for a client, as Redis's scriptPrepareForRun,
 * luaCallFunction and scriptResetRun do: the checks a script's declared flags imply, the run
 * context (selected db, RESP2, read-only/allow-oom), KEYS and ARGV, the busy hook, the result
 * converted to a reply, and errors reported as
 * "-ERR user_script:1: <message> script: <sha>, on @user_script:1.".
 */
import type { Client } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';
import { enoughGoodReplicas } from '../engine/dispatcher.js';
import { Errors } from '../engine/errors.js';
import { RunFlag, ScriptFlag, ScriptRun, monotonicMs } from '../engine/script-run.js';
import { preventPropagation } from '../engine/propagation/api.js';
import { LuaTable, numberToString, typeName, type LuaFunction, type LuaValue } from './lua/value.js';
import { LuaFailure, type LuaVM } from './lua-vm.js';
import type { ScriptHost } from './redis-api.js';
import { errorTable, extractErrorInfo } from './script-errors.js';
import { errorLineOf, luaToReply } from './lua-to-resp.js';

/** What to run: the interpreter, the function, and how it is named and flagged. */
export interface ScriptTarget {
  readonly vm: LuaVM;
  readonly host: ScriptHost;
  readonly fn: LuaFunction;
  /** SHA1 for EVAL, the function name for FCALL. */
  readonly name: string;
  /** Declared flags (ScriptFlag), EvalCompat for an EVAL script without shebang. */
  readonly flags: number;
}

/** Minimum milliseconds between two servicing rounds of other clients while busy. */
const PUMP_INTERVAL_MS = 1;

/**
 * Redis's scriptPrepareForRun checks for a script with declared flags; returns the error reply
 * (with its code) when the script may not run now, else null.
 */
function refuseToRun(engine: Engine, flags: number, ro: boolean): string | null {
  if ((flags & ScriptFlag.EvalCompat) !== 0) return null;
  if ((flags & ScriptFlag.NoWrites) === 0) {
    if (ro) return 'ERR Can not execute a script with write flag using *_ro command.';
    if (!enoughGoodReplicas(engine)) return Errors.noReplicas;
  }
  // no-writes implies allow-oom; checked after the write errors, as Redis does.
  if (engine.preCommandOomState && engine.callSettings.maxmemory !== 0 && (flags & (ScriptFlag.AllowOom | ScriptFlag.NoWrites)) === 0) {
    return "OOM allow-oom flag is not set on the script, can not run it when used memory > 'maxmemory'";
  }
  return null;
}

/** A Lua array of byte strings (KEYS, ARGV). */
function stringArray(argv: string[], from: number, to: number): LuaTable {
  const t = new LuaTable();
  for (let i = from; i < to; i++) t.arr.push(argv[i]);
  return t;
}

/**
 * Runs `target` for `caller` with keys argv[3 .. 3+numkeys) and the rest as arguments, writing
 * the reply. `client` is the script client its redis.call() commands run on.
 */
export function runScript(engine: Engine, caller: Client, client: Client, target: ScriptTarget, argv: string[], numkeys: number, ro: boolean, evalMode: boolean): void {
  const refused = refuseToRun(engine, target.flags, ro);
  if (refused !== null) return caller.reply.error(refused);
  const run = new ScriptRun(target.name, caller, client, engine.clock.now());
  run.callerArgv = argv;
  const compat = (target.flags & ScriptFlag.EvalCompat) !== 0;
  if (ro || (!compat && (target.flags & ScriptFlag.NoWrites) !== 0)) run.flags |= RunFlag.ReadOnly;
  if (!compat && (target.flags & ScriptFlag.AllowOom) !== 0) run.flags |= RunFlag.AllowOom;
  if (compat || (target.flags & ScriptFlag.AllowCrossSlot) !== 0) run.flags |= RunFlag.AllowCrossSlot;
  if (evalMode) run.flags |= RunFlag.EvalMode;
  client.db = caller.db;
  client.reply.proto = 2;
  client.reply.out = '';
  const { vm, host } = target;
  host.run = run;
  engine.script = run;
  const keys = stringArray(argv, 3, 3 + numkeys);
  const args = stringArray(argv, 3 + numkeys, argv.length);
  if (engine.callSettings.busyReplyThreshold > 0) {
    const check = (run.interrupt = () => interrupt(engine, run, vm));
    vm.setHook(check);
  }
  try {
    let results: LuaValue[];
    if (evalMode) {
      // KEYS and ARGV are globals for EVAL, set past the globals' read-only protection.
      vm.globals.set('KEYS', keys);
      vm.globals.set('ARGV', args);
      results = vm.call(target.fn, []);
    } else {
      results = vm.call(target.fn, [keys, args]);
    }
    luaToReply(caller.reply, results[0], client.reply.proto);
  } catch (e) {
    if (!(e instanceof LuaFailure)) throw e;
    replyFailure(caller, run, e);
  } finally {
    vm.setHook(undefined);
    host.run = null;
    engine.script = null;
    // EVAL and FCALL never propagate themselves: the commands they ran did.
    preventPropagation(caller);
    client.reply.out = '';
    client.db = engine.dbs[0];
  }
}

/** Lua's tostring() of an error value that is not a string (what the error handler prints). */
function tostringOf(v: LuaValue): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return numberToString(v);
  if (v === undefined || typeof v === 'boolean') return String(v ?? 'nil');
  return `${typeName(v)}: 0x0`;
}

/**
 * The error reply for a failed script, as Redis's error handler and luaCallFunction build it:
 * a non-table error becomes {err="ERR " .. tostring(err)}; the handler adds where it was raised
 * (source, line); the reply is "-<err> script: <name>, on <source>:<line>.".
 */
function replyFailure(caller: Client, run: ScriptRun, failure: LuaFailure): void {
  let value = failure.value;
  let source = failure.source;
  let line: number | undefined = failure.line;
  if (value instanceof LuaTable && value.readonly) {
    // Redis's handler writes the location into the error table: a read-only one (error(redis))
    // makes the handler itself fail at its line 10, and the handler, called again for that
    // error, reports it there.
    value = 'err_handler_def:10: Attempt to modify a readonly table';
    source = '@err_handler_def';
    line = 10;
  }
  if (!(value instanceof LuaTable)) {
    const t = new LuaTable();
    t.set('err', 'ERR ' + tostringOf(value));
    value = t;
  }
  const info = extractErrorInfo(value);
  let text = info.msg ?? 'ERR unknown error';
  if (source !== undefined && line !== undefined) text += ` script: ${run.funcname}, on ${source}:${line}.`;
  caller.reply.errorLine(errorLineOf(text), info.counted);
}

/**
 * The busy hook (Redis's scriptInterrupt): once the script has run for busy-reply-threshold
 * milliseconds other clients are serviced (they get BUSY, and may send SCRIPT KILL, FUNCTION
 * KILL or SHUTDOWN NOSAVE); a killed script ends with an error no pcall can catch.
 */
function interrupt(engine: Engine, run: ScriptRun, vm: LuaVM): void {
  const now = monotonicMs();
  if (!run.timedOut) {
    const elapsed = now - run.startMs;
    if (elapsed < engine.callSettings.busyReplyThreshold) return;
    engine.log(
      'warning',
      `Slow script detected: still in execution after ${Math.floor(elapsed)} milliseconds. ` +
        `You can try killing the script using the ${run.isEval ? 'SCRIPT KILL' : 'FUNCTION KILL'} command. Script name is: ${run.funcname}.`,
    );
    run.flags |= RunFlag.TimedOut;
    run.lastPump = -Infinity;
  }
  if (now - run.lastPump >= PUMP_INTERVAL_MS && engine.eventPump !== undefined) {
    run.lastPump = now;
    engine.eventPump.processEventsWhileBlocked(run.caller);
  }
  if (run.killed) {
    engine.log('warning', 'Lua script killed by user with SCRIPT KILL.');
    vm.abort(errorTable('Script killed by user with SCRIPT KILL...'));
  }
}
