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

export interface RedisAdapter {
  /** Which client library is behind it. */
  readonly kind: 'ioredis' | 'node-redis' | 'sonic';
  /** True for cluster clients: then every atomic call must keep its keys in one slot. */
  readonly cluster: boolean;
  /** Runs one command; rejects with the server's error. `routeKey` picks the node on clusters. */
  call(argv: readonly string[], routeKey?: string): Promise<Reply>;
  /** Runs a script by EVALSHA, falling back to EVAL when the server does not have it (NOSCRIPT). */
  runScript(script: Script, keys: readonly string[], args: readonly string[]): Promise<Reply>;
}
