/**
 * Picks the adapter for whatever client the user passes to createToolkit, by its shape (no client
 * library is imported). An adapter passes through unchanged, which is how Sonic in process
 * (`fromSonic` from `sonic-kv/testing`) and custom adapters are used.
 */
import { ToolkitOptionError } from '../errors.js';
import type { RedisAdapter } from './adapter.js';
import { fromIoredis, type IoredisLike } from './ioredis.js';

/** Anything createToolkit accepts as `client`. */
export type AnyClient = RedisAdapter | IoredisLike;

export function adapt(client: AnyClient): RedisAdapter {
  const c = client as Partial<RedisAdapter & IoredisLike>;
  if (typeof c.runScript === 'function' && typeof c.call === 'function' && typeof c.kind === 'string') return client as RedisAdapter;
  if (typeof c.callBuffer === 'function') return fromIoredis(client as IoredisLike);
  throw new ToolkitOptionError('client must be an ioredis client (Redis or Cluster) or a RedisAdapter');
}
