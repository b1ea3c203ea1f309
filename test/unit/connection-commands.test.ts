/**
 * PING, ECHO, QUIT, RESET, HELLO, AUTH and the idle `timeout`, over real sockets. Error texts are
 * redis-server 7.0.15's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../src/util/clock.js';
import { RawClient, ReplyError, sleep, withServer } from './connection-harness.js';

const err = (message: string) => new ReplyError(message);

test('PING and ECHO', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    assert.equal(await c.call('PING'), 'PONG');
    assert.equal(await c.call('PING', 'a\x00\xff'), 'a\x00\xff');
    assert.deepEqual(await c.call('PING', 'a', 'b'), err("ERR wrong number of arguments for 'ping' command"));
    assert.equal(await c.call('ECHO', ''), '');
    assert.deepEqual(await c.call('ECHO', 'a', 'b'), err("ERR wrong number of arguments for 'echo' command"));
    c.close();
  });
});

test('HELLO: the map in RESP2 and RESP3, protocol switch, errors', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    const id = await c.call('CLIENT', 'ID');
    const expected = (proto: number) => ['server', 'redis', 'version', '7.0.15', 'proto', proto, 'id', id, 'mode', 'standalone', 'role', 'master', 'modules', []];
    assert.deepEqual(await c.call('HELLO'), expected(2));
    c.command('HELLO', '3');
    await c.until(() => c.data.includes('*0\r\n'));
    assert.equal(c.data.slice(0, 4), '%7\r\n', 'RESP3 map header');
    assert.deepEqual(await c.read(), expected(3));
    c.command('CLIENT', 'GETNAME');
    assert.equal(await c.readBytes(3), '_\r\n', 'RESP3 null');
    assert.deepEqual(await c.call('HELLO', '2'), expected(2));
    assert.deepEqual(await c.call('HELLO', '1'), err('NOPROTO unsupported protocol version'));
    assert.deepEqual(await c.call('HELLO', '4'), err('NOPROTO unsupported protocol version'));
    assert.deepEqual(await c.call('HELLO', 'x'), err('ERR Protocol version is not an integer or out of range'));
    assert.deepEqual(await c.call('HELLO', '03'), err('ERR Protocol version is not an integer or out of range'));
    assert.deepEqual(await c.call('HELLO', '3', 'SETNAME'), err("ERR Syntax error in HELLO option 'SETNAME'"));
    assert.deepEqual(await c.call('HELLO', '3', 'AUTH', 'default'), err("ERR Syntax error in HELLO option 'AUTH'"));
    assert.deepEqual(await c.call('HELLO', '3', 'foo'), err("ERR Syntax error in HELLO option 'foo'"));
    assert.deepEqual(await c.call('HELLO', '3', 'SETNAME', 'a b'), err('ERR Client names cannot contain spaces, newlines or special characters.'));
    assert.deepEqual(await c.call('HELLO', '3', 'AUTH', 'nobody', 'x'), err('WRONGPASS invalid username-password pair or user is disabled.'));
    // Failed options leave the protocol alone.
    assert.equal(await c.call('CLIENT', 'GETNAME'), null);
    assert.deepEqual(await c.call('HELLO', '2', 'SETNAME', 'me'), expected(2));
    assert.equal(await c.call('CLIENT', 'GETNAME'), 'me');
    c.close();
  });
});

test('AUTH without requirepass', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    assert.deepEqual(
      await c.call('AUTH', 'x'),
      err('ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?'),
    );
    // The default user is "nopass": any password works for it, not for unknown users.
    assert.equal(await c.call('AUTH', 'default', 'whatever'), 'OK');
    assert.deepEqual(await c.call('AUTH', 'foo', 'x'), err('WRONGPASS invalid username-password pair or user is disabled.'));
    assert.deepEqual(await c.call('AUTH', 'a', 'b', 'c'), err('ERR syntax error'));
    c.close();
  });
});

test('AUTH and HELLO AUTH with requirepass; NOAUTH before', async () => {
  await withServer({ requirepass: 's3cret' }, async (srv) => {
    const c = await RawClient.open(srv.port);
    assert.deepEqual(await c.call('PING'), err('NOAUTH Authentication required.'));
    assert.deepEqual(await c.call('CLIENT', 'ID'), err('NOAUTH Authentication required.'));
    // Commands flagged no_auth run: ECHO is not one of them; HELLO is but refuses to proceed.
    assert.deepEqual(
      await c.call('HELLO', '3'),
      err(
        'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
      ),
    );
    assert.deepEqual(await c.call('AUTH', 'wrong'), err('WRONGPASS invalid username-password pair or user is disabled.'));
    assert.deepEqual(await c.call('AUTH', 'default', 'wrong'), err('WRONGPASS invalid username-password pair or user is disabled.'));
    assert.equal(await c.call('AUTH', 's3cret'), 'OK');
    assert.equal(await c.call('PING'), 'PONG');
    // A wrong password later does not log the client out.
    assert.ok((await c.call('AUTH', 'nope')) instanceof ReplyError);
    assert.equal(await c.call('PING'), 'PONG');
    // RESET logs out.
    assert.equal(await c.call('RESET'), 'RESET');
    assert.deepEqual(await c.call('PING'), err('NOAUTH Authentication required.'));
    const d = await RawClient.open(srv.port);
    const reply = (await d.call('HELLO', '2', 'AUTH', 'default', 's3cret', 'SETNAME', 'x')) as unknown[];
    assert.equal(reply[0], 'server');
    assert.equal(await d.call('CLIENT', 'GETNAME'), 'x');
    c.close();
    d.close();
  });
});

test('QUIT replies OK and closes; pipelined commands after it never run', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    c.send('*1\r\n$4\r\nQUIT\r\n*3\r\n$3\r\nSET\r\n$3\r\nfoo\r\n$3\r\nbar\r\n');
    assert.ok(await c.waitClosed());
    assert.equal(c.data, '+OK\r\n');
    assert.equal(srv.engine.dbs[0].exists('foo'), false);
  });
});

test('RESET restores a new connection state', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    c.command('HELLO', '3', 'SETNAME', 'n');
    await c.until(() => c.data.includes('*0\r\n'));
    c.data = '';
    assert.equal(await c.call('CLIENT', 'NO-EVICT', 'on'), 'OK');
    const client = [...srv.engine.clients.values()][0];
    client.db = srv.engine.dbs[3];
    assert.equal(await c.call('RESET'), 'RESET');
    assert.equal(client.dbIndex, 0);
    assert.equal(client.proto, 2);
    assert.equal(client.name, '');
    // NO-EVICT is not part of what RESET clears in Redis 7.0.
    assert.equal(client.noEvict, true);
    c.command('CLIENT', 'GETNAME');
    assert.equal(await c.readBytes(5), '$-1\r\n', 'back to RESP2');
    // RESET clears CLIENT REPLY OFF before replying.
    c.command('CLIENT', 'REPLY', 'OFF');
    assert.equal(await c.call('RESET'), 'RESET');
    assert.equal(await c.call('PING'), 'PONG');
    c.close();
  });
});

test('timeout closes idle clients, not blocked ones', async () => {
  const clock = new ManualClock();
  await withServer({ clock, timeout: 2 }, async (srv) => {
    const idle = await RawClient.open(srv.port);
    const busy = await RawClient.open(srv.port);
    const paused = await RawClient.open(srv.port);
    assert.equal(await idle.call('PING'), 'PONG');
    assert.equal(await busy.call('PING'), 'PONG');
    assert.equal(await paused.call('CLIENT', 'PAUSE', '100000', 'WRITE'), 'OK');
    paused.command('SET', 'k', 'v');
    await sleep(50);
    clock.advance(2000);
    await sleep(250);
    assert.equal(idle.closed, false, 'idle for 2 s: not more than the timeout yet');
    // busy talks before the clock moves on, so it is never past the timeout (the cron runs on a
    // real timer and may look at any moment).
    assert.equal(await busy.call('PING'), 'PONG');
    clock.advance(1500);
    assert.ok(await idle.waitClosed(1000), 'idle client closed');
    await sleep(250);
    assert.equal(busy.closed, false);
    assert.equal(paused.closed, false, 'blocked clients never time out');
    srv.engine.pause.unpause();
    assert.equal(await paused.read(), 'OK');
    busy.close();
    paused.close();
  });
});
