/**
 * The cron's automatic AOF rewrite (auto-aof-rewrite-percentage): starts the background rewrite
 * (persistence/bgsave/aof-rewrite.ts) as BGREWRITEAOF does, unless a save or rewrite is already
 * running or a rewrite is scheduled, as Redis's serverCron checks. Returns null when a rewrite
 * started (or there was nothing to do), else the error text (logged by the rewrite).
 */
import type { Engine } from '../../engine/engine.js';
import { snapshotInProgress } from '../bgsave/bgsave.js';
import { startRewrite } from '../bgsave/aof-rewrite.js';
import { saveStateOf } from '../bgsave/state.js';

export function startAofRewrite(engine: Engine): string | null {
  if (snapshotInProgress(engine) !== null || saveStateOf(engine).aofRewriteScheduled) return null;
  return startRewrite(engine);
}
