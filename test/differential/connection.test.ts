/**
 * Differential test of the connection layer: the same raw bytes (well-formed, malformed, inline,
 * pipelined, CLIENT/HELLO/AUTH/RESET/QUIT) to Sonic and to a real redis-server. What comes back
 * must be byte-identical once per-connection numbers (ids, ports, fds) are masked, and each
 * connection must be closed, or left open, alike. The cases live in ./cases/connection.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDifferentialPair } from '../helpers/differential.js';
import { exchange } from '../helpers/raw-connection.js';
import { CONNECTION_CASES } from './cases/connection.js';

const pair = useDifferentialPair();

/**
 * Masks what differs between any two connections (ids, ports, fds, the whole seconds of age and
 * idle time, which tick independently on a loaded machine, and the read-buffer peak) and the
 * lengths it shifts.
 */
function mask(s: string): string {
  return s
    .replace(/id=\d+/g, 'id=N')
    .replace(/fd=\d+/g, 'fd=N')
    .replace(/ age=\d+ idle=\d+ /g, ' age=T idle=T ')
    // Redis's read-buffer peak depends on how the bytes arrived and when its client cron last
    // reset the peak: timing, not behaviour.
    .replace(/ rbp=\d+ /g, ' rbp=R ')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:P')
    .replace(/\$2\r\nid\r\n:\d+/g, '$2\r\nid\r\n:N')
    .replace(/([$=])\d+\r\n(txt:)?id=N/g, '$1L\r\n$2id=N')
    .replace(/(^|\$7\r\nmodules\r\n\*0\r\n):\d+\r\n$/, '$1:N\r\n');
}

for (const proto of [2, 3] as const) {
  // RESP3: the same bytes after HELLO 3 on the same connection (its reply is compared too, id masked).
  const prefix = proto === 3 ? 'HELLO 3\r\n' : '';
  test(`raw bytes: same replies, same closes, as redis-server (RESP${proto})`, async () => {
    for (const bytes of CONNECTION_CASES) {
      const [r, s] = await Promise.all([exchange(pair.redisServer.port, prefix + bytes), exchange(pair.sonicServer.port, prefix + bytes)]);
      assert.equal(mask(s.data), mask(r.data), JSON.stringify(bytes));
      assert.equal(s.closed, r.closed, `closed after ${JSON.stringify(bytes)}`);
    }
  });
}
