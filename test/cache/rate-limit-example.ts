/**
 * The login rate limit example of docs/cache/rate-limit.md. The lines between the docs markers
 * appear verbatim in the page (test/cache/rate-limit-docs.test.ts checks it, and runs them).
 */
import { consumeAll, type Toolkit } from '../../src/cache/index.js';

// docs:start
export function loginLimiter(toolkit: Toolkit) {
  // Per username: 5 attempts a minute and 20 a day, checked and charged together -- an attempt
  // refused by one limit uses up nothing of the other.
  const perMinute = toolkit.rateLimiter({ name: 'login-1m', algorithm: 'sliding-window', limit: 5, window: '1m' });
  const perDay = toolkit.rateLimiter({ name: 'login-1d', algorithm: 'fixed-window', limit: 20, window: '1d' });
  // Per client IP: 100 attempts an hour, at most 10 at once.
  const perIp = toolkit.rateLimiter({ name: 'login-ip', algorithm: 'gcra', limit: 100, window: '1h', burst: 10 });

  return async function mayTryLogin(username: string, ip: string): Promise<{ ok: boolean; retryAfterMs: number }> {
    const byIp = await perIp.consume(ip);
    if (!byIp.allowed) return { ok: false, retryAfterMs: byIp.retryAfterMs };
    const byUser = await consumeAll([
      { limiter: perMinute, key: username },
      { limiter: perDay, key: username },
    ]);
    return { ok: byUser.allowed, retryAfterMs: byUser.retryAfterMs };
  };
}
// docs:end
