/**
 * The one entry point that starts an AOF rewrite: BGREWRITEAOF and the cron's automatic rewrite
 * (auto-aof-rewrite-percentage) both call it. Today the rewrite runs to completion synchronously
 * (Aof.rewrite); the sliced, forkless background rewrite replaces this function's body.
 * Returns null when the rewrite started (here: finished), else the error text (logged). Counts
 * aof_rewrites; the base written when the AOF is turned on is a rewrite too (Aof.start).
 */
import type { Engine } from '../../engine/engine.js';
import { aofOf } from './aof.js';

export function startAofRewrite(engine: Engine): string | null {
  const aof = aofOf(engine);
  const err = aof.rewrite(aof.on);
  if (err === null) aof.rewrites++;
  return err;
}
