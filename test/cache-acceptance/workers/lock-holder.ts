/**
 * A lock holder for the locks acceptance test: takes the lock `n` times; each time it writes
 * 'begin' and 'end' to a fenced store (a Lua-checked key on the same server) with its fencing
 * token, checking its lease's signal before each write as a careful user would. Some sections ask
 * the parent to SIGSTOP this process while it holds the lock. The stop freezes this process's
 * other loop too, at whatever point it is: possibly between its signal check and its write leaving
 * the process, which no client-side check can catch -- the fence has to refuse that write.
 */
import { Redis } from 'ioredis';
import { serveWorker } from '../../../src/cache/testing/processes.js';
import { createToolkit } from '../../../src/cache/toolkit.js';
import { Script } from '../../../src/cache/client/script.js';
import type { LockHandle } from '../../../src/cache/patterns/lease.js';

/** KEYS: highest token, log, rejected counter. ARGV: token, op, worker. 1 accepted, 0 refused. */
export const FENCED_WRITE = new Script(
  'test.fencedWrite',
  `local hi = tonumber(redis.call('GET', KEYS[1]) or '0')
local t = tonumber(ARGV[1])
if t < hi then
  redis.call('INCR', KEYS[3])
  return 0
end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('RPUSH', KEYS[2], ARGV[2] .. ' ' .. ARGV[1] .. ' ' .. ARGV[3])
return 1
`,
);

export interface RunRequest {
  kind: 'run';
  url: string;
  prefix: string;
  /** Locks taken by concurrent loops of this worker; each has its own fenced store. */
  resources: { name: string; storeKeys: string[] }[];
  /** Acquisitions per resource. */
  n: number;
  ttl: number;
  /** Sections to have paused (confirmed: the section lasted >= pauseMin ms). */
  pauses: number;
  pauseEvery: number;
  pauseMin: number;
}

/** A lease, named by resource and fence. */
export type LeaseId = string;

export interface RunResult {
  acquisitions: number;
  /** Sections that wrote 'begin' and 'end'. */
  began: number;
  ended: number;
  /** Sections cut short: the lease was found lost, or the store refused a write. */
  abandoned: number;
  /**
   * The store writes refused: which lease, which write, the lease time left (remaining()) just
   * before the write was sent, and its round trip, ms.
   */
  refusals: { id: LeaseId; op: string; left: number; rtt: number }[];
  /** Confirmed paused sections, and whether the signal had fired when the code resumed. */
  paused: { id: LeaseId; sawAborted: boolean }[];
  /** When each lease's signal fired: wall ms (performance.timeOrigin + now). */
  aborts: [LeaseId, number][];
  /** Store-write round trips, ms. */
  rtts: number[];
}

const wallNow = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function run(req: RunRequest): Promise<RunResult> {
  const redis = new Redis(req.url, { maxRetriesPerRequest: null });
  redis.on('error', () => undefined);
  const tk = createToolkit({ client: redis, prefix: req.prefix });
  const locks = tk.locks({ ttl: req.ttl, autoExtend: true, retry: { count: Infinity, delay: 50, jitter: 20 } });
  const me = process.env.WORKER_INDEX ?? '?';
  const out: RunResult = { acquisitions: 0, began: 0, ended: 0, abandoned: 0, refusals: [], paused: [], aborts: [], rtts: [] };
  let pausing = false;
  /** One fenced write; false when the store refused it. */
  const write = async (h: LockHandle, id: LeaseId, storeKeys: string[], op: string): Promise<boolean> => {
    // The round trip starts before the lease time left is read: a stop landing between the two
    // reads then counts in the round trip (read the other way round, it would be missed).
    const t = performance.now();
    const left = h.remaining();
    const ok = Number(await tk.adapter.runScript(FENCED_WRITE, storeKeys, [String(h.fence), op, me])) === 1;
    const rtt = performance.now() - t;
    out.rtts.push(rtt);
    if (!ok) out.refusals.push({ id, op, left, rtt });
    return ok;
  };
  const loop = async (resource: string, storeKeys: string[]) => {
    for (let i = 0; i < req.n; i++) {
      const h = await locks.lock(resource);
      const id = `${resource}:${h.fence}`;
      out.acquisitions++;
      h.signal.addEventListener('abort', () => out.aborts.push([id, wallNow()]));
      // Each write is preceded by a look at the signal, as a careful user would do; a refused
      // write ends the section.
      let began = false;
      if (!h.signal.aborted && (await write(h, id, storeKeys, 'begin'))) {
        out.began++;
        began = true;
        // Only a lease still held is paused: the begin write's reply may have come in after a
        // stop of the other loop, with this lease lost meanwhile.
        if (!pausing && out.paused.length < req.pauses && i % req.pauseEvery === req.pauseEvery - 1 && !h.signal.aborted) {
          pausing = true;
          const t = performance.now();
          process.send!({ pauseMe: id });
          await sleep(100); // the parent's SIGSTOP lands in here
          if (performance.now() - t >= req.pauseMin) out.paused.push({ id, sawAborted: h.signal.aborted });
          pausing = false;
        }
      }
      if (began && !h.signal.aborted && (await write(h, id, storeKeys, 'end'))) out.ended++;
      else out.abandoned++;
      await h.release();
    }
  };
  await Promise.all(req.resources.map((r) => loop(r.name, r.storeKeys)));
  redis.disconnect();
  return out;
}

serveWorker((p) => run(p as RunRequest));
