/**
 * The one place where shared checks happen, in Redis's processCommand order: lookup -> arity ->
 * auth -> no-multi -> ACL -> OOM -> disk errors (MISCONF) -> tracking table limit -> min-replicas ->
 * RESP2 subscriber mode -> loading -> busy script -> CLIENT PAUSE -> MULTI queueing or execute ->
 * keys remembered for client-side caching -> stats, slow log, latency, MONITOR
 * (observability/call-hooks.ts) -> pending self-invalidations -> serving blocked clients.
 * Handlers never re-check what is checked here.
 * Inside MULTI a rejection also aborts the transaction, and EXEC's own rejection discards it
 * (engine/transaction.ts).
 */
import { Errors } from './errors.js';
import { LOADING_ERROR } from '../config/registry.js';
import { CmdFlag, type Command } from './command-table.js';
import type { Client } from './client.js';
import type { Engine } from './engine.js';
import { PauseType } from './client-pause.js';
import { TrackingFlag } from './tracking.js';
import { EvictResult } from './eviction.js';
import { recordCommandLatency, recordHistogram, recordMonitor, recordSlow } from '../observability/call-hooks.js';
import { execAbortReply, flagTransaction, mustQueue, oomExemptInMulti, queueCommand } from './transaction.js';
import { BUSY_EVAL, BUSY_FUNCTION, ReplFlag, RunFlag, type ScriptRun } from './script-run.js';
import { aclCommandByFullname } from '../acl/catalog.js';
import { checkCommand, scriptDenialText, topLevelDenialText, type AclDenial } from '../acl/check.js';
import { LogContext } from '../acl/log.js';
import { cString } from '../util/bytes.js';

export function dispatch(engine: Engine, c: Client, argv: string[]): void {
  const previous = engine.currentClient;
  engine.currentClient = c;
  c.argv = argv;
  if (c.replica === null) {
    processCommand(engine, c, argv);
  } else {
    const mark = c.reply.out.length;
    processCommand(engine, c, argv);
    if (c.replica !== null && c.reply.out.length > mark) c.replica.replied(c.lastCommand, mark);
  }
  // Invalidations of keys the client tracks that its own command modified follow its reply
  // (Redis's afterCommand, once the top-level call is over).
  if (engine.tracking.hasPending) engine.tracking.flushPending();
  // Redis's resetClient: after every command, rejected ones included, unless it was postponed.
  if (c.blocked === null) c.commandDone();
  // Clients blocked on keys this command gave values to are served once it is complete
  // (EXEC and scripts run their commands through call(), so they are served after the whole).
  // Not while a busy script lets this client in: the script's own writes come first.
  if (engine.blocking.keys.pending.length !== 0 && engine.script === null) engine.blocking.handleReadyKeys();
  engine.currentClient = previous;
}

function processCommand(engine: Engine, c: Client, argv: string[]): void {
  if (isCrossProtocolAttack(argv[0])) {
    // HTTP sent to the port ("POST", "Host:"): drop the connection without a reply.
    c.transport.close(false);
    return;
  }
  const cmd = engine.table.lookup(argv);
  if (cmd === undefined) {
    c.lastCommand = 'NULL';
    reject(engine, c, undefined, unknownCommandError(engine, argv));
    return;
  }
  c.lastCommand = cmd.fullname;
  if ((cmd.arity > 0 && cmd.arity !== argv.length) || argv.length < -cmd.arity) {
    reject(engine, c, cmd, Errors.wrongArity(cmd.fullname));
    return;
  }
  if (!c.authenticated && (cmd.flags & CmdFlag.NoAuth) === 0 && engine.authRequired()) {
    reject(engine, c, cmd, Errors.noAuth);
    return;
  }
  if (c.multi !== null && (cmd.flags & CmdFlag.NoMulti) !== 0) {
    reject(engine, c, cmd, 'ERR Command not allowed inside a transaction');
    return;
  }
  // ACL: a user allowed everything (the default user, normally) costs this one test.
  if (!c.user.allowAll && !c.mustObey) {
    const denied = aclDenial(engine, c, cmd, argv, c.multi !== null ? LogContext.Multi : LogContext.TopLevel);
    if (denied !== null) {
      reject(engine, c, cmd, topLevelDenialText(denied, cmd.fullname));
      return;
    }
  }
  // EVAL and FCALL take write/deny-oom/stale from the script's declared flags.
  const flags = cmd.flagsOf === undefined ? cmd.flags : cmd.flagsOf(c, argv, cmd.flags);
  // maxmemory (Redis's processCommand): evict what the policy allows first (engine/eviction.ts),
  // then, if memory is still over the limit with nothing left to evict, refuse commands that
  // may grow memory (denyoom), and inside MULTI everything but EXEC/DISCARD/QUIT/RESET
  // (queueing takes memory too); EXEC is refused when it holds denyoom commands. Not while a
  // busy script lets others run. Scripts (and EXEC, which may run them) remember the state at
  // their start for their first write.
  const hot = engine.callSettings;
  hot.refresh(engine.config);
  const script = engine.script;
  if (hot.maxmemory !== 0 && script === null) {
    const oom = engine.evictor.perform() === EvictResult.Fail;
    // Invalidations of evicted keys this client tracks come before its reply.
    if (engine.tracking.hasPending) engine.tracking.flushPending();
    if (oom && refusedOnOom(c, cmd, flags)) {
      reject(engine, c, cmd, Errors.oom);
      return;
    }
    engine.preCommandOomState = oom;
  }
  // Writes (and PING, as in Redis) are refused while the data cannot be persisted (-MISCONF:
  // a failed background save, or AOF write errors).
  if (engine.diskError !== null && (isWriteCommand(c, cmd, flags) || cmd.fullname === 'ping')) {
    reject(engine, c, cmd, engine.diskError);
    return;
  }
  // min-replicas-to-write: writes need enough replicas that answered recently.
  if ((flags & CmdFlag.Write) !== 0 && !enoughGoodReplicas(engine)) {
    reject(engine, c, cmd, Errors.noReplicas);
    return;
  }
  // Keep the client-side caching table within tracking-table-max-keys.
  if (engine.tracking.clients !== 0) engine.tracking.limitUsedSlots();
  // A RESP2 subscriber can only manage its subscriptions (RESP3 tells replies from pushes).
  if (c.subscriptions !== 0 && c.proto === 2 && !ALLOWED_TO_SUBSCRIBERS.has(cmd.fullname)) {
    reject(engine, c, cmd, `ERR Can't execute '${cmd.fullname}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`);
    return;
  }
  // While a dataset loads, only commands flagged `loading` run (the AOF's own replay aside).
  if (engine.loading && (cmd.flags & CmdFlag.Loading) === 0 && c !== engine.loadingClient) {
    reject(engine, c, cmd, LOADING_ERROR);
    return;
  }
  // A script running past busy-reply-threshold lets other clients in only for what may run
  // meanwhile (SCRIPT KILL, FUNCTION KILL, SHUTDOWN NOSAVE, transaction commands ...).
  if (script !== null && script.timedOut && (cmd.flags & CmdFlag.AllowBusy) === 0) {
    reject(engine, c, cmd, script.isEval ? BUSY_EVAL : BUSY_FUNCTION);
    return;
  }
  // CLIENT PAUSE comes last among the checks, right before MULTI queueing and execution.
  if (engine.pause.type !== PauseType.Off && engine.pause.mustWait(c, cmd, flags)) {
    engine.pause.postpone(c, argv);
    return;
  }
  if (c.multi !== null && mustQueue(c, cmd)) queueCommand(c, cmd, argv, flags);
  else call(engine, c, cmd, argv);
}

/**
 * Redis's checkGoodReplicasStatus: with min-replicas-to-write and min-replicas-max-lag set, a
 * write needs that many replicas whose last ack is recent. Sonic has no replicas yet: none is.
 */
export function enoughGoodReplicas(engine: Engine): boolean {
  const hot = engine.callSettings;
  return hot.minReplicasToWrite === 0 || hot.minReplicasMaxLag === 0 || engine.goodReplicas >= hot.minReplicasToWrite;
}

/** Redis's is_write_command: a write, or an EXEC whose transaction holds one. */
function isWriteCommand(c: Client, cmd: Command, flags: number): boolean {
  if ((flags & CmdFlag.Write) !== 0) return true;
  return cmd.fullname === 'exec' && c.multi !== null && (c.multi.flags & CmdFlag.Write) !== 0;
}

/** What a client subscribed in RESP2 may still run. */
const ALLOWED_TO_SUBSCRIBERS = new Set(['ping', 'subscribe', 'ssubscribe', 'unsubscribe', 'sunsubscribe', 'psubscribe', 'punsubscribe', 'quit', 'reset']);

/** Whether an OOM condition refuses `cmd` (Redis's reject_cmd_on_oom). */
function refusedOnOom(c: Client, cmd: Command, flags: number): boolean {
  if ((flags & CmdFlag.DenyOom) !== 0) return true;
  const tx = c.multi;
  if (tx === null) return false;
  if (!oomExemptInMulti(cmd)) return true;
  return cmd.fullname === 'exec' && (tx.flags & CmdFlag.DenyOom) !== 0;
}

/**
 * "post" or "host:", any case (Redis's securityWarningCommand). Compares char codes (c | 32 folds
 * case) so common 4- and 5-letter commands cost no allocation here.
 */
function isCrossProtocolAttack(n: string): boolean {
  const len = n.length;
  if (len === 4) {
    return (n.charCodeAt(0) | 32) === 112 && (n.charCodeAt(1) | 32) === 111 && (n.charCodeAt(2) | 32) === 115 && (n.charCodeAt(3) | 32) === 116;
  }
  if (len === 5) {
    return n.charCodeAt(4) === 58 && (n.charCodeAt(0) | 32) === 104 && (n.charCodeAt(1) | 32) === 111 && (n.charCodeAt(2) | 32) === 115 && (n.charCodeAt(3) | 32) === 116;
  }
  return false;
}

/** Executes a command whose checks passed, and accounts for it. */
export function call(engine: Engine, c: Client, cmd: Command, argv: string[]): void {
  const reply = c.reply;
  reply.lastError = null;
  const mark = reply.out.length;
  // Propagation (engine/propagation/) costs this flag test while no replica or AOF listens.
  const prop = engine.propagation;
  const propagating = prop.active;
  const dirty = engine.dirty;
  if (propagating) prop.beginCall(cmd.fullname);
  // One clock read per command: inside a read batch the previous command's end time is this
  // one's start (the parse between them is counted too, well under a microsecond).
  const chained = engine.callStamp;
  const t0 = chained >= 0 ? chained : performance.now();
  try {
    cmd.handler!(c, argv);
  } catch (e) {
    handlerFailed(engine, c, cmd, e, mark);
  }
  // Client-side caching: a tracking client may now cache the keys a read-only command read.
  if ((cmd.flags & CmdFlag.Readonly) !== 0) {
    if (c.trackingFlags !== 0) rememberTrackedKeys(engine, c, cmd, argv);
    else if (c.isScript) rememberScriptKeys(engine);
  }
  const t1 = performance.now();
  if (chained >= 0) engine.callStamp = t1;
  const ms = t1 - t0;
  const usec = Math.round(ms * 1000);
  const stats = cmd.stats;
  stats.calls++;
  stats.usec += usec;
  engine.stats.totalCommandsProcessed++;
  if (reply.lastError !== null) {
    stats.failedCalls++;
    if (!reply.lastErrorCounted) engine.stats.countError(reply.lastError);
  }
  // Observability, in Redis's order: latency event, slow log, MONITOR, latency histogram.
  // Only threshold comparisons run on the hot path; the recording is out of line.
  const hot = engine.callSettings;
  hot.refresh(engine.config);
  if (hot.latencyThreshold > 0 && ms >= hot.latencyThreshold) recordCommandLatency(engine, cmd, Math.floor(ms));
  // A command that blocked its client is logged and measured when it is unblocked
  // (observability/call-hooks.ts recordUnblocked), with the time it waited.
  const blocked = c.blocked !== null;
  const slowThreshold = hot.slowlogThreshold;
  if (slowThreshold >= 0 && !blocked && (cmd.flags & CmdFlag.SkipSlowlog) === 0 && (usec >= slowThreshold || engine.slowlog.length > hot.slowlogMaxLen)) {
    recordSlow(engine, c, cmd, argv, usec);
  }
  if (engine.monitors.size !== 0) recordMonitor(engine, c, cmd, argv);
  if (!blocked && hot.latencyTracking) recordHistogram(cmd, Math.round(ms * 1e6));
  if (!blocked) c.redacted = null;
  else engine.blocking.noteBlockedCall(c, cmd, argv, usec);
  // Last, as Redis's call(): the command (or the form it declared) joins what its unit
  // propagates; the outermost call sends it all.
  if (propagating) prop.endCall(c.db.id, argv, engine.dirty > dirty, cmd.fullname === 'exec');
}

/** Read-only commands whose keys are not remembered: scripts track the keys they declare. */
const SCRIPTS_RO = new Set(['eval_ro', 'evalsha_ro', 'fcall_ro']);

function rememberTrackedKeys(engine: Engine, c: Client, cmd: Command, argv: readonly string[]): void {
  if ((c.trackingFlags & TrackingFlag.Bcast) !== 0 || SCRIPTS_RO.has(cmd.fullname)) return;
  engine.tracking.rememberKeys(c, cmd, argv);
}

/**
 * A script ran a read-only command: its caller, if tracking, may now cache the keys the script
 * declared (EVAL's or FCALL's), not those the command named - as Redis remembers the caller's
 * command line. A script that reads nothing makes its caller track nothing.
 */
function rememberScriptKeys(engine: Engine): void {
  const run = engine.script;
  if (run === null || run.caller.trackingFlags === 0 || (run.caller.trackingFlags & TrackingFlag.Bcast) !== 0) return;
  const callerCmd = engine.table.lookup(run.callerArgv);
  if (callerCmd !== undefined) engine.tracking.rememberKeys(run.caller, callerCmd, run.callerArgv);
}

/**
 * Runs a command for a script (redis.call/pcall) on the script's client, with the checks Redis's
 * scriptCall makes instead of processCommand's: lookup and arity, commands denied to scripts,
 * writes from read-only scripts, and OOM before the script's first write. A script's command
 * never blocks (its client denies blocking) and is never queued. Returns null when the command
 * ran (its reply is in the script client's buffer), else the rejection text, already counted
 * in the error stats (Redis's afterErrorReply), "-CODE msg" or a plain message (code ERR).
 */
export function callFromScript(engine: Engine, run: ScriptRun, argv: string[]): string | null {
  const c = run.client;
  const cmd = engine.table.lookup(argv);
  // A command Redis has and Sonic does not yet gets Redis's checks on Redis's facts first.
  const facts = cmd ?? engine.table.unimplemented(argv);
  let err: string | null = null;
  let aclErr: AclDenial | null;
  if (facts === undefined) err = 'Unknown Redis command called from script';
  else if ((facts.arity > 0 && facts.arity !== argv.length) || argv.length < -facts.arity) err = 'Wrong number of args calling Redis command from script';
  else if ((facts.flags & CmdFlag.NoScript) !== 0 && !engine.scriptDenyDisabled) err = 'This Redis command is not allowed from script';
  else if (cmd !== undefined && !run.caller.user.allowAll && !run.caller.mustObey && (aclErr = aclDenial(engine, run.caller, cmd, argv, LogContext.Lua)) !== null) {
    err = scriptDenialText(aclErr);
  } else if ((run.flags & RunFlag.ReadOnly) !== 0 && (facts.flags & (CmdFlag.Write | CmdFlag.MayReplicate)) !== 0) {
    // May-replicate commands count as writes, so read-only scripts can run during CLIENT PAUSE WRITE.
    err = 'Write commands are not allowed from read-only scripts.';
  } else if ((facts.flags & CmdFlag.Write) !== 0 && (run.flags & RunFlag.WriteDirty) === 0 && engine.diskError !== null) {
    // Redis's scriptVerifyWriteCommandAllow: a failed save refuses every write of a script.
    err = '-' + engine.diskError;
  } else if ((facts.flags & CmdFlag.Write) !== 0 && (run.flags & RunFlag.WriteDirty) === 0 && !enoughGoodReplicas(engine)) {
    // Once the script wrote, a later write cannot be refused midway.
    err = '-' + Errors.noReplicas;
  } else if (
    // OOM refuses only a first write: once the script changed data it cannot stop midway.
    (run.flags & (RunFlag.AllowOom | RunFlag.WriteDirty)) === 0 &&
    (facts.flags & CmdFlag.DenyOom) !== 0 &&
    engine.preCommandOomState &&
    engine.callSettings.maxmemory !== 0
  ) {
    err = '-' + Errors.oom;
  } else if (cmd === undefined) {
    err = 'Unknown Redis command called from script';
  }
  if (err !== null) {
    engine.stats.countError(err.charCodeAt(0) === 45 ? err.slice(1) : 'ERR');
    if (cmd !== undefined) cmd.stats.rejectedCalls++;
    return err;
  }
  if ((cmd!.flags & CmdFlag.Write) !== 0) run.flags |= RunFlag.WriteDirty;
  // The script's commands run as its caller's user (SORT's BY/GET check it).
  c.user = run.caller.user;
  c.argv = argv;
  c.lastCommand = cmd!.fullname;
  // A script's commands propagate as themselves (with the rest of the EVAL/FCALL's unit,
  // wrapped in MULTI/EXEC), to the targets redis.set_repl chose.
  const prop = engine.propagation;
  if (prop.active && run.replFlags !== ReplFlag.All) {
    const prev = prop.setTargets(run.replFlags);
    try {
      call(engine, c, cmd!, argv);
    } finally {
      prop.setTargets(prev);
    }
  } else {
    call(engine, c, cmd!, argv);
  }
  c.argv = null;
  return null;
}

/**
 * The ACL check (Redis's ACLCheckAllPerm) of the right of `c`'s user to run `argv`, and its log
 * entry when denied (for a script's command, `c` is the script's caller). Null when allowed.
 */
export function aclDenial(engine: Engine, c: Client, cmd: Command, argv: readonly string[], context: LogContext): AclDenial | null {
  const acmd = aclCommandByFullname(cmd.fullname);
  if (acmd === undefined) return null;
  const denied = checkCommand(c.user, acmd, argv);
  if (denied !== null) engine.acl.logDenial(c, denied, context, cmd.fullname, argv);
  return denied;
}

/**
 * A handler threw: a Sonic bug, never the client's. Redis would crash; Sonic keeps serving the
 * other clients. Whatever part of the reply was written is dropped so the stream stays valid, the
 * client gets an error, and the stack goes to the log.
 */
function handlerFailed(engine: Engine, c: Client, cmd: Command, e: unknown, mark: number): void {
  const reply = c.reply;
  if (reply.out.length >= mark) reply.out = reply.out.slice(0, mark);
  reply.error(`ERR internal error while running '${cmd.fullname}' command`);
  engine.log('warning', `Internal error in '${cmd.fullname}': ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
}

/**
 * Replies with an error raised before execution (Redis's rejectCommand): counted as a rejected
 * call, and inside MULTI it aborts the transaction; a rejected EXEC discards it at once.
 */
function reject(engine: Engine, c: Client, cmd: Command | undefined, msg: string): void {
  if (c.multi !== null) flagTransaction(c);
  if (cmd !== undefined) {
    cmd.stats.rejectedCalls++;
    if (cmd.fullname === 'exec') {
      msg = execAbortReply(c, msg);
      // Redis tells MONITOR the transaction ended (it saw MULTI, none of the queued commands).
      if (engine.monitors.size !== 0) recordMonitor(engine, c, cmd, c.argv ?? [cmd.fullname]);
    }
  }
  c.reply.error(msg);
  engine.stats.countError(msg);
}


function unknownCommandError(engine: Engine, argv: string[]): string {
  let msg: string;
  if (argv.length > 1 && engine.table.isContainer(argv[0])) {
    msg = Errors.unknownSubcommand(cString(argv[1]), cString(argv[0]));
  } else {
    let args = '';
    for (let i = 1; i < argv.length && args.length < 128; i++) args += `'${cString(argv[i]).slice(0, 128 - args.length)}' `;
    msg = `ERR unknown command '${cString(argv[0]).slice(0, 128)}', with args beginning with: ${args}`;
  }
  // The args come from the user: never let them break the protocol.
  return msg.replace(/[\r\n]/g, ' ');
}
