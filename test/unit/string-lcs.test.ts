import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, newEngine, ReplyError } from './server-harness.js';
import type { CollectionValue } from '../../src/types/value.js';

const RNA1 =
  'CACCTTCCCAGGTAACAAACCAACCAACTTTCGATCTCTTGTAGATCTGTTCTCTAAACGAACTTTAAAATCTGTGTGGCTGTCACTCGGCTGCATGCTTAGTGCACTCACGCAGTATAATTAATAACTAATTACTGTCGTTGACAGGACACGAGTAACTCGTCTATCTTCTGCAGGCTGCTTACGGTTTCGTCCGTGTTGCAGCCGATCATCAGCACATCTAGGTTTCGTCCGGGTGTG';
const RNA2 =
  'ATTAAAGGTTTATACCTTCCCAGGTAACAAACCAACCAACTTTCGATCTCTTGTAGATCTGTTCTCTAAACGAACTTTAAAATCTGTGTGGCTGTCACTCGGCTGCATGCTTAGTGCACTCACGCAGTATAATTAATAACTAATTACTGTCGTTGACAGGACACGAGTAACTCGTCTATCTTCTGCAGGCTGCTTACGGTTTCGTCCGTGTTGCAGCCGATCATCAGCACATCTAGGTTT';

const RNA_LCS =
  'ACCTTCCCAGGTAACAAACCAACCAACTTTCGATCTCTTGTAGATCTGTTCTCTAAACGAACTTTAAAATCTGTGTGGCTGTCACTCGGCTGCATGCTTAGTGCACTCACGCAGTATAATTAATAACTAATTACTGTCGTTGACAGGACACGAGTAACTCGTCTATCTTCTGCAGGCTGCTTACGGTTTCGTCCGTGTTGCAGCCGATCATCAGCACATCTAGGTTT';

/** Textbook LCS length, for comparison. */
function lcsLength(a: string, b: string): number {
  let prev = new Array(b.length + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    const cur = [0];
    for (let j = 1; j <= b.length; j++) cur[j] = a[i - 1] === b[j - 1] ? prev[j - 1] + 1 : Math.max(prev[j], cur[j - 1]);
    prev = cur;
  }
  return prev[b.length];
}

/** True if `sub` is a subsequence of `s`. */
function isSubsequence(sub: string, s: string): boolean {
  let i = 0;
  for (let j = 0; j < s.length && i < sub.length; j++) if (s[j] === sub[i]) i++;
  return i === sub.length;
}

test('LCS on the upstream RNA example', () => {
  const e = newEngine();
  const a = connect(e);
  a.run('MSET', 'v1', RNA1, 'v2', RNA2);
  const lcs = a.run('LCS', 'v1', 'v2') as string;
  assert.equal(lcs, RNA_LCS);
  assert.equal(a.run('LCS', 'v1', 'v2', 'LEN'), lcs.length);
  assert.deepEqual(a.run('LCS', 'v1', 'v2', 'IDX'), [
    'matches',
    [[[238, 238], [239, 239]], [[236, 236], [238, 238]], [[229, 230], [236, 237]], [[224, 224], [235, 235]], [[1, 222], [13, 234]]],
    'len',
    227,
  ]);
  assert.deepEqual(a.run('LCS', 'v1', 'v2', 'IDX', 'WITHMATCHLEN', 'MINMATCHLEN', '5'), ['matches', [[[1, 222], [13, 234], 222]], 'len', 227]);
  a.client.reply.proto = 3;
  assert.equal(a.raw('LCS', 'v1', 'v2', 'idx', 'minmatchlen', '300'), '%2\r\n$7\r\nmatches\r\n*0\r\n$3\r\nlen\r\n:227\r\n');
});

test('LCS errors and missing keys', () => {
  const e = newEngine();
  const a = connect(e);
  assert.equal(a.run('LCS', 'x', 'y'), '');
  assert.equal(a.run('LCS', 'x', 'y', 'LEN'), 0);
  const list: CollectionValue = { type: 'list', encoding: () => 'listpack' };
  e.dbs[0].set('l', list);
  assert.deepEqual(a.run('LCS', 'l', 'y', 'foo'), new ReplyError('ERR The specified keys must contain string values'));
  assert.deepEqual(a.run('LCS', 'x', 'y', 'foo'), new ReplyError('ERR syntax error'));
  assert.deepEqual(a.run('LCS', 'x', 'y', 'MINMATCHLEN'), new ReplyError('ERR syntax error'));
  assert.deepEqual(a.run('LCS', 'x', 'y', 'MINMATCHLEN', 'z'), new ReplyError('ERR value is not an integer or out of range'));
  assert.deepEqual(a.run('LCS', 'x', 'y', 'LEN', 'IDX'), new ReplyError('ERR If you want both the length and indexes, please just use IDX.'));
  a.run('SET', 'big1', 'a'.repeat(12000));
  a.run('SET', 'big2', 'a'.repeat(12000));
  assert.deepEqual(a.run('LCS', 'big1', 'big2', 'LEN'), new ReplyError('ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len'));
});

test('LCS agrees with a reference on random binary strings', () => {
  const e = newEngine();
  const a = connect(e);
  let seed = 11;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
  for (let t = 0; t < 200; t++) {
    const alpha = 1 + rnd(8);
    const mk = () => Array.from({ length: rnd(30) }, () => String.fromCharCode(rnd(alpha) * 37)).join('');
    const x = mk();
    const y = mk();
    a.run('MSET', 'x', x, 'y', y);
    const s = a.run('LCS', 'x', 'y') as string;
    assert.equal(s.length, lcsLength(x, y));
    assert.ok(isSubsequence(s, x) && isSubsequence(s, y));
    const [, matches, , len] = a.run('LCS', 'x', 'y', 'IDX', 'WITHMATCHLEN') as [string, [number[], number[], number][], string, number];
    assert.equal(len, s.length);
    let covered = 0;
    for (const [[a0, a1], [b0, b1], n] of matches) {
      assert.equal(n, a1 - a0 + 1);
      assert.equal(x.slice(a0, a1 + 1), y.slice(b0, b1 + 1));
      covered += n;
    }
    assert.equal(covered, s.length, 'the ranges cover the whole subsequence');
  }
});
