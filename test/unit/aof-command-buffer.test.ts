/** The AOF's byte buffer of encoded commands (persistence/aof/command-buffer.ts). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CommandBuffer } from '../../src/persistence/aof/command-buffer.js';
import { encodeCommand } from '../../src/replication/feed.js';
import { nextAofCommand } from '../../src/persistence/aof/parse.js';

/** A pseudo-random byte string of `len` bytes (all 256 values occur). */
function bytes(len: number, seed: number): string {
  let s = '';
  let x = seed >>> 0 || 1;
  for (let i = 0; i < len; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    s += String.fromCharCode((x >>> 0) & 255);
  }
  return s;
}

test('command buffer: same bytes as the RESP string encoder, every byte value, every length class', () => {
  const b = new CommandBuffer();
  let expected = '';
  // Lengths around the char-by-char limit, the decimal digit boundaries and growth past 64 KB.
  const lengths = [0, 1, 9, 10, 11, 31, 32, 33, 99, 100, 255, 256, 1000, 9999, 10000, 70000, 200000];
  let seed = 7;
  for (const len of lengths) {
    const argv = ['SET', bytes(len, seed++), bytes((len * 7) % 301, seed++)];
    b.appendCommand(argv);
    expected += encodeCommand(argv);
  }
  // Argument counts with one and two digits.
  const many = Array.from({ length: 12 }, (_, i) => bytes(i, seed++));
  b.appendCommand(many);
  expected += encodeCommand(many);
  b.appendCommand([]);
  expected += encodeCommand([]);
  b.appendText('#TS:1700000000\r\n');
  expected += '#TS:1700000000\r\n';
  assert.equal(b.length, expected.length);
  assert.equal(b.bytes().toString('latin1'), expected);
});

test('command buffer: consume keeps the unwritten tail, clear empties and the buffer stays usable', () => {
  const b = new CommandBuffer();
  const one = ['SET', 'k', bytes(100, 3)];
  const two = ['RPUSH', 'l', 'a', 'b'];
  b.appendCommand(one);
  b.appendCommand(two);
  const whole = encodeCommand(one) + encodeCommand(two);
  b.consume(10);
  assert.equal(b.bytes().toString('latin1'), whole.slice(10));
  b.consume(b.length - 5);
  assert.equal(b.bytes().toString('latin1'), whole.slice(-5));
  b.consume(100);
  assert.equal(b.length, 0);
  // A big command grows the buffer; after clear it is small again and still encodes right.
  b.appendCommand(['SET', 'big', bytes(3 * 1024 * 1024, 5)]);
  assert.ok(b.length > 3 * 1024 * 1024);
  b.clear();
  assert.equal(b.length, 0);
  b.appendCommand(two);
  assert.deepEqual(nextAofCommand(b.bytes(), 0), { kind: 'command', argv: two, end: b.length });
});
