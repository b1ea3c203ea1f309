/**
 * The session store's API without HTTP, on Sonic (in process) and on redis-server (ioredis), in
 * both modes: get/set/destroy/touch/all/length/clear, TTL from the cookie or the option, per-field
 * saves (a removed property is removed; a save after a destroy writes the whole session), callback
 * and promise styles, UTF-8, and the lost-update race played out deterministically.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import session from 'express-session';
import { createToolkit, type Toolkit } from '../../src/cache/toolkit.js';
import { ToolkitOptionError } from '../../src/cache/errors.js';
import type { SessionStore, StoredSession } from '../../src/cache/patterns/session-store.js';
import { startTarget, TARGET_NAMES, type Target } from '../cache-acceptance/targets.js';

const cookie = (ms: number | null) => ({ originalMaxAge: ms, expires: ms === null ? null : new Date(Date.now() + ms).toISOString(), httpOnly: true, path: '/' });

for (const name of TARGET_NAMES) {
  for (const mode of ['hash', 'blob'] as const) {
    describe(`session store (${mode}) on ${name}`, () => {
      let target: Target;
      let tk: Toolkit;
      let store: SessionStore;
      let n = 0;
      const sid = () => `s${n++}-${mode}`;
      const pttl = async (id: string) => Number(await target.ioredis().pttl(store.key(id)));

      before(async () => {
        target = await startTarget(name);
        // Each mode on its own prefix, so all/length/clear see only this store's sessions.
        tk = createToolkit({ client: target.adapter(), prefix: `t${mode}` });
        store = tk.sessionStore(session, { mode, ttl: '10m' });
      });
      after(async () => {
        await target.close();
      });

      it('set then get returns the data; TTL from the cookie, or the ttl option without expiry', async () => {
        const a = sid();
        const c = cookie(60_000);
        await store.set(a, { cookie: c, user: 'zoë', cart: [1, 2] });
        assert.deepEqual(await store.get(a), { cookie: c, user: 'zoë', cart: [1, 2] });
        const t = await pttl(a);
        assert.ok(t > 58_000 && t <= 60_000, `pttl ${t}`);
        const b = sid();
        await store.set(b, { cookie: cookie(null), user: 'x' });
        const tb = await pttl(b);
        assert.ok(tb > 590_000 && tb <= 600_000, `pttl ${tb}`);
        assert.equal(await store.get(sid()), null);
      });

      it('a session whose cookie already expired is deleted, not written', async () => {
        const a = sid();
        await store.set(a, { cookie: cookie(60_000), user: 'u' });
        await store.set(a, { cookie: { ...cookie(60_000), expires: new Date(Date.now() - 1000).toISOString() }, user: 'u' });
        assert.equal(await target.ioredis().exists(store.key(a)), 0);
      });

      it('touch renews the TTL and never brings back a destroyed session', async () => {
        const a = sid();
        await store.set(a, { cookie: cookie(5_000), user: 'u' });
        assert.ok((await pttl(a)) <= 5_000);
        await store.touch(a, { cookie: cookie(50_000), user: 'u' });
        assert.ok((await pttl(a)) > 45_000);
        await store.destroy(a);
        await store.touch(a, { cookie: cookie(50_000), user: 'u' });
        assert.equal(await store.get(a), null);
        assert.equal(await target.ioredis().exists(store.key(a)), 0);
      });

      it('callback style, as express-session calls it', async () => {
        const a = sid();
        await new Promise<void>((res, rej) => store.set(a, { cookie: cookie(60_000), n: 1 }, (e) => (e ? rej(e) : res())));
        const got = await new Promise<StoredSession | null | undefined>((res, rej) => store.get(a, (e, s) => (e ? rej(e) : res(s))));
        assert.equal(got?.n, 1);
        await new Promise<void>((res, rej) => store.destroy(a, (e) => (e ? rej(e) : res())));
        assert.equal(await store.get(a), null);
      });

      it('all, length and clear see every session of the store', async () => {
        await store.clear();
        assert.equal(await store.length(), 0);
        const ids = [sid(), sid(), `{odd}*id ${mode} ü`];
        for (const id of ids) await store.set(id, { cookie: cookie(60_000), who: id });
        assert.equal(await store.length(), 3);
        const all = await store.all();
        assert.deepEqual(all.map((s) => s.id).sort(), [...ids].sort());
        assert.ok(all.every((s) => s.who === s.id));
        await store.clear();
        assert.equal(await store.length(), 0);
      });

      it('two loads of one session saving different properties: hash keeps both, blob loses one', async () => {
        const a = sid();
        await store.set(a, { cookie: cookie(60_000), x: 0, y: 0, gone: true });
        const r1 = (await store.get(a))!;
        const r2 = (await store.get(a))!;
        r1.x = 1;
        delete r1.gone;
        r2.y = 2;
        await store.set(a, r1);
        await store.set(a, r2);
        const final = (await store.get(a))!;
        if (mode === 'hash') {
          assert.deepEqual({ x: final.x, y: final.y, gone: final.gone }, { x: 1, y: 2, gone: undefined });
        } else {
          assert.deepEqual({ x: final.x, y: final.y, gone: final.gone }, { x: 0, y: 2, gone: true });
        }
      });

      it('load gives an express-session Session bound to a request-less holder', async () => {
        const a = sid();
        await store.set(a, { cookie: cookie(60_000), x: 7 });
        const s = await new Promise<(session.Session & Record<string, unknown>) | undefined>((res, rej) => store.load(a, (e, v) => (e ? rej(e) : res(v))));
        assert.ok(s instanceof session.Session);
        assert.equal(s.id, a);
        assert.equal(s.x, 7);
        const none = await new Promise((res, rej) => store.load(sid(), (e, v) => (e ? rej(e) : res(v))));
        assert.equal(none, undefined);
      });

      it('sessions with hundreds of properties save and remove them in chunks', async () => {
        const a = sid();
        const c = cookie(60_000);
        const big: StoredSession = { cookie: c };
        for (let i = 0; i < 450; i++) big[`f${i}`] = i;
        await store.set(a, big);
        const loaded = (await store.get(a))!;
        for (let i = 0; i < 250; i++) delete loaded[`f${i}`];
        for (let i = 250; i < 450; i++) loaded[`f${i}`] = -i;
        await store.set(a, loaded);
        const want: StoredSession = { cookie: c };
        for (let i = 250; i < 450; i++) want[`f${i}`] = -i;
        assert.deepEqual(await store.get(a), want);
      });

      it('a save after a concurrent destroy writes the whole session', async () => {
        const a = sid();
        const c = cookie(60_000);
        await store.set(a, { cookie: c, x: 1, y: 1 });
        const loaded = (await store.get(a))!;
        await store.destroy(a);
        loaded.y = 2;
        await store.set(a, loaded);
        assert.deepEqual(await store.get(a), { cookie: c, x: 1, y: 2 });
      });

      it('createSession builds express-session objects and keeps the snapshot', async () => {
        const a = sid();
        await store.set(a, { cookie: cookie(60_000), x: 1, y: 1 });
        const req = { sessionID: a, sessionStore: store } as { sessionID: string; sessionStore: unknown; session?: unknown };
        const s = store.createSession(req, (await store.get(a))!) as session.Session & Record<string, unknown>;
        assert.ok(s instanceof session.Session);
        assert.ok(s.cookie instanceof session.Cookie);
        assert.ok(s.cookie.expires instanceof Date);
        assert.equal(req.session, s);
        s.x = 5;
        // Someone else changes y meanwhile: only x (and cookie) are written back.
        await target.ioredis().call(mode === 'hash' ? 'HSET' : 'SET', ...(mode === 'hash' ? [store.key(a), 'y', '9'] : [store.key(a), JSON.stringify({ cookie: cookie(60_000), x: 1, y: 9 })]));
        await store.set(a, s as unknown as StoredSession);
        const got = (await store.get(a))!;
        assert.deepEqual([got.x, got.y], mode === 'hash' ? [5, 9] : [5, 1]);
      });
    });
  }
}

describe('session store options', () => {
  it('needs the express-session module and a known mode', async () => {
    const target = await startTarget('sonic');
    try {
      const tk = createToolkit({ client: target.adapter() });
      assert.throws(() => tk.sessionStore({} as never), ToolkitOptionError);
      assert.throws(() => tk.sessionStore(session, { mode: 'zip' as never }), ToolkitOptionError);
      const s = tk.sessionStore(session, { ttl: () => 1234 });
      assert.equal(s.ttlOf({ cookie: cookie(60_000) }), 1234);
    } finally {
      await target.close();
    }
  });
});
