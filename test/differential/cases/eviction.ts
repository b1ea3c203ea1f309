/**
 * maxmemory and eviction cases whose replies are deterministic on both sides: with maxmemory 1
 * every server is over the limit, so each command first evicts whatever its policy allows and,
 * with nothing left, refuses deny-oom commands with -OOM. LFU counters are compared where
 * Redis's logarithmic increment is certain (from LFU_INIT_VAL 5 to 6 the probability is 1).
 * Every case restores maxmemory 0 and noeviction at its end.
 */
import type { DiffCase } from '../../helpers/differential.js';
import { REDIS_PAYLOADS } from './dump.js';

const RESET = [
  ['CONFIG', 'SET', 'maxmemory', '0'],
  ['CONFIG', 'SET', 'maxmemory-policy', 'noeviction'],
];
const VOLATILE = ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'];
const ALLKEYS = ['allkeys-lru', 'allkeys-lfu', 'allkeys-random'];
const PAYLOAD = REDIS_PAYLOADS['str:raw'];

export const EVICTION_CASES: DiffCase[] = [
  {
    name: 'noeviction over maxmemory: deny-oom commands get -OOM, reads, DEL and CONFIG run',
    cmds: [
      ['SET', 'a', '1'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['SET', 'b', '2'],
      ['INCR', 'a'],
      ['APPEND', 'a', 'x'],
      ['GET', 'a'],
      ['EXPIRE', 'a', '100'],
      ['DEL', 'a'],
      ['DBSIZE'],
      ['EVAL', "return redis.call('set', 'x', '1')", '0'],
      ['EVAL', "return redis.call('get', 'x')", '0'],
      ...RESET,
      ['SET', 'b', '2'],
      ['DBSIZE'],
    ],
  },
  ...VOLATILE.map(
    (policy): DiffCase => ({
      name: `${policy}: only keys with a TTL are evicted; then -OOM`,
      cmds: [
        ['SET', 'plain', '1'],
        ['SET', 'v1', '1', 'EX', '1000'],
        ['HSET', 'v2', 'f', 'v'],
        ['EXPIRE', 'v2', '2000'],
        ['CONFIG', 'SET', 'maxmemory-policy', policy],
        ['CONFIG', 'SET', 'maxmemory', '1'],
        ['SET', 'new', '1'],
        ['EXISTS', 'v1'],
        ['EXISTS', 'v2'],
        ['GET', 'plain'],
        ['DBSIZE'],
        ...RESET,
      ],
    }),
  ),
  ...ALLKEYS.map(
    (policy): DiffCase => ({
      name: `${policy}: every key is evicted, in every database; then -OOM`,
      cmds: [
        ['SET', 'a', '1'],
        ['SET', 'b', '1', 'EX', '1000'],
        ['RPUSH', 'l', 'x', 'y'],
        ['SELECT', '3'],
        ['SET', 'c', '1'],
        ['SELECT', '0'],
        ['CONFIG', 'SET', 'maxmemory-policy', policy],
        ['CONFIG', 'SET', 'maxmemory', '1'],
        ['SET', 'new', '1'],
        ['DBSIZE'],
        ['SELECT', '3'],
        ['DBSIZE'],
        ['SELECT', '0'],
        ['GET', 'a'],
        ...RESET,
      ],
    }),
  ),
  {
    name: 'MULTI over maxmemory with allkeys-lru: the keys go, queueing is refused, EXEC aborts',
    cmds: [
      ['SET', 'a', '1'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
      ['CONFIG', 'SET', 'maxmemory', '1'],
      ['MULTI'],
      ['GET', 'a'],
      ['EXEC'],
      ['DBSIZE'],
      ...RESET,
    ],
  },
  {
    name: 'LFU counters: a new key starts at 5, its first access makes it 6, TOUCH counts as an access',
    cmds: [
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['SET', 'k', 'v'],
      ['OBJECT', 'FREQ', 'k'],
      ['GET', 'k'],
      ['OBJECT', 'FREQ', 'k'],
      ['SET', 't', 'v'],
      ['TOUCH', 't'],
      ['OBJECT', 'FREQ', 't'],
      ['HSET', 'h', 'f', 'v'],
      ['OBJECT', 'FREQ', 'h'],
      ['HGET', 'h', 'f'],
      ['OBJECT', 'FREQ', 'h'],
      ['OBJECT', 'FREQ', 'missing'],
      ['OBJECT', 'IDLETIME', 'k'],
      ...RESET,
      ['OBJECT', 'FREQ', 'k'],
    ],
  },
  {
    name: 'RESTORE FREQ sets the counter under LFU; IDLETIME is ignored there; FREQ is ignored under LRU',
    cmds: [
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lfu'],
      ['RESTORE', 'f', '0', PAYLOAD, 'FREQ', '100'],
      ['OBJECT', 'FREQ', 'f'],
      ['RESTORE', 'g', '0', PAYLOAD, 'FREQ', '0'],
      ['OBJECT', 'FREQ', 'g'],
      ['RESTORE', 'i', '0', PAYLOAD, 'IDLETIME', '1000'],
      ['OBJECT', 'FREQ', 'i'],
      ['RESTORE', 'f', '0', PAYLOAD, 'FREQ', '255', 'REPLACE'],
      ['OBJECT', 'FREQ', 'f'],
      ['RESTORE', 'x', '0', PAYLOAD, 'FREQ', '256'],
      ['RESTORE', 'x', '0', PAYLOAD, 'FREQ', '-1'],
      ['RESTORE', 'x', '0', PAYLOAD, 'FREQ', '1', 'IDLETIME', '1'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
      ['RESTORE', 'l', '0', PAYLOAD, 'IDLETIME', '1000'],
      ['OBJECT', 'IDLETIME', 'l'],
      ['RESTORE', 'm', '0', PAYLOAD, 'FREQ', '100'],
      // Just restored: idle 0, or 1 when the second-resolution LRU clock ticked in between.
      ['EVAL', "return redis.call('OBJECT', 'IDLETIME', KEYS[1]) <= 1 and 1 or 0", '1', 'm'],
      ['OBJECT', 'FREQ', 'm'],
      ...RESET,
    ],
  },
  {
    name: 'maxmemory with an LRU policy stops sharing small integers (OBJECT REFCOUNT)',
    cmds: [
      ['SET', 'a', '1'],
      ['OBJECT', 'REFCOUNT', 'a'],
      ['CONFIG', 'SET', 'maxmemory', '1073741824'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-random'],
      ['SET', 'a', '1'],
      ['OBJECT', 'REFCOUNT', 'a'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'allkeys-lru'],
      ['SET', 'a', '1'],
      ['OBJECT', 'REFCOUNT', 'a'],
      ['CONFIG', 'SET', 'maxmemory-policy', 'volatile-lfu'],
      ['SET', 'a', '1'],
      ['OBJECT', 'REFCOUNT', 'a'],
      ...RESET,
    ],
  },
];
