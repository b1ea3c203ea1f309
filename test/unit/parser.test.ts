import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProtocolError, RequestParser } from '../../src/protocol/parser.js';
import { splitArgs } from '../../src/protocol/split-args.js';

function parser(unauthenticated = false) {
  return new RequestParser({ maxBulkLen: 512 * 1024 * 1024, unauthenticated });
}

function parseAll(p: RequestParser, input: Buffer | string): string[][] {
  p.feed(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  const out: string[][] = [];
  for (let a = p.next(); a !== null; a = p.next()) out.push(a);
  return out;
}

test('multibulk commands, pipelined, split at every byte boundary', () => {
  const wire = '*2\r\n$3\r\nGET\r\n$3\r\nfoo\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$0\r\n\r\n';
  const expected = [['GET', 'foo'], ['SET', 'k', '']];
  for (let cut = 0; cut <= wire.length; cut++) {
    const p = parser();
    const got = [...parseAll(p, wire.slice(0, cut)), ...parseAll(p, wire.slice(cut))];
    assert.deepEqual(got, expected, `cut at ${cut}`);
  }
});

test('all 256 byte values survive as arguments', () => {
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const wire = Buffer.concat([Buffer.from('*2\r\n$3\r\nSET\r\n$256\r\n'), bytes, Buffer.from('\r\n')]);
  const [argv] = parseAll(parser(), wire);
  assert.equal(argv[1].length, 256);
  assert.deepEqual(Buffer.from(argv[1], 'latin1'), bytes);
});

test('a large bulk arriving in many chunks is assembled once', () => {
  const big = 'x'.repeat(1_000_000);
  const wire = Buffer.from(`*2\r\n$4\r\nECHO\r\n$${big.length}\r\n${big}\r\n`, 'latin1');
  const p = parser();
  const out: string[][] = [];
  for (let i = 0; i < wire.length; i += 65536) out.push(...parseAll(p, wire.subarray(i, i + 65536)));
  assert.equal(out.length, 1);
  assert.equal(out[0][1].length, big.length);
});

test('inline commands and quoting', () => {
  assert.deepEqual(parseAll(parser(), 'PING\r\nset  "a b" \'c\\\'d\'\n\r\n'), [['PING'], ['set', 'a b', "c'd"], []]);
  assert.deepEqual(splitArgs('"\\x41\\n"'), ['A\n']);
  assert.equal(splitArgs('"abc'), null);
  assert.equal(splitArgs('"abc"def'), null);
});

test('protocol errors carry redis-server texts', () => {
  const cases: [string, string, boolean?][] = [
    ['*abc\r\n', 'Protocol error: invalid multibulk length'],
    ['*3000000000\r\n', 'Protocol error: invalid multibulk length'],
    ['*1\r\n$-1\r\n', 'Protocol error: invalid bulk length'],
    ['*1\r\nfoo\r\n', "Protocol error: expected '$', got 'f'"],
    ['"unbalanced\r\n', 'Protocol error: unbalanced quotes in request'],
    ['*20\r\n', 'Protocol error: unauthenticated multibulk length', true],
    ['*1\r\n$20000\r\n', 'Protocol error: unauthenticated bulk length', true],
  ];
  for (const [wire, msg, unauth] of cases) {
    assert.throws(() => parseAll(parser(unauth), wire), (e: unknown) => e instanceof ProtocolError && e.message === msg, wire);
  }
  assert.throws(() => parseAll(parser(), 'x'.repeat(70000)), /too big inline request/);
  assert.throws(() => parseAll(parser(), '*' + '1'.repeat(70000)), /too big mbulk count string/);
});

test('short arguments of every length up to 20 keep all 256 byte values', () => {
  const p = new RequestParser({ maxBulkLen: 1 << 20, unauthenticated: false });
  for (let len = 0; len <= 20; len++) {
    for (let start = 0; start < 256; start += 7) {
      let arg = '';
      for (let i = 0; i < len; i++) arg += String.fromCharCode((start + i * 31) & 255);
      p.feed(Buffer.from(`*2\r\n$3\r\nGET\r\n$${len}\r\n${arg}\r\n`, 'latin1'));
      assert.deepEqual(p.next(), ['GET', arg]);
    }
  }
});

/**
 * Fuzz: the same random byte stream (well-formed commands of every argument count and length
 * class, inline commands, and corrupted bytes) gives the same commands and the same protocol error
 * whether it arrives whole (the one-go fast path for complete commands), in random chunks or byte
 * by byte (the incremental path).
 */
test('fuzz: whole, chunked and byte-by-byte feeding parse the same', () => {
  let seed = 12345;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const arg = (): string => {
    const len = rnd(10) === 0 ? 16000 + rnd(800) : rnd(40);
    let s = '';
    for (let i = 0; i < len; i++) s += String.fromCharCode(rnd(256));
    return s;
  };
  const command = (): string => {
    if (rnd(15) === 0) return 'PING a b\r\n';
    const n = 1 + rnd(13);
    let out = `*${n}\r\n`;
    for (let i = 0; i < n; i++) {
      const a = arg();
      out += `$${a.length}\r\n${a}\r\n`;
    }
    return out;
  };
  /** Commands (joined as text) then the error, if any. */
  const run = (wire: Buffer, cuts: number[]): string[] => {
    const p = parser();
    const got: string[] = [];
    let from = 0;
    try {
      for (const to of [...cuts, wire.length]) {
        p.feed(wire.subarray(from, to));
        from = to;
        for (let a = p.next(); a !== null; a = p.next()) got.push(a.join('|'));
      }
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      got.push('error: ' + e.message);
    }
    return got;
  };
  for (let round = 0; round < 60; round++) {
    let text = '';
    const count = 1 + rnd(20);
    for (let i = 0; i < count; i++) text += command();
    const wire = Buffer.from(text, 'latin1');
    // Some rounds corrupt one byte (a count, a '$', a CR ...).
    if (round % 3 === 2) wire[rnd(wire.length)] = [48, 36, 13, 45, 42, 120][rnd(6)];
    const whole = run(wire, []);
    const cuts: number[] = [];
    for (let at = rnd(50); at < wire.length; at += 1 + rnd(300)) cuts.push(at);
    assert.deepEqual(run(wire, cuts), whole, `round ${round}, chunks`);
    if (wire.length < 20000) assert.deepEqual(run(wire, Array.from({ length: wire.length }, (_, i) => i)), whole, `round ${round}, bytes`);
  }
});
