/**
 * Picks the adapter for whatever client the user passes to createToolkit, by its shape (no client
 * library is imported). An adapter passes through unchanged, which is how Sonic in process
 * (`fromSonic` from `sonic-kv/testing`) and custom adapters are used.
 */
import { ToolkitOptionError } from '../errors.js';
import type { RedisAdapter } from './adapter.js';
import { fromIoredis, type IoredisLike } from './ioredis.js';
import { fromNodeRedis, type NodeRedisLike } from './node-redis.js';

/** Anything createToolkit accepts as `client`. */
export type AnyClient = RedisAdapter | IoredisLike | NodeRedisLike;

export function adapt(client: AnyClient): RedisAdapter {
  const c = client as Partial<RedisAdapter & IoredisLike & { sendCommand: unknown; nodeClient: unknown }>;
  if (typeof c.runScript === 'function' && typeof c.call === 'function' && typeof c.kind === 'string') return client as RedisAdapter;
  if (typeof c.callBuffer === 'function') return fromIoredis(client as IoredisLike);
  // node-redis (4 or 5): clients have sendCommand + duplicate, clusters sendCommand + nodeClient.
  if (typeof c.sendCommand === 'function' && (typeof c.duplicate === 'function' || typeof c.nodeClient === 'function')) {
    return fromNodeRedis(client as NodeRedisLike);
  }
  throw new ToolkitOptionError('client must be an ioredis or node-redis client (standalone or cluster) or a RedisAdapter');
}
