/**
 * Rate limiters (docs/cache/DESIGN.md section 4.4, docs/cache/rate-limit.md): fixed window,
 * sliding log, sliding-window counter, token bucket and GCRA, each one atomic Lua script deciding
 * on server time (or the toolkit's virtual clock in tests). Unlike the usual "increment, then
 * compare" limiters, a rejected request is never charged: the script computes the new state,
 * checks it, and writes only when admitting. `consumeAll` checks several limits of one subject and
 * charges all of them or none.
 */
import type { Reply } from '../client/adapter.js';
import { CrossSlotError, ToolkitOptionError } from '../errors.js';
import { toMs, type Duration } from '../options.js';
import { RATE_LIMIT_ALL, RATE_LIMIT_SCRIPTS, type AlgorithmCode } from '../scripts/ratelimit.lua.js';
import type { ToolkitContext } from '../toolkit.js';

export type RateLimitAlgorithm = 'fixed-window' | 'sliding-log' | 'sliding-window' | 'token-bucket' | 'gcra';

const CODES: Record<RateLimitAlgorithm, AlgorithmCode> = {
  'fixed-window': 'fw',
  'sliding-log': 'sl',
  'sliding-window': 'sw',
  'token-bucket': 'tb',
  gcra: 'gc',
};

/** Products such as limit x window must stay exact in doubles (and in Lua's number formatting). */
const MAX_PRODUCT = 1e15;

export interface RateLimiterOptions {
  algorithm: RateLimitAlgorithm;
  /**
   * Units admitted per window. For token-bucket and gcra this is the refill rate: `limit` units
   * every `window`, spread evenly.
   */
  limit: number;
  /** The window ('1m' or ms, a whole number of ms >= 1). */
  window: Duration;
  /** token-bucket and gcra only: the most units admitted at once (bucket size). Default `limit`. */
  burst?: number;
  /**
   * Names the limiter's state (the key part after the subject). Default: algorithm and
   * parameters, so two limiters with equal options share their counters unless named apart.
   */
  name?: string;
}

/** What every consume / peek reports. */
export interface RateLimitResult {
  /** Whether the request is (for peek: would be) admitted. */
  allowed: boolean;
  /**
   * Units still available after this call: after the charge when admitted (for peek: after the
   * charge the consume would make), the untouched amount when rejected.
   */
  remaining: number;
  /** Ms until the limiter is back to its untouched state after this call (0: it is). */
  resetMs: number;
  /** 0 when allowed; else ms until this cost could be admitted; Infinity when it never can (cost > limit/burst). */
  retryAfterMs: number;
}

export interface ConsumeAllResult extends RateLimitResult {
  /** Per item, in order: each limit's own verdict (uncharged when the whole call was rejected). */
  results: RateLimitResult[];
}

/** One limit of a consumeAll call. */
export interface ConsumeItem {
  limiter: RateLimiter;
  /** The subject (user id, IP ...). On a cluster every item must name the same subject. */
  key: string;
  /** Default 1. */
  cost?: number;
}

function positiveInt(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new ToolkitOptionError(`${what} must be an integer >= 1, got ${String(v)}`);
  return v;
}

function checkCost(cost: unknown): number {
  if (typeof cost !== 'number' || !Number.isInteger(cost) || cost < 0 || cost > Number.MAX_SAFE_INTEGER) {
    throw new ToolkitOptionError(`cost must be an integer >= 0, got ${String(cost)}`);
  }
  return cost;
}

function toResult(r: Reply): RateLimitResult {
  const [ok, remaining, resetMs, retry] = r as number[];
  return { allowed: ok === 1, remaining, resetMs, retryAfterMs: retry < 0 ? Infinity : retry };
}

export class RateLimiter {
  readonly algorithm: RateLimitAlgorithm;
  readonly limit: number;
  readonly windowMs: number;
  /** Bucket size (token-bucket, gcra); equals limit for the window algorithms. */
  readonly burst: number;
  readonly name: string;
  /** @internal the wire form: algorithm code and its three numbers. */
  readonly code: AlgorithmCode;
  private readonly params: string[];

  constructor(readonly context: ToolkitContext, options: RateLimiterOptions) {
    const code = CODES[options?.algorithm];
    if (code === undefined) throw new ToolkitOptionError(`algorithm must be one of ${Object.keys(CODES).join(', ')}, got ${String(options?.algorithm)}`);
    this.algorithm = options.algorithm;
    this.code = code;
    this.limit = positiveInt(options.limit, 'limit');
    const w = toMs(options.window, 'window');
    this.windowMs = positiveInt(w, 'window (ms)');
    const bucket = code === 'tb' || code === 'gc';
    if (options.burst !== undefined && !bucket) throw new ToolkitOptionError(`burst applies to token-bucket and gcra only, not ${options.algorithm}`);
    this.burst = options.burst === undefined ? this.limit : positiveInt(options.burst, 'burst');
    if (Math.max(this.limit, this.burst) * this.windowMs > MAX_PRODUCT) {
      throw new ToolkitOptionError(`limit (or burst) x window must be <= ${MAX_PRODUCT}, got ${Math.max(this.limit, this.burst)} x ${this.windowMs} ms`);
    }
    this.name = options.name ?? `${code}:${this.limit}:${this.windowMs}${bucket ? `:${this.burst}` : ''}`;
    if (typeof this.name !== 'string' || this.name.length === 0) throw new ToolkitOptionError('name must be a non-empty string');
    this.params = [String(this.limit), String(this.windowMs), String(this.burst)];
  }

  /** The server key holding `key`'s state (`<prefix>:{rl:<key>}:<name>`). */
  keyFor(key: string): string {
    return this.context.keys.key(`rl:${key}`, this.name);
  }

  /** Takes `cost` units for `key` if they fit; a rejected request changes nothing. */
  consume(key: string, cost = 1): Promise<RateLimitResult> {
    return this.run(key, cost, '0');
  }

  /** What consume(key, cost) would answer now, without writing anything. */
  peek(key: string, cost = 1): Promise<RateLimitResult> {
    return this.run(key, cost, '1');
  }

  /** @internal consumeAll's per-item arguments. */
  wireArgs(cost: number): string[] {
    return [this.code, String(cost), ...this.params];
  }

  private async run(key: string, cost: number, dry: string): Promise<RateLimitResult> {
    const c = checkCost(cost);
    const reply = await this.context.adapter.runScript(RATE_LIMIT_SCRIPTS[this.code], [this.keyFor(key)], [this.context.scriptNow(), dry, String(c), ...this.params]);
    return toResult(reply);
  }
}

/**
 * Charges every item or none, in one script: admitted only if each limit admits its cost. The
 * summary is the strictest of the items (least remaining, longest reset and retry). Items must come
 * from one toolkit and name distinct limiters per key. On a cluster client they must share one
 * subject (one hash slot), else CrossSlotError; a standalone server runs any mix of subjects.
 * `dry: true` only checks (a peek of the whole set).
 */
export async function consumeAll(items: readonly ConsumeItem[], options: { dry?: boolean } = {}): Promise<ConsumeAllResult> {
  if (!Array.isArray(items) || items.length === 0) throw new ToolkitOptionError('consumeAll needs at least one item');
  const bad = items.find((it) => !((it as Partial<ConsumeItem> | null)?.limiter instanceof RateLimiter));
  if (bad !== undefined) throw new ToolkitOptionError('consumeAll items need a limiter made by toolkit.rateLimiter()');
  const ctx = items[0].limiter.context;
  const keys: string[] = [];
  const args: string[] = [ctx.scriptNow(), options.dry ? '1' : '0', String(items.length)];
  for (const it of items) {
    if (it.limiter.context !== ctx) throw new ToolkitOptionError('consumeAll items must come from one toolkit');
    if (ctx.adapter.cluster && it.key !== items[0].key) {
      throw new CrossSlotError(`consumeAll on a cluster needs one subject for every item, got ${JSON.stringify(items[0].key)} and ${JSON.stringify(it.key)}`);
    }
    const k = it.limiter.keyFor(it.key);
    if (keys.includes(k)) throw new ToolkitOptionError(`consumeAll names limiter ${JSON.stringify(it.limiter.name)} twice for one key`);
    keys.push(k);
    args.push(...it.limiter.wireArgs(checkCost(it.cost ?? 1)));
  }
  const reply = (await ctx.adapter.runScript(RATE_LIMIT_ALL, keys, args)) as Reply[];
  const results = reply.slice(1).map(toResult);
  const allowed = reply[0] === 1;
  return {
    allowed,
    remaining: Math.min(...results.map((r) => r.remaining)),
    resetMs: Math.max(...results.map((r) => r.resetMs)),
    retryAfterMs: allowed ? 0 : Math.max(...results.map((r) => r.retryAfterMs)),
    results,
  };
}
