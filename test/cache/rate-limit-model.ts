/**
 * Reference models of the five rate limiters, written from their definitions (docs/cache/
 * rate-limit.md) rather than from the Lua: a list of timestamps for the sliding log, exact BigInt
 * rationals for the token bucket and GCRA. The unit and acceptance tests require the scripts to
 * answer exactly what these answer, field by field.
 */
export type ModelAlgorithm = 'fixed-window' | 'sliding-log' | 'sliding-window' | 'token-bucket' | 'gcra';

export interface ModelParams {
  algorithm: ModelAlgorithm;
  limit: number;
  windowMs: number;
  burst?: number;
}

export interface ModelResult {
  allowed: boolean;
  remaining: number;
  resetMs: number;
  retryAfterMs: number;
}

/** One limiter's state for one key: check() decides, and commit() (if allowed) applies. */
interface Decision extends ModelResult {
  commit(): void;
}

const ceilDiv = (a: bigint, b: bigint): bigint => (a <= 0n ? -(-a / b) : (a + b - 1n) / b);

abstract class KeyModel {
  constructor(readonly p: Required<ModelParams>) {}
  abstract check(now: number, cost: number): Decision;
}

class FixedWindow extends KeyModel {
  private start = -1;
  private used = 0;
  check(now: number, cost: number): Decision {
    const { limit: L, windowMs: W } = this.p;
    const start = Math.floor(now / W) * W;
    const used = this.start === start ? this.used : 0;
    const end = start + W - now;
    const reset = (u: number) => (u > 0 ? end : 0);
    if (cost > L || used + cost > L) {
      return { allowed: false, remaining: L - used, resetMs: reset(used), retryAfterMs: cost > L ? Infinity : end, commit() {} };
    }
    return {
      allowed: true,
      remaining: L - used - cost,
      resetMs: reset(used + cost),
      retryAfterMs: 0,
      commit: () => {
        if (cost === 0) return;
        this.start = start;
        this.used = used + cost;
      },
    };
  }
}

class SlidingLog extends KeyModel {
  private log: number[] = []; // one timestamp per unit, ascending
  check(now: number, cost: number): Decision {
    const { limit: L, windowMs: W } = this.p;
    const live = this.log.filter((t) => t > now - W);
    const n = live.length;
    const newest = n > 0 ? live[n - 1] : undefined;
    const reset = (adding: boolean) => {
      const top = adding && (newest === undefined || now > newest) ? now : newest;
      return top === undefined ? 0 : top + W - now;
    };
    if (cost > L || n + cost > L) {
      const retry = cost > L ? Infinity : live[n + cost - L - 1] + W - now;
      return { allowed: false, remaining: L - n, resetMs: reset(false), retryAfterMs: retry, commit() {} };
    }
    return {
      allowed: true,
      remaining: L - n - cost,
      resetMs: reset(cost > 0),
      retryAfterMs: 0,
      commit: () => {
        if (cost > 0) this.log = [...live, ...Array<number>(cost).fill(now)];
      },
    };
  }
}

class SlidingWindowCounter extends KeyModel {
  private start = -1;
  private cur = 0;
  private prev = 0;
  check(now: number, cost: number): Decision {
    const { limit: L, windowMs: W } = this.p;
    const start = now - (now % W);
    let cur = 0;
    let prev = 0;
    if (this.start === start) [cur, prev] = [this.cur, this.prev];
    else if (this.start === start - W) prev = this.cur;
    const elapsed = now - start;
    // estimate = prev * (W - elapsed) / W + cur, kept multiplied by W.
    const weighted = prev * (W - elapsed);
    const remaining = (c: number) => Math.max(0, Math.floor((L * W - weighted - c * W) / W));
    const reset = (c: number) => (c > 0 ? start + 2 * W - now : prev > 0 ? start + W - now : 0);
    if (cost > L) return { allowed: false, remaining: remaining(cur), resetMs: reset(cur), retryAfterMs: Infinity, commit() {} };
    if (weighted + (cur + cost) * W > L * W) {
      // The first elapsed time at which the same formula admits `cost`.
      const room = L - cur - cost;
      const at = room >= 0 ? W - Math.floor((room * W) / prev) : 2 * W - Math.floor(((L - cost) * W) / cur);
      return { allowed: false, remaining: remaining(cur), resetMs: reset(cur), retryAfterMs: at - elapsed, commit() {} };
    }
    return {
      allowed: true,
      remaining: remaining(cur + cost),
      resetMs: reset(cur + cost),
      retryAfterMs: 0,
      commit: () => {
        if (cost === 0) return;
        [this.start, this.cur, this.prev] = [start, cur + cost, prev];
      },
    };
  }
}

/** Tokens as the exact rational tokensW / W (BigInt numerator). */
class TokenBucket extends KeyModel {
  private tokensW: bigint | null = null;
  private last = 0;
  check(now: number, cost: number): Decision {
    const L = BigInt(this.p.limit);
    const W = BigInt(this.p.windowMs);
    const cap = BigInt(this.p.burst) * W;
    let tokensW = cap;
    let last = now;
    if (this.tokensW !== null) {
      tokensW = this.tokensW;
      last = this.last;
      if (now > last) {
        const refilled = tokensW + BigInt(now - last) * L;
        tokensW = refilled < cap ? refilled : cap;
        last = now;
      }
    }
    const whole = (x: bigint) => Number(x / W);
    const reset = (x: bigint) => Number(ceilDiv(cap - x, L));
    const needW = BigInt(cost) * W;
    if (cost > this.p.burst || tokensW < needW) {
      const retry = cost > this.p.burst ? Infinity : Number(ceilDiv(needW - tokensW, L));
      return { allowed: false, remaining: whole(tokensW), resetMs: reset(tokensW), retryAfterMs: retry, commit() {} };
    }
    const after = tokensW - needW;
    return {
      allowed: true,
      remaining: whole(after),
      resetMs: reset(after),
      retryAfterMs: 0,
      commit: () => {
        if (cost === 0) return;
        this.tokensW = after;
        this.last = last;
      },
    };
  }
}

/** Theoretical arrival time as the exact rational tatL / L ms. */
class Gcra extends KeyModel {
  private tatL: bigint | null = null;
  check(now: number, cost: number): Decision {
    const L = BigInt(this.p.limit);
    const W = BigInt(this.p.windowMs); // one emission interval T = W / L ms, i.e. W in tatL units
    const tau = BigInt(this.p.burst) * W; // burst * T, in tatL units
    const nowL = BigInt(now) * L;
    const ahead = this.tatL === null || this.tatL < nowL ? 0n : this.tatL - nowL;
    const left = (a: bigint) => Number((tau - a) / W);
    const reset = (a: bigint) => Number(ceilDiv(a, L));
    const next = ahead + BigInt(cost) * W;
    if (cost > this.p.burst || next > tau) {
      const retry = cost > this.p.burst ? Infinity : Number(ceilDiv(next - tau, L));
      return { allowed: false, remaining: left(ahead), resetMs: reset(ahead), retryAfterMs: retry, commit() {} };
    }
    return {
      allowed: true,
      remaining: left(next),
      resetMs: reset(next),
      retryAfterMs: 0,
      commit: () => {
        if (cost > 0) this.tatL = nowL + next;
      },
    };
  }
}

const KINDS = {
  'fixed-window': FixedWindow,
  'sliding-log': SlidingLog,
  'sliding-window': SlidingWindowCounter,
  'token-bucket': TokenBucket,
  gcra: Gcra,
} as const;

/** One limiter over many keys. */
export class LimiterModel {
  private readonly keys = new Map<string, KeyModel>();
  readonly p: Required<ModelParams>;
  constructor(params: ModelParams) {
    this.p = { burst: params.limit, ...params };
  }
  private state(key: string): KeyModel {
    let m = this.keys.get(key);
    if (m === undefined) this.keys.set(key, (m = new KINDS[this.p.algorithm](this.p)));
    return m;
  }
  /** @internal */
  decide(key: string, now: number, cost: number): Decision {
    return this.state(key).check(now, cost);
  }
  consume(key: string, now: number, cost = 1): ModelResult {
    const d = this.decide(key, now, cost);
    if (d.allowed) d.commit();
    return strip(d);
  }
  peek(key: string, now: number, cost = 1): ModelResult {
    return strip(this.decide(key, now, cost));
  }
}

function strip(d: Decision): ModelResult {
  return { allowed: d.allowed, remaining: d.remaining, resetMs: d.resetMs, retryAfterMs: d.retryAfterMs };
}

/** consumeAll on the models: admitted only if every limit admits; then all are charged. */
export function modelConsumeAll(items: { model: LimiterModel; key: string; cost: number }[], now: number): { allowed: boolean; results: ModelResult[] } {
  const ds = items.map((it) => it.model.decide(it.key, now, it.cost));
  const allowed = ds.every((d) => d.allowed);
  if (allowed) {
    for (const d of ds) d.commit();
    return { allowed, results: ds.map(strip) };
  }
  return {
    allowed,
    results: ds.map((d, i) => (d.allowed ? { ...strip(items[i].model.decide(items[i].key, now, 0)), allowed: true } : strip(d))),
  };
}
