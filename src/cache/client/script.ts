/**
 * Lua scripts as the toolkit sends them: EVALSHA first (the script body crosses the network once
 * per server), and on NOSCRIPT (a server that restarted, failed over or ran SCRIPT FLUSH) the same
 * call as EVAL, which also loads the script for the next EVALSHA.
 */
import { createHash } from 'node:crypto';
import type { Reply } from '../../protocol/reply-decoder.js';

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
  const tail = [String(keys.length), ...keys, ...args];
  try {
    return await send(['EVALSHA', script.sha, ...tail]);
  } catch (e) {
    if (!isNoScript(e)) throw e;
    return send(['EVAL', script.source, ...tail]);
  }
}
