/**
 * The adapter for ioredis 5 (`Redis` and `Cluster`). It sends through `callBuffer`, so binary
 * values come back intact (converted to latin1 strings here), and never mutates the user's client
 * (no defineCommand: that adds methods and sends EVAL on every new socket). Subscriptions and
 * blocking reads go to duplicates of the user's client, never to the client itself.
 */
import {
  Listeners,
  type ConnectionEvent,
  type DedicatedConnection,
  type NodeHandle,
  type RedisAdapter,
  type Reply,
} from './adapter.js';
import { evalWithFallback, pipelineWithFallback, type Script } from './script.js';
import { keySlot } from './slot.js';

type Arg = string | Buffer;

/** The part of ioredis's Redis/Cluster API the adapter uses (structural: no import of ioredis). */
export interface IoredisLike {
  callBuffer(command: string, ...args: Arg[]): Promise<unknown>;
  pipeline(): { callBuffer(command: string, ...args: Arg[]): unknown; exec(): Promise<[Error | null, unknown][] | null> };
  duplicate(): IoredisLike;
  subscribe(...channels: Arg[]): Promise<unknown>;
  unsubscribe(...channels: Arg[]): Promise<unknown>;
  disconnect(): void;
  connect(): Promise<void>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- ioredis types its listeners with any
  on(event: string, fn: (...args: any[]) => void): unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  off(event: string, fn: (...args: any[]) => void): unknown;
  readonly status?: string;
  /** Redis: its connection options (host, port); Cluster: cluster options (not used). */
  readonly options?: object;
  /** Present on ioredis Cluster instances. */
  readonly isCluster?: boolean;
  /** Cluster only: the Redis instance of each node. */
  nodes?(role: 'master'): IoredisLike[];
  /** Cluster only: for each slot, the "host:port" of its master then replicas. */
  readonly slots?: readonly (readonly string[] | undefined)[];
}

/** Only ASCII text is the same bytes in UTF-8 (which ioredis writes strings as) and latin1. */
const NOT_ASCII = /[^\x00-\x7f]/;

/**
 * Arguments as bytes: strings hold one byte per char (latin1). ASCII ones go as they are, the rest
 * as Buffers; ioredis writes a command of strings only as one string, much cheaper than a
 * command with any Buffer in it (profiles of the rate limiters showed it).
 */
const toArgs = (rest: readonly string[]): Arg[] => rest.map((a) => (NOT_ASCII.test(a) ? Buffer.from(a, 'latin1') : a));

function sender(client: IoredisLike) {
  const autoPipelining = (client.options as { enableAutoPipelining?: boolean } | undefined)?.enableAutoPipelining === true;
  return async (argv: readonly string[]): Promise<Reply> => {
    const [cmd, ...rest] = argv;
    // Buffers in, so arguments are bytes (ioredis would encode JS strings as UTF-8).
    const args = toArgs(rest);
    if (!autoPipelining) return toReply(await client.callBuffer(cmd, ...args));
    // With enableAutoPipelining, ioredis 5 drops callBuffer's command name when it queues the
    // call (a crash inside ioredis), so the named `<command>Buffer` method is used instead. Named
    // methods get ioredis's reply transformers: HGETALL comes back as an object (field names
    // decoded as UTF-8), turned back into the flat array here.
    const named = (client as unknown as Record<string, unknown>)[`${cmd.toLowerCase()}Buffer`];
    const reply = typeof named === 'function' ? await (named as (...a: Arg[]) => Promise<unknown>).apply(client, args) : await client.callBuffer(cmd, ...args);
    if (reply !== null && typeof reply === 'object' && !Array.isArray(reply) && !Buffer.isBuffer(reply)) {
      return Object.entries(reply as Record<string, unknown>).flatMap(([k, v]) => [Buffer.from(k, 'utf8').toString('latin1'), toReply(v)]);
    }
    return toReply(reply);
  };
}

/** Maps ioredis status events onto 'ready' / 'down'. */
function onStatus(client: IoredisLike, ev: ConnectionEvent, fn: () => void): () => void {
  const names = ev === 'ready' ? ['ready'] : ['close'];
  for (const n of names) client.on(n, fn);
  return () => {
    for (const n of names) client.off(n, fn);
  };
}

/** A duplicate of `client`, opened for the toolkit's own use. */
async function dedicatedOf(client: IoredisLike): Promise<DedicatedConnection> {
  const dup = client.duplicate();
  // A duplicate connects lazily or at once depending on options (cluster nodes' are lazy); wait
  // until it can take commands.
  if (dup.status === 'wait') await dup.connect();
  else if (dup.status !== 'ready') {
    await new Promise<void>((resolve, reject) => {
      const ok = () => {
        dup.off('error', bad);
        resolve();
      };
      const bad = (e: Error) => {
        dup.off('ready', ok);
        reject(e);
      };
      dup.on('ready', ok);
      dup.on('error', bad);
    });
  }
  // Errors are reported through 'down' and rejected calls; an unhandled 'error' would crash.
  dup.on('error', () => undefined);
  const messages = new Listeners<[string, string, Reply]>();
  // The payload is a Buffer for PUBLISH, an array of Buffers or null for tracking invalidations.
  dup.on('messageBuffer', (ch: Buffer, msg: unknown) => {
    const payload = toReply(msg);
    messages.emit(ch.toString('latin1'), typeof payload === 'string' ? payload : '', payload);
  });
  return {
    call: sender(dup),
    subscribe: async (channels) => {
      await dup.subscribe(...toArgs(channels));
    },
    unsubscribe: async (channels) => {
      await dup.unsubscribe(...toArgs(channels));
    },
    onMessage: (fn) => messages.add(fn),
    on: (ev, fn) => onStatus(dup, ev, fn),
    close: async () => dup.disconnect(),
  };
}

function addressOf(client: IoredisLike): string {
  const o = (client.options ?? {}) as { host?: string; port?: number };
  return `${o.host ?? 'localhost'}:${o.port ?? 6379}`;
}

function nodeOf(client: IoredisLike): NodeHandle {
  return { id: addressOf(client), call: sender(client), dedicated: () => dedicatedOf(client) };
}

/** The cluster master serving `routeKey`'s slot (the first master when unknown). */
function masterFor(cluster: IoredisLike & { nodes(role: 'master'): IoredisLike[] }, routeKey?: string): IoredisLike {
  const masters = cluster.nodes('master');
  const owner = routeKey === undefined ? undefined : cluster.slots?.[keySlot(routeKey)]?.[0];
  return masters.find((m) => addressOf(m) === owner) ?? masters[0];
}

/** Wraps an ioredis client or cluster client. */
export function fromIoredis(client: IoredisLike): RedisAdapter {
  const send = sender(client);
  const cluster = client.isCluster === true;
  return {
    kind: 'ioredis',
    cluster,
    call: (argv) => send(argv),
    runScript: (script: Script, keys, args) => evalWithFallback(send, script, keys, args),
    pipeline: (entries) =>
      pipelineWithFallback(async (cmds) => {
        const p = client.pipeline();
        for (const [cmd, ...rest] of cmds) p.callBuffer(cmd, ...toArgs(rest));
        const out = (await p.exec()) ?? [];
        return out.map(([err, v]) => (err !== null ? err : toReply(v)));
      }, entries),
    nodes: async () => (cluster && client.nodes ? client.nodes('master').map(nodeOf) : [nodeOf(client)]),
    // A cluster duplicate would be a whole cluster client; the toolkit wants one node's connection.
    dedicated: async (routeKey) => dedicatedOf(cluster && client.nodes ? masterFor(client as Parameters<typeof masterFor>[0], routeKey) : client),
    on: (ev, fn) => onStatus(client, ev, fn),
  };
}

/** ioredis's reply values (Buffer, number, null, arrays; errors are rejections) as Reply. */
export function toReply(v: unknown): Reply {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(toReply);
  throw new TypeError(`unexpected reply value of type ${typeof v}`);
}
