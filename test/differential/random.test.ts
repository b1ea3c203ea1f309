/**
 * Randomized differential test: seeded random short command sequences over the commands Sonic
 * implements (read from a fresh Engine's command table), with a small key space and arguments
 * that are valid and invalid alike (wrong arity, wrong types, garbage/huge/negative numbers, empty
 * strings, bytes 0..255). Each sequence goes pipelined to Sonic and redis-server after FLUSHALL;
 * raw replies must be byte-identical, in RESP2 and RESP3.
 *
 * The seed is fixed by default (so CI is reproducible) and printed on failure; override it with
 * SONIC_DIFF_SEED=<integer> to explore. Bounded: SEQUENCES x COMMANDS_PER_SEQUENCE x 2 protocols.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../../src/engine/engine.js';
import { runOnBoth, setProtocol, useDifferentialPair } from '../helpers/differential.js';

const SEED = Number(process.env.SONIC_DIFF_SEED ?? 20261123) >>> 0;
const SEQUENCES = 250;
const COMMANDS_PER_SEQUENCE = 8;

/**
 * Commands left out, each because its reply legitimately differs between two servers (or it
 * changes the connection so later replies cannot be compared). Container names exclude all their
 * subcommands.
 */
const EXCLUDED: Record<string, string> = {
  monitor: 'turns the connection into a command stream with timestamps',
  shutdown: 'stops the server',
  quit: 'closes the connection',
  reset: 'resets the connection (protocol back to RESP2), so the sequence is no longer in the protocol under test',
  hello: 'replies carry the connection id and server version',
  debug: 'SLEEP/RELOAD/crash-style subcommands: timing and process state',
  client: 'ids, addresses, ages; PAUSE/KILL/REPLY change the connection itself',
  command: 'Sonic implements a subset: COUNT, LIST, INFO, DOCS differ by nature',
  config: 'CONFIG SET changes server behaviour for later sequences; CONFIG GET patterns reply in hash order',
  info: 'counters, memory, uptime',
  time: 'the clock',
  lastsave: 'the clock',
  lolwut: 'the server version',
  latency: 'records timings (LATENCY DOCTOR prose also differs: see observability known differences)',
  slowlog: 'records timings',
  keys: 'hash-table order',
  scan: 'hash-table order and cursors',
  randomkey: 'random',
  pexpire: 'millisecond timeouts expire at different moments on the two servers',
  psetex: 'millisecond timeouts expire at different moments on the two servers',
  pttl: 'millisecond remaining time',
  expiretime: 'absolute time of a relative EXPIRE can straddle a second boundary',
  pexpiretime: 'absolute millisecond time of a relative expiry',
  'object|idletime': 'seconds since last access',
};

const KEYS = ['k0', 'k1', 'k2'];
const NUMBERS = ['0', '1', '-1', '2', '3', '10', '100', '-100', '9223372036854775807', '-9223372036854775808', '9223372036854775808',
  '18446744073709551616', '1.5', '-0', 'abc', '', '1e3', ' 1', '0x10', '4294967296', '1000000000000', '99999999999999999999999999999', '16', '15'];
// No PX: it would set millisecond expiries (see EXCLUDED).
const TOKENS = ['NX', 'XX', 'GT', 'LT', 'EX', 'EXAT', 'PXAT', 'KEEPTTL', 'GET', 'PERSIST', 'REPLACE', 'DB', 'LEN', 'IDX', 'MINMATCHLEN',
  'WITHMATCHLEN', 'COUNT', 'MATCH', 'TYPE', 'ASYNC', 'SYNC', 'HELP', 'ENCODING', 'REFCOUNT', 'FREQ'];

/** mulberry32: small, fast, good enough to spread choices; same seed, same sequences. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The commands to draw from: argv prefix ([name] or [container, sub]) and arity. */
function commandPool(): { prefix: string[]; arity: number }[] {
  const out: { prefix: string[]; arity: number }[] = [];
  for (const c of new Engine().table.all()) {
    if (c.subcommands !== undefined) continue; // containers: their subcommands are listed themselves
    const top = c.parent?.name ?? c.name;
    if (top in EXCLUDED || c.fullname in EXCLUDED) continue;
    out.push({ prefix: c.parent ? [c.parent.name, c.name] : [c.name], arity: c.arity });
  }
  return out.sort((a, b) => a.prefix.join('|').localeCompare(b.prefix.join('|')));
}

function generate(seed: number): string[][][] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const bytes = (): string => {
    let s = '';
    for (let n = Math.floor(rnd() * 9); n > 0; n--) s += String.fromCharCode(Math.floor(rnd() * 256));
    return s;
  };
  const arg = (): string => {
    const r = rnd();
    if (r < 0.4) return pick(KEYS);
    if (r < 0.65) return pick(NUMBERS);
    if (r < 0.85) return rnd() < 0.5 ? pick(TOKENS) : pick(TOKENS).toLowerCase();
    return bytes();
  };
  const pool = commandPool();
  const seqs: string[][][] = [];
  for (let s = 0; s < SEQUENCES; s++) {
    const seq: string[][] = [];
    for (let i = 0; i < COMMANDS_PER_SEQUENCE; i++) {
      const { prefix, arity } = pick(pool);
      const need = Math.abs(arity) - prefix.length;
      // Mostly the right number of arguments (some extra for variadic commands), sometimes not.
      let n = need + (arity < 0 ? Math.floor(rnd() * 4) : 0);
      if (rnd() < 0.1) n = Math.floor(rnd() * (need + 3));
      const argv = [...prefix];
      for (let k = 0; k < n; k++) argv.push(arg());
      // A key argument first most of the time, so commands meet each other's values.
      if (n > 0 && rnd() < 0.7) argv[prefix.length] = pick(KEYS);
      seq.push(argv);
    }
    seqs.push(seq);
  }
  return seqs;
}

const pair = useDifferentialPair();

for (const proto of [2, 3] as const) {
  test(`random command sequences reply byte-identically to redis-server (RESP${proto}, seed ${SEED})`, async () => {
    await setProtocol(pair, proto);
    const seqs = generate(SEED);
    for (let s = 0; s < seqs.length; s++) {
      await runOnBoth(pair, [['FLUSHALL'], ['SELECT', '0']]);
      const seq = seqs[s];
      const { sonic, redis } = await runOnBoth(pair, seq);
      for (let i = 0; i < seq.length; i++) {
        if (sonic[i] !== redis[i]) {
          assert.equal(sonic[i], redis[i],
            `seed ${SEED} (SONIC_DIFF_SEED=${SEED}), RESP${proto}, sequence ${s}, command ${i}: ${JSON.stringify(seq[i])}\n` +
            `sequence: ${JSON.stringify(seq.slice(0, i + 1))}`);
        }
      }
    }
  });
}
