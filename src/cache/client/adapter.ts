/**
 * What the caching toolkit needs from a Redis-protocol client (docs/cache/DESIGN.md, section 2).
 * Every toolkit pattern talks to the server through this interface only, so one implementation
 * per client library (ioredis, node-redis, Sonic in-process) is all it takes to support it.
 *
 * Arguments and string replies are latin1 strings: every byte value round-trips (DESIGN rule 5).
 */
import type { Reply } from '../../protocol/reply-decoder.js';
import type { Script } from './script.js';

export type { Reply } from '../../protocol/reply-decoder.js';

/** A script call inside a pipeline. */
export interface ScriptCall {
  readonly script: Script;
  readonly keys: readonly string[];
  readonly args: readonly string[];
}

/** One pipeline entry: a plain command (argv) or a script call. */
export type PipelineEntry = readonly string[] | ScriptCall;

/** Events an adapter or a dedicated connection reports. */
export type ConnectionEvent = 'ready' | 'down';

/**
 * A connection of its own, for state the toolkit must not put on the user's shared connection:
 * subscriptions, CLIENT TRACKING, blocking reads. Subscriptions survive a reconnect; anything
 * else the connection's owner sets up again on 'ready'.
 */
export interface DedicatedConnection {
  /** Runs one command (in subscribed mode only PING and (UN)SUBSCRIBE are allowed, as in RESP2). */
  call(argv: readonly string[]): Promise<Reply>;
  /** Subscribes to channels; messages go to the onMessage listeners. */
  subscribe(channels: readonly string[]): Promise<void>;
  unsubscribe(channels: readonly string[]): Promise<void>;
  /**
   * Listens to pub/sub messages. `message` is the payload when it is a string (every PUBLISH),
   * else ''; `payload` is the payload as sent, which for tracking invalidations on
   * `__redis__:invalidate` is an array of key names, or null for "every key" (FLUSHALL/FLUSHDB).
   * Returns a function that removes the listener.
   */
  onMessage(fn: (channel: string, message: string, payload: Reply) => void): () => void;
  /** 'ready' after every (re)connect, 'down' when the connection is lost. Returns an unsubscriber. */
  on(ev: ConnectionEvent, fn: () => void): () => void;
  close(): Promise<void>;
}

/** One server (a master, on clusters), for work that must visit every node (SCAN, tracking). */
export interface NodeHandle {
  /** host:port, or a name for in-process servers. */
  readonly id: string;
  call(argv: readonly string[]): Promise<Reply>;
  dedicated(): Promise<DedicatedConnection>;
}

export interface RedisAdapter {
  /** Which client library is behind it. */
  readonly kind: 'ioredis' | 'node-redis' | 'sonic';
  /** True for cluster clients: then every atomic call must keep its keys in one slot. */
  readonly cluster: boolean;
  /** Runs one command; rejects with the server's error. `routeKey` picks the node on clusters. */
  call(argv: readonly string[], routeKey?: string): Promise<Reply>;
  /**
   * Sends commands in one round trip (not a transaction); each entry gets its reply or its error.
   * On clusters every entry's keys must hash to one slot. A script entry that met NOSCRIPT is
   * sent again as EVAL after the rest of the pipeline (see client/script.ts).
   */
  pipeline(entries: readonly PipelineEntry[]): Promise<(Reply | Error)[]>;
  /** Runs a script by EVALSHA, falling back to EVAL when the server does not have it (NOSCRIPT). */
  runScript(script: Script, keys: readonly string[], args: readonly string[]): Promise<Reply>;
  /** Every master (standalone: the one server). */
  nodes(): Promise<NodeHandle[]>;
  /** A new connection of its own to the server (on clusters: to the node owning `routeKey`, else any). */
  dedicated(routeKey?: string): Promise<DedicatedConnection>;
  /** 'ready' after every (re)connect, 'down' when the connection is lost. Returns an unsubscriber. */
  on(ev: ConnectionEvent, fn: () => void): () => void;
}

/** True when a pipeline entry is a script call. */
export function isScriptCall(e: PipelineEntry): e is ScriptCall {
  return !Array.isArray(e);
}

/** A tiny listener registry for adapter and connection events. */
export class Listeners<A extends unknown[] = []> {
  private readonly fns = new Set<(...a: A) => void>();
  add(fn: (...a: A) => void): () => void {
    this.fns.add(fn);
    return () => this.fns.delete(fn);
  }
  emit(...a: A): void {
    for (const fn of [...this.fns]) fn(...a);
  }
}
