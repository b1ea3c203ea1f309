/**
 * An express-session store (docs/cache/sessions.md). Duck-typed: express-session accepts any
 * EventEmitter with the store methods, so this class extends only node:events and never imports
 * express or express-session (they stay the application's dependencies). What express-session
 * 1.19 calls on a store: get, set, destroy, touch (when present), regenerate, load, createSession,
 * on('connect' | 'disconnect'), and the optional all, length, clear. createSession must build
 * express-session's own Session and Cookie objects, which is why the factory takes the
 * express-session module itself (`tk.sessionStore(session)`), the way connect-redis once did.
 *
 * Two modes:
 * - 'hash' (default): a session is a hash, one field per top-level property (JSON). `set` writes
 *   only the properties that changed since this request loaded the session (HSET/HDEL + PEXPIRE in
 *   one script), so two concurrent requests changing different properties both keep their change.
 * - 'blob': the whole session is one JSON string (what connect-redis does): the last save wins,
 *   and a concurrent request's change to another property is lost.
 *
 * Lifetime: the key's TTL, from the cookie's expiry (`cookie.expires - now`), else the `ttl`
 * option. A rolling touch renews the TTL (hash mode also rewrites the stored cookie).
 */
import { EventEmitter } from 'node:events';
import type { ToolkitContext } from '../toolkit.js';
import { escapeGlob } from '../keys.js';
import { optMs, toMs, type Duration } from '../options.js';
import { ToolkitOptionError } from '../errors.js';
import { SESSION_LOAD, SESSION_SAVE, SESSION_TOUCH } from '../scripts/session.lua.js';

/** A session as stored: plain JSON data with express-session's `cookie` (expires as Date or ISO string). */
export interface StoredSession {
  cookie?: { expires?: Date | string | null; originalMaxAge?: number | null };
  // `any`, not `unknown`: express-session's own SessionData (an interface) must be assignable.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  [field: string]: any;
}

/** What the store needs of the express-session module: its Session and Cookie classes. */
export interface ExpressSessionModule {
  Session: unknown;
  Cookie: unknown;
}

export interface SessionStoreOptions {
  /** 'hash' (default: per-field saves, no lost updates) or 'blob' (one string, last save wins). */
  mode?: 'hash' | 'blob';
  /**
   * Lifetime of a session whose cookie has no expiry (a browser-session cookie), or a function
   * deciding every session's lifetime. Default '1d'.
   */
  ttl?: Duration | ((session: StoredSession) => Duration);
  /** Skip renewing the TTL on touch (sessions then end `ttl` after their last save). Default false. */
  disableTouch?: boolean;
}

type Callback<T> = (err: Error | null, value?: T) => void;
type Req = { sessionID: string; session?: unknown; sessionStore?: unknown };
type Ctor = new (...args: unknown[]) => Record<string, unknown>;

/** The per-field JSON this request loaded, kept per session object (not per id: two requests on one id each have their own). */
const snapshots = new WeakMap<object, Map<string, string>>();

const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
const fromUtf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');

/** Each top-level property's JSON (properties JSON leaves out, such as undefined, are absent). */
function fieldsOf(sess: StoredSession): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(sess)) {
    const json = JSON.stringify(v);
    if (json !== undefined) out.set(k, json);
  }
  return out;
}

/** Runs `p` for a callback caller, or hands back the promise. */
function finish<T>(p: Promise<T>, cb?: Callback<T>): Promise<T> | void {
  if (!cb) return p;
  p.then(
    (v) => cb(null, v),
    (e: Error) => cb(e),
  );
}

export class SessionStore extends EventEmitter {
  readonly mode: 'hash' | 'blob';
  /** Set by the express-session middleware: makes a new session on a request. */
  generate?: (req: Req) => void;
  private readonly ttlOpt: SessionStoreOptions['ttl'];
  private readonly defaultTtl: number;
  private readonly disableTouch: boolean;
  private readonly Session: Ctor;
  private readonly Cookie: Ctor;

  constructor(
    private readonly ctx: ToolkitContext,
    expressSession: ExpressSessionModule,
    options: SessionStoreOptions = {},
  ) {
    super();
    if (typeof expressSession?.Session !== 'function' || typeof expressSession.Cookie !== 'function') {
      throw new ToolkitOptionError('sessionStore needs the express-session module (import session from "express-session")');
    }
    this.Session = expressSession.Session as Ctor;
    this.Cookie = expressSession.Cookie as Ctor;
    this.mode = options.mode ?? 'hash';
    if (this.mode !== 'hash' && this.mode !== 'blob') throw new ToolkitOptionError(`session mode must be 'hash' or 'blob'`);
    this.ttlOpt = options.ttl;
    this.defaultTtl = typeof options.ttl === 'function' ? 86_400_000 : optMs(options.ttl, 86_400_000, 'ttl');
    this.disableTouch = options.disableTouch ?? false;
    // express-session serves requests without a session while its store reports 'disconnect'.
    ctx.adapter.on('down', () => this.emit('disconnect'));
    ctx.adapter.on('ready', () => this.emit('connect'));
  }

  /** The key of session `sid`: `<prefix>:{sess:<sid>}`. */
  key(sid: string): string {
    return this.ctx.keys.key(`sess:${utf8(sid)}`);
  }

  /** Milliseconds the session should live from now (<= 0: already over). */
  ttlOf(sess: StoredSession): number {
    if (typeof this.ttlOpt === 'function') return toMs(this.ttlOpt(sess), 'ttl');
    const expires = sess.cookie?.expires;
    if (expires) return new Date(expires).getTime() - this.ctx.clock.now();
    return this.defaultTtl;
  }

  get(sid: string): Promise<StoredSession | null>;
  get(sid: string, cb: Callback<StoredSession | null>): void;
  get(sid: string, cb?: Callback<StoredSession | null>): Promise<StoredSession | null> | void {
    return finish(this.read(this.key(sid)), cb);
  }

  set(sid: string, sess: StoredSession): Promise<void>;
  set(sid: string, sess: StoredSession, cb: Callback<void>): void;
  set(sid: string, sess: StoredSession, cb?: Callback<void>): Promise<void> | void {
    return finish(this.write(sid, sess), cb);
  }

  destroy(sid: string): Promise<void>;
  destroy(sid: string, cb: Callback<void>): void;
  destroy(sid: string, cb?: Callback<void>): Promise<void> | void {
    const key = this.key(sid);
    return finish(this.ctx.adapter.call(['DEL', key], key).then(() => undefined), cb);
  }

  /** Renews the session's TTL (express-session calls it on requests that did not change the session). */
  touch(sid: string, sess: StoredSession): Promise<void>;
  touch(sid: string, sess: StoredSession, cb: Callback<void>): void;
  touch(sid: string, sess: StoredSession, cb?: Callback<void>): Promise<void> | void {
    return finish(this.renew(sid, sess), cb);
  }

  /** Every session, each with its `id` (scans every master: maintenance, not a hot path). */
  all(): Promise<(StoredSession & { id: string })[]>;
  all(cb: Callback<(StoredSession & { id: string })[]>): void;
  all(cb?: Callback<(StoredSession & { id: string })[]>): Promise<(StoredSession & { id: string })[]> | void {
    const run = async () => {
      const out: (StoredSession & { id: string })[] = [];
      await this.scan(async (key, sid) => {
        const s = await this.read(key);
        if (s) out.push(Object.assign(s, { id: sid }));
      });
      return out;
    };
    return finish(run(), cb);
  }

  /** How many sessions exist (scans every master). */
  length(): Promise<number>;
  length(cb: Callback<number>): void;
  length(cb?: Callback<number>): Promise<number> | void {
    const run = async () => {
      let n = 0;
      await this.scan(async () => void n++);
      return n;
    };
    return finish(run(), cb);
  }

  /** Deletes every session of this store's mode (scans every master). */
  clear(): Promise<void>;
  clear(cb: Callback<void>): void;
  clear(cb?: Callback<void>): Promise<void> | void {
    return finish(this.scan((key) => this.ctx.adapter.call(['DEL', key], key).then(() => undefined)), cb);
  }

  /** express-session's Store#regenerate: a new session (and id) for the request. */
  regenerate(req: Req, fn: (err?: Error | null) => void): void {
    this.destroy(req.sessionID, (err) => {
      this.generate?.(req);
      fn(err);
    });
  }

  /** express-session's Store#load: a session object bound to a request-less holder. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the application's SessionData
  load(sid: string, fn: (err?: Error | null, sess?: any) => unknown): void {
    this.get(sid, (err, sess) => {
      if (err) return fn(err);
      if (!sess) return fn();
      fn(null, this.createSession({ sessionID: sid, sessionStore: this }, sess));
    });
  }

  /** express-session's Store#createSession: the loaded data as express-session's Session (with its Cookie). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- express-session's Session, whose type we do not import
  createSession(req: Req, sess: StoredSession): any {
    const snapshot = snapshots.get(sess);
    const { expires, originalMaxAge } = sess.cookie ?? {};
    const cookie = new this.Cookie(sess.cookie);
    if (typeof expires === 'string') cookie.expires = new Date(expires);
    cookie.originalMaxAge = originalMaxAge;
    sess.cookie = cookie;
    const session = new this.Session(req, sess);
    req.session = session;
    if (snapshot) snapshots.set(session, snapshot);
    return session;
  }

  private async read(key: string): Promise<StoredSession | null> {
    if (this.mode === 'blob') {
      const v = (await this.ctx.adapter.call(['GET', key], key)) as string | null;
      return v === null ? null : (JSON.parse(fromUtf8(v)) as StoredSession);
    }
    const flat = (await this.ctx.adapter.runScript(SESSION_LOAD, [key], [])) as string[];
    if (flat.length === 0) return null;
    const sess: StoredSession = {};
    const snap = new Map<string, string>();
    for (let i = 0; i < flat.length; i += 2) {
      const field = fromUtf8(flat[i]);
      const json = fromUtf8(flat[i + 1]);
      snap.set(field, json);
      sess[field] = JSON.parse(json);
    }
    snapshots.set(sess, snap);
    return sess;
  }

  private async write(sid: string, sess: StoredSession): Promise<void> {
    const key = this.key(sid);
    const ttl = this.ttlOf(sess);
    if (ttl <= 0) {
      await this.ctx.adapter.call(['DEL', key], key);
      return;
    }
    if (this.mode === 'blob') {
      await this.ctx.adapter.call(['SET', key, utf8(JSON.stringify(sess)), 'PX', String(Math.ceil(ttl))], key);
      return;
    }
    const now = fieldsOf(sess);
    const before = snapshots.get(sess);
    if (before) {
      const set: string[] = [];
      for (const [f, json] of now) if (before.get(f) !== json) set.push(f, json);
      const del = [...before.keys()].filter((f) => !now.has(f));
      if ((await this.save(key, ttl, 'p', set, del)) === 1) return void snapshots.set(sess, now);
    }
    // No snapshot (a new session) or the session is gone (destroyed, expired): write all of it.
    await this.save(key, ttl, 'f', [...now].flat(), []);
    snapshots.set(sess, now);
  }

  private save(key: string, ttl: number, mode: 'p' | 'f', set: string[], del: string[]): Promise<unknown> {
    const args = [String(Math.ceil(ttl)), mode, String(set.length / 2), ...set.map(utf8), ...del.map(utf8)];
    return this.ctx.adapter.runScript(SESSION_SAVE, [key], args);
  }

  private async renew(sid: string, sess: StoredSession): Promise<void> {
    if (this.disableTouch) return;
    const key = this.key(sid);
    const ttl = this.ttlOf(sess);
    if (ttl <= 0) {
      await this.ctx.adapter.call(['DEL', key], key);
      return;
    }
    const ms = String(Math.ceil(ttl));
    if (this.mode === 'blob') {
      await this.ctx.adapter.call(['PEXPIRE', key, ms], key);
      return;
    }
    const cookie = JSON.stringify(sess.cookie);
    if (cookie === undefined) await this.ctx.adapter.call(['PEXPIRE', key, ms], key);
    else await this.ctx.adapter.runScript(SESSION_TOUCH, [key], [ms, 'cookie', utf8(cookie)]);
    const snap = snapshots.get(sess);
    if (snap && cookie !== undefined) snap.set('cookie', cookie);
  }

  /** Calls `fn(key, sid)` for every session key of this mode on every master. */
  private async scan(fn: (key: string, sid: string) => Promise<void>): Promise<void> {
    const head = this.ctx.keys.groupsStarting('sess:');
    const match = `${escapeGlob(head)}*}`;
    const type = this.mode === 'hash' ? 'hash' : 'string';
    for (const node of await this.ctx.adapter.nodes()) {
      let cursor = '0';
      do {
        const [next, found] = (await node.call(['SCAN', cursor, 'MATCH', match, 'COUNT', '1000', 'TYPE', type])) as [string, string[]];
        cursor = next;
        await Promise.all(found.map((k) => fn(k, fromUtf8(k.slice(head.length, -1)))));
      } while (cursor !== '0');
    }
  }
}
