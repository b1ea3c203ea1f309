/**
 * FUNCTION and FCALL (Redis 7.0's functions.c): libraries live in
 * src/scripting/function-libraries.ts, their Lua engine in src/scripting/function-engine.ts.
 */
import type { Client } from '../engine/client.js';
import { FLAGS_HOOKS } from '../engine/command-table.js';
import { Errors } from '../engine/errors.js';
import { BUSY_EVAL, SCRIPT_FLAG_NAMES, scriptFlagsToCmdFlags } from '../engine/script-run.js';
import { feedMonitorsNow } from '../observability/call-hooks.js';
import { verifyDumpPayload } from '../persistence/rdb/payload.js';
import { LOAD_TIMEOUT_MS, LUA_ENGINE_NAME, type RestorePolicy } from '../scripting/function-libraries.js';
import { runScript } from '../scripting/run-script.js';
import { killScript } from '../scripting/scripting.js';
import { globMatch } from '../util/glob.js';
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';
import { numkeysOrReply } from './scripting.js';

function fcall(c: Client, argv: string[], ro: boolean): void {
  // FCALL is flagged skip_monitor: it shows itself first, then the commands it runs.
  feedMonitorsNow(c, argv);
  const engine = c.engine;
  const f = engine.functions.lookup(argv[1]);
  if (f === undefined) return c.reply.error('ERR Function not found');
  const numkeys = numkeysOrReply(c, argv, 'ERR Bad number of keys provided');
  if (numkeys === null) return;
  const lua = engine.functions.lua;
  const target = { vm: lua.vm, host: lua, fn: f.fn, name: f.name, flags: f.flags };
  runScript(engine, c, engine.scripting.functionClient, target, argv, numkeys, ro, false);
}

// FCALL carries the function's declared flags for the dispatcher (Redis's fcallGetCommandFlags).
for (const name of ['fcall', 'fcall_ro']) {
  FLAGS_HOOKS.set(name, (c, argv, flags) => {
    const f = c.engine.functions.lookup(argv[1]);
    return f === undefined ? flags : scriptFlagsToCmdFlags(flags, f.flags);
  });
}

/** FUNCTION LIST [LIBRARYNAME pattern] [WITHCODE]. */
function list(c: Client, argv: string[]): void {
  let withCode = false;
  let pattern: string | undefined;
  for (let i = 2; i < argv.length; i++) {
    const arg = argv[i].toLowerCase();
    if (!withCode && arg === 'withcode') {
      withCode = true;
      continue;
    }
    if (pattern === undefined && arg === 'libraryname') {
      if (i >= argv.length - 1) return c.reply.error('ERR library name argument was not given');
      pattern = argv[++i];
      continue;
    }
    return c.reply.error(`ERR Unknown argument ${argv[i]}`);
  }
  const r = c.reply;
  const libs = [...c.engine.functions.libraries.values()].filter((l) => pattern === undefined || globMatch(pattern, l.name, true));
  r.arrayLen(libs.length);
  for (const lib of libs) {
    r.mapLen(withCode ? 4 : 3);
    r.bulk('library_name');
    r.bulk(lib.name);
    r.bulk('engine');
    r.bulk(lib.engine);
    r.bulk('functions');
    r.arrayLen(lib.functions.size);
    for (const f of lib.functions.values()) {
      r.mapLen(3);
      r.bulk('name');
      r.bulk(f.name);
      r.bulk('description');
      r.bulkOrNull(f.desc);
      r.bulk('flags');
      const names = SCRIPT_FLAG_NAMES.filter(([flag]) => (f.flags & flag) !== 0);
      r.setLen(names.length);
      for (const [, n] of names) r.simple(n);
    }
    if (withCode) {
      r.bulk('library_code');
      r.bulk(lib.code);
    }
  }
}

/** FUNCTION STATS: the running function (if any) and per-engine counts. */
function stats(c: Client): void {
  const engine = c.engine;
  const run = engine.script;
  if (run !== null && run.isEval) return c.reply.error(BUSY_EVAL);
  const r = c.reply;
  r.mapLen(2);
  r.bulk('running_script');
  if (run === null) {
    r.nullBulk();
  } else {
    r.mapLen(3);
    r.bulk('name');
    r.bulk(run.funcname);
    r.bulk('command');
    r.bulkArray(run.caller.argv ?? []);
    r.bulk('duration_ms');
    r.int(run.durationMs());
  }
  r.bulk('engines');
  r.mapLen(1);
  r.bulk(LUA_ENGINE_NAME);
  r.mapLen(2);
  r.bulk('libraries_count');
  r.int(engine.functions.size);
  r.bulk('functions_count');
  r.int(engine.functions.functionCount);
}

function restore(c: Client, argv: string[]): void {
  if (argv.length > 4) return c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
  let policy: RestorePolicy = 'append';
  if (argv.length === 4) {
    const p = argv[3].toLowerCase();
    if (p !== 'append' && p !== 'replace' && p !== 'flush') {
      return c.reply.error('ERR Wrong restore policy given, value should be either FLUSH, APPEND or REPLACE.');
    }
    policy = p;
  }
  const payload = Buffer.from(argv[2], 'latin1');
  if (!verifyDumpPayload(payload)) return c.reply.error('ERR DUMP payload version or checksum are wrong');
  const err = c.engine.functions.restore(payload, policy);
  if (err !== null) return c.reply.error('ERR ' + err);
  c.engine.dirty++;
  c.reply.ok();
}

const FUNCTION_HELP = [
  'LOAD [REPLACE] <FUNCTION CODE>',
  '    Create a new library with the given library name and code.',
  'DELETE <LIBRARY NAME>',
  '    Delete the given library.',
  'LIST [LIBRARYNAME PATTERN] [WITHCODE]',
  '    Return general information on all the libraries:',
  '    * Library name',
  '    * The engine used to run the Library',
  '    * Library description',
  '    * Functions list',
  '    * Library code (if WITHCODE is given)',
  '    It also possible to get only function that matches a pattern using LIBRARYNAME argument.',
  'STATS',
  '    Return information about the current function running:',
  '    * Function name',
  '    * Command used to run the function',
  '    * Duration in MS that the function is running',
  '    If no function is running, return nil',
  '    In addition, returns a list of available engines.',
  'KILL',
  '    Kill the current running function.',
  'FLUSH [ASYNC|SYNC]',
  '    Delete all the libraries.',
  '    When called without the optional mode argument, the behavior is determined by the',
  '    lazyfree-lazy-user-flush configuration directive. Valid modes are:',
  '    * ASYNC: Asynchronously flush the libraries.',
  '    * SYNC: Synchronously flush the libraries.',
  'DUMP',
  '    Return a serialized payload representing the current libraries, can be restored using FUNCTION RESTORE command',
  'RESTORE <PAYLOAD> [FLUSH|APPEND|REPLACE]',
  '    Restore the libraries represented by the given payload, it is possible to give a restore policy to',
  '    control how to handle existing libraries (default APPEND):',
  '    * FLUSH: delete all existing libraries.',
  '    * APPEND: appends the restored libraries to the existing libraries. On collision, abort.',
  '    * REPLACE: appends the restored libraries to the existing libraries, On collision, replace the old',
  '      libraries with the new libraries (notice that even on this option there is a chance of failure',
  '      in case of functions name collision with another library).',
];

export const functionCommands = defineCommands({
  fcall: (c, argv) => fcall(c, argv, false),
  fcall_ro: (c, argv) => fcall(c, argv, true),
  'function|load': (c, argv) => {
    let replace = false;
    let pos = 2;
    while (pos < argv.length - 1) {
      const opt = argv[pos++];
      if (opt.toLowerCase() === 'replace') {
        replace = true;
        continue;
      }
      return c.reply.error(`ERR Unknown option given: ${opt}`);
    }
    const made = c.engine.functions.create(argv[pos], replace, LOAD_TIMEOUT_MS);
    if ('error' in made) return c.reply.error('ERR ' + made.error);
    c.engine.dirty++;
    c.reply.bulk(made.name);
  },
  'function|delete': (c, argv) => {
    if (!c.engine.functions.delete(argv[2])) return c.reply.error('ERR Library not found');
    c.engine.dirty++;
    c.reply.ok();
  },
  'function|list': list,
  'function|stats': stats,
  'function|kill': (c) => killScript(c, false),
  'function|dump': (c) => c.reply.bulk(c.engine.functions.dump(c.engine.config.bool('rdbcompression'))),
  'function|restore': restore,
  'function|flush': (c, argv) => {
    if (argv.length > 3) return c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
    if (argv.length === 3) {
      const mode = argv[2].toLowerCase();
      if (mode !== 'sync' && mode !== 'async') return c.reply.error('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
    }
    // SYNC and ASYNC differ only in when memory is released.
    c.engine.functions.clear();
    c.engine.dirty++;
    c.reply.ok();
  },
  'function|help': (c, argv) => replyHelp(c, argv[0], FUNCTION_HELP),
});
