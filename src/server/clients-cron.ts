/**
 * The per-client part of Redis's serverCron (clientsCron), run `hz` times a second:
 * - `timeout`: closes clients idle for more than that many seconds, except replicas, monitors,
 *   blocked clients and pub/sub subscribers, as Redis does;
 * - buffer bookkeeping for CLIENT LIST (see buffer-model.ts).
 */
import type { Connection } from './connection.js';
import type { Engine } from '../engine/engine.js';

/** One pass over every connection. Exported for tests driven by a manual clock. */
export function clientsCron(engine: Engine, conns: Iterable<Connection>): void {
  const nowMs = engine.clock.now();
  const nowSec = Math.floor(nowMs / 1000);
  const maxIdle = engine.config.num('timeout');
  for (const conn of conns) {
    const c = conn.client;
    if (c.closing) continue;
    const idle = nowSec - Math.floor(c.lastInteraction / 1000);
    if (maxIdle > 0 && idle > maxIdle && !c.monitor && c.replica === null && c.blocked === null && !isSubscriber(c)) {
      conn.close(false);
      continue;
    }
    conn.qbufModel.cron(conn.queryBufferBytes(), idle, conn.bulkLength());
    conn.replyModel.cron(nowMs);
  }
}

function isSubscriber(c: Connection['client']): boolean {
  return (c.channels?.size ?? 0) + (c.patterns?.size ?? 0) + (c.shardChannels?.size ?? 0) > 0;
}

/** Runs clientsCron on a timer at the configured hz until stopped; returns the stop function. */
export function startClientsCron(engine: Engine, conns: Iterable<Connection>): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const tick = () => {
    clientsCron(engine, conns);
    schedule();
  };
  const schedule = () => {
    // hz is read each time, so CONFIG SET hz applies at once (Redis clamps it to 1..500).
    const hz = Math.min(Math.max(engine.config.num('hz'), 1), 500);
    timer = setTimeout(tick, 1000 / hz);
    timer.unref?.();
  };
  schedule();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
}
