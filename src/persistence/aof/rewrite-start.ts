/**
 * The cron's automatic AOF rewrite (auto-aof-rewrite-percentage: the AOF grew by `growth`%):
 * starts the background rewrite (persistence/bgsave/aof-rewrite.ts) as BGREWRITEAOF does, unless
 * a save or rewrite is already running (Redis's serverCron waits for any child) or one is
 * scheduled, or rewrites are limited after repeated failures. Returns null when a rewrite started (or there was nothing to do), else the error
 * text (logged by the rewrite).
 */
import type { Engine } from '../../engine/engine.js';
import { snapshotInProgress } from '../bgsave/bgsave.js';
import { aofRewriteLimited, startRewrite } from '../bgsave/aof-rewrite.js';
import { saveStateOf } from '../bgsave/state.js';

export function startAofRewrite(engine: Engine, growth: number): string | null {
  // While a rewrite runs the base has not grown yet: the cron must not start (or log) another.
  if (snapshotInProgress(engine) !== null || saveStateOf(engine).aofRewriteScheduled || aofRewriteLimited(engine)) return null;
  engine.log('notice', `Starting automatic rewriting of AOF on ${growth}% growth`);
  return startRewrite(engine);
}
