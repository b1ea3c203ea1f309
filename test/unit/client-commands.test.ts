/**
 * CLIENT subcommands over real sockets: LIST/INFO fields, KILL forms, SETNAME/GETNAME, REPLY,
 * NO-EVICT, PAUSE/UNPAUSE. Error texts and formats are redis-server 7.0.15's.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient, ReplyError, sleep, withServer } from './connection-harness.js';

const err = (message: string) => new ReplyError(message);

const FIELDS =
  'id addr laddr fd name age idle flags db sub psub ssub multi qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp'.split(' ');

function fields(line: string): Map<string, string> {
  return new Map(line.split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

test('CLIENT LIST / INFO: every field, in order, with the values Redis prints', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    const info = (await c.call('CLIENT', 'INFO')) as string;
    assert.ok(info.endsWith('\n'));
    const line = info.slice(0, -1);
    assert.deepEqual(line.split(' ').map((kv) => kv.split('=')[0]), FIELDS);
    const f = fields(line);
    assert.equal(f.get('id'), String(await c.call('CLIENT', 'ID')));
    assert.match(f.get('addr')!, /^127\.0\.0\.1:\d+$/);
    assert.equal(f.get('laddr'), `127.0.0.1:${srv.port}`);
    // A fresh client running `CLIENT INFO` alone, exactly as redis-server 7.0.15 shows it. Two
    // fields may move on a stalled machine, as in Redis: age and idle are whole seconds, and the
    // clients cron resets the read-buffer peak (rbp) of a client it meets before its first command.
    assert.ok(Number(f.get('age')) <= 2 && Number(f.get('idle')) <= 2, line);
    assert.ok(f.get('rbp') === '16384' || f.get('rbp') === '0', line);
    assert.equal(
      line
        .replace(/^id=\d+ addr=\S+ laddr=\S+ fd=\d+ /, '')
        .replace(/ age=\d+ idle=\d+ /, ' age=0 idle=0 ')
        .replace(/ rbp=0 /, ' rbp=16384 '),
      'name= age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=16384 rbp=16384 obl=0 oll=0 omem=0 tot-mem=37658 events=r cmd=client|info user=default redir=-1 resp=2',
    );
    const d = await RawClient.open(srv.port);
    assert.equal(await d.call('CLIENT', 'SETNAME', 'other'), 'OK');
    const list = ((await c.call('CLIENT', 'LIST')) as string).split('\n');
    assert.equal(list.length, 3, 'two lines and the final newline');
    assert.equal(list[2], '');
    assert.match(list[0], /cmd=client\|list /);
    assert.match(list[1], / name=other .* cmd=client\|setname /);
    // TYPE and ID filters.
    assert.equal(((await c.call('CLIENT', 'LIST', 'TYPE', 'normal')) as string).split('\n').length, 3);
    assert.equal(await c.call('CLIENT', 'LIST', 'TYPE', 'pubsub'), '');
    assert.equal(await c.call('CLIENT', 'LIST', 'TYPE', 'replica'), '');
    assert.deepEqual(await c.call('CLIENT', 'LIST', 'TYPE', 'foo'), err("ERR Unknown client type 'foo'"));
    const dId = fields(((await d.call('CLIENT', 'INFO')) as string).trim()).get('id')!;
    const byId = (await c.call('CLIENT', 'LIST', 'ID', dId, '999999')) as string;
    assert.match(byId, new RegExp(`^id=${dId} .*\\n$`));
    assert.deepEqual(await c.call('CLIENT', 'LIST', 'ID', '1', 'x'), err('ERR Invalid client ID'));
    assert.deepEqual(await c.call('CLIENT', 'LIST', 'ID'), err('ERR syntax error'));
    assert.deepEqual(await c.call('CLIENT', 'LIST', 'x', 'y'), err('ERR syntax error'));
    c.close();
    d.close();
  });
});

test('CLIENT LIST flags and idle clients', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    const d = await RawClient.open(srv.port);
    assert.equal(await d.call('CLIENT', 'NO-EVICT', 'on'), 'OK');
    assert.equal(await d.call('MONITOR'), 'OK');
    const line = ((await c.call('CLIENT', 'LIST')) as string).split('\n')[1];
    assert.match(line, / flags=Oe /);
    // An idle client's buffers: the query buffer keeps its 16 KB read room until the cron frees it.
    assert.match(line, / qbuf=0 qbuf-free=20474 argv-mem=0 /);
    c.close();
    d.close();
  });
});

test('CLIENT SETNAME / GETNAME', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    assert.equal(await c.call('CLIENT', 'GETNAME'), null);
    assert.equal(await c.call('CLIENT', 'SETNAME', 'a~!b'), 'OK');
    assert.equal(await c.call('CLIENT', 'GETNAME'), 'a~!b');
    for (const bad of ['foo bar', 'a\nb', 'a\x7fb', 'a\x80b']) {
      assert.deepEqual(await c.call('CLIENT', 'SETNAME', bad), err('ERR Client names cannot contain spaces, newlines or special characters.'));
    }
    assert.equal(await c.call('CLIENT', 'GETNAME'), 'a~!b');
    assert.equal(await c.call('CLIENT', 'SETNAME', ''), 'OK');
    assert.equal(await c.call('CLIENT', 'GETNAME'), null);
    assert.deepEqual(await c.call('CLIENT', 'SETNAME'), err("ERR wrong number of arguments for 'client|setname' command"));
    c.close();
  });
});

test('CLIENT KILL: argument errors', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    assert.deepEqual(await c.call('CLIENT', 'KILL'), err("ERR wrong number of arguments for 'client|kill' command"));
    assert.deepEqual(await c.call('CLIENT', 'KILL', 'id', '10', 'wrong_arg'), err('ERR syntax error'));
    for (const id of ['str', '-1', '0']) {
      assert.deepEqual(await c.call('CLIENT', 'KILL', 'id', id), err('ERR client-id should be greater than 0'));
    }
    assert.deepEqual(await c.call('CLIENT', 'KILL', 'type', 'wrong_type'), err("ERR Unknown client type 'wrong_type'"));
    assert.deepEqual(await c.call('CLIENT', 'KILL', 'user', 'wrong_user'), err("ERR No such user 'wrong_user'"));
    assert.deepEqual(await c.call('CLIENT', 'KILL', 'skipme', 'yes_or_no'), err('ERR syntax error'));
    assert.deepEqual(await c.call('CLIENT', 'KILL', 'foo', 'bar'), err('ERR syntax error'));
    assert.deepEqual(await c.call('CLIENT', 'KILL', '1.2.3.4:5'), err('ERR No such client'));
    assert.equal(await c.call('CLIENT', 'KILL', 'addr', '1.2.3.4:5'), 0);
    c.close();
  });
});

test('CLIENT KILL: filters, SKIPME, old form, and killing oneself', async () => {
  await withServer({}, async (srv) => {
    const me = await RawClient.open(srv.port);
    const a = await RawClient.open(srv.port);
    const b = await RawClient.open(srv.port);
    await a.call('PING');
    await b.call('PING');
    const aId = String(fields(((await a.call('CLIENT', 'INFO')) as string).trim()).get('id'));
    assert.equal(await me.call('CLIENT', 'KILL', 'ID', aId), 1);
    assert.ok(await a.waitClosed());
    assert.equal(srv.engine.clients.size, 2, 'unlinked at once');
    const bAddr = fields(((await b.call('CLIENT', 'INFO')) as string).trim()).get('addr')!;
    assert.equal(await me.call('CLIENT', 'KILL', bAddr), 'OK');
    assert.ok(await b.waitClosed());
    const c = await RawClient.open(srv.port);
    await c.call('PING');
    assert.equal(await me.call('CLIENT', 'KILL', 'USER', 'default', 'SKIPME', 'yes'), 1);
    assert.ok(await c.waitClosed());
    assert.equal(await me.call('CLIENT', 'KILL', 'TYPE', 'normal', 'LADDR', `127.0.0.1:${srv.port}`), 0);
    // SKIPME no kills the caller too: it still gets its reply first.
    me.command('CLIENT', 'KILL', 'SKIPME', 'no');
    assert.ok(await me.waitClosed());
    assert.equal(me.data, ':1\r\n');
  });
});

test('CLIENT REPLY OFF / ON / SKIP', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    c.command('CLIENT', 'REPLY', 'OFF');
    c.command('PING', 'a');
    c.command('NOSUCHCOMMAND');
    assert.equal(await c.call('CLIENT', 'REPLY', 'ON'), 'OK');
    c.command('CLIENT', 'REPLY', 'SKIP');
    c.command('PING', 'skipped');
    assert.equal(await c.call('PING', 'seen'), 'seen');
    // SKIP then ON: ON's own reply is sent.
    c.command('CLIENT', 'REPLY', 'SKIP');
    assert.equal(await c.call('CLIENT', 'REPLY', 'ON'), 'OK');
    // An empty request consumes a SKIP, as in Redis.
    c.command('CLIENT', 'REPLY', 'SKIP');
    c.send('\r\n');
    assert.equal(await c.call('PING', 'b'), 'b');
    // SKIP under OFF is ignored.
    c.command('CLIENT', 'REPLY', 'OFF');
    c.command('CLIENT', 'REPLY', 'SKIP');
    assert.equal(await c.call('CLIENT', 'REPLY', 'ON'), 'OK');
    assert.equal(await c.call('PING'), 'PONG');
    assert.deepEqual(await c.call('CLIENT', 'REPLY', 'foo'), err('ERR syntax error'));
    assert.deepEqual(await c.call('CLIENT', 'NO-EVICT', 'foo'), err('ERR syntax error'));
    assert.equal(await c.call('CLIENT', 'NO-EVICT', 'OFF'), 'OK');
    assert.equal(c.data, '');
    c.close();
  });
});

test('CLIENT PAUSE WRITE delays writes (not reads), in arrival order, until UNPAUSE', async () => {
  await withServer({}, async (srv) => {
    const admin = await RawClient.open(srv.port);
    const w = await RawClient.open(srv.port);
    assert.equal(await admin.call('CLIENT', 'PAUSE', '100000', 'WRITE'), 'OK');
    assert.equal(await w.call('GET', 'k'), null, 'reads run');
    w.command('SET', 'k', 'v');
    w.command('GET', 'k');
    await sleep(100);
    assert.equal(w.data, '', 'the write and everything after it wait');
    assert.equal(srv.engine.stats.gauge('blocked_clients'), 1);
    const listed = (await admin.call('CLIENT', 'LIST')) as string;
    assert.match(listed.split('\n')[1], / flags=b .* cmd=set /);
    // Arity errors are not delayed: they never reach the pause check.
    assert.deepEqual(await admin.call('SET', 'x'), err("ERR wrong number of arguments for 'set' command"));
    assert.equal(await admin.call('CLIENT', 'UNPAUSE'), 'OK');
    assert.equal(await w.read(), 'OK');
    assert.equal(await w.read(), 'v');
    assert.equal(srv.engine.stats.gauge('blocked_clients'), 0);
    admin.close();
    w.close();
  });
});

test('CLIENT PAUSE ALL delays everything, even UNPAUSE, until the timeout', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    const t0 = Date.now();
    assert.equal(await c.call('CLIENT', 'PAUSE', '300', 'ALL'), 'OK');
    assert.equal(await c.call('PING'), 'PONG');
    assert.ok(Date.now() - t0 >= 290, `waited ${Date.now() - t0} ms`);
    assert.deepEqual(await c.call('CLIENT', 'PAUSE', '10', 'foo'), err('ERR CLIENT PAUSE mode must be WRITE or ALL'));
    assert.deepEqual(await c.call('CLIENT', 'PAUSE', 'x'), err('ERR timeout is not an integer or out of range'));
    assert.deepEqual(await c.call('CLIENT', 'PAUSE', '-1'), err('ERR timeout is negative'));
    assert.deepEqual(await c.call('CLIENT', 'PAUSE', '1', 'all', 'x'), err("ERR unknown subcommand or wrong number of arguments for 'PAUSE'. Try CLIENT HELP."));
    c.close();
  });
});

test('expired keys are not deleted while clients are paused', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    const db = srv.engine.dbs[0];
    db.set('k', 'v');
    db.setExpire('k', Date.now() - 1);
    assert.equal(await c.call('CLIENT', 'PAUSE', '100000', 'WRITE'), 'OK');
    assert.equal(await c.call('GET', 'k'), null, 'reads as missing');
    assert.equal(db.size, 1, 'but is still stored');
    const expired = srv.engine.stats.expiredKeys;
    assert.equal(await c.call('CLIENT', 'UNPAUSE'), 'OK');
    assert.equal(await c.call('GET', 'k'), null);
    assert.equal(srv.engine.stats.expiredKeys, expired + 1);
    assert.equal(db.size, 0);
    c.close();
  });
});

test('CLIENT HELP, unknown subcommands, ID', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    const help = (await c.call('CLIENT', 'HELP')) as string[];
    assert.equal(help[0], 'CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:');
    assert.equal(help.length, 48);
    assert.equal(help[help.length - 2], 'HELP');
    assert.deepEqual(await c.call('CLIENT', 'FOO'), err("ERR unknown subcommand 'FOO'. Try CLIENT HELP."));
    assert.equal(typeof (await c.call('CLIENT', 'ID')), 'number');
    c.close();
  });
});
