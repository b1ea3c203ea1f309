/**
 * Every (client library, server) pair the adapter tests run on: Sonic in process, and ioredis,
 * node-redis 4 and node-redis 5 over TCP to Sonic and to a real redis-server. One server of each
 * kind is shared by the whole file (the tests use distinct keys per target).
 */
import { Redis } from 'ioredis';
import { createClient as createClient4 } from 'redis';
import { createClient as createClient5 } from 'redis5';
import { startServer, type RunningServer } from '../../src/server/embedded.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';
import type { RedisAdapter } from '../../src/cache/client/adapter.js';
import { fromIoredis } from '../../src/cache/client/ioredis.js';
import { fromNodeRedis } from '../../src/cache/client/node-redis.js';
import { fromSonic } from '../../src/cache/client/sonic.js';

/** Every byte value once, as a latin1 string. */
export const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');

/** EVAL and EVALSHA call counts from INFO commandstats (0 when never called). */
export async function evalCalls(a: RedisAdapter): Promise<{ eval: number; evalsha: number }> {
  const info = String(await a.call(['INFO', 'commandstats']));
  const calls = (name: string) => Number(new RegExp(`cmdstat_${name}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
  return { eval: calls('eval'), evalsha: calls('evalsha') };
}

export interface Servers {
  sonic: RunningServer;
  redis: RedisServer;
}

export async function startServers(): Promise<Servers> {
  const [sonic, redis] = await Promise.all([startServer({ port: 0 }), startRedisServer()]);
  return { sonic, redis };
}

export async function stopServers(s: Servers | undefined): Promise<void> {
  s?.redis.stop();
  await s?.sonic.close();
}

export interface Opened {
  adapter: RedisAdapter;
  close(): Promise<void>;
}

export interface AdapterTarget {
  readonly name: string;
  open(s: Servers): Promise<Opened>;
}

const portOf = (s: Servers, server: 'sonic' | 'redis') => (server === 'sonic' ? s.sonic.port : s.redis.port);

function ioredisTarget(server: 'sonic' | 'redis'): AdapterTarget {
  return {
    name: `ioredis to ${server}`,
    async open(s) {
      const redis = new Redis(portOf(s, server), '127.0.0.1', { maxRetriesPerRequest: null });
      redis.on('error', () => undefined);
      return { adapter: fromIoredis(redis), close: async () => redis.disconnect() };
    },
  };
}

function nodeRedisTarget(version: 4 | 5, server: 'sonic' | 'redis'): AdapterTarget {
  return {
    name: `node-redis ${version} to ${server}`,
    async open(s) {
      const url = `redis://127.0.0.1:${portOf(s, server)}`;
      const client = version === 4 ? createClient4({ url }) : createClient5({ url });
      client.on('error', () => undefined);
      await client.connect();
      return {
        adapter: fromNodeRedis(client),
        close: async () => {
          if (version === 4) await (client as ReturnType<typeof createClient4>).disconnect();
          else (client as ReturnType<typeof createClient5>).destroy();
        },
      };
    },
  };
}

export const ADAPTER_TARGETS: readonly AdapterTarget[] = [
  {
    name: 'Sonic in process',
    async open(s) {
      const adapter = fromSonic(s.sonic);
      return { adapter, close: async () => adapter.close() };
    },
  },
  ioredisTarget('sonic'),
  ioredisTarget('redis'),
  nodeRedisTarget(4, 'sonic'),
  nodeRedisTarget(4, 'redis'),
  nodeRedisTarget(5, 'sonic'),
  nodeRedisTarget(5, 'redis'),
];
