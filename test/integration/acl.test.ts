/**
 * ACL through real clients: ioredis and node-redis authenticating as a user (connection options
 * and URL), what the user may and may not do, and the disconnections Redis makes when a user's
 * rules change under its clients (DELUSER, revoked channels, ACL LOAD), requirepass as the
 * default user's password, CLIENT LIST user= and CLIENT KILL USER, CONFIG REWRITE of users.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { startServer, type RunningServer } from '../../src/server/embedded.js';

function connect(server: RunningServer, extra: Record<string, unknown> = {}): Redis {
  const r = new Redis(server.port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, ...extra });
  r.on('error', () => {});
  return r;
}

/** Resolves once the client's connection is closed by the server. */
function closed(r: Redis): Promise<void> {
  return new Promise((resolve) => (r.status === 'end' ? resolve() : r.once('end', () => resolve())));
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error reply');
}

describe('ACL with real clients', () => {
  let server: RunningServer;
  let admin: Redis;

  before(async () => {
    server = await startServer({ port: 0 });
    admin = connect(server);
    await admin.connect();
  });
  after(async () => {
    admin.disconnect();
    await server.close();
  });

  it('ioredis logs in as a user (AUTH user pass) and is held to its rules', async () => {
    await admin.call('ACL', 'SETUSER', 'app', 'on', '>s3cret', '~app:*', '&app.*', '+@read', '+@write', '-@dangerous', '+publish', '+subscribe', '+acl|whoami');
    const r = connect(server, { username: 'app', password: 's3cret' });
    try {
      await r.connect();
      assert.equal(await r.call('ACL', 'WHOAMI'), 'app');
      assert.equal(await r.set('app:1', 'v'), 'OK');
      assert.equal(await r.get('app:1'), 'v');
      assert.equal(await errorOf(r.get('other')), 'NOPERM this user has no permissions to access one of the keys used as arguments');
      assert.equal(await errorOf(r.flushall()), "NOPERM this user has no permissions to run the 'flushall' command");
      assert.equal(await errorOf(r.publish('news', 'x')), 'NOPERM this user has no permissions to access one of the channels used as arguments');
      assert.equal(await r.publish('app.events', 'x'), 0);
      assert.match(String(await admin.call('CLIENT', 'LIST')), / user=app /);
    } finally {
      r.disconnect();
    }
    const bad = connect(server);
    await bad.connect();
    assert.equal(await errorOf(bad.call('AUTH', 'app', 'wrong')), 'WRONGPASS invalid username-password pair or user is disabled.');
    assert.equal(await bad.call('ACL', 'WHOAMI'), 'default');
    bad.disconnect();
  });

  it('node-redis logs in with credentials in the URL (RESP2 AUTH user pass)', async () => {
    const client = createClient({ url: `redis://app:s3cret@127.0.0.1:${server.port}`, socket: { reconnectStrategy: false } });
    client.on('error', () => {});
    await client.connect();
    try {
      assert.equal(await client.sendCommand(['ACL', 'WHOAMI']), 'app');
      await assert.rejects(client.get('nope'), /NOPERM/);
    } finally {
      await client.quit();
    }
  });

  it('deleting a user disconnects its clients; others stay', async () => {
    await admin.call('ACL', 'SETUSER', 'temp', 'on', 'nopass', '+@all', '~*');
    const r = connect(server, { username: 'temp', password: 'x' });
    await r.connect();
    const gone = closed(r);
    assert.equal(await admin.call('ACL', 'DELUSER', 'temp'), 1);
    await gone;
    assert.equal(await admin.ping(), 'PONG');
  });

  it('a client deleting its own user gets the reply, then is disconnected', async () => {
    await admin.call('ACL', 'SETUSER', 'self', 'on', 'nopass', '+acl');
    const r = connect(server, { username: 'self', password: 'x' });
    await r.connect();
    const gone = closed(r);
    assert.equal(await r.call('ACL', 'DELUSER', 'self'), 1);
    await gone;
  });

  it('subscribers losing a channel permission are disconnected, pardoned when they keep them', async () => {
    await admin.call('ACL', 'SETUSER', 'sub', 'on', 'nopass', 'resetchannels', '&foo:1', '&bar:*', '+@pubsub', '+client');
    const keep = connect(server, { username: 'sub', password: 'x', connectionName: 'pardoned' });
    await keep.connect();
    await keep.subscribe('foo:1');
    await keep.psubscribe('bar:*');
    await admin.call('ACL', 'SETUSER', 'sub', 'resetchannels', '&foo:1', '&bar:*', '&more');
    assert.match(String(await admin.call('CLIENT', 'LIST')), /name=pardoned/);
    const gone = closed(keep);
    await admin.call('ACL', 'SETUSER', 'sub', 'resetchannels', '&foo:1');
    await gone;
    assert.doesNotMatch(String(await admin.call('CLIENT', 'LIST')), /name=pardoned/);
  });

  it('CLIENT KILL USER needs an existing user', async () => {
    await admin.call('ACL', 'SETUSER', 'k', 'on', 'nopass', '+ping');
    const r = connect(server, { username: 'k', password: 'x' });
    await r.connect();
    const gone = closed(r);
    assert.equal(await admin.call('CLIENT', 'KILL', 'USER', 'k'), 1);
    await gone;
    assert.equal(await errorOf(admin.call('CLIENT', 'KILL', 'USER', 'nobody')), "ERR No such user 'nobody'");
  });

  it('requirepass is the default user password; a disabled default user needs AUTH too', async () => {
    await admin.config('SET', 'requirepass', 'pw');
    try {
      assert.match(String(await admin.call('ACL', 'LIST')), /user default on #[0-9a-f]{64} ~\* &\* \+@all/);
      const r = connect(server, { enableReadyCheck: false });
      await r.connect();
      assert.match(await errorOf(r.get('x')), /^NOAUTH/);
      assert.equal(await r.call('AUTH', 'pw'), 'OK');
      r.disconnect();
    } finally {
      await admin.config('SET', 'requirepass', '');
    }
    await admin.call('ACL', 'SETUSER', 'default', 'off');
    try {
      const r = connect(server, { enableReadyCheck: false });
      await r.connect();
      assert.match(await errorOf(r.ping()), /^NOAUTH/);
      r.disconnect();
    } finally {
      await admin.call('ACL', 'SETUSER', 'default', 'on');
    }
  });
});

describe('ACL files', () => {
  it('ACL LOAD/SAVE with an aclfile; LOAD disconnects the clients of replaced users', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonic-aclfile-'));
    writeFileSync(join(dir, 'users.acl'), 'user alice on >alice ~* &* +@all\nuser default on nopass ~* &* +@all\n');
    const server = await startServer({ port: 0, dir, aclfile: 'users.acl' });
    try {
      const r = connect(server, { username: 'alice', password: 'alice' });
      await r.connect();
      assert.equal(await r.call('ACL', 'SETUSER', 'eve', 'on', '>eve', '+get', 'allkeys'), 'OK');
      assert.equal(await r.call('ACL', 'SAVE'), 'OK');
      assert.match(readFileSync(join(dir, 'users.acl'), 'latin1'), /^user eve on #[0-9a-f]{64} ~\* resetchannels -@all \+get$/m);
      const gone = closed(r);
      assert.equal(await r.call('ACL', 'LOAD'), 'OK');
      await gone;
      const e = connect(server, { username: 'eve', password: 'eve' });
      await e.connect();
      assert.equal(await e.get('k'), null);
      assert.match(await errorOf(e.set('k', 'v')), /NOPERM/);
      e.disconnect();
    } finally {
      await server.close();
    }
  });

  it('CONFIG REWRITE writes the users back as user lines', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonic-aclconf-'));
    const conf = join(dir, 'redis.conf');
    writeFileSync(conf, 'port 0\nuser old on nopass +@all\n');
    const server = await startServer({ port: 0 });
    server.engine.config.configFile = conf;
    try {
      const r = connect(server);
      await r.connect();
      await r.call('ACL', 'SETUSER', 'writer', 'on', '>pw', '~w*', '+set');
      assert.equal(await r.call('CONFIG', 'REWRITE'), 'OK');
      const text = readFileSync(conf, 'latin1');
      assert.doesNotMatch(text, /user old/);
      assert.match(text, /^user default on nopass ~\* &\* \+@all$/m);
      assert.match(text, /^user writer on #[0-9a-f]{64} ~w\* resetchannels -@all \+set$/m);
      r.disconnect();
    } finally {
      await server.close();
    }
  });
});
