/**
 * Acceptance (issue 7, sessions): express-session itself runs on the store in an HTTP test, on
 * Sonic and on redis-server -- login, rolling touch, logout, expiry -- and the two-request race
 * (two concurrent requests changing different session fields) x 200 loses 0 field updates in hash
 * mode. Blob mode runs the same race and does lose updates: that is why hash mode exists.
 *
 * Time: on Sonic the server's clock is virtual (advanced by the test); on Redis it is real (short
 * real waits). express-session's cookies always use the wall clock.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import session from 'express-session';
import { createToolkit } from '../../src/cache/toolkit.js';
import type { SessionStore } from '../../src/cache/patterns/session-store.js';
import { startTarget, TARGET_NAMES, type Target } from './targets.js';

declare module 'express-session' {
  interface SessionData {
    user: string;
    [field: string]: unknown;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const RACES = 200;

/** The docs example (docs/cache/sessions.md), plus a route for the race. */
function exampleApp(store: SessionStore, maxAge: number) {
  const app = express();
  app.use(
    session({
      store,
      secret: 'keyboard cat',
      resave: false,
      saveUninitialized: false,
      cookie: { maxAge },
    }),
  );
  app.post('/login', (req, res, next) => {
    // A new session id at login (no session fixation): the store's regenerate.
    req.session.regenerate((err) => {
      if (err) return next(err);
      req.session.user = String(req.query.user);
      res.send('welcome');
    });
  });
  app.get('/whoami', (req, res) => {
    res.send(req.session.user ?? '');
  });
  app.post('/logout', (req, res, next) => {
    req.session.destroy((err) => (err ? next(err) : res.send('bye')));
  });
  return app;
}

interface App {
  url: string;
  server: Server;
  /** How many /set handlers overlapped with another one (the race was really run). */
  overlaps: number;
}

async function listen(store: SessionStore, maxAge: number): Promise<App> {
  const app = exampleApp(store, maxAge);
  const out = { url: '', server: null as unknown as Server, overlaps: 0 };
  let inside = 0;
  // Changes one field after some handler work, long enough for the other request to load too.
  app.post('/set', async (req, res) => {
    inside++;
    if (inside > 1) out.overlaps++;
    await sleep(8);
    req.session[String(req.query.f)] = Number(req.query.v);
    inside--;
    res.send('ok');
  });
  await new Promise<void>((resolve) => {
    out.server = app.listen(0, '127.0.0.1', () => resolve());
  });
  out.url = `http://127.0.0.1:${(out.server.address() as AddressInfo).port}`;
  return out;
}

async function request(app: App, method: 'GET' | 'POST', path: string, cookie?: string): Promise<{ body: string; cookie?: string }> {
  const res = await fetch(app.url + path, { method, headers: cookie ? { cookie } : {} });
  const set = res.headers.get('set-cookie');
  return { body: await res.text(), cookie: set ? set.split(';')[0] : undefined };
}

/** The session id inside a signed `connect.sid=s:<id>.<signature>` cookie. */
const sidOf = (cookie: string) => {
  const v = decodeURIComponent(cookie.slice(cookie.indexOf('=') + 1));
  return v.slice(2, v.lastIndexOf('.'));
};

for (const name of TARGET_NAMES) {
  describe(`sessions over HTTP on ${name}`, () => {
    let target: Target;
    const apps: App[] = [];
    /** Lets `ms` pass for the server: virtual time on Sonic, a real wait on Redis. */
    const pass = async (ms: number) => (target.sonic ? target.sonic.clock.advance(ms) : sleep(ms));

    before(async () => {
      target = await startTarget(name);
    });
    after(async () => {
      for (const a of apps) a.server.close();
      await target.close();
    });

    for (const mode of ['hash', 'blob'] as const) {
      it(`${mode}: login, rolling touch, logout`, async () => {
        const tk = createToolkit({ client: target.adapter(), prefix: `flow-${mode}` });
        const store = tk.sessionStore(session, { mode });
        const app = await listen(store, 2000);
        apps.push(app);
        const io = target.ioredis();
        const login = await request(app, 'POST', '/login?user=alice');
        assert.equal(login.body, 'welcome');
        assert.ok(login.cookie);
        const key = store.key(sidOf(login.cookie));
        assert.equal(await io.exists(key), 1);
        assert.equal((await request(app, 'GET', '/whoami', login.cookie)).body, 'alice');
        await pass(700);
        const before = Number(await io.pttl(key));
        assert.ok(before > 0 && before <= 1400, `pttl before touch ${before}`);
        // An unchanged session is touched: the TTL starts again from maxAge.
        assert.equal((await request(app, 'GET', '/whoami', login.cookie)).body, 'alice');
        const renewed = Number(await io.pttl(key));
        assert.ok(renewed > 1800 && renewed <= 2000, `pttl after touch ${renewed}`);
        assert.equal((await request(app, 'POST', '/logout', login.cookie)).body, 'bye');
        assert.equal(await io.exists(key), 0);
        assert.equal((await request(app, 'GET', '/whoami', login.cookie)).body, '');
      });
    }

    it('expiry: the key goes after maxAge and the cookie no longer logs in', async () => {
      const tk = createToolkit({ client: target.adapter(), prefix: 'expiry' });
      const store = tk.sessionStore(session);
      const app = await listen(store, 300);
      apps.push(app);
      const io = target.ioredis();
      const login = await request(app, 'POST', '/login?user=bob');
      const key = store.key(sidOf(login.cookie!));
      const ttl = Number(await io.pttl(key));
      assert.ok(ttl > 0 && ttl <= 300, `pttl ${ttl}`);
      await pass(400);
      assert.equal(await io.exists(key), 0);
      assert.equal((await request(app, 'GET', '/whoami', login.cookie)).body, '');
      assert.equal(await store.length(), 0);
    });

    for (const mode of ['hash', 'blob'] as const) {
      it(`${mode}: two concurrent requests changing different fields, x ${RACES}`, async () => {
        const tk = createToolkit({ client: target.adapter(), prefix: `race-${mode}` });
        const store = tk.sessionStore(session, { mode });
        const app = await listen(store, 3_600_000);
        apps.push(app);
        const { cookie } = await request(app, 'POST', '/login?user=carol');
        const sid = sidOf(cookie!);
        let lost = 0;
        for (let i = 1; i <= RACES; i++) {
          await Promise.all([request(app, 'POST', `/set?f=a&v=${i}`, cookie), request(app, 'POST', `/set?f=b&v=${i}`, cookie)]);
          const s = (await store.get(sid))!;
          lost += (s.a === i ? 0 : 1) + (s.b === i ? 0 : 1);
          assert.equal(s.user, 'carol');
        }
        // The race really ran: the two handlers overlapped (nearly every time; at least half).
        assert.ok(app.overlaps >= RACES * 0.5, `overlaps ${app.overlaps}`);
        if (mode === 'hash') assert.equal(lost, 0);
        else assert.ok(lost >= RACES * 0.25, `blob mode lost ${lost} of ${2 * RACES} field updates`);
        console.log(`# sessions ${name} ${mode}: ${lost} of ${2 * RACES} field updates lost, ${app.overlaps} overlapping pairs`);
      });
    }
  });
}
