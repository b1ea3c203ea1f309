import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import type { ClientTransport } from '../../src/engine/client.js';

const transport: ClientTransport = {
  addr: '127.0.0.1:1',
  laddr: '127.0.0.1:2',
  fd: -1,
  close() {},
  queryBufferBytes: () => 0,
  outputBytes: () => 0,
  flush() {},
} as unknown as ClientTransport;

test('a handler that throws yields an error reply, drops its partial reply and keeps the engine serving', () => {
  const engine = new Engine();
  try {
    const c = engine.createClient(transport);
    const echo = engine.table.lookup(['echo'])!;
    // Simulate a bug: the handler writes half a reply, then throws.
    (echo as { handler: unknown }).handler = () => {
      c.reply.arrayLen(2);
      throw new Error('boom');
    };
    engine.log = () => {};
    engine.execute(c, ['PING']);
    engine.execute(c, ['ECHO', 'x']);
    engine.execute(c, ['PING']);
    assert.equal(c.reply.take(), "+PONG\r\n-ERR internal error while running 'echo' command\r\n+PONG\r\n");
    assert.equal(engine.table.lookup(['echo'])!.stats.failedCalls, 1);
  } finally {
    engine.close();
  }
});

test('unknown command errors cut names and arguments at a NUL byte, as C formatting does in Redis', () => {
  const engine = new Engine();
  try {
    const c = engine.createClient(transport);
    engine.execute(c, ['no\0such', 'a\0b']);
    engine.execute(c, ['CLIENT', 'bad\0sub']);
    // Both texts as redis-server 7.0.15 sends them.
    assert.equal(
      c.reply.take(),
      "-ERR unknown command 'no', with args beginning with: 'a' \r\n-ERR unknown subcommand 'bad'. Try CLIENT HELP.\r\n",
    );
  } finally {
    engine.close();
  }
});
