/**
 * DEBUG DIGEST and DEBUG DIGEST-VALUE: Redis's SHA1 digests of the dataset and of single values
 * (debug.c computeDatasetDigest / xorObjectDigest). Per key, the digest mixes the key, the
 * type code and the value's elements (xor-ed where the type is unordered: set members, hash
 * pairs, zset entries) and marks a TTL; keys are xor-ed into their database's part, so the
 * result does not depend on iteration order and equals Redis's for the same data.
 */
import { createHash } from 'node:crypto';
import { registerDebugSubcommand } from './debug.js';
import type { Db } from '../keyspace/db.js';
import type { Value } from '../types/value.js';
import { Stream } from '../types/stream.js';
import { describeValue } from '../persistence/rdb/values.js';
import { formatG17 } from '../protocol/reply.js';

const TYPE_CODE = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 } as const;

const bytes = (s: string) => Buffer.from(s, 'latin1');

function sha1(...parts: Buffer[]): Buffer {
  const h = createHash('sha1');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** digest ^= SHA1(data). */
function xorDigest(digest: Buffer, data: Buffer): void {
  const h = sha1(data);
  for (let i = 0; i < 20; i++) digest[i] ^= h[i];
}

/** digest = SHA1(digest ^ SHA1(data)): order-preserving. */
function mixDigest(digest: Buffer, data: Buffer): void {
  xorDigest(digest, data);
  sha1(digest).copy(digest);
}

function u32be(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
}

const EXPIRE_MARK = bytes('!!expire!!');

/** Mixes one value (and its TTL mark) into `digest` (Redis's xorObjectDigest). */
function objectDigest(digest: Buffer, v: Value, hasExpire: boolean): void {
  if (v instanceof Stream) {
    mixDigest(digest, u32be(TYPE_CODE.stream));
    const it = v.iterate(null, null);
    while (it.next()) {
      const id = it.id();
      mixDigest(digest, bytes(`${id.ms}.${id.seq}`));
      for (const f of it.pairs()) mixDigest(digest, bytes(f));
    }
  } else {
    const d = describeValue(v);
    if (d === null) return;
    if (typeof d === 'string') {
      mixDigest(digest, u32be(TYPE_CODE.string));
      mixDigest(digest, bytes(d));
    } else if (d.type === 'list') {
      mixDigest(digest, u32be(TYPE_CODE.list));
      for (const e of d.elements) mixDigest(digest, bytes(e));
    } else if (d.type === 'set') {
      mixDigest(digest, u32be(TYPE_CODE.set));
      for (const m of d.members) xorDigest(digest, bytes(m));
    } else if (d.type === 'zset') {
      mixDigest(digest, u32be(TYPE_CODE.zset));
      for (let i = 0; i < d.members.length; i++) {
        const ele = Buffer.alloc(20);
        mixDigest(ele, bytes(d.members[i]));
        mixDigest(ele, bytes(formatG17(d.scores[i])));
        xorDigest(digest, ele);
      }
    } else if (d.type === 'hash') {
      mixDigest(digest, u32be(TYPE_CODE.hash));
      for (let i = 0; i < d.pairs.length; i += 2) {
        const ele = Buffer.alloc(20);
        mixDigest(ele, bytes(d.pairs[i]));
        mixDigest(ele, bytes(d.pairs[i + 1]));
        xorDigest(digest, ele);
      }
    }
  }
  if (hasExpire) xorDigest(digest, EXPIRE_MARK);
}

/** The digest of one key's value: 20 zero bytes when the key does not exist. */
export function valueDigest(db: Db, key: string): Buffer {
  const digest = Buffer.alloc(20);
  const v = db.data.get(key);
  if (v !== undefined) objectDigest(digest, v, db.expires.has(key));
  return digest;
}

/** The digest of the whole dataset: 20 zero bytes when it is empty. */
export function datasetDigest(dbs: readonly Db[]): Buffer {
  const final = Buffer.alloc(20);
  for (const db of dbs) {
    if (db.data.size === 0) continue;
    mixDigest(final, u32be(db.id));
    for (const [key, v] of db.data) {
      const digest = Buffer.alloc(20);
      mixDigest(digest, bytes(key));
      objectDigest(digest, v, db.expires.has(key));
      xorDigest(final, digest);
    }
  }
  return final;
}

registerDebugSubcommand(
  'digest',
  (n) => n === 2,
  (c) => c.reply.simple(datasetDigest(c.engine.dbs).toString('hex')),
  ['DIGEST', '    Output a hex signature representing the current DB content.'],
);

registerDebugSubcommand(
  'digest-value',
  (n) => n >= 2,
  (c, argv) => {
    c.reply.arrayLen(argv.length - 2);
    for (let i = 2; i < argv.length; i++) c.reply.simple(valueDigest(c.db, argv[i]).toString('hex'));
  },
  ['DIGEST-VALUE <key> [<key> ...]', '    Output a hex signature of the values of all the specified keys.'],
);
