/**
 * Lua scripts as the toolkit sends them: EVALSHA first (the script body crosses the network once
 * per server), and on NOSCRIPT (a server that restarted, failed over or ran SCRIPT FLUSH) the same
 * call as EVAL, which also loads the script for the next EVALSHA.
 */
import { createHash } from 'node:crypto';
import type { Reply } from '../../protocol/reply-decoder.js';
import { isScriptCall, type PipelineEntry } from './adapter.js';

/** A script and its SHA1, computed once. */
export class Script {
  readonly sha: string;
  constructor(
    /** A short name for errors and metrics. */
    readonly name: string,
    /** Lua 5.1 source, as Redis runs it. */
    readonly source: string,
  ) {
    this.sha = createHash('sha1').update(Buffer.from(source, 'latin1')).digest('hex');
  }
}

/** True for the error a server gives EVALSHA for a script it does not have. */
export function isNoScript(e: unknown): boolean {
  return e instanceof Error && e.message.startsWith('NOSCRIPT');
}

function scriptArgv(command: 'EVALSHA' | 'EVAL', script: Script, keys: readonly string[], args: readonly string[]): string[] {
  return [command, command === 'EVAL' ? script.source : script.sha, String(keys.length), ...keys, ...args];
}

/**
 * EVALSHA, then EVAL on NOSCRIPT, through `send` (one command, routed by the adapter). Any other
 * error, including one raised by the script itself, is passed on unchanged.
 */
export async function evalWithFallback(
  send: (argv: string[]) => Promise<Reply>,
  script: Script,
  keys: readonly string[],
  args: readonly string[],
): Promise<Reply> {
  try {
    return await send(scriptArgv('EVALSHA', script, keys, args));
  } catch (e) {
    if (!isNoScript(e)) throw e;
    return send(scriptArgv('EVAL', script, keys, args));
  }
}

/**
 * A pipeline with scripts sent as EVALSHA; entries that met NOSCRIPT go again as EVAL in a second
 * round trip, in their original order. They therefore run after the first round's other entries:
 * callers never pipeline two entries on one key whose order matters (the toolkit pipelines reads
 * and fills of distinct keys only).
 */
export async function pipelineWithFallback(
  sendMany: (cmds: string[][]) => Promise<(Reply | Error)[]>,
  entries: readonly PipelineEntry[],
): Promise<(Reply | Error)[]> {
  const toArgv = (e: PipelineEntry, command: 'EVALSHA' | 'EVAL'): string[] =>
    isScriptCall(e) ? scriptArgv(command, e.script, e.keys, e.args) : [...e];
  const results = await sendMany(entries.map((e) => toArgv(e, 'EVALSHA')));
  const retry: number[] = [];
  results.forEach((r, i) => {
    if (isScriptCall(entries[i]) && isNoScript(r)) retry.push(i);
  });
  if (retry.length === 0) return results;
  const again = await sendMany(retry.map((i) => toArgv(entries[i], 'EVAL')));
  retry.forEach((i, j) => (results[i] = again[j]));
  return results;
}
