/**
 * Cases of the SORT differential test (test/differential/sort.test.ts), as data. Exact cases
 * avoid Redis's hash-table order: sets are either intsets (ascending) or fully sorted;
 * SORT_UNORDERED_CASES are the ones whose reply order Redis leaves unspecified (compared as
 * multisets by the test).
 */
import type { DiffCase } from '../../helpers/differential.js';

function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
}

/** A list, a set and a sorted set of the same ids, with weight keys and hash fields for them. */
function fixture(n: number, seed: number, big = false): string[][] {
  const r = rng(seed);
  const out: string[][] = [];
  const ids = Array.from({ length: n }, (_, i) => String(big ? i * 7 + 1000 : i));
  const list = ['RPUSH', 'l'];
  const set = ['SADD', 's'];
  const zset = ['ZADD', 'z'];
  for (const id of ids) {
    list.push(id);
    set.push(id);
    zset.push(String(Math.floor(r() * 20)), id);
    out.push(['SET', 'w_' + id, String(Math.floor(r() * 50) - 25)]);
    out.push(['HSET', 'h_' + id, 'f', String(Math.floor(r() * 50)), 'name', 'n' + String.fromCharCode(97 + Math.floor(r() * 26))]);
    out.push(['SET', 'name_' + id, 'v' + String.fromCharCode(97 + Math.floor(r() * 26)) + id]);
  }
  out.push(list, set, zset);
  return out;
}

/** Random SORT invocations over the fixture keys. */
function randomSorts(): string[][] {
  const r = rng(77);
  const out: string[][] = [...fixture(40, 1)];
  for (let i = 0; i < 150; i++) {
    const key = ['l', 's', 'z', 'nokey'][Math.floor(r() * 4)];
    const args = ['SORT', key];
    const by = r();
    if (by < 0.3) args.push('BY', 'w_*');
    else if (by < 0.45) args.push('BY', 'h_*->f');
    else if (by < 0.55 && key !== 's') args.push('BY', 'nosort');
    else if (by < 0.62) args.push('BY', 'missing_*');
    if (r() < 0.4) args.push('LIMIT', String(Math.floor(r() * 50) - 5), String(Math.floor(r() * 30) - 3));
    if (r() < 0.5) args.push('DESC');
    const alpha = r() < 0.3;
    if (alpha) args.push('ALPHA');
    // ALPHA with BY ties equal values, which then keep the initial order: a list's own order,
    // an intset's ascending order, but a sorted set's hash-table order (unspecified).
    if (alpha && key === 'z' && args.some((a) => a.includes('*'))) args[1] = 'l';
    const gets = Math.floor(r() * 3);
    for (let g = 0; g < gets; g++) args.push('GET', ['#', 'name_*', 'h_*->name', 'h_*->nofield', 'w_*'][Math.floor(r() * 5)]);
    if (r() < 0.3) {
      args.push('STORE', 'dst');
      out.push(args, ['LRANGE', 'dst', '0', '-1']);
    } else {
      out.push(args);
      out.push(['SORT_RO', ...args.slice(1)]);
    }
  }
  return out;
}

export const SORT_CASES: DiffCase[] = [
  {
    name: 'numeric and ALPHA sorts of lists, sets and sorted sets',
    cmds: [
      ['RPUSH', 'l', '3', '1', '2', '10', '-5', '2.5', '1e3', '-inf', 'inf', '0x10'],
      ['SORT', 'l'],
      ['SORT', 'l', 'DESC'],
      ['SORT', 'l', 'ALPHA'],
      ['SORT', 'l', 'ALPHA', 'DESC'],
      ['SORT', 'l', 'LIMIT', '2', '3'],
      ['SORT', 'l', 'LIMIT', '-2', '3'],
      ['SORT', 'l', 'LIMIT', '2', '-1'],
      ['SORT', 'l', 'LIMIT', '20', '3'],
      ['SORT', 'l', 'LIMIT', '0', '0'],
      ['SORT', 'l', 'LIMIT', '9223372036854775807', '9223372036854775807'],
      ['SORT', 'l', 'LIMIT', '-9223372036854775808', '2'],
      ['SORT', 'l', 'LIMIT', 'x', '2'],
      ['SORT', 'l', 'LIMIT', '1', '9223372036854775808'],
      ['SORT', 'l', 'LIMIT', '1'],
      ['SADD', 's', '5', '3', '9', '-1', '100'],
      ['SORT', 's'],
      ['SORT', 's', 'DESC', 'LIMIT', '1', '2'],
      ['SORT', 's', 'ALPHA'],
      ['SADD', 'hs', 'b', 'a', 'c', 'B', '10', '9'],
      ['SORT', 'hs', 'ALPHA'],
      ['SORT', 'hs', 'ALPHA', 'DESC', 'LIMIT', '1', '3'],
      ['SORT', 'hs'],
      ['ZADD', 'z', '1', 'c', '2', 'b', '3', 'a', '3', '1', '0', '20'],
      ['SORT', 'z', 'ALPHA'],
      ['SORT', 'z', 'ALPHA', 'DESC'],
      ['SORT', 'z'],
      ['SORT', 'nokey'],
      ['SORT', 'nokey', 'ALPHA', 'LIMIT', '0', '10', 'GET', '#'],
      ['SORT_RO', 'l', 'DESC', 'LIMIT', '0', '3'],
      ['SET', 'str', 'x'],
      ['SORT', 'str'],
      ['SORT_RO', 'str'],
      ['HSET', 'hash', 'f', 'v'],
      ['SORT', 'hash'],
      ['SORT', 'hash', 'BOGUS'],
    ],
  },
  {
    name: 'numeric parse errors and what strtod accepts',
    cmds: [
      ['RPUSH', 'bad1', '1', 'x', '2'],
      ['SORT', 'bad1'],
      ['SORT', 'bad1', 'ALPHA'],
      ['SORT', 'bad1', 'BY', 'nosort'],
      ['SORT', 'bad1', 'STORE', 'dst'],
      ['EXISTS', 'dst'],
      ['RPUSH', 'odd', ' 5', '\t7', '', '1\0junk', '0x1p2', '-0', '+3', '.5', '1e308'],
      ['SORT', 'odd'],
      ['RPUSH', 'nan', 'nan'],
      ['SORT', 'nan'],
      ['RPUSH', 'huge', '1e400'],
      ['SORT', 'huge'],
      ['RPUSH', 'tiny', '1e-400'],
      ['SORT', 'tiny'],
      ['RPUSH', 'denorm', '4e-320'],
      ['SORT', 'denorm'],
      ['RPUSH', 'sp', ' '],
      ['SORT', 'sp'],
      ['RPUSH', 'ws', '1 '],
      ['SORT', 'ws'],
      ['ZADD', 'zi', '-inf', 'a', '+inf', 'b', '0', 'c'],
      ['SORT', 'zi'],
      ['RPUSH', 'fl', '1.1', '1.10', '1.2', '-0.5', '1.1e0'],
      ['SORT', 'fl'],
      ['SORT', 'fl', 'DESC'],
      ['RPUSH', 'byl', 'a', 'b', 'c'],
      ['SET', 'wb_a', 'notnum'],
      ['SORT', 'byl', 'BY', 'wb_*'],
      ['SORT', 'byl', 'BY', 'wb_*', 'ALPHA'],
    ],
  },
  {
    name: 'BY patterns: string keys, hash fields, constants and nosort',
    cmds: [
      ['RPUSH', 'l', '1', '2', '3', '4'],
      ['MSET', 'w_1', '40', 'w_2', '10', 'w_3', '30', 'w_4', '10'],
      ['HSET', 'h_1', 'f', '4', 'g', 'b'],
      ['HSET', 'h_2', 'f', '3', 'g', 'a'],
      ['HSET', 'h_3', 'f', '2'],
      ['SORT', 'l', 'BY', 'w_*'],
      ['SORT', 'l', 'BY', 'w_*', 'DESC'],
      ['SORT', 'l', 'BY', 'w_*', 'LIMIT', '1', '2'],
      ['SORT', 'l', 'BY', 'w_*', 'ALPHA'],
      ['SORT', 'l', 'BY', 'h_*->f'],
      ['SORT', 'l', 'BY', 'h_*->g', 'ALPHA'],
      ['SORT', 'l', 'BY', 'h_*->g', 'ALPHA', 'DESC'],
      ['SORT', 'l', 'BY', 'h_*->g', 'ALPHA', 'LIMIT', '0', '2'],
      ['SORT', 'l', 'BY', 'h_*->'],
      ['SORT', 'l', 'BY', 'h_*->nofield'],
      ['SORT', 'l', 'BY', 'w_*->f'],
      ['SORT', 'l', 'BY', 'h_*'],
      ['SORT', 'l', 'BY', 'nosort'],
      ['SORT', 'l', 'BY', 'nosort', 'DESC'],
      ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '1', '2'],
      ['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'],
      ['SORT', 'l', 'BY', 'nosort', 'DESC', 'LIMIT', '3', '10'],
      ['SORT', 'l', 'BY', 'nosort', 'LIMIT', '5', '1'],
      ['SORT', 'l', 'BY', 'const', 'ALPHA'],
      ['SORT', 'l', 'BY', 'nosort', 'BY', 'w_*'],
      ['SORT', 'l', 'BY', 'w_*', 'BY', 'nosort'],
      ['SORT', 'l', 'BY', 'w\0*'],
      ['SORT', 'l', 'BY', 'w_*\0->f'],
      ['SORT', 'l', 'BY', '*'],
      ['SORT', 'l', 'BY', 'w_**'],
      ['ZADD', 'z', '3', 'a', '1', 'b', '2', 'c', '2', 'd'],
      ['SORT', 'z', 'BY', 'nosort'],
      ['SORT', 'z', 'BY', 'nosort', 'DESC'],
      ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '1', '2'],
      ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '2'],
      ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '10', '2'],
      ['SORT', 'z', 'BY', 'nosort', 'GET', '#', 'GET', 'w_*'],
      ['OBJECT', 'ENCODING', 'z'],
      ['SADD', 'iset', '3', '1', '2'],
      ['SORT', 'iset', 'BY', 'nosort'],
      ['SORT', 'iset', 'BY', 'nosort', 'DESC', 'LIMIT', '1', '5'],
      ['SORT', 'iset', 'BY', 'nosort', 'STORE', 'dst'],
      ['LRANGE', 'dst', '0', '-1'],
      ['SADD', 'hset', 'x', 'b', 'a'],
      ['SORT', 'hset', 'BY', 'nosort', 'STORE', 'dst'],
      ['LRANGE', 'dst', '0', '-1'],
      ['SORT', 'hset', 'BY', 'nosort', 'STORE', 'dst', 'DESC'],
      ['LRANGE', 'dst', '0', '-1'],
    ],
  },
  {
    name: 'GET patterns',
    cmds: [
      ['RPUSH', 'l', '1', '2', '3'],
      ['MSET', 'o_1', 'one', 'o_3', 'three'],
      ['HSET', 'h_1', 'name', 'uno'],
      ['HSET', 'h_2', 'name', 'dos'],
      ['SORT', 'l', 'GET', '#'],
      ['SORT', 'l', 'GET', 'o_*'],
      ['SORT', 'l', 'GET', '#', 'GET', 'o_*', 'GET', 'h_*->name', 'GET', 'nope_*'],
      ['SORT', 'l', 'GET', 'const'],
      ['SORT', 'l', 'GET', '#\0x'],
      ['SORT', 'l', 'GET', '##'],
      ['SORT', 'l', 'GET', 'h_*->'],
      ['SORT', 'l', 'GET', 'o_*->name'],
      ['SORT', 'l', 'GET', 'h_*'],
      ['SORT', 'l', 'DESC', 'LIMIT', '0', '2', 'GET', 'o_*', 'GET', '#'],
      ['SORT', 'l', 'BY', 'nosort', 'GET', 'h_*->name', 'LIMIT', '1', '1'],
      ['SORT', 'l', 'GET'],
      ['SORT', 'l', 'GET', 'o_*', 'STORE', 'dst'],
      ['LRANGE', 'dst', '0', '-1'],
      ['SORT', 'l', 'LIMIT', '0', '0', 'GET', 'o_*'],
      ['SORT', 'l', 'LIMIT', '0', '1', 'GET', 'o_*', 'GET', 'nope', 'STORE', 'dst'],
      ['LRANGE', 'dst', '0', '-1'],
    ],
  },
  {
    name: 'STORE replaces, deletes on empty, and SORT_RO refuses it',
    cmds: [
      ['RPUSH', 'l', '3', '1', '2'],
      ['SET', 'dst', 'string'],
      ['EXPIRE', 'dst', '100'],
      ['SORT', 'l', 'STORE', 'dst'],
      ['TYPE', 'dst'],
      ['TTL', 'dst'],
      ['LRANGE', 'dst', '0', '-1'],
      ['OBJECT', 'ENCODING', 'dst'],
      ['SORT', 'l', 'DESC', 'STORE', 'l'],
      ['LRANGE', 'l', '0', '-1'],
      ['SORT', 'nokey', 'STORE', 'dst'],
      ['EXISTS', 'dst'],
      ['SORT', 'nokey', 'STORE', 'dst'],
      ['SORT', 'l', 'LIMIT', '5', '5', 'STORE', 'dst2'],
      ['EXISTS', 'dst2'],
      ['SORT', 'l', 'STORE', 'a', 'STORE', 'b'],
      ['EXISTS', 'a', 'b'],
      ['SORT', 'l', 'STORE'],
      ['SORT_RO', 'l', 'STORE', 'dst'],
      ['SORT_RO', 'l', 'store'],
      ['SORT', 'l', 'ALPHA', 'STORE', 'x'],
      ['LRANGE', 'x', '0', '-1'],
      ['RPUSH', 'nul', 'a\0b', 'a\0a', 'a', 'a\0'],
      ['SORT', 'nul', 'ALPHA', 'STORE', 'x'],
      ['LRANGE', 'x', '0', '-1'],
      ['SORT', 'nul', 'ALPHA'],
      ['SORT', 'nul', 'ALPHA', 'DESC'],
    ],
  },
  {
    name: 'ALPHA with BY: missing values first, binary comparison when storing',
    cmds: [
      ['RPUSH', 'l', '1', '2', '3', '4', '5'],
      ['MSET', 'n_1', 'b', 'n_2', 'a\0z', 'n_4', 'a\0y', 'n_5', 'B'],
      ['SORT', 'l', 'BY', 'n_*', 'ALPHA'],
      ['SORT', 'l', 'BY', 'n_*', 'ALPHA', 'DESC'],
      ['SORT', 'l', 'BY', 'n_*', 'ALPHA', 'STORE', 'dst'],
      ['LRANGE', 'dst', '0', '-1'],
      ['SORT', 'l', 'BY', 'n_*', 'ALPHA', 'LIMIT', '1', '2'],
      ['SORT', 'l', 'BY', 'n_*', 'ALPHA', 'DESC', 'LIMIT', '0', '3'],
      ['SORT', 'l', 'BY', 'missing_*', 'ALPHA'],
      ['SORT', 'l', 'BY', 'missing_*', 'ALPHA', 'LIMIT', '1', '3'],
      ['SORT', 'l', 'BY', 'missing_*', 'LIMIT', '1', '3'],
      ['SORT', 'l', 'BY', 'missing_*', 'DESC'],
    ],
  },
  {
    name: 'BY with LIMIT: partial sorts with many ties',
    cmds: [
      ['RPUSH', 'l', ...Array.from({ length: 60 }, (_, i) => String(i))],
      ...Array.from({ length: 60 }, (_, i) => ['SET', 'k_' + i, String(i % 4)]),
      ...Array.from({ length: 60 }, (_, i) => ['SET', 'a_' + i, ['x', 'y', 'z'][i % 3]]),
      ['SORT', 'l', 'BY', 'k_*', 'LIMIT', '0', '10'],
      ['SORT', 'l', 'BY', 'k_*', 'LIMIT', '25', '10', 'DESC'],
      ['SORT', 'l', 'BY', 'a_*', 'ALPHA', 'LIMIT', '0', '10'],
      ['SORT', 'l', 'BY', 'a_*', 'ALPHA', 'LIMIT', '17', '20', 'DESC'],
      ['SORT', 'l', 'BY', 'a_*', 'ALPHA', 'LIMIT', '50', '20'],
      ['SORT', 'l', 'BY', 'a_*', 'ALPHA'],
      ['SORT', 'l', 'BY', 'a_*', 'ALPHA', 'DESC'],
      ['SORT', 'l', 'BY', 'k_*', 'ALPHA', 'LIMIT', '3', '7', 'GET', 'a_*', 'GET', '#'],
    ],
  },
  { name: 'random sorts over lists, sets and sorted sets', cmds: randomSorts() },
  {
    name: 'larger collections (hashtable/skiplist encodings)',
    cmds: [
      ...fixture(300, 9, true),
      ['SORT', 's', 'LIMIT', '100', '10'],
      ['SORT', 'z', 'BY', 'w_*', 'LIMIT', '10', '20'],
      ['SORT', 'z', 'BY', 'nosort', 'LIMIT', '10', '20'],
      ['SORT', 'z', 'BY', 'nosort', 'DESC', 'LIMIT', '290', '20'],
      ['SORT', 's', 'BY', 'h_*->f', 'DESC', 'GET', 'name_*', 'LIMIT', '0', '30'],
      ['SORT', 'l', 'BY', 'name_*', 'ALPHA', 'GET', '#', 'GET', 'name_*'],
      ['OBJECT', 'ENCODING', 'z'],
      ['SORT', 's', 'BY', 'nosort', 'STORE', 'dst'],
      ['LRANGE', 'dst', '0', '9'],
    ],
  },
];

/** Cases whose reply order Redis leaves to hash-table order: compared as multisets. */
export const SORT_UNORDERED_CASES: DiffCase[] = [
  {
    name: 'sets BY nosort come out in set order',
    cmds: [
      ['SADD', 'hs', 'b', 'a', 'c', 'd', 'e'],
      ['SORT', 'hs', 'BY', 'nosort'],
      ['SORT', 'hs', 'BY', 'nosort', 'DESC'],
      ['SORT', 'hs', 'BY', 'nosort', 'GET', '#', 'GET', 'nope_*'],
      ['SORT_RO', 'hs', 'BY', 'nosort'],
      ['SORT', 'hs', 'BY', 'missing_*', 'ALPHA'],
    ],
  },
];
