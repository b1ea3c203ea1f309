/**
 * The redis-benchmark tests the harness runs, and which of them Sonic can run.
 *
 * redis-benchmark exits at the first error reply, so a test is only run against Sonic when every
 * command it sends exists there; Redis runs the same selection so the table compares pairs.
 */
import { createHash } from 'node:crypto';
import { RespClient, RespError, type RespValue } from './resp-client.js';

/** One redis-benchmark invocation (`-t <flags>`, or a command line), and what it needs from the server. */
export interface BenchTest {
  /** The `-t` argument; for a `command` test, its name in the results (upper-cased). */
  flags: string;
  /** Commands the test sends (lowercase). */
  commands: string[];
  /**
   * Multiples of the base request count at pipeline 1 and at pipeline 16. Pipelined requests
   * are answered several times faster, so they get more requests to run long enough to settle.
   * LRANGE replies carry 100-600 elements each: reply size, not round trips, bounds them, so
   * they get a tenth of the base at both depths to keep the run within its time budget.
   */
  scale: readonly [number, number];
  /**
   * A command line for redis-benchmark to send instead of its `-t` tests (`flags` then only
   * names the test); its CSV row is reported as `id`.
   */
  command?: readonly string[];
  id?: string;
  /** Runs against each server before every invocation (e.g. loads the script EVALSHA calls). */
  setup?: (port: number) => Promise<void>;
}

/** The script of the EVALSHA benchmark: one INCR and one GET (issue 5's target). */
export const EVALSHA_SCRIPT = "redis.call('incr', KEYS[1]); return redis.call('get', KEYS[1])";
const EVALSHA_SHA = createHash('sha1').update(EVALSHA_SCRIPT).digest('hex');

/** SCRIPT LOAD of the EVALSHA benchmark's script. */
async function loadEvalshaScript(port: number): Promise<void> {
  const c = await RespClient.open(port);
  try {
    const sha = await c.call('SCRIPT', 'LOAD', EVALSHA_SCRIPT);
    if (sha !== EVALSHA_SHA) throw new Error(`SCRIPT LOAD answered ${String(sha)}, expected ${EVALSHA_SHA}`);
  } finally {
    c.close();
  }
}

/** Scale of an ordinary test (see BenchTest.scale). */
const STD = [1, 4] as const;
/** Scale of the LRANGE tests. */
export const LRANGE_SCALE = [0.1, 0.1] as const;

/** redis-benchmark 7.0's tests, in its own order (LPOP after LPUSH, ZPOPMIN after ZADD ...). */
export const BENCH_TESTS: readonly BenchTest[] = [
  { flags: 'ping_inline', commands: ['ping'], scale: STD },
  { flags: 'ping_mbulk', commands: ['ping'], scale: STD },
  { flags: 'set', commands: ['set'], scale: STD },
  { flags: 'get', commands: ['get'], scale: STD },
  { flags: 'incr', commands: ['incr'], scale: STD },
  { flags: 'lpush', commands: ['lpush'], scale: STD },
  { flags: 'rpush', commands: ['rpush'], scale: STD },
  { flags: 'lpop', commands: ['lpop'], scale: STD },
  { flags: 'rpop', commands: ['rpop'], scale: STD },
  { flags: 'sadd', commands: ['sadd'], scale: STD },
  { flags: 'hset', commands: ['hset'], scale: STD },
  { flags: 'spop', commands: ['spop'], scale: STD },
  { flags: 'zadd', commands: ['zadd'], scale: STD },
  { flags: 'zpopmin', commands: ['zpopmin'], scale: STD },
  // One invocation for all four: each LRANGE invocation first runs an LPUSH preparation step.
  { flags: 'lrange_100,lrange_300,lrange_500,lrange_600', commands: ['lpush', 'lrange'], scale: LRANGE_SCALE },
  { flags: 'mset', commands: ['mset'], scale: STD },
  // Not one of redis-benchmark's own tests: a script doing one INCR and one GET, by EVALSHA.
  {
    flags: 'evalsha',
    id: 'EVALSHA (INCR+GET)',
    commands: ['evalsha', 'script', 'incr', 'get'],
    scale: STD,
    command: ['EVALSHA', EVALSHA_SHA, '1', 'counter:__rand_int__'],
    setup: loadEvalshaScript,
  },
  // Streams (issue 4): XADD with auto IDs, then XRANGE of the first 10 entries of what it added.
  { flags: 'xadd', id: 'XADD', command: ['XADD', 'bench:stream', '*', 'f1', 'v1', 'f2', 'v2', 'f3', 'v3'], commands: ['xadd'], scale: STD },
  { flags: 'xrange_10', id: 'XRANGE_10', command: ['XRANGE', 'bench:stream', '-', '+', 'COUNT', '10'], commands: ['xadd', 'xrange'], scale: STD },
];

/**
 * Which of `commands` the server at `port` implements. Asks COMMAND INFO (a nil entry means
 * unknown); if COMMAND itself is missing, sends each command with no arguments and treats
 * anything but "unknown command" (an arity error, or PING's PONG) as present.
 */
export async function supportedCommands(port: number, commands: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(commands)];
  const c = await RespClient.open(port);
  try {
    const info = await c.call('COMMAND', 'INFO', ...unique);
    if (Array.isArray(info) && info.length === unique.length) {
      return new Set(unique.filter((_, i) => info[i] !== null));
    }
    const present = new Set<string>();
    for (const cmd of unique) {
      const r: RespValue = await c.call(cmd.toUpperCase());
      if (!(r instanceof RespError && r.message.startsWith('ERR unknown command'))) present.add(cmd);
    }
    return present;
  } finally {
    c.close();
  }
}
