/**
 * Cases of the bitmap differential test (test/differential/bitmap.test.ts): SETBIT, GETBIT,
 * BITCOUNT, BITPOS, BITOP, BITFIELD, BITFIELD_RO, as data. Hand-written scenarios pin down
 * errors and their precedence; seeded sequences sweep ranges over binary values of many lengths
 * (so the word-at-a-time paths meet every alignment and edge).
 */
import type { DiffCase } from '../../helpers/differential.js';

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number): (n: number) => number {
  return (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
}

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

const I64_MAX = '9223372036854775807';
const I64_MIN = '-9223372036854775808';

/** Binary values with long runs of 0x00 / 0xff (BITPOS's word skipping) and random parts. */
function bitmapValues(rnd: (n: number) => number): string[] {
  const bytes = (n: number) => Array.from({ length: n }, () => String.fromCharCode(rnd(256))).join('');
  const out = ['', '\0', '\xff', 'a', ALL_BYTES, '\0'.repeat(100), '\xff'.repeat(100), '\0'.repeat(67) + '\x01', '\xff'.repeat(77) + '\xfe' + '\xff'.repeat(9)];
  for (const n of [1, 3, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 100, 257, 1000]) {
    out.push(bytes(n));
    out.push('\0'.repeat(n) + bytes(1 + rnd(5)) + '\0'.repeat(rnd(20)));
    out.push('\xff'.repeat(n) + bytes(1 + rnd(5)) + '\xff'.repeat(rnd(20)));
  }
  return out;
}

/** BITCOUNT and BITPOS over many ranges of many values, in both units. */
function rangeSweep(): DiffCase[] {
  const rnd = rng(7);
  const cases: DiffCase[] = [];
  const values = bitmapValues(rnd);
  for (let v = 0; v < values.length; v++) {
    const val = values[v];
    const cmds: string[][] = [['SET', 'b', val], ['BITCOUNT', 'b'], ['BITPOS', 'b', '0'], ['BITPOS', 'b', '1']];
    const len = val.length;
    const idx = (unitLen: number) => String(rnd(unitLen * 2 + 6) - unitLen - 3);
    for (let k = 0; k < 40; k++) {
      const s = idx(len);
      const e = idx(len);
      cmds.push(['BITCOUNT', 'b', s, e], ['BITCOUNT', 'b', s, e, 'BYTE']);
      cmds.push(['BITPOS', 'b', String(k & 1), s], ['BITPOS', 'b', String(k & 1), s, e], ['BITPOS', 'b', String(k & 1), s, e, 'byte']);
      const bs = idx(len * 8);
      const be = idx(len * 8);
      cmds.push(['BITCOUNT', 'b', bs, be, 'BIT'], ['BITPOS', 'b', '0', bs, be, 'BIT'], ['BITPOS', 'b', '1', bs, be, 'bit']);
    }
    // As a MutableString too (SETBIT makes the value raw in place), at a bit that is already set/clear.
    cmds.push(['SETBIT', 'b', '0', len > 0 && val.charCodeAt(0) & 0x80 ? '1' : '0'], ['BITCOUNT', 'b', '1', '-2'], ['BITPOS', 'b', '1', '2'], ['BITPOS', 'b', '0', '2', '-1', 'BIT']);
    cases.push({ name: `BITCOUNT/BITPOS ranges over value #${v} (${len} bytes)`, cmds });
  }
  return cases;
}

/** Random SETBIT/GETBIT/BITFIELD traffic on a few keys, with GETs of the bytes. */
function writeSweep(): DiffCase {
  const rnd = rng(99);
  const cmds: string[][] = [];
  const types = ['u1', 'u3', 'u8', 'u13', 'u31', 'u32', 'u33', 'u63', 'i1', 'i2', 'i8', 'i16', 'i31', 'i32', 'i33', 'i53', 'i63', 'i64'];
  const nums = ['0', '1', '-1', '127', '-128', '255', '256', '65535', '-32769', '2147483647', '-2147483648', '4294967295', '4294967296',
    '9007199254740993', '-9007199254740993', I64_MAX, I64_MIN, '9223372036854775806', '-9223372036854775807'];
  for (let i = 0; i < 400; i++) {
    const key = 'k' + rnd(3);
    const op = rnd(6);
    if (op === 0) cmds.push(['SETBIT', key, String(rnd(300)), String(rnd(2))]);
    else if (op === 1) cmds.push(['GETBIT', key, String(rnd(320))]);
    else if (op === 5) cmds.push(['GET', key]);
    else {
      const args: string[] = ['BITFIELD', key];
      for (let n = 1 + rnd(3); n > 0; n--) {
        const t = types[rnd(types.length)];
        const off = rnd(4) === 0 ? '#' + rnd(8) : String(rnd(200));
        const kind = rnd(5);
        if (kind === 0) args.push('GET', t, off);
        else if (kind === 1) args.push('SET', t, off, nums[rnd(nums.length)]);
        else if (kind === 2) args.push('INCRBY', t, off, nums[rnd(nums.length)]);
        else args.push('OVERFLOW', ['WRAP', 'SAT', 'FAIL'][rnd(3)], 'INCRBY', t, off, String(rnd(600) - 300));
      }
      cmds.push(args);
    }
  }
  for (let k = 0; k < 3; k++) cmds.push(['GET', 'k' + k], ['STRLEN', 'k' + k], ['OBJECT', 'ENCODING', 'k' + k]);
  return { name: 'seeded SETBIT/GETBIT/BITFIELD traffic', cmds };
}

/** BITOP over random binary values of different lengths. */
function bitopSweep(): DiffCase {
  const rnd = rng(1234);
  const vals = bitmapValues(rnd);
  const cmds: string[][] = [];
  for (let i = 0; i < 80; i++) {
    const n = 1 + rnd(4);
    const srcs: string[] = [];
    for (let j = 0; j < n; j++) {
      const key = `s${i}-${j}`;
      if (rnd(6) !== 0) cmds.push(['SET', key, vals[rnd(vals.length)]]);
      srcs.push(key);
    }
    const op = ['AND', 'OR', 'XOR', 'NOT'][rnd(4)];
    cmds.push(['BITOP', op, 'dest', ...(op === 'NOT' ? srcs.slice(0, 1) : srcs)], ['GET', 'dest'], ['EXISTS', 'dest']);
  }
  return { name: 'seeded BITOP over binary values', cmds };
}

const WRONG_TYPE_PROBES: string[][] = [
  ['SETBIT', 'w', '0', '1'], ['SETBIT', 'w', '-1', '1'], ['SETBIT', 'w', '0', '2'], ['GETBIT', 'w', '0'], ['GETBIT', 'w', 'x'],
  ['BITCOUNT', 'w'], ['BITCOUNT', 'w', 'x', 'y'], ['BITPOS', 'w', '1'], ['BITPOS', 'w', '2'], ['BITOP', 'AND', 'd', 'w'],
  ['BITOP', 'OR', 'w', 'nokey'], ['BITOP', 'NOT', 'd', 'w'], ['BITFIELD', 'w', 'GET', 'u8', '0'], ['BITFIELD', 'w', 'SET', 'u8', '0', '1'],
  ['BITFIELD', 'w', 'GET', 'u99', '0'], ['BITFIELD', 'w'], ['BITFIELD_RO', 'w', 'GET', 'u8', '0'], ['BITFIELD_RO', 'w'], ['TYPE', 'w'],
];

/** Commands that create a key of each other type (from the other data-type groups). */
export const TYPE_MAKERS: Record<string, string[]> = {
  list: ['RPUSH', 'w', 'a'],
  set: ['SADD', 'w', 'a'],
  hash: ['HSET', 'w', 'f', 'v'],
  zset: ['ZADD', 'w', '1', 'a'],
};

/** Every bitmap command against a key of another type, one case per type (by its maker's name). */
export const BITMAP_WRONGTYPE_CASES: DiffCase[] = Object.entries(TYPE_MAKERS).map(([type, make]) => ({
  name: `bitmap commands on a ${type} key`,
  cmds: [make, ...WRONG_TYPE_PROBES],
}));

export const BITMAP_CASES: DiffCase[] = [
  {
    name: 'SETBIT/GETBIT basics, replies and raw encoding',
    cmds: [
      ['SETBIT', 'k', '7', '1'], ['GET', 'k'], ['SETBIT', 'k', '7', '1'], ['SETBIT', 'k', '7', '0'], ['GET', 'k'], ['SETBIT', 'k', '0', '1'],
      ['GETBIT', 'k', '0'], ['GETBIT', 'k', '1'], ['GETBIT', 'k', '7'], ['GETBIT', 'k', '8'], ['GETBIT', 'k', '100000'], ['GETBIT', 'nokey', '0'],
      ['SETBIT', 'k', '100', '0'], ['STRLEN', 'k'], ['GET', 'k'], ['OBJECT', 'ENCODING', 'k'],
      ['SET', 's', 'abc'], ['OBJECT', 'ENCODING', 's'], ['SETBIT', 's', '0', '0'], ['OBJECT', 'ENCODING', 's'], ['GET', 's'],
      ['SET', 'n', '12345'], ['OBJECT', 'ENCODING', 'n'], ['GETBIT', 'n', '2'], ['GETBIT', 'n', '3'], ['SETBIT', 'n', '6', '1'], ['GET', 'n'],
      ['OBJECT', 'ENCODING', 'n'], ['SET', 'e', ''], ['GETBIT', 'e', '0'], ['SETBIT', 'e', '9', '1'], ['GET', 'e'],
      ['SET', 't', 'x', 'EX', '1000'], ['SETBIT', 't', '100', '1'], ['TTL', 't'],
    ],
  },
  {
    name: 'SETBIT/GETBIT argument errors and precedence',
    cmds: [
      ['SETBIT', 'k', '-1', '1'], ['SETBIT', 'k', 'x', '1'], ['SETBIT', 'k', '', '1'], ['SETBIT', 'k', '1.5', '1'], ['SETBIT', 'k', '+1', '1'],
      ['SETBIT', 'k', '01', '1'], ['SETBIT', 'k', '4294967296', '1'], ['SETBIT', 'k', I64_MAX, '1'], ['SETBIT', 'k', I64_MIN, '1'],
      ['SETBIT', 'k', '99999999999999999999', '1'], ['SETBIT', 'k', '0', '2'], ['SETBIT', 'k', '0', '-1'], ['SETBIT', 'k', '0', 'x'],
      ['SETBIT', 'k', '0', ''], ['SETBIT', 'k', '0', '01'], ['SETBIT', 'k', '-1', 'x'], ['SETBIT', 'k', '#1', '1'], ['EXISTS', 'k'],
      ['GETBIT', 'k', '-1'], ['GETBIT', 'k', 'x'], ['GETBIT', 'k', '4294967296'], ['GETBIT', 'k', '4294967295'], ['GETBIT', 'k', I64_MAX],
      ['SETBIT', 'k'], ['GETBIT', 'k'], ['SETBIT', 'k', '1', '1', '1'],
    ],
  },
  {
    name: 'SETBIT at large offsets grows with zero padding',
    cmds: [
      ['SETBIT', 'big', '8388607', '1'], ['STRLEN', 'big'], ['BITCOUNT', 'big'], ['BITPOS', 'big', '1'], ['BITPOS', 'big', '0'],
      ['GETBIT', 'big', '8388607'], ['SETBIT', 'big', '1', '1'], ['BITCOUNT', 'big'], ['BITPOS', 'big', '1', '1'], ['BITCOUNT', 'big', '0', '0'],
      ['BITCOUNT', 'big', '-1', '-1'], ['BITPOS', 'big', '1', '-1', '-1', 'BIT'], ['BITPOS', 'big', '0', '-1048576'], ['SETBIT', 'big', '16777215', '0'],
      ['STRLEN', 'big'], ['BITCOUNT', 'big', '8388607', '8388608', 'BIT'], ['GETRANGE', 'big', '1048575', '1048577'],
    ],
  },
  {
    name: 'BITCOUNT forms and errors',
    cmds: [
      ['BITCOUNT', 'nokey'], ['BITCOUNT', 'nokey', 'x', 'y'], ['BITCOUNT', 'nokey', '0'], ['BITCOUNT', 'nokey', '0', '1', 'BOGUS'],
      ['SET', 'k', 'foobar'], ['BITCOUNT', 'k'], ['BITCOUNT', 'k', '0', '0'], ['BITCOUNT', 'k', '1', '1'], ['BITCOUNT', 'k', '1', '1', 'BYTE'],
      ['BITCOUNT', 'k', '5', '30', 'BIT'], ['BITCOUNT', 'k', '0', '-1', 'bit'], ['BITCOUNT', 'k', '-2', '-1'], ['BITCOUNT', 'k', '-1', '-2'],
      ['BITCOUNT', 'k', '-1', '-2', 'BOGUS'], ['BITCOUNT', 'k', '-2', '-1', 'BOGUS'], ['BITCOUNT', 'k', '0'], ['BITCOUNT', 'k', '0', '1', 'BIT', 'x'],
      ['BITCOUNT', 'k', 'x', '1'], ['BITCOUNT', 'k', '1', 'x'], ['BITCOUNT', 'k', '1.0', '2'], ['BITCOUNT', 'k', '0', I64_MAX],
      ['BITCOUNT', 'k', I64_MIN, I64_MAX], ['BITCOUNT', 'k', I64_MIN, I64_MAX, 'BIT'], ['BITCOUNT', 'k', I64_MAX, I64_MIN],
      ['BITCOUNT', 'k', '-9007199254740992', '-9007199254740993'], ['BITCOUNT', 'k', '-9007199254740993', '-9007199254740992'],
      ['BITCOUNT', 'k', '100', '200'], ['BITCOUNT', 'k', '-100', '-50'], ['BITCOUNT', 'k', '-100', '100', 'BIT'], ['BITCOUNT', 'k', '0', '0', 'bit\0x'],
      ['BITCOUNT', 'k', '0', '0', 'BITS'], ['SET', 'e', ''], ['BITCOUNT', 'e'], ['BITCOUNT', 'e', '0', '-1'], ['BITCOUNT', 'e', '0', '-1', 'BIT'],
      ['SET', 'n', '-1234'], ['BITCOUNT', 'n'], ['BITCOUNT', 'n', '1', '2'],
    ],
  },
  {
    name: 'BITPOS forms, errors and the explicit-end rule for clear bits',
    cmds: [
      ['BITPOS', 'nokey', '0'], ['BITPOS', 'nokey', '1'], ['BITPOS', 'nokey', '1', 'x'], ['BITPOS', 'nokey', '2'], ['BITPOS', 'nokey', 'x'],
      ['BITPOS', 'nokey', '-1'], ['BITPOS', 'nokey', '01'], ['SET', 'k', '\xff\xf0\x00'], ['BITPOS', 'k', '0'], ['BITPOS', 'k', '1'],
      ['BITPOS', 'k', '0', '0'], ['BITPOS', 'k', '0', '0', '0'], ['BITPOS', 'k', '0', '0', '-1'], ['BITPOS', 'k', '1', '2'], ['BITPOS', 'k', '1', '2', '-1'],
      ['SET', 'f', '\xff\xff\xff'], ['BITPOS', 'f', '0'], ['BITPOS', 'f', '0', '0'], ['BITPOS', 'f', '0', '0', '-1'], ['BITPOS', 'f', '0', '1', '1'],
      ['BITPOS', 'f', '0', '0', '23', 'BIT'], ['BITPOS', 'f', '0', '0', '-1', 'BIT'], ['BITPOS', 'f', '0', '5', 'x', 'BIT'], ['BITPOS', 'f', '0', '5', '6', 'BOGUS'],
      ['BITPOS', 'f', '0', '5', 'x', 'BOGUS'], ['BITPOS', 'f', '0', 'x'], ['BITPOS', 'f', '0', '0', 'x'], ['BITPOS', 'f', '1', '0', '1', 'BIT', 'x'],
      ['BITPOS', 'f', '1', '3'], ['BITPOS', 'f', '1', '-1', '-2'], ['BITPOS', 'f', '0', I64_MIN, I64_MAX], ['BITPOS', 'f', '0', I64_MIN, I64_MAX, 'BIT'],
      ['BITPOS', 'f', '1', I64_MAX], ['SET', 'z', '\0\0\0'], ['BITPOS', 'z', '1'], ['BITPOS', 'z', '0'], ['BITPOS', 'z', '1', '1', '-1'],
      ['BITPOS', 'z', '1', '7', '15', 'BIT'], ['BITPOS', 'z', '0', '7', '15', 'BIT'], ['SET', 'e', ''], ['BITPOS', 'e', '0'], ['BITPOS', 'e', '1'],
      ['BITPOS', 'e', '0', '0'], ['BITPOS', 'e', '0', '0', '-1'], ['BITPOS', 'e', '0', '0', '-1', 'BIT'], ['SET', 'p', '\x00\xff\xf0'],
      ['BITPOS', 'p', '1', '0'], ['BITPOS', 'p', '1', '2', '-1', 'byte'], ['BITPOS', 'p', '1', '7', '15', 'bit'], ['BITPOS', 'p', '0', '8', '15', 'BIT'],
      ['BITPOS', 'p', '0', '8', '19', 'BIT'], ['BITPOS', 'p', '0', '8', '20', 'BIT'], ['BITPOS', 'p', '0', '8'], ['BITPOS', 'p', '1', '3', '30', 'BIT'],
      ['BITPOS', 'p', '0', '-5', '-1', 'BIT'], ['BITPOS', 'p', '0', '-5', '-5', 'BIT'], ['BITPOS', 'p', '0', '0', '0', 'bit\0x'],
    ],
  },
  {
    name: 'BITOP operations, lengths, destination handling and errors',
    cmds: [
      ['SET', 'a', 'foobar'], ['SET', 'b', 'abc'], ['SET', 'n', '12345'], ['BITOP', 'AND', 'd', 'a', 'b'], ['GET', 'd'], ['OBJECT', 'ENCODING', 'd'],
      ['BITOP', 'or', 'd', 'a', 'b'], ['GET', 'd'], ['BITOP', 'Xor', 'd', 'a', 'b', 'n'], ['GET', 'd'], ['BITOP', 'NOT', 'd', 'a'], ['GET', 'd'],
      ['BITOP', 'AND', 'd', 'a', 'nokey'], ['GET', 'd'], ['BITOP', 'OR', 'd', 'nokey', 'a'], ['GET', 'd'], ['BITOP', 'AND', 'd', 'a'], ['GET', 'd'],
      ['BITOP', 'OR', 'a', 'a', 'b'], ['GET', 'a'], ['BITOP', 'NOT', 'n', 'n'], ['GET', 'n'], ['OBJECT', 'ENCODING', 'n'],
      ['BITOP', 'AND', 'd2', 'n'], ['OBJECT', 'ENCODING', 'd2'], ['GET', 'd2'],
      ['SET', 'd', 'old', 'EX', '1000'], ['BITOP', 'OR', 'd', 'b'], ['TTL', 'd'], ['SET', 'd', 'old', 'EX', '1000'],
      ['BITOP', 'OR', 'd', 'nokey1', 'nokey2'], ['EXISTS', 'd'], ['BITOP', 'NOT', 'd', 'nokey'], ['SET', 'e', ''], ['BITOP', 'OR', 'd', 'e'], ['EXISTS', 'd'],
      ['SET', 'd', 'x'], ['BITOP', 'NOT', 'd', 'e'], ['EXISTS', 'd'], ['BITOP', 'NOT', 'd', 'a', 'b'], ['BITOP', 'NOT', 'd'], ['BITOP', 'NAND', 'd', 'a'],
      ['BITOP', 'and\0x', 'd', 'a'], ['GET', 'd'], ['BITOP', '', 'd', 'a'], ['BITOP', 'AND', 'd'],
      ['BITOP', 'AND', 'd', 'b', 'a'], ['GET', 'd'], ['SET', 'all', ALL_BYTES], ['BITOP', 'NOT', 'inv', 'all'], ['GET', 'inv'],
      ['BITOP', 'XOR', 'x', 'all', 'inv'], ['GET', 'x'], ['BITCOUNT', 'x'],
    ],
  },
  {
    name: 'BITFIELD signed and unsigned GET/SET/INCRBY basics',
    cmds: [
      ['BITFIELD', 'bits', 'SET', 'i8', '0', '-100'], ['BITFIELD', 'bits', 'SET', 'i8', '0', '101'], ['BITFIELD', 'bits', 'GET', 'i8', '0'],
      ['BITFIELD', 'bits', 'SET', 'u8', '0', '255'], ['BITFIELD', 'bits', 'SET', 'u8', '0', '100'], ['BITFIELD', 'bits', 'GET', 'u8', '0'],
      ['BITFIELD', 'bits', 'SET', 'i8', '0', '-100', 'SET', 'i8', '0', '101', 'GET', 'i8', '0'],
      ['BITFIELD', 'bits', 'GET', 'u8', '0', 'SET', 'u8', '0', '255', 'INCRBY', 'u8', '0', '100'], ['GET', 'bits'],
      ['BITFIELD', 'nokey'], ['BITFIELD', 'nokey', 'GET', 'u8', '0'], ['EXISTS', 'nokey'], ['BITFIELD', 'bits'],
      ['DEL', 'bits'], ['BITFIELD', 'bits', 'SET', 'u8', '#0', '65'], ['BITFIELD', 'bits', 'SET', 'u8', '#1', '66'], ['BITFIELD', 'bits', 'SET', 'u8', '#2', '67'],
      ['GET', 'bits'], ['BITFIELD', 'bits', 'GET', 'u8', '#0', 'GET', 'u4', '#3', 'GET', 'i5', '#1', 'GET', 'u7', '#100'],
      ['BITFIELD', 'bits', 'INCRBY', 'u2', '100', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'u2', '102', '1'], ['BITFIELD', 'bits', 'INCRBY', 'u2', '100', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'u2', '102', '1'],
      ['BITFIELD', 'bits', 'INCRBY', 'u2', '100', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'u2', '102', '1'], ['STRLEN', 'bits'], ['OBJECT', 'ENCODING', 'bits'],
      ['BITFIELD', 'bits', 'GET', 'i64', '0', 'GET', 'u63', '1', 'GET', 'i64', '5', 'GET', 'u63', '23', 'GET', 'i1', '0', 'GET', 'u1', '1'],
      ['BITFIELD', 'bits', 'SET', 'i64', '3', I64_MIN, 'GET', 'i64', '3', 'GET', 'u63', '3', 'GET', 'u63', '4', 'SET', 'u63', '60', '9223372036854775807'],
      ['GET', 'bits'], ['BITFIELD', 'bits', 'GET', 'i53', '7', 'GET', 'u53', '7', 'GET', 'i33', '31', 'GET', 'u32', '32', 'GET', 'i32', '0'],
      ['SET', 'n', '1234567'], ['BITFIELD', 'n', 'GET', 'u16', '0', 'GET', 'i64', '0'], ['OBJECT', 'ENCODING', 'n'],
      ['BITFIELD', 'n', 'INCRBY', 'u8', '0', '0'], ['OBJECT', 'ENCODING', 'n'], ['GET', 'n'],
    ],
  },
  {
    name: 'BITFIELD overflow WRAP/SAT/FAIL, signed and unsigned, hand-worked edges',
    cmds: [
      ['BITFIELD', 'o', 'SET', 'u2', '0', '2', 'OVERFLOW', 'WRAP', 'INCRBY', 'u2', '0', '3', 'INCRBY', 'u2', '0', '-7', 'OVERFLOW', 'SAT', 'INCRBY', 'u2', '0', '9', 'INCRBY', 'u2', '0', '-9'],
      ['BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '1', 'INCRBY', 'u2', '0', '-4', 'GET', 'u2', '0'],
      ['BITFIELD', 'o', 'SET', 'i8', '8', '127', 'INCRBY', 'i8', '8', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'i8', '8', '-300', 'INCRBY', 'i8', '8', '300', 'OVERFLOW', 'FAIL', 'INCRBY', 'i8', '8', '1', 'GET', 'i8', '8'],
      ['BITFIELD', 'o', 'OVERFLOW', 'WRAP', 'SET', 'i8', '16', '200', 'GET', 'i8', '16', 'SET', 'i8', '16', '-200', 'GET', 'i8', '16', 'SET', 'u8', '16', '-1', 'GET', 'u8', '16'],
      ['BITFIELD', 'o', 'OVERFLOW', 'SAT', 'SET', 'i8', '16', '200', 'SET', 'i8', '16', '-200', 'GET', 'i8', '16', 'SET', 'u8', '16', '-1', 'GET', 'u8', '16', 'SET', 'u8', '16', '300', 'GET', 'u8', '16'],
      ['BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'SET', 'i8', '16', '200', 'SET', 'u8', '16', '-1', 'SET', 'u8', '16', '256', 'SET', 'i8', '16', '-128', 'GET', 'i8', '16'],
      ['BITFIELD', 'o', 'OVERFLOW', 'SAT', 'SET', 'i8', '16', I64_MIN, 'SET', 'i8', '16', '-9223372036854775681', 'SET', 'i8', '16', '-9223372036854775680', 'GET', 'i8', '16'],
      ['BITFIELD', 'o', 'OVERFLOW', 'WRAP', 'SET', 'i8', '16', I64_MIN, 'SET', 'i8', '16', I64_MAX, 'SET', 'u8', '16', I64_MIN, 'SET', 'u8', '16', I64_MAX],
      ['BITFIELD', 'o', 'SET', 'i64', '24', I64_MAX, 'INCRBY', 'i64', '24', '1', 'OVERFLOW', 'SAT', 'INCRBY', 'i64', '24', I64_MIN, 'INCRBY', 'i64', '24', '-1', 'INCRBY', 'i64', '24', I64_MAX, 'INCRBY', 'i64', '24', I64_MAX],
      ['BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'INCRBY', 'i64', '24', '1', 'INCRBY', 'i64', '24', I64_MIN, 'INCRBY', 'i64', '24', I64_MIN, 'GET', 'i64', '24'],
      ['BITFIELD', 'o', 'SET', 'u63', '24', '0', 'OVERFLOW', 'WRAP', 'INCRBY', 'u63', '24', '-1', 'INCRBY', 'u63', '24', I64_MAX, 'OVERFLOW', 'SAT', 'INCRBY', 'u63', '24', I64_MIN, 'INCRBY', 'u63', '24', '5', 'INCRBY', 'u63', '24', I64_MAX],
      ['BITFIELD', 'o', 'OVERFLOW', 'WRAP', 'SET', 'i1', '100', '1', 'GET', 'i1', '100', 'INCRBY', 'i1', '100', '1', 'INCRBY', 'u1', '101', '3', 'OVERFLOW', 'SAT', 'INCRBY', 'i1', '100', '5', 'INCRBY', 'i1', '100', '-5'],
      ['BITFIELD', 'o', 'OVERFLOW', 'FAIL', 'INCRBY', 'i1', '100', '-1', 'INCRBY', 'i1', '100', '1', 'INCRBY', 'i1', '100', '1'],
      ['BITFIELD', 'o', 'OVERFLOW', 'fail', 'OVERFLOW', 'sat', 'INCRBY', 'u4', '200', '100', 'overflow', 'Wrap', 'incrby', 'u4', '200', '100'],
      ['GET', 'o'],
      ['BITFIELD', 'f', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '1000'], ['GET', 'f'], ['STRLEN', 'f'],
    ],
  },
  {
    name: 'BITFIELD parse errors, their precedence, and BITFIELD_RO',
    cmds: [
      ['BITFIELD', 'k', 'GET'], ['BITFIELD', 'k', 'GET', 'u8'], ['BITFIELD', 'k', 'SET', 'u8', '0'], ['BITFIELD', 'k', 'INCRBY', 'u8', '0'],
      ['BITFIELD', 'k', 'OVERFLOW'], ['BITFIELD', 'k', 'OVERFLOW', 'BOGUS'], ['BITFIELD', 'k', 'OVERFLOW', 'BOGUS', 'GET', 'x', 'x'], ['BITFIELD', 'k', 'BOGUS'],
      ['BITFIELD', 'k', 'GET', 'u64', '0'], ['BITFIELD', 'k', 'GET', 'i65', '0'], ['BITFIELD', 'k', 'GET', 'i0', '0'], ['BITFIELD', 'k', 'GET', 'u0', '0'],
      ['BITFIELD', 'k', 'GET', 'U8', '0'], ['BITFIELD', 'k', 'GET', 'I8', '0'], ['BITFIELD', 'k', 'GET', 'x8', '0'], ['BITFIELD', 'k', 'GET', '', '0'],
      ['BITFIELD', 'k', 'GET', 'u', '0'], ['BITFIELD', 'k', 'GET', 'u-1', '0'], ['BITFIELD', 'k', 'GET', 'u08', '0'], ['BITFIELD', 'k', 'GET', 'u8\0zz', '0'],
      ['BITFIELD', 'k', 'GET', 'u8', '-1'], ['BITFIELD', 'k', 'GET', 'u8', 'x'], ['BITFIELD', 'k', 'GET', 'u8', '#'], ['BITFIELD', 'k', 'GET', 'u8', '#-1'],
      ['BITFIELD', 'k', 'GET', 'u8', '#x'], ['BITFIELD', 'k', 'GET', 'u8', '##1'], ['BITFIELD', 'k', 'GET', 'u8', '4294967296'], ['BITFIELD', 'k', 'GET', 'u8', '4294967295'],
      ['BITFIELD', 'k', 'GET', 'u8', '#536870912'], ['BITFIELD', 'k', 'GET', 'u8', '#536870911'], ['BITFIELD', 'k', 'GET', 'i64', '#1152921504606846976'],
      ['BITFIELD', 'k', 'GET', 'i64', '#288230376151711744'], ['BITFIELD', 'k', 'GET', 'u8', '#1152921504606846976'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', 'x'], ['BITFIELD', 'k', 'SET', 'u8', '0', '1.5'], ['BITFIELD', 'k', 'INCRBY', 'u8', '0', '99999999999999999999'],
      ['BITFIELD', 'k', 'SET', 'u8', '0', '1', 'BOGUS'], ['BITFIELD', 'k', 'SET', 'u8', '0', '1', 'GET', 'u8'], ['EXISTS', 'k'],
      ['BITFIELD', 'k', 'get', 'u8', '0', 'Set', 'u8', '0', '1', 'incrBY', 'u8', '0', '1'], ['BITFIELD', 'k', 'get\0x', 'u8', '0'],
      ['BITFIELD_RO', 'k'], ['BITFIELD_RO', 'nokey'], ['BITFIELD_RO', 'k', 'GET', 'u8', '0', 'GET', 'i4', '#1'], ['BITFIELD_RO', 'k', 'SET', 'u8', '0', '1'],
      ['BITFIELD_RO', 'k', 'INCRBY', 'u8', '0', '1'], ['BITFIELD_RO', 'k', 'OVERFLOW', 'SAT'], ['BITFIELD_RO', 'k', 'OVERFLOW', 'SAT', 'GET', 'u8', '0'],
      ['BITFIELD_RO', 'k', 'SET', 'u8', '0', 'x'], ['BITFIELD_RO', 'k', 'GET', 'u99', '0'], ['BITFIELD_RO', 'k', 'BOGUS'], ['BITFIELD_RO', 'nokey', 'SET', 'u8', '0', '1'],
      ['EXISTS', 'nokey'], ['GET', 'k'],
    ],
  },
  {
    name: 'BITFIELD and SETBIT on binary values and all byte values',
    cmds: [
      ['SET', 'all', ALL_BYTES], ['BITFIELD', 'all', 'GET', 'u8', '#0', 'GET', 'u8', '#255', 'GET', 'i8', '#128', 'GET', 'u16', '2040', 'GET', 'i64', '2000', 'GET', 'u63', '2001'],
      ['BITFIELD', 'all', 'INCRBY', 'u8', '#255', '1', 'INCRBY', 'i8', '#127', '1', 'SET', 'u12', '2046', '4095'], ['GET', 'all'],
      ['SETBIT', 'all', '2047', '1'], ['SETBIT', 'all', '2055', '1'], ['GET', 'all'], ['BITCOUNT', 'all'], ['BITPOS', 'all', '0', '250'],
    ],
  },
  ...rangeSweep(),
  writeSweep(),
  bitopSweep(),
];
