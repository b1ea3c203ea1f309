/**
 * Differential scenarios for push traffic (pub/sub messages, keyspace events), run on Sonic and
 * redis-server in lockstep over several connections each. A step sends commands on one
 * connection and then reads *everything* that connection received up to a sync marker: replies,
 * subscription confirmations and messages, RESP2 arrays or RESP3 push frames alike. The two
 * byte streams are compared as they are, so event names, counts and the order of pushes
 * relative to replies all count.
 *
 * The sync marker is a `PING ~sync-N` sent after the step's commands: a subscribed RESP2 client
 * answers it as ["pong", "~sync-N"], anyone else with the bulk "~sync-N"; both end in the same
 * bytes. Messages caused by an earlier step on another connection were queued before that PING
 * was read, so they are in the stream before its reply on both servers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawConnection, type CommandInput } from './raw-connection.js';
import { useDifferentialPair, type DifferentialPair } from './differential.js';
import { encodeCommand, frameEnd, splitAggregate } from './resp-frames.js';
import { maskHelloId } from './loose.js';

/** One step, run on both servers. */
export type StreamStep =
  /**
   * Sends `send` on connection `on` and compares what comes back up to the sync marker.
   * `unordered`: Redis answers from a hash table (PUBSUB CHANNELS ...), so each frame's elements
   * are compared as a sorted list. `noSync`: the commands close or block the connection, so
   * only what arrives within a short wait is compared.
   */
  | { readonly on: number; readonly send: readonly CommandInput[]; readonly unordered?: boolean; readonly noSync?: boolean }
  /** Waits `sleep` ms (lets a TTL pass, or the active expiry cycle run). */
  | { readonly sleep: number };

export interface StreamCase {
  readonly name: string;
  /** Connections used (all start in database 0 with the case's protocol). */
  readonly conns: number;
  readonly steps: readonly StreamStep[];
  /** Only run in this protocol (e.g. a RESP3 client reading its own events). */
  readonly proto?: 2 | 3;
}

/** Every command a scenario sends (for the coverage test). */
export function sentByStreams(cases: readonly StreamCase[]): CommandInput[] {
  const out: CommandInput[] = [];
  for (const c of cases) for (const s of c.steps) if ('send' in s) out.push(...s.send);
  return out;
}

/** Splits a byte stream into whole top-level RESP frames (the tail, if partial, kept last). */
export function frames(stream: string): string[] {
  const out: string[] = [];
  let p = 0;
  while (p < stream.length) {
    const e = frameEnd(stream, p);
    if (e < 0) {
      out.push(stream.slice(p));
      break;
    }
    out.push(stream.slice(p, e));
    p = e;
  }
  return out;
}

function sortedFrames(stream: string): string {
  return frames(stream)
    .map((f) => {
      const a = splitAggregate(f);
      return a === undefined ? f : a.header + [...a.items].sort().join('');
    })
    .join('');
}

/** The first frame where two streams part, with a few frames of context from each. */
function firstDifference(sonic: string, redis: string): string {
  const a = frames(sonic);
  const b = frames(redis);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (f: string[]) => f.slice(Math.max(0, i - 2), i + 4).map((x) => '    ' + JSON.stringify(x)).join('\n');
  return `first difference at frame ${i}:\n  redis:\n${show(b)}\n  sonic:\n${show(a)}`;
}

async function runStep(conns: RawConnection[], step: Extract<StreamStep, { on: number }>, marker: string): Promise<string> {
  const c = conns[step.on];
  const cmds = step.noSync ? step.send : [...step.send, ['PING', marker]];
  c.send(cmds.map((x) => (typeof x === 'string' ? x : encodeCommand(x))).join(''));
  if (step.noSync) return (await c.drainUntilQuiet(100)) + (c.closed ? '<closed>' : '');
  return c.readUntil(`$${marker.length}\r\n${marker}\r\n`);
}

async function open(port: number, n: number, proto: 2 | 3): Promise<RawConnection[]> {
  const conns: RawConnection[] = [];
  for (let i = 0; i < n; i++) {
    const c = await RawConnection.open(port);
    if (proto === 3) await c.cmd('HELLO', '3');
    conns.push(c);
  }
  return conns;
}

/**
 * Registers one test per scenario and protocol. Before each, both servers are flushed and
 * notifications turned off; afterwards the scenario's connections are closed.
 */
export function registerStreamCases(group: string, cases: readonly StreamCase[]): DifferentialPair {
  const pair = useDifferentialPair();
  for (const proto of [2, 3] as const) {
    for (const sc of cases) {
      if (sc.proto !== undefined && sc.proto !== proto) continue;
      test(`${group} (RESP${proto}): ${sc.name}`, async () => {
        const reset: CommandInput[] = [['FLUSHALL'], ['CONFIG', 'SET', 'notify-keyspace-events', ''], ['DEBUG', 'SET-ACTIVE-EXPIRE', '1']];
        await Promise.all([pair.sonic.run(reset), pair.redis.run(reset)]);
        let sonic: RawConnection[] = [];
        let redis: RawConnection[] = [];
        try {
          [sonic, redis] = await Promise.all([open(pair.sonicServer.port, sc.conns, proto), open(pair.redisServer.port, sc.conns, proto)]);
          let i = 0;
          for (const step of sc.steps) {
            i++;
            if ('sleep' in step) {
              await new Promise((r) => setTimeout(r, step.sleep));
              continue;
            }
            const marker = `~sync-${i}`;
            const [s, r] = await Promise.all([runStep(sonic, step, marker), runStep(redis, step, marker)]);
            const norm = (x: string) => maskHelloId(step.unordered ? sortedFrames(x) : x);
            if (norm(s) !== norm(r)) {
              assert.equal(norm(s), norm(r), `step ${i} on connection ${step.on}: ${JSON.stringify(step.send).slice(0, 300)}\n${firstDifference(norm(s), norm(r))}`);
            }
          }
        } finally {
          for (const c of [...sonic, ...redis]) c.close();
          await Promise.all([pair.sonic.run(reset), pair.redis.run(reset)]);
        }
      });
    }
  }
  return pair;
}
