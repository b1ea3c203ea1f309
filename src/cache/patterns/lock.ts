/**
 * Locks on one server (or one cluster slot): owner tokens, safe release, extend / auto-extend,
 * fencing tokens that grow with every acquisition of a resource, and an AbortSignal that fires when
 * the lease is lost (docs/cache/DESIGN.md, section 4.5; the lease itself is in lease.ts).
 *
 *   const locks = toolkit.locks({ ttl: '10s' });
 *   await locks.withLock('report:daily', async (signal, fence) => { ... });
 */
import type { ToolkitContext } from '../toolkit.js';
import { LOCK_ACQUIRE, LOCK_EXTEND, LOCK_RELEASE } from '../scripts/lock.lua.js';
import { Lease, monotonicNow, ownerToken, type LeaseBackend, type LockHandle } from './lease.js';
import { acquireWithRetry, gcSlack, resolveLockOptions, runHolding, type Attempt, type LockOptions, type ResolvedLockOptions } from './lock-common.js';
import { Semaphore, type SemaphoreOptions } from './semaphore.js';

/** Locks of one toolkit. */
export class Locks {
  readonly defaults: ResolvedLockOptions;
  private readonly now: () => number;

  constructor(readonly ctx: ToolkitContext, defaults: LockOptions = {}) {
    this.defaults = resolveLockOptions(defaults);
    this.now = monotonicNow(ctx.clock);
  }

  /**
   * Acquires `resource`, waiting (per `retry`) while someone else holds it. Throws
   * LockNotAcquiredError when the retries run out.
   */
  lock(resource: string, options?: LockOptions): Promise<LockHandle> {
    const o = resolveLockOptions(options, this.defaults);
    const channel = this.channel(resource);
    return acquireWithRetry(`lock ${resource}`, () => this.attempt(resource, o), o.retry, [{ adapter: this.ctx.adapter, channel }], this.ctx.clock);
  }

  /** One attempt, no waiting: the handle, or null when the lock is busy. */
  async tryLock(resource: string, options?: LockOptions): Promise<LockHandle | null> {
    const r = await this.attempt(resource, resolveLockOptions(options, this.defaults));
    return 'lease' in r ? r.lease : null;
  }

  /**
   * Runs `fn(signal, fence)` holding the lock (auto-extended unless `autoExtend: false`), and
   * releases it afterwards. Watch `signal`: it fires if the lease is lost while fn runs.
   */
  async withLock<T>(resource: string, fn: (signal: AbortSignal, fence: number) => Promise<T> | T, options?: LockOptions): Promise<T> {
    return runHolding(await this.lock(resource, { autoExtend: true, ...options }), fn);
  }

  /** A counting semaphore on `resource`, with this instance's defaults. */
  semaphore(resource: string, options: SemaphoreOptions): Semaphore {
    return new Semaphore(this.ctx, resource, options, this.defaults);
  }

  /** The channel a release of `resource` is announced on. */
  channel(resource: string): string {
    return this.ctx.keys.channel(`lk:${resource}`);
  }

  private async attempt(resource: string, o: ResolvedLockOptions): Promise<Attempt<Lease>> {
    const { ctx } = this;
    const owner = ctx.keys.key(`lk:${resource}`, 'o');
    const fenceKey = ctx.keys.key(`lk:${resource}`, 'f');
    const token = ownerToken();
    const sentAt = this.now();
    const r = (await ctx.adapter.runScript(LOCK_ACQUIRE, [owner, fenceKey], [ctx.scriptNow(), token, String(o.ttl), gcSlack(ctx)])) as [number, number];
    if (Number(r[0]) !== 1) return { busyFor: Number(r[1]) };
    const backend: LeaseBackend = {
      extend: async (ttl) => Number(await ctx.adapter.runScript(LOCK_EXTEND, [owner], [ctx.scriptNow(), token, String(ttl), gcSlack(ctx)])) === 1,
      release: async () => Number(await ctx.adapter.runScript(LOCK_RELEASE, [owner], [ctx.scriptNow(), token, this.channel(resource)])) === 1,
    };
    return { lease: new Lease(resource, token, Number(r[1]), sentAt, o, backend, ctx.clock, this.now) };
  }
}
