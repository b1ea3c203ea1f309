/**
 * Counting semaphores: at most `limit` holders of a resource at once, each with a lease on server
 * time (a sorted set of holder -> expiry; a crashed holder's permit comes back when its lease
 * ends), a fencing token per permit, and the same lease handle as locks (lease.ts): owner token,
 * extend / auto-extend, and a signal that fires when the permit is lost.
 */
import type { ToolkitContext } from '../toolkit.js';
import { ToolkitOptionError } from '../errors.js';
import { SEM_ACQUIRE, SEM_EXTEND, SEM_RELEASE } from '../scripts/semaphore.lua.js';
import { Lease, monotonicNow, ownerToken, type LockHandle } from './lease.js';
import { acquireWithRetry, gcSlack, resolveLockOptions, runHolding, type Attempt, type LockOptions, type ResolvedLockOptions } from './lock-common.js';

export interface SemaphoreOptions extends LockOptions {
  /** How many holders at once (>= 1). */
  limit: number;
}

export class Semaphore {
  readonly limit: number;
  private readonly defaults: ResolvedLockOptions;
  private readonly now: () => number;
  private readonly holders: string;
  private readonly fenceKey: string;

  constructor(readonly ctx: ToolkitContext, readonly resource: string, options: SemaphoreOptions, base?: ResolvedLockOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) throw new ToolkitOptionError(`limit must be an integer >= 1, got ${options.limit}`);
    this.limit = options.limit;
    this.defaults = resolveLockOptions(options, base);
    this.now = monotonicNow(ctx.clock);
    this.holders = ctx.keys.key(`sem:${resource}`, 'z');
    this.fenceKey = ctx.keys.key(`sem:${resource}`, 'f');
  }

  /** Takes a permit, waiting (per `retry`) while all are taken; LockNotAcquiredError when retries run out. */
  acquire(options?: LockOptions): Promise<LockHandle> {
    const o = resolveLockOptions(options, this.defaults);
    return acquireWithRetry(`semaphore ${this.resource}`, () => this.attempt(o), o.retry, [{ adapter: this.ctx.adapter, channel: this.channel() }], this.ctx.clock);
  }

  /** One attempt: a permit, or null when all are taken. */
  async tryAcquire(options?: LockOptions): Promise<LockHandle | null> {
    const r = await this.attempt(resolveLockOptions(options, this.defaults));
    return 'lease' in r ? r.lease : null;
  }

  /** Runs `fn(signal, fence)` holding a permit (auto-extended unless told otherwise), then frees it. */
  async withPermit<T>(fn: (signal: AbortSignal, fence: number) => Promise<T> | T, options?: LockOptions): Promise<T> {
    return runHolding(await this.acquire({ autoExtend: true, ...options }), fn);
  }

  /** Holders whose lease has not ended (by the server's time). */
  async count(): Promise<number> {
    const { ctx } = this;
    const now = ctx.scriptNow();
    const min = now === '' ? `(${await this.serverNow()}` : `(${now}`;
    return Number(await ctx.adapter.call(['ZCOUNT', this.holders, min, '+inf'], this.holders));
  }

  private async serverNow(): Promise<number> {
    const [s, us] = (await this.ctx.adapter.call(['TIME'], this.holders)) as [string, string];
    return Number(s) * 1000 + Math.floor(Number(us) / 1000);
  }

  private channel(): string {
    return this.ctx.keys.channel(`sem:${this.resource}`);
  }

  private async attempt(o: ResolvedLockOptions): Promise<Attempt<Lease>> {
    const { ctx, holders } = this;
    const token = ownerToken();
    const sentAt = this.now();
    const args = [ctx.scriptNow(), token, String(this.limit), String(o.ttl), gcSlack(ctx)];
    const r = (await ctx.adapter.runScript(SEM_ACQUIRE, [holders, this.fenceKey], args)) as [number, number];
    if (Number(r[0]) !== 1) return { busyFor: Number(r[1]) };
    const lease = new Lease(this.resource, token, Number(r[1]), sentAt, o, {
      extend: async (ttl) => Number(await ctx.adapter.runScript(SEM_EXTEND, [holders], [ctx.scriptNow(), token, String(ttl), gcSlack(ctx)])) === 1,
      release: async () => Number(await ctx.adapter.runScript(SEM_RELEASE, [holders], [ctx.scriptNow(), token, this.channel()])) === 1,
    }, ctx.clock, this.now);
    return { lease };
  }
}
