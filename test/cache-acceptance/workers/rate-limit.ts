/**
 * Worker of the rate-limiter acceptance test: 64 clients, each its own ioredis connection and
 * toolkit, on a clock the parent sets -- every request of a tick runs at the `now` the parent
 * sends (it reaches the scripts as ARGV[1]). Answers each request's result, in request order.
 */
import { Redis } from 'ioredis';
import { serveWorker } from '../../../src/cache/testing/processes.js';
import { createToolkit } from '../../../src/cache/toolkit.js';
import { systemToolkitClock, type ToolkitClock } from '../../../src/cache/clock.js';
import { consumeAll, type RateLimiter, type RateLimiterOptions, type RateLimitResult } from '../../../src/cache/patterns/rate-limit.js';

export interface InitMessage {
  kind: 'init';
  url: string;
  prefix: string;
  clients: number;
  /** Limiters by name (the option `name` is the map key). */
  limiters: Record<string, Omit<RateLimiterOptions, 'name'>>;
}
/** One request: `client` sends either consume(limiter, subject, cost) or consumeAll over `all`. */
export interface WorkRequest {
  client: number;
  subject: string;
  limiter?: string;
  cost?: number;
  all?: { limiter: string; cost: number }[];
}
export interface TickMessage {
  kind: 'tick';
  now: number;
  requests: WorkRequest[];
}

/** Infinity does not survive IPC's JSON: never = -1, as the scripts say it. */
export function wire<T extends RateLimitResult & { results?: RateLimitResult[] }>(r: T): T {
  const fix = (x: RateLimitResult) => ({ ...x, retryAfterMs: x.retryAfterMs === Infinity ? -1 : x.retryAfterMs });
  return { ...fix(r), ...(r.results ? { results: r.results.map(fix) } : {}) } as T;
}

let now = 0;
const clock: ToolkitClock = { ...systemToolkitClock, now: () => now, nowMicros: () => now * 1000 };
let clients: { io: Redis; limiters: Map<string, RateLimiter> }[] = [];

serveWorker(async (m) => {
  const msg = m as InitMessage | TickMessage | { kind: 'close' };
  if (msg.kind === 'init') {
    clients = Array.from({ length: msg.clients }, () => {
      const io = new Redis(msg.url, { maxRetriesPerRequest: null });
      const tk = createToolkit({ client: io, clock, time: 'clock', prefix: msg.prefix });
      const limiters = new Map(Object.entries(msg.limiters).map(([name, o]) => [name, tk.rateLimiter({ ...o, name })]));
      return { io, limiters };
    });
    await Promise.all(clients.map((c) => c.io.ping()));
    return 'ready';
  }
  if (msg.kind === 'tick') {
    now = msg.now;
    return Promise.all(
      msg.requests.map((r): Promise<RateLimitResult> => {
        const c = clients[r.client];
        if (r.all) return consumeAll(r.all.map((a) => ({ limiter: c.limiters.get(a.limiter)!, key: r.subject, cost: a.cost })));
        return c.limiters.get(r.limiter!)!.consume(r.subject, r.cost);
      }),
    ).then((rs) => rs.map(wire));
  }
  for (const c of clients) c.io.disconnect();
  return 'closed';
});
