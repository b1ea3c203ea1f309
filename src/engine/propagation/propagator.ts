/**
 * Command propagation (DESIGN rule 7): what a primary sends its replicas and will write to the
 * AOF, after Redis 7.0's call() / alsoPropagate() / propagatePendingCommands().
 *
 * - Every command runs inside a call frame (dispatcher's call()). When it returns, it is
 *   propagated if it changed the dataset (`engine.dirty` moved) or forced propagation, unless it
 *   prevented it; it propagates its argv, or the form it declared with `propagateAs` (SET EX ->
 *   SET PXAT, EXPIRE -> PEXPIREAT, BLPOP -> LPOP ...). EXEC itself never propagates.
 * - Commands may add further operations (`alsoPropagate`): SPOP with a count adds one SREM per
 *   member. Keys found expired while a command runs add their DEL the same way, in order.
 * - Operations gather until the outermost execution unit ends (a command and every command it
 *   runs: EXEC's queued commands, a script's calls; or serving one blocked client), then go to
 *   the sinks together: wrapped in MULTI ... EXEC when there are several, so a replica applies
 *   them atomically (unless the top-level command touches arbitrary keys: SCAN, RANDOMKEY).
 *   Outside any unit (active expiry, the lookup that serves blocked clients) an operation goes
 *   out at once, alone.
 * - Nothing of this runs while no sink listens (`active` is false): call() then only tests the
 *   flag. Sinks are the replication stream today and the AOF later; both receive the same
 *   `propagate(dbid, argv)` calls, MULTI and EXEC included, and track the selected database
 *   themselves.
 */

/** An argument to propagate: a byte string, or an integer written in decimal (ms timestamps, counts). */
export type PropArg = string | number;

/** Where propagated commands go (the replication stream, the AOF). */
export interface PropagationSink {
  /**
   * One command to apply in database `dbid`. `argv` may be the command's own array: a sink
   * encodes it at once or copies it.
   */
  propagate(dbid: number, argv: readonly string[]): void;
  /**
   * Which target this sink is (PropTarget.Aof or .Replicas): a script's redis.set_repl can
   * leave one of them out. Undefined: every operation reaches it.
   */
  readonly target?: number;
}

/** Propagation targets (Redis's PROPAGATE_AOF and PROPAGATE_REPL), as redis.set_repl sets them. */
export const enum PropTarget {
  None = 0,
  Aof = 1,
  Replicas = 2,
  All = 3,
}

/** What the running command declared about its own propagation (one per call() in progress). */
interface CallFrame {
  /** The form to propagate instead of the command's argv, or null. */
  argv: readonly PropArg[] | null;
  /** FORCE / PREVENT bits. */
  flags: number;
}

const FORCE = 1;
const PREVENT = 2;

interface PendingOp {
  readonly dbid: number;
  readonly argv: readonly PropArg[];
  /** PropTarget bits: where the operation goes. */
  readonly targets: number;
}

/** Commands Redis flags CMD_TOUCHES_ARBITRARY_KEYS: the DELs their lookups cause are never wrapped. */
const TOUCHES_ARBITRARY_KEYS = new Set(['scan', 'randomkey']);

const MULTI: readonly string[] = ['MULTI'];
const EXEC: readonly string[] = ['EXEC'];

export class Propagator {
  /** True while a sink listens. Everything else here is idle otherwise. */
  active = false;
  private readonly sinks: PropagationSink[] = [];
  /** Execution units in progress (Redis's in_nested_call). */
  private depth = 0;
  /** Call frames in progress, innermost last; entries are reused, `frameCount` is the live size. */
  private readonly frames: CallFrame[] = [];
  private frameCount = 0;
  private pending: PendingOp[] = [];
  /** The current top-level command must not be wrapped in MULTI/EXEC. */
  private noMulti = false;
  /**
   * Where the commands running now propagate (PropTarget bits): All, except for the commands a
   * script runs after redis.set_repl (see setTargets). Expiry deletions always go everywhere.
   */
  private targets: number = PropTarget.All;

  /** Sets where the following commands' operations go; returns the previous setting. */
  setTargets(targets: number): number {
    const prev = this.targets;
    this.targets = targets;
    return prev;
  }

  /** Starts sending propagated commands to `sink`. */
  addSink(sink: PropagationSink): void {
    if (!this.sinks.includes(sink)) this.sinks.push(sink);
    this.active = true;
  }

  /** Stops sending to `sink` (only between commands). */
  removeSink(sink: PropagationSink): void {
    const i = this.sinks.indexOf(sink);
    if (i >= 0) this.sinks.splice(i, 1);
    this.active = this.sinks.length !== 0;
  }

  /** Starts an execution unit that is not a command call (serving a blocked client). */
  enterUnit(): void {
    this.depth++;
  }

  /** Ends a unit; the outermost one sends what it gathered. */
  exitUnit(): void {
    if (--this.depth !== 0) return;
    this.flush();
    this.noMulti = false;
  }

  /** Called by call() before a command's handler runs (only while active). */
  beginCall(fullname: string): void {
    if (this.depth === 0) this.noMulti = TOUCHES_ARBITRARY_KEYS.has(fullname);
    this.depth++;
    let f = this.frames[this.frameCount];
    if (f === undefined) this.frames.push((f = { argv: null, flags: 0 }));
    f.argv = null;
    f.flags = 0;
    this.frameCount++;
  }

  /**
   * Called by call() after the handler: queues the command (in its propagated form) when it
   * changed the dataset or forced propagation, then ends the unit.
   */
  endCall(dbid: number, argv: readonly string[], dirty: boolean, isExec: boolean): void {
    const f = this.frames[--this.frameCount];
    const own = f.argv;
    f.argv = null;
    if (!isExec && (f.flags & PREVENT) === 0 && (dirty || (f.flags & FORCE) !== 0) && this.targets !== PropTarget.None) {
      if (this.depth === 1 && this.pending.length === 0) {
        // The common case, a top-level command that queued nothing else: it goes out alone,
        // at once, with nothing to gather (what exitUnit would do, without the queue entry).
        this.depth = 0;
        this.noMulti = false;
        this.emit(dbid, own ?? argv, this.targets);
        return;
      }
      this.pending.push({ dbid, argv: own ?? argv, targets: this.targets });
    }
    this.exitUnit();
  }

  /** Propagate `argv` instead of the running command's own argv (outside a call: like also()). */
  rewrite(dbid: number, argv: readonly PropArg[]): void {
    if (this.frameCount === 0) return this.also(dbid, argv);
    this.frames[this.frameCount - 1].argv = argv;
  }

  /**
   * Queues an operation of its own, before the running command (Redis's alsoPropagate), to the
   * current targets or to `targets`.
   */
  also(dbid: number, argv: readonly PropArg[], targets = this.targets): void {
    if (!this.active || targets === PropTarget.None) return;
    this.pending.push({ dbid, argv, targets });
    if (this.depth === 0) this.flush();
  }

  /** The running command propagates even if it changed nothing (FLUSHALL on empty databases). */
  force(): void {
    if (this.frameCount !== 0) this.frames[this.frameCount - 1].flags |= FORCE;
  }

  /** The running command itself is not propagated (what it queued with also() still is). */
  prevent(): void {
    if (this.frameCount !== 0) this.frames[this.frameCount - 1].flags |= PREVENT;
  }

  /** Sends the gathered operations, wrapped in MULTI/EXEC when there are several. */
  private flush(): void {
    const ops = this.pending;
    if (ops.length === 0) return;
    this.pending = [];
    const wrap = ops.length > 1 && !this.noMulti;
    // MULTI in the first operation's database (so a SELECT comes first), EXEC in the last's (so
    // none is needed before it).
    if (wrap) this.emit(ops[0].dbid, MULTI, PropTarget.All);
    for (const op of ops) this.emit(op.dbid, op.argv, op.targets);
    if (wrap) this.emit(ops[ops.length - 1].dbid, EXEC, PropTarget.All);
  }

  private emit(dbid: number, argv: readonly PropArg[], targets: number): void {
    const strs = allStrings(argv) ? (argv as readonly string[]) : argv.map(String);
    const sinks = this.sinks;
    for (let i = 0; i < sinks.length; i++) {
      const s = sinks[i];
      if (s.target === undefined || (s.target & targets) !== 0) s.propagate(dbid, strs);
    }
  }
}

/** True when no argument is a number (most commands propagate their argv as received). */
function allStrings(argv: readonly PropArg[]): argv is readonly string[] {
  for (let i = 0; i < argv.length; i++) if (typeof argv[i] !== 'string') return false;
  return true;
}
