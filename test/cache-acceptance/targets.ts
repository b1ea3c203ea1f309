/**
 * The two servers every toolkit acceptance test runs against (docs/cache/DESIGN.md, section 8):
 * Sonic embedded (in this process, on the test's clock when given one) and Debian's redis-server
 * 7.0 started for the test (a missing binary fails the test, as the differential tests do).
 */
import { Redis } from 'ioredis';
import { startTestServer, type TestServer } from '../../src/cache/testing/test-server.js';
import { startServer } from '../../src/server/embedded.js';
import { fromSonic } from '../../src/cache/client/sonic.js';
import type { VirtualClock } from '../../src/cache/testing/virtual-clock.js';
import { fromIoredis } from '../../src/cache/client/ioredis.js';
import type { RedisAdapter } from '../../src/cache/client/adapter.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

export interface Target {
  readonly name: 'sonic' | 'redis';
  readonly port: number;
  readonly url: string;
  /** Sonic only: the embedded server (faults, engine inspection). */
  readonly sonic: TestServer | null;
  /** A new adapter: in process for Sonic when `local`, else ioredis over TCP. Closed by close(). */
  adapter(opts?: { local?: boolean }): RedisAdapter;
  /** A new ioredis client (closed by close()). */
  ioredis(): Redis;
  close(): Promise<void>;
}

export type TargetName = Target['name'];
export const TARGET_NAMES: readonly TargetName[] = ['sonic', 'redis'];

/**
 * Starts the named target; `clock` applies to Sonic (Redis keeps wall time). `realTime`: Sonic runs
 * on the system clock instead of a virtual one (leases on server time expire as the wall clock
 * moves, as on Redis); then `sonic` is null.
 */
export async function startTarget(name: TargetName, opts: { clock?: VirtualClock; args?: string[]; realTime?: boolean } = {}): Promise<Target> {
  const clients: Redis[] = [];
  const ioredis = (port: number) => () => {
    const r = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null, lazyConnect: false });
    r.on('error', () => undefined);
    clients.push(r);
    return r;
  };
  const closeClients = () => {
    for (const c of clients) c.disconnect();
  };
  if (name === 'sonic' && opts.realTime) {
    const server = await startServer({ port: 0 });
    const io = ioredis(server.port);
    const local: { close(): void }[] = [];
    return {
      name,
      port: server.port,
      url: server.url,
      sonic: null,
      adapter: (o) => {
        if (o?.local === false) return fromIoredis(io());
        const a = fromSonic(server);
        local.push(a);
        return a;
      },
      ioredis: io,
      close: async () => {
        closeClients();
        for (const c of local) c.close();
        await server.close();
      },
    };
  }
  if (name === 'sonic') {
    const ts = await startTestServer({ clock: opts.clock });
    const io = ioredis(ts.port);
    return {
      name,
      port: ts.port,
      url: ts.url,
      sonic: ts,
      adapter: (o) => (o?.local === false ? fromIoredis(io()) : ts.adapter()),
      ioredis: io,
      close: async () => {
        closeClients();
        await ts.close();
      },
    };
  }
  const rs: RedisServer = await startRedisServer({ args: opts.args });
  const io = ioredis(rs.port);
  return {
    name,
    port: rs.port,
    url: `redis://127.0.0.1:${rs.port}`,
    sonic: null,
    adapter: () => fromIoredis(io()),
    ioredis: io,
    close: async () => {
      closeClients();
      rs.stop();
    },
  };
}
