/**
 * The adapter for node-redis 4 and 5 (`createClient` and `createCluster`). Structural types only:
 * node-redis is never imported. Replies come back as Buffers (v4: the `returnBuffers` command
 * option; v5: a type mapping of the string reply types to Buffer), converted to latin1 strings
 * here, so every byte value round-trips.
 *
 * Pipelines are commands sent in one tick, which node-redis writes together (its auto-pipelining):
 * `multi().execAsPipeline()` cannot do the job, since in v4 it rejects the whole batch on the first
 * error reply and cannot return buffers. Subscriptions and blocking reads go to `duplicate()`s,
 * never to the user's client; node-redis itself subscribes again after a reconnect.
 */
import { ToolkitError } from '../errors.js';
import type { ConnectionEvent, DedicatedConnection, NodeHandle, RedisAdapter, Reply } from './adapter.js';
import { Listeners } from './adapter.js';
import { evalWithFallback, pipelineWithFallback, type Script } from './script.js';
import { keySlot, routeKeyOf } from './slot.js';
import { toReply as bufferReply } from './ioredis.js';

type Arg = string | Buffer;
type Listener = (message: Buffer, channel: Buffer) => void;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- node-redis types its listeners with any
type AnyFn = (...args: any[]) => void;

interface Emitter {
  on(event: string, fn: AnyFn): unknown;
  off(event: string, fn: AnyFn): unknown;
}

/** The part of a node-redis client (v4 or v5) the adapter uses. */
export interface NodeRedisClientLike extends Emitter {
  sendCommand(args: Arg[], options?: object): Promise<unknown>;
  duplicate(): NodeRedisClientLike;
  connect(): Promise<unknown>;
  subscribe(channels: string[], listener: Listener, bufferMode: true): Promise<unknown>;
  unsubscribe(channels: string[], listener: Listener, bufferMode: true): Promise<unknown>;
  readonly isReady: boolean;
  /** v5 only: the marker this adapter uses to tell the versions apart. */
  withTypeMapping?: unknown;
  destroy?(): unknown;
  disconnect?(): unknown;
}

/** A master as node-redis clusters list it (`masters`). */
export interface NodeRedisShardNode {
  readonly host: string;
  readonly port: number;
}

/** The part of a node-redis cluster client (v4 or v5) the adapter uses. */
export interface NodeRedisClusterLike extends Emitter {
  sendCommand(firstKey: Arg | undefined, isReadonly: boolean | undefined, args: Arg[], options?: object): Promise<unknown>;
  readonly masters: readonly NodeRedisShardNode[];
  nodeClient(node: NodeRedisShardNode): NodeRedisClientLike | Promise<NodeRedisClientLike>;
  getSlotMaster(slot: number): NodeRedisShardNode;
  withTypeMapping?: unknown;
}

export type NodeRedisLike = NodeRedisClientLike | NodeRedisClusterLike;

/** RESP type codes (node-redis 5's RESP_TYPES) whose replies we want as bytes. */
const V5_BYTES = { 36: Buffer, 61: Buffer, 44: Buffer, 40: Buffer } as const; // blob, verbatim, double, big number

/** The command options asking for Buffer replies, in the dialect of the client's version. */
function bufferOptions(c: { withTypeMapping?: unknown }): object {
  return typeof c.withTypeMapping === 'function' ? { typeMapping: V5_BYTES } : { returnBuffers: true };
}

const toArgs = (argv: readonly string[]): Buffer[] => argv.map((a) => Buffer.from(a, 'latin1'));

/** node-redis reply values as Reply: RESP3 maps (v5 with `RESP: 3`) flattened, booleans as 1/0. */
function toReply(v: unknown): Reply {
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Map) return [...v].flatMap(([k, x]) => [toReply(k), toReply(x)]);
  if (v instanceof Set) return [...v].map(toReply);
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v)) {
    return Object.entries(v).flatMap(([k, x]) => [k, toReply(x)]);
  }
  if (Array.isArray(v)) return v.map(toReply);
  return bufferReply(v);
}

/**
 * node-redis files channel listeners under the channel's UTF-8 text, so only names whose bytes are
 * valid UTF-8 can be subscribed to through it; anything else is refused rather than misrouted.
 */
function channelText(ch: string): string {
  const bytes = Buffer.from(ch, 'latin1');
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) {
    throw new ToolkitError(`node-redis cannot subscribe to a channel name that is not valid UTF-8: ${JSON.stringify(ch)}`);
  }
  return text;
}

function sender(client: NodeRedisClientLike) {
  const opts = bufferOptions(client);
  return async (argv: readonly string[]): Promise<Reply> => toReply(await client.sendCommand(toArgs(argv), opts));
}

/** Maps node-redis events onto 'ready' / 'down' (a lost socket shows as 'reconnecting'; close() as 'end'). */
function onStatus(client: Emitter, ev: ConnectionEvent, fn: () => void): () => void {
  const names = ev === 'ready' ? ['ready'] : ['reconnecting', 'end'];
  for (const n of names) client.on(n, fn);
  return () => {
    for (const n of names) client.off(n, fn);
  };
}

/** A connected duplicate of `client`, for the toolkit's own use. */
async function dedicatedOf(client: NodeRedisClientLike): Promise<DedicatedConnection> {
  const dup = client.duplicate();
  // Errors are reported through 'down' and rejected calls; an unhandled 'error' would crash.
  dup.on('error', () => undefined);
  await dup.connect();
  const messages = new Listeners<[string, string, Reply]>();
  // Tracking invalidations carry an array of keys (or null after FLUSHALL) instead of a string.
  const listener: Listener = (msg, ch) => {
    const m = msg as Buffer | Buffer[] | null;
    const payload: Reply = m === null ? null : Array.isArray(m) ? m.map((b) => b.toString('latin1')) : m.toString('latin1');
    messages.emit(ch.toString('latin1'), Array.isArray(payload) ? payload.join(',') : (payload ?? ''), payload);
  };
  return {
    call: sender(dup),
    subscribe: async (channels) => {
      await dup.subscribe(channels.map(channelText), listener, true);
    },
    unsubscribe: async (channels) => {
      await dup.unsubscribe(channels.map(channelText), listener, true);
    },
    onMessage: (fn) => messages.add(fn),
    on: (ev, fn) => onStatus(dup, ev, fn),
    close: async () => {
      if (dup.destroy) dup.destroy();
      else dup.disconnect?.();
    },
  };
}

function isCluster(c: NodeRedisLike): c is NodeRedisClusterLike {
  return 'masters' in c && typeof (c as NodeRedisClusterLike).nodeClient === 'function';
}

/** Wraps a node-redis client or cluster client (v4 or v5). */
export function fromNodeRedis(client: NodeRedisLike): RedisAdapter {
  return isCluster(client) ? clusterAdapter(client) : standaloneAdapter(client);
}

function standaloneAdapter(client: NodeRedisClientLike): RedisAdapter {
  const send = sender(client);
  const node: NodeHandle = { id: 'node-redis:client', call: send, dedicated: () => dedicatedOf(client) };
  return {
    kind: 'node-redis',
    cluster: false,
    call: (argv) => send(argv),
    runScript: (script: Script, keys, args) => evalWithFallback(send, script, keys, args),
    pipeline: (entries) => pipelineWithFallback((cmds) => Promise.all(cmds.map((c) => send(c).catch((e: Error) => e))), entries),
    nodes: async () => [node],
    dedicated: () => dedicatedOf(client),
    on: (ev, fn) => onStatus(client, ev, fn),
  };
}

function clusterAdapter(cluster: NodeRedisClusterLike): RedisAdapter {
  const opts = bufferOptions(cluster);
  const send = async (argv: readonly string[], routeKey = routeKeyOf(argv)): Promise<Reply> => {
    const first = routeKey === undefined ? undefined : Buffer.from(routeKey, 'latin1');
    return toReply(await cluster.sendCommand(first, false, toArgs(argv), opts));
  };
  const nodeHandle = (n: NodeRedisShardNode): NodeHandle => {
    const client = async () => cluster.nodeClient(n);
    return {
      id: `${n.host}:${n.port}`,
      call: async (argv) => sender(await client())(argv),
      dedicated: async () => dedicatedOf(await client()),
    };
  };
  return {
    kind: 'node-redis',
    cluster: true,
    call: (argv, routeKey) => send(argv, routeKey),
    runScript: (script: Script, keys, args) => evalWithFallback((argv) => send(argv, keys[0]), script, keys, args),
    pipeline: (entries) =>
      pipelineWithFallback((cmds) => {
        // Every entry is in one slot (the adapter's contract): route them all by the first key found.
        const route = cmds.map((c) => routeKeyOf(c)).find((k) => k !== undefined);
        return Promise.all(cmds.map((c) => send(c, route).catch((e: Error) => e)));
      }, entries),
    nodes: async () => cluster.masters.map(nodeHandle),
    dedicated: async (routeKey) => {
      const master = routeKey === undefined ? cluster.masters[0] : cluster.getSlotMaster(keySlot(routeKey));
      return nodeHandle(master).dedicated();
    },
    // node-redis clusters report no per-reconnect readiness (v4 emits only errors; v5 'node-ready'
    // once per node): events come from the dedicated connections, which are plain clients.
    on: (ev, fn) => onStatus(cluster, ev, fn),
  };
}
