/** The client-side reply decoder: every RESP2/RESP3 type, bytes, big integers, and a fuzz. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { decodeReplies, ReplyDecodeError, ReplyError, type Reply } from '../../src/protocol/reply-decoder.js';
import { prng } from '../helpers/prng.js';

interface Prng {
  int(n: number): number;
}
const seeded = (seed: number): Prng => {
  const r = prng(seed);
  return { int: (n) => Math.floor(r() * n) };
};

const one = (s: string): Reply => {
  const f = decodeReplies(s);
  assert.equal(f.length, 1);
  return f[0].value;
};

describe('reply decoder', () => {
  it('decodes RESP2 types', () => {
    assert.equal(one('+OK\r\n'), 'OK');
    assert.deepEqual(one('-ERR bad\r\n'), new ReplyError('ERR bad'));
    assert.equal(one(':-42\r\n'), -42);
    assert.equal(one('$3\r\na\r\n\r\n'), 'a\r\n');
    assert.equal(one('$-1\r\n'), null);
    assert.equal(one('*-1\r\n'), null);
    assert.deepEqual(one('*2\r\n$1\r\nx\r\n*1\r\n:1\r\n'), ['x', [1]]);
    assert.deepEqual(one('*0\r\n'), []);
  });

  it('decodes RESP3 types (maps flattened, attributes skipped, pushes flagged)', () => {
    assert.equal(one('_\r\n'), null);
    assert.equal(one('#t\r\n'), 1);
    assert.equal(one('#f\r\n'), 0);
    assert.equal(one(',1.5\r\n'), '1.5');
    assert.equal(one('(123456789012345678901234\r\n'), '123456789012345678901234');
    assert.equal(one('=8\r\ntxt:abcd\r\n'), 'abcd');
    assert.deepEqual(one('!5\r\nERR x\r\n'), new ReplyError('ERR x'));
    assert.deepEqual(one('%1\r\n+k\r\n:2\r\n'), ['k', 2]);
    assert.deepEqual(one('~2\r\n:1\r\n:2\r\n'), [1, 2]);
    assert.deepEqual(one('|1\r\n+a\r\n+b\r\n:7\r\n'), 7);
    const frames = decodeReplies('>2\r\n$10\r\ninvalidate\r\n*1\r\n$1\r\nk\r\n+OK\r\n');
    assert.deepEqual(frames, [
      { value: ['invalidate', ['k']], push: true },
      { value: 'OK', push: false },
    ]);
  });

  it('keeps integers past 2^53 exact', () => {
    assert.equal(one(':9007199254740991\r\n'), 9007199254740991);
    assert.equal(one(':9007199254740993\r\n'), 9007199254740993n);
    assert.equal(one(':-9223372036854775808\r\n'), -9223372036854775808n);
  });

  it('keeps all 256 byte values', () => {
    const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    assert.equal(one(`$256\r\n${all}\r\n`), all);
  });

  it('rejects malformed input', () => {
    for (const bad of ['?x\r\n', ':1x\r\n', '$3\r\nabcd\r\n', '$x\r\n', '#x\r\n', '_x\r\n', '*1\r\n', '+OK']) {
      assert.throws(() => decodeReplies(bad), ReplyDecodeError, JSON.stringify(bad));
    }
  });

  it('fuzz: random replies round-trip, and every strict prefix is refused', () => {
    const rng = seeded(7);
    for (let n = 0; n < 300; n++) {
      const [wire, value] = randomReply(rng, 0);
      assert.deepEqual(one(wire), value);
      for (let cut = 0; cut < wire.length; cut += 1 + rng.int(4)) {
        const prefix = wire.slice(0, cut);
        try {
          const frames = decodeReplies(prefix);
          // A prefix may only decode when it is empty (no frames at all).
          assert.equal(frames.length, 0, JSON.stringify(prefix));
        } catch (e) {
          assert.ok(e instanceof ReplyDecodeError, String(e));
        }
      }
    }
  });
});

function randomBytes(rng: Prng): string {
  let s = '';
  const len = rng.int(12);
  for (let i = 0; i < len; i++) s += String.fromCharCode(rng.int(256));
  return s;
}

function randomReply(rng: Prng, depth: number): [string, Reply] {
  switch (rng.int(depth > 3 ? 4 : 6)) {
    case 0: {
      const s = randomBytes(rng);
      return [`$${s.length}\r\n${s}\r\n`, s];
    }
    case 1: {
      const v = rng.int(2000) - 1000;
      return [`:${v}\r\n`, v];
    }
    case 2:
      return ['$-1\r\n', null];
    case 3:
      return ['+OK\r\n', 'OK'];
    default: {
      const n = rng.int(4);
      let wire = `*${n}\r\n`;
      const items: Reply[] = [];
      for (let i = 0; i < n; i++) {
        const [w, v] = randomReply(rng, depth + 1);
        wire += w;
        items.push(v);
      }
      return [wire, items];
    }
  }
}
