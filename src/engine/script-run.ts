/**
 * The engine's view of a running script (Redis's scriptRunCtx, script.c): who called it, the
 * client its redis.call() commands run on, what the script may do (read-only, allow-oom ...),
 * whether it has written, timed out or been killed. Nothing here knows Lua: EVAL and FCALL
 * (src/scripting/) create a ScriptRun, the dispatcher checks it (busy rejection, script calls),
 * and SCRIPT KILL / FUNCTION KILL flag it.
 */
import type { Client } from './client.js';
import { CmdFlag } from './command-table.js';

/** Flags a script declares (`#!lua flags=...`, register_function flags): Redis's SCRIPT_FLAG_*. */
export const enum ScriptFlag {
  NoWrites = 1 << 0,
  AllowOom = 1 << 1,
  AllowStale = 1 << 2,
  NoCluster = 1 << 3,
  /** An EVAL script without a shebang: the backwards-compatible rules of Redis 6. */
  EvalCompat = 1 << 4,
  AllowCrossSlot = 1 << 5,
}

/** Declarable flags and their names, in Redis's order (FUNCTION LIST shows them so). */
export const SCRIPT_FLAG_NAMES: readonly (readonly [ScriptFlag, string])[] = [
  [ScriptFlag.NoWrites, 'no-writes'],
  [ScriptFlag.AllowOom, 'allow-oom'],
  [ScriptFlag.AllowStale, 'allow-stale'],
  [ScriptFlag.NoCluster, 'no-cluster'],
  [ScriptFlag.AllowCrossSlot, 'allow-cross-slot-keys'],
];

/** State of one run (Redis's run_ctx->flags). */
export const enum RunFlag {
  /** The script already ran a write command: it can no longer be killed or refused midway. */
  WriteDirty = 1 << 0,
  /** Past busy-reply-threshold: other clients get BUSY. */
  TimedOut = 1 << 3,
  /** SCRIPT KILL / FUNCTION KILL asked for the script to stop. */
  Killed = 1 << 4,
  ReadOnly = 1 << 5,
  AllowOom = 1 << 6,
  /** Run by EVAL* (not FCALL): decides the BUSY text and which KILL applies. */
  EvalMode = 1 << 7,
  AllowCrossSlot = 1 << 8,
}

/**
 * Propagation targets of the script's writes (redis.set_repl): Redis's PROPAGATE_*, the same
 * bits as engine/propagation's PropTarget.
 */
export const enum ReplFlag {
  None = 0,
  Aof = 1,
  Replicas = 2,
  All = 3,
}

/** Milliseconds from a monotonic clock (script durations must not jump with the wall clock). */
export function monotonicMs(): number {
  return performance.now();
}

export class ScriptRun {
  flags = 0;
  replFlags: number = ReplFlag.All;
  /** Monotonic start, for busy-reply-threshold and FUNCTION STATS duration_ms. */
  readonly startMs = monotonicMs();
  /** Wall-clock time at start: keys expire relative to it during the whole run, as in Redis. */
  readonly snapshotMs: number;
  /** When other clients were last serviced while the script is busy (monotonic ms). */
  lastPump = -Infinity;
  /** Commands the script ran (redis.call/pcall). */
  calls = 0;
  /** The EVAL/FCALL command line that started the run (its declared keys, for client tracking). */
  callerArgv: string[] = [];
  /**
   * The busy check (see scripting/run-script.ts), also run every few commands the script calls:
   * a command costs far more than the VM steps the interpreter's hook counts. Null when
   * busy-reply-threshold is 0.
   */
  interrupt: (() => void) | null = null;

  constructor(
    /** The SHA1 for EVAL, the function name for FCALL (logs, FUNCTION STATS). */
    readonly funcname: string,
    /** The client that sent EVAL/FCALL. */
    readonly caller: Client,
    /** The client redis.call() commands run on. */
    readonly client: Client,
    wallMs: number,
  ) {
    this.snapshotMs = wallMs;
  }

  get timedOut(): boolean {
    return (this.flags & RunFlag.TimedOut) !== 0;
  }

  get killed(): boolean {
    return (this.flags & RunFlag.Killed) !== 0;
  }

  get isEval(): boolean {
    return (this.flags & RunFlag.EvalMode) !== 0;
  }

  /** Milliseconds since the script started. */
  durationMs(): number {
    return Math.floor(monotonicMs() - this.startMs);
  }
}

/**
 * The flags EVAL/FCALL carry for the dispatcher's checks once the script's declared flags are
 * known (Redis's scriptFlagsToCmdFlags): declared no-writes clears write and deny-oom, allow-oom
 * clears deny-oom, allow-stale adds stale; may-replicate is dropped since the flags tell.
 */
export function scriptFlagsToCmdFlags(cmdFlags: number, scriptFlags: number): number {
  let f = cmdFlags & ~(CmdFlag.Stale | CmdFlag.DenyOom | CmdFlag.Write | CmdFlag.MayReplicate);
  if ((scriptFlags & (ScriptFlag.AllowOom | ScriptFlag.NoWrites)) === 0) f |= CmdFlag.DenyOom;
  if ((scriptFlags & ScriptFlag.NoWrites) === 0) f |= CmdFlag.Write;
  if ((scriptFlags & ScriptFlag.AllowStale) !== 0) f |= CmdFlag.Stale;
  return f;
}

/**
 * What the server layer offers a long-running script: servicing the other connections
 * synchronously (Redis's processEventsWhileBlocked), so they get BUSY replies and can send
 * SCRIPT KILL or SHUTDOWN NOSAVE. Implemented in src/server/ over the sockets' file descriptors;
 * absent for in-process use without sockets.
 */
export interface EventPump {
  /** Reads and runs whatever the other clients sent; never touches `except`. */
  processEventsWhileBlocked(except: Client): void;
}

/** Redis's BUSY replies while a script runs past busy-reply-threshold. */
export const BUSY_EVAL = 'BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.';
export const BUSY_FUNCTION = 'BUSY Redis is busy running a script. You can only call FUNCTION KILL or SHUTDOWN NOSAVE.';
