/**
 * The one place where shared checks happen, in Redis's processCommand order: lookup -> arity ->
 * auth -> (ACL, MULTI queueing, OOM, loading: later issues) -> execute -> stats. Handlers never
 * re-check what is checked here.
 */
import { Errors } from './errors.js';
import { CmdFlag, type Command } from './command-table.js';
import type { Client } from './client.js';
import type { Engine } from './engine.js';

export function dispatch(engine: Engine, c: Client, argv: string[]): void {
  const cmd = engine.table.lookup(argv);
  if (cmd === undefined) {
    reject(engine, c, unknownCommandError(engine, argv));
    return;
  }
  if ((cmd.arity > 0 && cmd.arity !== argv.length) || argv.length < -cmd.arity) {
    cmd.stats.rejectedCalls++;
    reject(engine, c, Errors.wrongArity(cmd.fullname));
    return;
  }
  if (!c.authenticated && (cmd.flags & CmdFlag.NoAuth) === 0) {
    cmd.stats.rejectedCalls++;
    reject(engine, c, Errors.noAuth);
    return;
  }
  call(engine, c, cmd, argv);
}

/** Executes a command whose checks passed, and accounts for it. */
export function call(engine: Engine, c: Client, cmd: Command, argv: string[]): void {
  const reply = c.reply;
  reply.lastError = null;
  const t0 = performance.now();
  cmd.handler!(c, argv);
  const usec = Math.round((performance.now() - t0) * 1000);
  const stats = cmd.stats;
  stats.calls++;
  stats.usec += usec;
  engine.stats.totalCommandsProcessed++;
  c.lastCommand = cmd.fullname;
  if (reply.lastError !== null) {
    stats.failedCalls++;
    engine.stats.countError(reply.lastError);
  }
}

/** Replies with an error raised before execution (counted as a rejected call by Redis). */
function reject(engine: Engine, c: Client, msg: string): void {
  c.reply.error(msg);
  engine.stats.countError(msg);
}

function unknownCommandError(engine: Engine, argv: string[]): string {
  let msg: string;
  if (argv.length > 1 && engine.table.isContainer(argv[0])) {
    msg = Errors.unknownSubcommand(argv[1], argv[0]);
  } else {
    let args = '';
    for (let i = 1; i < argv.length && args.length < 128; i++) args += `'${argv[i].slice(0, 128 - args.length)}' `;
    msg = `ERR unknown command '${argv[0].slice(0, 128)}', with args beginning with: ${args}`;
  }
  // The args come from the user: never let them break the protocol.
  return msg.replace(/[\r\n]/g, ' ');
}
