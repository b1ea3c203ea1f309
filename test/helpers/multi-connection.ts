/**
 * Differential scenarios over several connections to the same server, on both servers in
 * lockstep: for blocking commands (client A blocks, client B pushes, A's reply is read), CLIENT
 * UNBLOCK, disconnects. Replies are compared byte for byte as in differential.ts.
 *
 * A scenario is data (a {@link MultiCase}), so the coverage test can read what it sends.
 * Ordering across connections is made deterministic: a `block` step waits until the server
 * shows the client blocked (flag 'b' in CLIENT LIST, polled on a separate control connection)
 * before the next step runs, so a later push on another connection cannot overtake it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RawConnection, type CommandInput } from './raw-connection.js';
import { setProtocol, useDifferentialPair, type DifferentialPair } from './differential.js';
import { comparable } from './loose.js';
import { encodeCommand } from './resp-frames.js';

/** One step of a scenario, run on both servers. `on` is a connection index (0-based). */
export type MultiStep =
  /** Sends the commands and compares all their replies. */
  | { readonly on: number; readonly send: readonly CommandInput[] }
  /**
   * Sends one command expected to block (and, in the same write, `pipeline`: commands that must
   * wait behind it); their replies are read by a later `read` step.
   */
  | { readonly on: number; readonly block: CommandInput; readonly pipeline?: readonly CommandInput[] }
  /** Reads and compares the next `read` replies of connection `on` (e.g. a served BLPOP). */
  | { readonly on: number; readonly read: number }
  /** Sends the commands without reading anything (a later `drain` or `read` step compares). */
  | { readonly on: number; readonly post: readonly CommandInput[] }
  /**
   * Reads whatever connection `on` receives until it stays quiet, and compares it whole (push
   * messages such as invalidations, which no reply follows; nothing at all is a result too).
   */
  | { readonly on: number; readonly drain: true }
  /** Closes connection `on` (a blocked client disconnecting). */
  | { readonly on: number; readonly close: true }
  /** Waits `sleep` ms (lets a short blocking timeout pass on both servers). */
  | { readonly sleep: number };

export interface MultiCase {
  readonly name: string;
  /** Number of connections the scenario uses. */
  readonly conns: number;
  readonly steps: readonly MultiStep[];
}

/**
 * Placeholder for the client id of connection N in an argument (e.g. CLIENT UNBLOCK {id:0}):
 * replaced by each server's own id for that connection.
 */
export function idOf(n: number): string {
  return `{id:${n}}`;
}

/** Every command a scenario sends (for the coverage test). */
export function sentByMulti(cases: readonly MultiCase[]): CommandInput[] {
  const out: CommandInput[] = [];
  for (const c of cases) {
    for (const s of c.steps) {
      if ('send' in s) out.push(...s.send);
      else if ('post' in s) out.push(...s.post);
      else if ('block' in s) out.push(s.block, ...(s.pipeline ?? []));
    }
  }
  return out;
}

/** One server's side of a running scenario. */
export interface Side {
  conns: RawConnection[];
  ids: string[];
  control: RawConnection;
}

/** Opens a scenario's `n` connections (and a control connection) to the server on `port`. */
export async function openSide(port: number, n: number, proto: 2 | 3): Promise<Side> {
  const conns: RawConnection[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = await RawConnection.open(port);
    await c.cmd('HELLO', String(proto));
    const id = await c.cmd('CLIENT', 'ID');
    ids.push(id.slice(1, -2));
    conns.push(c);
  }
  return { conns, ids, control: await RawConnection.open(port) };
}

export function closeSide(s: Side | undefined): void {
  if (s === undefined) return;
  for (const c of s.conns) c.close();
  s.control.close();
}

function withIds(cmd: CommandInput, ids: readonly string[]): CommandInput {
  if (typeof cmd === 'string') return cmd;
  return cmd.map((a) => a.replace(/\{id:(\d+)\}/g, (_, n: string) => ids[Number(n)]));
}

/** Waits until connection `i` shows as blocked, or has a reply pending (it did not block). */
async function waitBlocked(side: Side, i: number): Promise<void> {
  const deadline = Date.now() + 3000;
  while (Date.now() < deadline) {
    if (side.conns[i].hasPending()) return;
    const line = await side.control.cmd('CLIENT', 'LIST', 'ID', side.ids[i]);
    if (/ flags=[a-zA-Z]*b/.test(line)) return;
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(`connection ${i} neither blocked nor replied`);
}

/** Runs one step on both servers, comparing whatever replies it reads. */
export async function runStep(sides: { sonic: Side; redis: Side }, step: MultiStep, label: string): Promise<void> {
  if ('sleep' in step) {
    await new Promise((r) => setTimeout(r, step.sleep));
    return;
  }
  const both = [sides.sonic, sides.redis] as const;
  if ('post' in step) {
    for (const s of both) s.conns[step.on].send(step.post.map((c) => encode(withIds(c, s.ids))).join(''));
    return;
  }
  if ('drain' in step) {
    const [sonic, redis] = await Promise.all(both.map((s) => s.conns[step.on].drainUntilQuiet()));
    assert.equal(withIdNames(sonic, sides.sonic.ids), withIdNames(redis, sides.redis.ids), `${label}connection ${step.on}, drained`);
    return;
  }
  if ('close' in step) {
    for (const s of both) s.conns[step.on].close();
    // Let both servers notice the disconnect before the next step.
    await new Promise((r) => setTimeout(r, 50));
    return;
  }
  if ('block' in step) {
    for (const s of both) s.conns[step.on].send([step.block, ...(step.pipeline ?? [])].map((c) => encode(withIds(c, s.ids))).join(''));
    await Promise.all(both.map((s) => waitBlocked(s, step.on)));
    return;
  }
  let cmds: readonly CommandInput[];
  let replies: [string[], string[]];
  if ('send' in step) {
    cmds = step.send;
    replies = await Promise.all([sides.sonic.conns[step.on].run(cmds.map((c) => withIds(c, sides.sonic.ids))), sides.redis.conns[step.on].run(cmds.map((c) => withIds(c, sides.redis.ids)))]);
  } else {
    cmds = Array.from({ length: step.read }, () => ['(pending reply)']);
    const read = async (c: RawConnection) => {
      const out: string[] = [];
      for (let k = 0; k < step.read; k++) out.push(await c.reply(`pending reply ${k} on connection ${step.on}`));
      return out;
    };
    replies = await Promise.all([read(sides.sonic.conns[step.on]), read(sides.redis.conns[step.on])]);
  }
  const [sonic, redis] = replies;
  for (let k = 0; k < cmds.length; k++) {
    const s = withIdNames(comparable(cmds[k], sonic[k]), sides.sonic.ids, cmds[k]);
    const r = withIdNames(comparable(cmds[k], redis[k]), sides.redis.ids, cmds[k]);
    assert.equal(s, r, `${label}connection ${step.on}, ${JSON.stringify(cmds[k]).slice(0, 200)}`);
  }
}

/** Where replies carry a client id: CLIENT LIST fields, TRACKINGINFO, tracking-redir-broken. */
const ID_FIELDS = /(id=|redir=|\$8\r\nredirect\r\n:|\$21\r\ntracking-redir-broken\r\n:)(\d+)/g;
/** Commands whose whole integer reply is a client id. */
const ID_REPLIES = new Set(['client|id', 'client|getredir']);

/**
 * The scenario's client ids in a reply replaced by their placeholders, since each server numbers
 * its connections its own way (`cmd`: the command replied to, if any).
 */
function withIdNames(reply: string, ids: readonly string[], cmd?: CommandInput): string {
  const name = (n: string) => {
    const i = ids.indexOf(n);
    return i < 0 ? n : `{id:${i}}`;
  };
  let out = reply.replace(ID_FIELDS, (_, tag: string, n: string) => tag + name(n));
  if (cmd !== undefined && typeof cmd !== 'string' && cmd.length > 1 && ID_REPLIES.has(`${cmd[0]}|${cmd[1]}`.toLowerCase())) {
    out = out.replace(/:(\d+)\r\n$/, (_, n: string) => `:${name(n)}\r\n`);
  }
  return out;
}

function encode(cmd: CommandInput): string {
  return typeof cmd === 'string' ? cmd : encodeCommand(cmd);
}

/**
 * Registers one test per scenario and protocol (RESP2, then RESP3) in the calling file. Each
 * scenario starts from empty databases and opens its own connections on both servers.
 */
export function registerMultiCases(group: string, cases: readonly MultiCase[]): DifferentialPair {
  const pair = useDifferentialPair();
  for (const proto of [2, 3] as const) {
    for (const mc of cases) {
      test(`${group} (RESP${proto}): ${mc.name}`, async () => {
        await setProtocol(pair, 2);
        await Promise.all([pair.sonic.run([['FLUSHALL']]), pair.redis.run([['FLUSHALL']])]);
        let sonic: Side | undefined;
        let redis: Side | undefined;
        try {
          [sonic, redis] = await Promise.all([openSide(pair.sonicServer.port, mc.conns, proto), openSide(pair.redisServer.port, mc.conns, proto)]);
          for (const step of mc.steps) await runStep({ sonic, redis }, step, `RESP${proto} `);
        } finally {
          closeSide(sonic);
          closeSide(redis);
        }
      });
    }
  }
  return pair;
}
