/** docs/cache/rate-limit.md: its login example is test/cache/rate-limit-example.ts, verbatim, and it works. */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createToolkit } from '../../src/cache/toolkit.js';
import { startTestServer, type TestServer } from '../../src/cache/testing/test-server.js';
import { VirtualClock } from '../../src/cache/testing/virtual-clock.js';
import { loginLimiter } from './rate-limit-example.js';

const root = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));

describe('docs/cache/rate-limit.md login example', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ clock: new VirtualClock(1_700_000_000_000) });
  });
  after(async () => {
    await server?.close();
  });

  it('appears in the page verbatim', () => {
    const source = readFileSync(root('test/cache/rate-limit-example.ts'), 'latin1');
    const example = source.slice(source.indexOf('// docs:start\n') + 14, source.indexOf('// docs:end'));
    assert.ok(example.length > 200);
    assert.ok(readFileSync(root('docs/cache/rate-limit.md'), 'latin1').includes(example), 'the page shows the tested example');
  });

  it('limits per username (minute and day, together) and per IP', async () => {
    const clock = server.clock;
    const mayTryLogin = loginLimiter(createToolkit({ client: server.adapter(), clock }));
    for (let i = 0; i < 5; i++) assert.equal((await mayTryLogin('alice', '10.0.0.1')).ok, true);
    const sixth = await mayTryLogin('alice', '10.0.0.1');
    assert.equal(sixth.ok, false);
    assert.ok(sixth.retryAfterMs > 0 && sixth.retryAfterMs <= 120_000, String(sixth.retryAfterMs));
    // Other users from the same IP: 4 more fit its burst of 10 (6 used), the next one does not.
    for (let i = 0; i < 4; i++) assert.equal((await mayTryLogin(`u${i}`, '10.0.0.1')).ok, true);
    const byIp = await mayTryLogin('bob', '10.0.0.1');
    assert.deepEqual(byIp, { ok: false, retryAfterMs: 36_000 }); // one attempt per 36 s refills
    // alice may try again once her minute limit allows, from another IP.
    await clock.advance(sixth.retryAfterMs);
    assert.equal((await mayTryLogin('alice', '10.0.0.2')).ok, true);
  });

  it('the daily limit holds across minutes, and a refusal by it does not use up the minute limit', async () => {
    const clock = server.clock;
    const mayTryLogin = loginLimiter(createToolkit({ client: server.adapter(), clock, prefix: 'day' }));
    await clock.advance(86_400_000 - (clock.now() % 86_400_000)); // start of a day
    let ok = 0;
    for (let minute = 0; minute < 5; minute++) {
      for (let i = 0; i < 5; i++) if ((await mayTryLogin('carol', `10.1.${minute}.${i}`)).ok) ok++;
      await clock.advance(120_000);
    }
    assert.equal(ok, 20);
    const refused = await mayTryLogin('carol', '10.2.0.1');
    assert.equal(refused.ok, false);
    assert.ok(refused.retryAfterMs > 3_600_000, 'until the next day');
  });
});
