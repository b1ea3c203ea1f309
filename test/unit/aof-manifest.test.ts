/** The multi-part AOF manifest parser/formatter and the AOF command reader (persistence/aof/). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatManifest, parseManifest, ManifestError, baseName, incrName } from '../../src/persistence/aof/manifest.js';
import { nextAofCommand } from '../../src/persistence/aof/parse.js';

test('manifest: Redis 7.0 lines parse and format back identically', () => {
  const text =
    'file appendonly.aof.2.base.rdb seq 2 type b\n' +
    'file appendonly.aof.1.incr.aof seq 1 type h\n' +
    'file appendonly.aof.3.incr.aof seq 3 type i\n' +
    'file appendonly.aof.4.incr.aof seq 4 type i\n';
  const am = parseManifest(text);
  assert.equal(am.base?.name, 'appendonly.aof.2.base.rdb');
  assert.deepEqual(am.incr.map((f) => f.seq), [3, 4]);
  assert.equal(am.history.length, 1);
  assert.equal(am.incrSeq, 4);
  assert.equal(formatManifest(am), text);
  // Comments are skipped, keys are case-insensitive, extra key pairs tolerated.
  const am2 = parseManifest('# c\nFILE x.1.base.aof SEQ 1 TYPE b future 1\n');
  assert.equal(am2.base?.name, 'x.1.base.aof');
  // Names needing quotes are written as sdscatrepr does and read back.
  const q = parseManifest(formatManifest({ ...am2, base: { name: 'a b', seq: 1, type: 'b' } }));
  assert.equal(q.base?.name, 'a b');
  assert.equal(baseName('appendonly.aof', 3, true), 'appendonly.aof.3.base.rdb');
  assert.equal(incrName('appendonly.aof', 3), 'appendonly.aof.3.incr.aof');
});

test("manifest: Redis's errors", () => {
  const err = (text: string) => {
    try {
      parseManifest(text);
    } catch (e) {
      assert.ok(e instanceof ManifestError);
      return e.message;
    }
    return 'no error';
  };
  assert.equal(err(''), 'Found an empty AOF manifest');
  assert.equal(err('\n'), 'Invalid AOF manifest file format');
  assert.equal(err('file a seq 1\n'), 'Invalid AOF manifest file format');
  assert.equal(err('file a seq 0 type b\n'), 'Invalid AOF manifest file format');
  assert.equal(err('file d/a seq 1 type b\n'), "File can't be a path, just a filename");
  assert.equal(err('file a seq 1 type b\nfile b seq 2 type b\n'), 'Found duplicate base file information');
  assert.equal(err('file a seq 2 type i\nfile b seq 2 type i\n'), 'Found a non-monotonic sequence number');
  assert.equal(err('file a seq 1 type x\n'), 'Unknown AOF file type');
  assert.equal(err('file a seq 1 type b'), 'The AOF manifest file contains too long line');
  assert.equal(err(`file ${'a'.repeat(1100)} seq 1 type b\n`), 'The AOF manifest file contains too long line');
});

test('AOF reader: commands, annotations, truncation and format errors', () => {
  const b = (s: string) => Buffer.from(s, 'latin1');
  const one = '*2\r\n$3\r\nGET\r\n$1\r\nk\r\n';
  const r = nextAofCommand(b('#TS:1700000000\r\n' + one), 0);
  assert.deepEqual(r, { kind: 'command', argv: ['GET', 'k'], end: 16 + one.length });
  assert.deepEqual(nextAofCommand(b(''), 0), { kind: 'eof' });
  for (let cut = 1; cut < one.length; cut++) {
    assert.equal(nextAofCommand(b(one.slice(0, cut)), 0).kind, 'truncated', `cut ${cut}`);
  }
  assert.equal(nextAofCommand(b('GET k\r\n'), 0).kind, 'format');
  assert.equal(nextAofCommand(b('*0\r\n'), 0).kind, 'format');
  assert.equal(nextAofCommand(b('*1\r\nGET\r\n'), 0).kind, 'format');
  // Random bytes never throw.
  for (let i = 0; i < 2000; i++) {
    const len = Math.floor(Math.random() * 40);
    const buf = Buffer.alloc(len);
    for (let j = 0; j < len; j++) buf[j] = '*$\r\n0123abc#'.charCodeAt(Math.floor(Math.random() * 12));
    const s = nextAofCommand(buf, 0);
    assert.ok(['command', 'eof', 'truncated', 'format'].includes(s.kind));
  }
});
