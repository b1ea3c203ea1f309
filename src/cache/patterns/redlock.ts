/**
 * Redlock over N independent servers (docs/cache/DESIGN.md, section 4.5): the lock is held when a
 * majority of servers granted it to one owner token within ttl * (1 - drift) of sending.
 *
 * Fencing without a shared counter: each server answers the acquire with its own INCR; the fence
 * given out is T = the largest of the majority's, and before returning, a second round raises the
 * counter to T on a majority (never lowering one). Any later acquisition's majority meets that
 * majority on at least one server, whose INCR then exceeds T -- so fences strictly increase across
 * acquisitions even though no server saw all of them.
 *
 * A server that is down or slow costs at most `serverTimeout` per round; what it may have granted
 * after the timeout is released with the rest.
 */
import type { Toolkit, ToolkitContext } from '../toolkit.js';
import { ToolkitOptionError } from '../errors.js';
import { optMs, type Duration } from '../options.js';
import { LOCK_ACQUIRE, LOCK_EXTEND, LOCK_RELEASE, RAISE_FENCE } from '../scripts/lock.lua.js';
import type { Script } from '../client/script.js';
import type { Reply } from '../client/adapter.js';
import { Lease, monotonicNow, ownerToken, type LockHandle } from './lease.js';
import { acquireWithRetry, gcSlack, resolveLockOptions, runHolding, type Attempt, type LockOptions, type ResolvedLockOptions } from './lock-common.js';

export interface RedlockOptions extends LockOptions {
  /** How long one server may take to answer before it counts as a no. Default ttl / 10 (>= 10 ms). */
  serverTimeout?: Duration;
}

/** Resolves to the reply, or to null when the call failed or did not answer within `ms`. */
function within(p: Promise<Reply>, ms: number): Promise<Reply | null> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(null), ms);
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      () => {
        clearTimeout(t);
        resolve(null);
      },
    );
  });
}

export class Redlock {
  readonly contexts: readonly ToolkitContext[];
  readonly quorum: number;
  private readonly defaults: ResolvedLockOptions;
  private readonly serverTimeout: number | undefined;
  private readonly now: () => number;

  /** `servers`: toolkits (or their contexts) on independent servers -- not replicas of one. */
  constructor(servers: readonly (Toolkit | ToolkitContext)[], options: RedlockOptions = {}) {
    if (servers.length === 0) throw new ToolkitOptionError('Redlock needs at least one server');
    this.contexts = servers.map((s) => ('context' in s ? s.context : s));
    this.quorum = Math.floor(this.contexts.length / 2) + 1;
    this.defaults = resolveLockOptions(options);
    this.serverTimeout = options.serverTimeout === undefined ? undefined : optMs(options.serverTimeout, 0, 'serverTimeout');
    this.now = monotonicNow(this.contexts[0].clock);
  }

  /** Acquires `resource` on a majority, waiting per `retry`; LockNotAcquiredError when retries run out. */
  lock(resource: string, options?: LockOptions): Promise<LockHandle> {
    const o = resolveLockOptions(options, this.defaults);
    const watched = this.contexts.map((c) => ({ adapter: c.adapter, channel: c.keys.channel(`lk:${resource}`) }));
    return acquireWithRetry(`redlock ${resource}`, () => this.attempt(resource, o), o.retry, watched, this.contexts[0].clock);
  }

  /** Runs `fn(signal, fence)` holding the lock (auto-extended unless told otherwise), then releases it. */
  async withLock<T>(resource: string, fn: (signal: AbortSignal, fence: number) => Promise<T> | T, options?: LockOptions): Promise<T> {
    return runHolding(await this.lock(resource, { autoExtend: true, ...options }), fn);
  }

  /** Runs `script` on every server at once; each answer, or null for a failure or a timeout. */
  private everywhere(ttl: number, script: Script, keysOf: (c: ToolkitContext) => string[], argsOf: (c: ToolkitContext) => string[], only?: readonly number[]): Promise<(Reply | null)[]> {
    const timeout = this.serverTimeout ?? Math.max(10, ttl / 10);
    const idx = only ?? this.contexts.map((_, i) => i);
    return Promise.all(idx.map((i) => within(this.contexts[i].adapter.runScript(script, keysOf(this.contexts[i]), argsOf(this.contexts[i])), timeout)));
  }

  private async attempt(resource: string, o: ResolvedLockOptions): Promise<Attempt<Lease>> {
    const group = `lk:${resource}`;
    const owner = (c: ToolkitContext) => [c.keys.key(group, 'o')];
    const token = ownerToken();
    const release = async () => {
      const r = await this.everywhere(o.ttl, LOCK_RELEASE, owner, (c) => [c.scriptNow(), token, c.keys.channel(group)]);
      return r.filter((v) => Number(v) === 1).length >= this.quorum;
    };
    const sentAt = this.now();
    const validUntil = sentAt + o.ttl * (1 - o.drift) - 1;
    const replies = await this.everywhere(o.ttl, LOCK_ACQUIRE, (c) => [c.keys.key(group, 'o'), c.keys.key(group, 'f')], (c) => [c.scriptNow(), token, String(o.ttl), gcSlack(c)]);
    const won = replies.flatMap((r, i) => (Array.isArray(r) && Number(r[0]) === 1 ? [i] : []));
    let busyFor = 0;
    for (const r of replies) if (Array.isArray(r) && Number(r[0]) !== 1) busyFor = Math.max(busyFor, Number(r[1]));
    if (won.length >= this.quorum && this.now() < validUntil) {
      const fence = Math.max(...won.map((i) => Number((replies[i] as Reply[])[1])));
      const raised = await this.everywhere(o.ttl, RAISE_FENCE, (c) => [c.keys.key(group, 'f')], () => [String(fence)], won);
      if (raised.filter((v) => v !== null && Number(v) >= fence).length >= this.quorum && this.now() < validUntil) {
        const lease = new Lease(resource, token, fence, sentAt, o, {
          extend: async (ttl) => {
            const r = await this.everywhere(ttl, LOCK_EXTEND, owner, (c) => [c.scriptNow(), token, String(ttl), gcSlack(c)]);
            return r.filter((v) => Number(v) === 1).length >= this.quorum;
          },
          release,
        }, this.contexts[0].clock, this.now);
        return { lease };
      }
    }
    // No majority in time: give back what was granted (and what a slow server may still grant).
    await release();
    return { busyFor: won.length >= this.quorum ? 0 : busyFor };
  }
}
