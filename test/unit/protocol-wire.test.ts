/**
 * Protocol edge cases on a real socket: exact bytes back and whether the connection closes, as
 * redis-server 7.0.15 does (each expectation below was taken from redis-server with the same bytes).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawClient, withServer } from './connection-harness.js';

/** [bytes sent, exact bytes expected back, connection closed afterwards] */
const CASES: [string, string, boolean][] = [
  ['\r\nPING\r\n', '+PONG\r\n', false],
  ['*-10\r\nPING\r\n', '+PONG\r\n', false],
  ['*0\r\n*-1\r\nPING\r\n', '+PONG\r\n', false],
  ['*3000000000\r\n', '-ERR Protocol error: invalid multibulk length\r\n', true],
  ['*3\r\n$3\r\nSET\r\n$1\r\nx\r\nfooz\r\n', "-ERR Protocol error: expected '$', got 'f'\r\n", true],
  ['*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$-10\r\n', '-ERR Protocol error: invalid bulk length\r\n', true],
  ['*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$2000000000\r\n', '-ERR Protocol error: invalid bulk length\r\n', true],
  ['*3\r\n$3\r\nSET\r\n$1\r\nx\r\n$blabla\r\n', '-ERR Protocol error: invalid bulk length\r\n', true],
  ['*1\r\nfoo\r\n', "-ERR Protocol error: expected '$', got 'f'\r\n", true],
  ['set """test-key""" test-value\r\nping\r\n', '-ERR Protocol error: unbalanced quotes in request\r\n', true],
  ['*abc\r\n', '-ERR Protocol error: invalid multibulk length\r\n', true],
  ['*+1\r\n', '-ERR Protocol error: invalid multibulk length\r\n', true],
  ['*01\r\n', '-ERR Protocol error: invalid multibulk length\r\n', true],
  ['*-0\r\n', '-ERR Protocol error: invalid multibulk length\r\n', true],
  ['*1\r\n$04\r\nPING\r\n', '-ERR Protocol error: invalid bulk length\r\n', true],
  ['*1\r\n$\r\nPING\r\n', '-ERR Protocol error: invalid bulk length\r\n', true],
  // Replies to the commands before the error still go out first.
  ['PING\r\n*1\r\n$4\r\nPING\r\n*x\r\nPING\r\n', '+PONG\r\n+PONG\r\n-ERR Protocol error: invalid multibulk length\r\n', true],
  // strchr() stops at a zero byte: such lines are incomplete, not errors.
  ['*1\r\n$4\x00\r\nPING\r\n', '', false],
  ['\x00\r\nPING\r\n', '', false],
  // Inline requests: lone \n ends a line; quotes and escapes as sdssplitargs.
  ['PING\nPING\r\n', '+PONG\r\n+PONG\r\n', false],
  ['ECHO "a\\x41b"\r\n', '$3\r\naAb\r\n', false],
  ["ECHO 'a\\'b'\r\n", "$3\r\na'b\r\n", false],
  ['ECHO "a"b\r\n', '-ERR Protocol error: unbalanced quotes in request\r\n', true],
  // Cross-protocol scripting guard: HTTP verbs close the connection silently.
  ['POST / HTTP/1.1\r\nPING\r\n', '', true],
  ['hOsT: foo\r\n', '', true],
  // QUIT: OK, then nothing more runs.
  ['QUIT\r\nPING\r\n', '+OK\r\n', true],
  // Under CLIENT REPLY OFF nothing is written, so Redis never reaches the close: the connection
  // stays open and runs nothing more.
  ['CLIENT REPLY OFF\r\nQUIT\r\nPING\r\n', '', false],
  ['CLIENT REPLY OFF\r\n*1\r\nfoo\r\nPING\r\n', '', false],
  ['PING\r\nCLIENT REPLY OFF\r\nQUIT\r\nPING\r\n', '+PONG\r\n', true],
];

test('protocol errors, byte for byte, and when the connection closes', async () => {
  await withServer({}, async (srv) => {
    for (const [sent, expected, closes] of CASES) {
      const c = await RawClient.open(srv.port);
      c.send(sent);
      if (closes) assert.ok(await c.waitClosed(), `closed after ${JSON.stringify(sent)}`);
      else await c.until(() => c.data.length >= expected.length && c.data.length > 0, expected.length ? 2000 : 150);
      assert.equal(c.data, expected, JSON.stringify(sent));
      assert.equal(c.closed, closes, `closed state after ${JSON.stringify(sent)}`);
      c.close();
    }
  });
});

test('too big inline / count strings close the connection once 64 KB pile up', async () => {
  await withServer({}, async (srv) => {
    for (const [prefix, msg] of [
      ['\x00', 'too big inline request'],
      ['*\x00', 'too big mbulk count string'],
      ['$\x00', 'too big inline request'],
      ['*1\r\n$', 'too big bulk count string'],
    ]) {
      const c = await RawClient.open(srv.port);
      c.send(prefix + 'x'.repeat(70000));
      assert.ok(await c.waitClosed(), prefix);
      assert.equal(c.data, `-ERR Protocol error: ${msg}\r\n`);
    }
  });
});

test('unauthenticated clients get tight multibulk and bulk limits', async () => {
  await withServer({ requirepass: 'pw' }, async (srv) => {
    let c = await RawClient.open(srv.port);
    c.send('*11\r\n');
    assert.ok(await c.waitClosed());
    assert.equal(c.data, '-ERR Protocol error: unauthenticated multibulk length\r\n');
    c = await RawClient.open(srv.port);
    c.send('*2\r\n$4\r\nECHO\r\n$16385\r\n');
    assert.ok(await c.waitClosed());
    assert.equal(c.data, '-ERR Protocol error: unauthenticated bulk length\r\n');
    // Once authenticated, the limits are gone.
    c = await RawClient.open(srv.port);
    assert.equal(await c.call('AUTH', 'pw'), 'OK');
    assert.equal(await c.call('ECHO', 'x'.repeat(20000)), 'x'.repeat(20000));
    c.close();
  });
});

test('proto-max-bulk-len: a longer bulk is a protocol error', async () => {
  await withServer({ 'proto-max-bulk-len': '1mb' }, async (srv) => {
    const c = await RawClient.open(srv.port);
    c.send(`*2\r\n$4\r\nECHO\r\n$${1024 * 1024 + 1}\r\n`);
    assert.ok(await c.waitClosed());
    assert.equal(c.data, '-ERR Protocol error: invalid bulk length\r\n');
  });
});

test('client-query-buffer-limit: past it the client is dropped without a reply', async () => {
  await withServer({ 'client-query-buffer-limit': '1mb' }, async (srv) => {
    const c = await RawClient.open(srv.port);
    c.send('*2\r\n$4\r\nECHO\r\n$3000000\r\n');
    c.send(Buffer.alloc(900 * 1024, 97));
    // Below the limit: still connected.
    await c.until(() => c.closed, 200);
    assert.equal(c.closed, false);
    c.send(Buffer.alloc(200 * 1024, 97));
    assert.ok(await c.waitClosed());
    assert.equal(c.data, '');
  });
});

test('thousands of pipelined commands in one write, replies in order', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    const n = 20000;
    let wire = '';
    for (let i = 0; i < n; i++) wire += `*2\r\n$4\r\nECHO\r\n$${String(i).length}\r\n${i}\r\n`;
    c.send(wire);
    for (let i = 0; i < n; i++) assert.equal(await c.read(), String(i));
    c.close();
  });
});

test('a big argument split across many writes arrives intact', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    const size = 32 * 1024 * 1024;
    const big = Buffer.alloc(size);
    for (let i = 0; i < size; i++) big[i] = i & 255;
    c.send(`*2\r\n$4\r\nECHO\r\n$${size}\r\n`);
    for (let off = 0; off < size; off += 1 << 20) c.send(big.subarray(off, off + (1 << 20)));
    c.send('\r\n*1\r\n$4\r\nPING\r\n');
    const head = `$${size}\r\n`;
    assert.ok(await c.until(() => c.data.length >= head.length + size + 2 + 7, 20000));
    assert.equal(c.data.slice(0, head.length), head);
    assert.ok(Buffer.from(c.data.slice(head.length, head.length + size), 'latin1').equals(big));
    assert.equal(c.data.slice(head.length + size), '\r\n+PONG\r\n');
    c.close();
  });
});

test('RESP3 encodings after HELLO 3', async () => {
  await withServer({}, async (srv) => {
    const c = await RawClient.open(srv.port);
    c.command('HELLO', '3');
    const hello = await c.readBytes(1);
    assert.equal(hello, '%');
    await c.until(() => c.data.includes('modules\r\n*0\r\n'));
    c.data = '';
    c.command('CLIENT', 'GETNAME');
    assert.equal(await c.readBytes(3), '_\r\n');
    c.command('CLIENT', 'INFO');
    assert.equal(await c.readBytes(1), '=');
    c.close();
  });
});
