/**
 * Cases of the HyperLogLog differential test (test/differential/hyperloglog.test.ts): PFADD,
 * PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST, as data. Besides replies, the cases GET the HLL strings:
 * Sonic must produce the very bytes Redis produces (header, cached cardinality, sparse opcodes,
 * dense registers) after the same commands, through sparse growth, merges of adjacent opcodes and
 * promotion to dense at each hll-sparse-max-bytes.
 */
import type { DiffCase } from '../../helpers/differential.js';

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number): (n: number) => number {
  return (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
}

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

/** An HLL header (magic, encoding, 3 unused, 8 cache bytes) followed by `body`. */
function hll(encoding: number, body: string, card = '\0\0\0\0\0\0\0\0'): string {
  return 'HYLL' + String.fromCharCode(encoding) + '\0\0\0' + card + body;
}

/** A sparse body covering all 16384 registers as XZERO opcodes. */
const XZERO_ALL = '\x7f\xff';

/** Seeded PFADD traffic: binary elements, GETs of the bytes and PFCOUNTs along the way. */
function growth(seed: number, maxBytes: string, rounds: number, perRound: number): DiffCase {
  const rnd = rng(seed);
  const cmds: string[][] = [['CONFIG', 'SET', 'hll-sparse-max-bytes', maxBytes]];
  for (let i = 0; i < rounds; i++) {
    const els: string[] = [];
    for (let j = 1 + rnd(perRound); j > 0; j--) {
      let e = '';
      for (let n = rnd(12); n > 0; n--) e += String.fromCharCode(rnd(256));
      els.push(e);
    }
    cmds.push(['PFADD', 'h', ...els]);
    if (rnd(3) === 0) cmds.push(['PFCOUNT', 'h']);
    if (rnd(4) === 0) cmds.push(['GET', 'h']);
    if (rnd(8) === 0) cmds.push(['PFDEBUG', 'ENCODING', 'h']);
  }
  cmds.push(['GET', 'h'], ['PFCOUNT', 'h'], ['GET', 'h'], ['PFDEBUG', 'ENCODING', 'h'], ['STRLEN', 'h']);
  cmds.push(['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']);
  return { name: `seeded PFADD growth (seed ${seed}, hll-sparse-max-bytes ${maxBytes})`, cmds };
}

/** PFMERGE/PFCOUNT over HLLs of mixed encodings built from overlapping element sets. */
function merges(seed: number): DiffCase {
  const rnd = rng(seed);
  const cmds: string[][] = [];
  for (let k = 0; k < 5; k++) {
    const n = [3, 30, 200, 2000, 5][k];
    const els = Array.from({ length: n }, () => String(rnd(3000)));
    for (let i = 0; i < els.length; i += 500) cmds.push(['PFADD', `m${k}`, ...els.slice(i, i + 500)]);
  }
  cmds.push(['PFDEBUG', 'TODENSE', 'm4']);
  cmds.push(['PFCOUNT', 'm0', 'm1'], ['PFCOUNT', 'm0', 'm1', 'm2', 'm3', 'm4', 'nokey'], ['PFCOUNT', 'm4', 'm0']);
  cmds.push(['PFMERGE', 'u1', 'm0', 'm1'], ['GET', 'u1'], ['PFDEBUG', 'ENCODING', 'u1'], ['PFCOUNT', 'u1'], ['GET', 'u1']);
  cmds.push(['PFMERGE', 'u2', 'm0', 'm4'], ['GET', 'u2'], ['PFDEBUG', 'ENCODING', 'u2']);
  cmds.push(['PFMERGE', 'u3', 'm1', 'm2', 'm3'], ['GET', 'u3'], ['PFCOUNT', 'u3']);
  cmds.push(['PFMERGE', 'm0', 'm1'], ['GET', 'm0'], ['PFMERGE', 'm1'], ['GET', 'm1'], ['PFMERGE', 'new'], ['GET', 'new'], ['PFMERGE', 'new2', 'nokey'], ['GET', 'new2']);
  cmds.push(['CONFIG', 'SET', 'hll-sparse-max-bytes', '40'], ['PFMERGE', 'u4', 'm1'], ['GET', 'u4'], ['PFDEBUG', 'ENCODING', 'u4']);
  cmds.push(['CONFIG', 'SET', 'hll-sparse-max-bytes', '3000']);
  return { name: `seeded PFMERGE / multi-key PFCOUNT (seed ${seed})`, cmds };
}

export const HLL_CASES: DiffCase[] = [
  {
    name: 'PFADD/PFCOUNT basics, cached cardinality bytes and raw encoding',
    cmds: [
      ['PFADD', 'hll'], ['EXISTS', 'hll'], ['GET', 'hll'], ['OBJECT', 'ENCODING', 'hll'], ['PFCOUNT', 'hll'], ['PFADD', 'hll'],
      ['PFADD', 'hll', 'a', 'b', 'c'], ['GET', 'hll'], ['GETRANGE', 'hll', '15', '15'], ['PFCOUNT', 'hll'], ['GET', 'hll'], ['GETRANGE', 'hll', '15', '15'],
      ['PFADD', 'hll', 'a', 'b', 'c'], ['GETRANGE', 'hll', '15', '15'], ['PFADD', 'hll', '1', '2', '3'], ['GET', 'hll'], ['PFCOUNT', 'hll'],
      ['PFADD', 'hll', ''], ['PFADD', 'hll', ALL_BYTES], ['PFADD', 'hll', ...ALL_BYTES.split('')], ['PFCOUNT', 'hll'], ['GET', 'hll'],
      ['PFCOUNT', 'nokey'], ['PFADD', 'n2', 'x'], ['PFCOUNT', 'n2'], ['GET', 'n2'], ['PFDEBUG', 'DECODE', 'hll'], ['PFDEBUG', 'DECODE', 'n2'],
      ['SET', 't', 'x'], ['DEL', 't'], ['PFADD', 't', 'a'], ['EXPIRE', 't', '1000'], ['PFADD', 't', 'b'], ['PFCOUNT', 't'], ['TTL', 't'],
    ],
  },
  {
    name: 'PFDEBUG subcommands and errors',
    cmds: [
      ['PFADD', 'h', 'a', 'b', 'c', 'd', 'e', 'f', 'g'], ['PFDEBUG', 'ENCODING', 'h'], ['PFDEBUG', 'DECODE', 'h'], ['PFDEBUG', 'decode', 'h'],
      ['PFDEBUG', 'GETREG', 'h'], ['PFDEBUG', 'ENCODING', 'h'], ['GET', 'h'], ['PFDEBUG', 'DECODE', 'h'], ['PFDEBUG', 'TODENSE', 'h'],
      ['PFADD', 'h2', 'x'], ['PFDEBUG', 'TODENSE', 'h2'], ['PFDEBUG', 'TODENSE', 'h2'], ['GET', 'h2'], ['PFCOUNT', 'h2'], ['GET', 'h2'],
      ['PFDEBUG', 'BOGUS', 'h'], ['PFDEBUG', 'BOGUS\0x', 'h'], ['PFDEBUG', 'BOGUS', 'nokey'], ['PFDEBUG', 'GETREG', 'nokey'], ['PFDEBUG', 'GETREG'],
      ['PFDEBUG', 'GETREG', 'h', 'extra'], ['SET', 's', 'abc'], ['PFDEBUG', 'ENCODING', 's'], ['PFDEBUG', 'BOGUS', 's'],
      ['PFADD', 'e'], ['PFDEBUG', 'DECODE', 'e'], ['PFDEBUG', 'GETREG', 'e'], ['GET', 'e'],
    ],
  },
  {
    name: 'HLL strings written with SET: valid, wrong and corrupted',
    cmds: [
      // A hand-made sparse HLL: XZERO 100, VAL 3 x2, XZERO 16282 (cache valid, then stale).
      ['SET', 'v', hll(1, '\x40\x63\x89\x7f\x99', '\x05\0\0\0\0\0\0\0')], ['PFCOUNT', 'v'], ['OBJECT', 'ENCODING', 'v'],
      ['SET', 'v', hll(1, '\x40\x63\x89\x7f\x99', '\0\0\0\0\0\0\0\x80')], ['PFCOUNT', 'v'], ['GET', 'v'], ['PFADD', 'v', 'a'], ['GET', 'v'],
      ['PFDEBUG', 'DECODE', 'v'], ['SET', 'v', hll(1, '\x00\x62\x89\x7f\x99', '\0\0\0\0\0\0\0\x80')], ['PFDEBUG', 'DECODE', 'v'], ['PFCOUNT', 'v'],
      ['SET', 'cached', hll(1, XZERO_ALL, '\x2a\0\0\0\0\0\0\0')], ['PFCOUNT', 'cached'], ['PFCOUNT', 'cached', 'nokey'],
      ['SET', 'big', hll(1, XZERO_ALL, '\xff\xff\xff\xff\xff\xff\xff\x7f')], ['PFCOUNT', 'big'], ['SET', 'big', hll(1, XZERO_ALL, '\x01\0\0\0\0\0\x20\0')], ['PFCOUNT', 'big'],
      ['SET', 'short', 'HYLL\x01\0\0\0\0\0\0\0\0\0\0'], ['PFCOUNT', 'short'], ['PFADD', 'short', 'a'],
      ['SET', 'magic', hll(1, XZERO_ALL).replace('HYLL', 'HYLX')], ['PFCOUNT', 'magic'], ['PFADD', 'magic', 'a'], ['PFMERGE', 'd', 'magic'],
      ['SET', 'enc', hll(2, XZERO_ALL)], ['PFCOUNT', 'enc'], ['PFDEBUG', 'ENCODING', 'enc'],
      ['SET', 'dense', hll(0, XZERO_ALL)], ['PFCOUNT', 'dense'], ['PFADD', 'dense', 'x'],
      ['SET', 'dense', hll(0, '\0'.repeat(12288))], ['PFCOUNT', 'dense'], ['PFADD', 'dense', 'x'], ['PFCOUNT', 'dense'], ['PFDEBUG', 'ENCODING', 'dense'],
      ['SET', 'dense', hll(0, '\xff'.repeat(12288), '\0\0\0\0\0\0\0\x80')], ['PFCOUNT', 'dense'], ['PFADD', 'dense', 'y'], ['PFCOUNT', 'dense', 'nokey'],
      ['SET', 'tail', hll(1, XZERO_ALL + 'hello', '\0\0\0\0\0\0\0\x80')], ['PFCOUNT', 'tail'], ['PFCOUNT', 'tail', 'nokey'], ['PFMERGE', 'd2', 'tail'],
      ['EXISTS', 'd2'], ['PFADD', 'tail', 'a', 'b', 'c'], ['PFDEBUG', 'TODENSE', 'tail'], ['PFDEBUG', 'GETREG', 'tail'],
      ['SET', 'few', hll(1, '\x7f\xfe', '\0\0\0\0\0\0\0\x80')], ['PFCOUNT', 'few'], ['PFADD', 'few', 'a'], ['PFADD', 'few', 'zzzzzzzzzzzzzzzzzzz'],
      ['SET', 'over', hll(1, '\x7f\xff\x80', '\0\0\0\0\0\0\0\x80')], ['PFCOUNT', 'over'], ['PFCOUNT', 'over', 'few'], ['PFDEBUG', 'TODENSE', 'over'],
      ['SET', 'valover', hll(1, '\x7f\xfe\x83\x83', '\0\0\0\0\0\0\0\x80')], ['PFCOUNT', 'valover'], ['PFDEBUG', 'TODENSE', 'valover'], ['PFMERGE', 'x', 'valover'],
      ['SET', 'int', '1234567890123456789'], ['PFCOUNT', 'int'], ['PFADD', 'int', 'a'],
      ['SET', 'empty', ''], ['PFCOUNT', 'empty'], ['PFADD', 'empty'],
      ['SET', 'hdr', hll(1, '', '\0\0\0\0\0\0\0\x80')], ['PFCOUNT', 'hdr'], ['PFADD', 'hdr'], ['PFADD', 'hdr', 'a'], ['PFDEBUG', 'DECODE', 'hdr'],
    ],
  },
  {
    name: 'PFADD/PFCOUNT/PFMERGE type checks',
    cmds: [
      ['SET', 'foo', 'bar'], ['PFADD', 'foo', '1'], ['PFCOUNT', 'foo'], ['PFMERGE', 'bar', 'foo'], ['PFMERGE', 'foo', 'bar'], ['EXISTS', 'bar'],
      ['PFADD', 'h', 'a'], ['PFCOUNT', 'h', 'foo'], ['PFCOUNT', 'foo', 'h'], ['PFMERGE', 'h', 'foo'], ['GET', 'h'],
    ],
  },
  {
    name: 'PFMERGE basics: union, destination included, created empty',
    cmds: [
      ['PFADD', 'h1', 'a', 'b', 'c'], ['PFADD', 'h2', 'b', 'c', 'd'], ['PFADD', 'h3', 'c', 'd', 'e'], ['PFMERGE', 'h', 'h1', 'h2', 'h3'], ['PFCOUNT', 'h'],
      ['GET', 'h'], ['PFADD', 'h4', 'z'], ['PFMERGE', 'h4', 'h1'], ['PFCOUNT', 'h4'], ['GET', 'h4'], ['PFMERGE', 'emp'], ['GET', 'emp'], ['PFCOUNT', 'emp'],
      ['PFCOUNT', 'h1', 'h2', 'h3'], ['PFCOUNT', 'h1', 'h1'], ['OBJECT', 'ENCODING', 'h'], ['SET', 'x', 'y', 'EX', '1000'], ['DEL', 'x'],
      ['PFADD', 'x', 'q'], ['EXPIRE', 'x', '1000'], ['PFMERGE', 'x', 'h1'], ['TTL', 'x'],
    ],
  },
  growth(1, '3000', 120, 40),
  growth(2, '3000', 40, 400),
  growth(3, '0', 10, 5),
  growth(4, '50', 20, 4),
  growth(5, '300', 60, 8),
  growth(6, '10000', 60, 300),
  merges(11),
  merges(12),
];

/** Run once (not per protocol): it takes seconds. */
export const HLL_SELFTEST: string[][] = [['PFSELFTEST']];

/**
 * HLLs built on one server only by the interchange tests: sparse ones of a few sizes and a dense
 * one (promoted by size). Returns the commands and the keys holding the HLLs.
 */
export function hllInterchangeSetup(): { cmds: string[][]; keys: string[] } {
  const cmds: string[][] = [];
  const keys: string[] = [];
  for (const n of [1, 10, 100, 800, 5000]) {
    const key = `hll${n}`;
    keys.push(key);
    const els = Array.from({ length: n }, (_, i) => `el:${n}:${i}`);
    for (let i = 0; i < n; i += 1000) cmds.push(['PFADD', key, ...els.slice(i, i + 1000)]);
  }
  cmds.push(['PFCOUNT', 'hll100']);
  return { cmds, keys };
}
