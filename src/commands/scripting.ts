/**
 * EVAL, EVALSHA, EVAL_RO, EVALSHA_RO and SCRIPT (Redis's eval.c). The interpreter and script
 * cache live in src/scripting/eval.ts, running a script in src/scripting/run-script.ts.
 */
import type { Client } from '../engine/client.js';
import { FLAGS_HOOKS } from '../engine/command-table.js';
import { Errors } from '../engine/errors.js';
import { ScriptFlag, scriptFlagsToCmdFlags } from '../engine/script-run.js';
import { feedMonitorsNow } from '../observability/call-hooks.js';
import { runScript } from '../scripting/run-script.js';
import { killScript } from '../scripting/scripting.js';
import { parseInt64 } from '../util/int64.js';
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';

const NOSCRIPT = 'NOSCRIPT No matching script. Please use EVAL.';

/**
 * The key count of EVAL/FCALL (argv[2]) checked against the arguments, or null after replying
 * an error. `badNumber` is the reply for a non-integer.
 */
export function numkeysOrReply(c: Client, argv: string[], badNumber: string): number | null {
  const n = parseInt64(argv[2]);
  if (n === null) {
    c.reply.error(badNumber);
    return null;
  }
  if (n > argv.length - 3) {
    c.reply.error(Errors.numkeysTooMany);
    return null;
  }
  if (n < 0) {
    c.reply.error("ERR Number of keys can't be negative");
    return null;
  }
  return Number(n);
}

function evalGeneric(c: Client, argv: string[], isSha: boolean, ro: boolean): void {
  // EVAL is flagged skip_monitor: it shows itself first, then the commands it runs.
  feedMonitorsNow(c, argv);
  if (isSha && argv[1].length !== 40) return c.reply.error(NOSCRIPT);
  const numkeys = numkeysOrReply(c, argv, Errors.notInteger);
  if (numkeys === null) return;
  const scripting = c.engine.scripting;
  const cache = scripting.eval;
  const script = isSha ? cache.get(argv[1]) : cache.create(argv[1]);
  if (script === undefined) return c.reply.error(NOSCRIPT);
  if (typeof script === 'string') return c.reply.error('ERR ' + script);
  const target = { vm: cache.vm, host: cache, fn: script.fn, name: script.sha, flags: script.flags };
  runScript(c.engine, c, scripting.evalClient, target, argv, numkeys, ro, true);
}

// The flags EVAL carries for the dispatcher come from the script's shebang, when it has one
// (Redis's evalGetCommandFlags): a cached script's, or the body's first line.
for (const [name, isSha] of [
  ['eval', false],
  ['eval_ro', false],
  ['evalsha', true],
  ['evalsha_ro', true],
] as const) {
  FLAGS_HOOKS.set(name, (c, argv, flags) => {
    const declared = c.engine.scripting.eval.declaredFlags(argv[1], isSha);
    if (declared === undefined || (declared & ScriptFlag.EvalCompat) !== 0) return flags;
    return scriptFlagsToCmdFlags(flags, declared);
  });
}

const SCRIPT_HELP = [
  'DEBUG (YES|SYNC|NO)',
  '    Set the debug mode for subsequent scripts executed.',
  'EXISTS <sha1> [<sha1> ...]',
  '    Return information about the existence of the scripts in the script cache.',
  'FLUSH [ASYNC|SYNC]',
  '    Flush the Lua scripts cache. Very dangerous on replicas.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the scripts cache.',
  '    * SYNC: Synchronously flush the scripts cache.',
  'KILL',
  '    Kill the currently executing Lua script.',
  'LOAD <script>',
  '    Load a script into the scripts cache without executing it.',
];

export const scriptingCommands = defineCommands({
  eval: (c, argv) => evalGeneric(c, argv, false, false),
  eval_ro: (c, argv) => evalGeneric(c, argv, false, true),
  evalsha: (c, argv) => evalGeneric(c, argv, true, false),
  evalsha_ro: (c, argv) => evalGeneric(c, argv, true, true),
  'script|load': (c, argv) => {
    const script = c.engine.scripting.eval.create(argv[2]);
    if (typeof script === 'string') return c.reply.error('ERR ' + script);
    c.reply.bulk(script.sha);
  },
  'script|exists': (c, argv) => {
    const cache = c.engine.scripting.eval;
    c.reply.arrayLen(argv.length - 2);
    for (let j = 2; j < argv.length; j++) c.reply.int(cache.has(argv[j]) ? 1 : 0);
  },
  'script|flush': (c, argv) => {
    if (argv.length === 3) {
      const mode = argv[2].toLowerCase();
      if (mode !== 'sync' && mode !== 'async') return c.reply.error('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
    } else if (argv.length !== 2) {
      return c.reply.error('ERR SCRIPT FLUSH only support SYNC|ASYNC option');
    }
    // SYNC and ASYNC differ only in when memory is released.
    c.engine.scripting.eval.flush();
    c.reply.ok();
  },
  'script|kill': (c) => killScript(c, true),
  'script|debug': (c, argv) => {
    // Redis refuses while replies to earlier commands of the client are still unsent.
    if (c.reply.out.length !== 0) return c.reply.error('ERR SCRIPT DEBUG must be called outside a pipeline');
    const mode = argv[2].toLowerCase();
    if (mode === 'no') return c.reply.ok();
    if (mode !== 'yes' && mode !== 'sync') return c.reply.error('ERR Use SCRIPT DEBUG YES/SYNC/NO');
    // Sonic has no Lua debugger (LDB).
    c.reply.error('ERR SCRIPT DEBUG YES|SYNC is not supported: Sonic has no Lua debugger');
  },
  'script|help': (c, argv) => replyHelp(c, argv[0], SCRIPT_HELP),
});
