/**
 * Scripting as the engine holds it: the clients scripts run their commands on (Redis creates
 * them at start-up, so they take client ids 1 and 2), the EVAL script cache and interpreter,
 * and SCRIPT KILL / FUNCTION KILL.
 */
import { Client, type ClientBuffers, type ClientTransport } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';
import { BUSY_EVAL, BUSY_FUNCTION, RunFlag } from '../engine/script-run.js';
import { EvalScripts } from './eval.js';
import { Rand48 } from './lua/index.js';

const NO_BUFFERS: ClientBuffers = { qbuf: 0, qbufFree: 0, qbufAllocated: 0, rbs: 0, rbp: 0, partialArgs: [] };

/** The transport of a script client: no connection; MONITOR shows its commands as from "lua". */
const SCRIPT_TRANSPORT: ClientTransport = {
  addr: 'lua',
  laddr: '',
  fd: -1,
  close: () => undefined,
  queryBufferBytes: () => 0,
  outputBytes: () => 0,
  flush: () => undefined,
  resume: () => undefined,
  buffers: () => NO_BUFFERS,
};

/** A client for scripts' commands: never blocks, authenticated, not listed among clients. */
function scriptClient(engine: Engine): Client {
  const c = new Client(engine, engine.allocateClientId(), SCRIPT_TRANSPORT);
  c.authenticated = true;
  c.denyBlocking = true;
  c.isScript = true;
  return c;
}

export class Scripting {
  /** Runs EVAL scripts' commands (Redis's lua_client). */
  readonly evalClient: Client;
  /** Runs FCALL functions' commands (the Lua engine's client). */
  readonly functionClient: Client;
  readonly eval: EvalScripts;
  /** math.random's generator: one for the server, as Redis's (kept across SCRIPT FLUSH). */
  readonly rand = new Rand48();

  constructor(engine: Engine) {
    this.evalClient = scriptClient(engine);
    this.functionClient = scriptClient(engine);
    this.eval = new EvalScripts(engine);
  }
}

/**
 * SCRIPT KILL (`isEval`) and FUNCTION KILL (Redis's scriptKill): flags the running script so
 * its hook ends it. A script that wrote cannot be killed; each KILL applies to its own kind.
 */
export function killScript(c: Client, isEval: boolean): void {
  const run = c.engine.script;
  if (run === null) return c.reply.error('NOTBUSY No scripts in execution right now.');
  if ((run.flags & RunFlag.WriteDirty) !== 0) {
    return c.reply.error(
      'UNKILLABLE Sorry the script already executed write commands against the dataset. ' +
        'You can either wait the script termination or kill the server in a hard way using the SHUTDOWN NOSAVE command.',
    );
  }
  if (isEval && !run.isEval) return c.reply.error(BUSY_FUNCTION);
  if (!isEval && run.isEval) return c.reply.error(BUSY_EVAL);
  run.flags |= RunFlag.Killed;
  c.reply.ok();
}

/** Scripting's figures for INFO memory and MEMORY STATS (Redis's evalMemory, functionsMemory ...). */
export interface ScriptingMemory {
  /** The EVAL interpreter (used_memory_vm_eval). */
  readonly vmEval: number;
  /** The EVAL script cache (used_memory_scripts_eval). */
  readonly scriptsEval: number;
  readonly cachedScripts: number;
  readonly functions: number;
  readonly libraries: number;
  /** The functions' interpreter (used_memory_vm_functions). */
  readonly vmFunctions: number;
  /** Libraries and functions bookkeeping (used_memory_functions). */
  readonly functionsOverhead: number;
}

export function scriptingMemory(engine: Engine): ScriptingMemory {
  const ev = engine.scripting.eval;
  const fl = engine.functions;
  return {
    vmEval: ev.vmMemory(),
    scriptsEval: ev.cacheMemory(),
    cachedScripts: ev.size,
    functions: fl.functionCount,
    libraries: fl.size,
    vmFunctions: fl.vmMemory(),
    functionsOverhead: fl.memoryOverhead(),
  };
}
