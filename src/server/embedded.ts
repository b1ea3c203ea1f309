/** The embedded API: run an isolated Sonic server inside the current process. */
import { Config } from '../config/registry.js';
import { Engine } from '../engine/engine.js';
import type { Clock } from '../util/clock.js';
import { Listener } from './listener.js';
import { loadAtStartup } from '../persistence/snapshot.js';
import { installAofConfig, loadDataAtStartup } from '../persistence/aof/index.js';
import { saveStateOf } from '../persistence/bgsave/state.js';

/** Options for {@link startServer}: any redis.conf parameter, plus a few embedding-only ones. */
export interface StartServerOptions {
  /** TCP port; 0 (the default) picks a free ephemeral port. */
  port?: number;
  /** Address to bind; defaults to 127.0.0.1. */
  host?: string;
  /** A clock for expiry and timeouts (tests pass a ManualClock). */
  clock?: Clock;
  /** Further redis.conf parameters, e.g. `{ requirepass: 'secret', databases: 4 }`. */
  [param: string]: unknown;
}

/** A running embedded server. */
export interface RunningServer {
  readonly host: string;
  readonly port: number;
  /** `redis://host:port`, ready for ioredis or node-redis. */
  readonly url: string;
  /** The engine, for in-process inspection. */
  readonly engine: Engine;
  /** Closes every connection and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts a server in this process. Each call gets its own databases and configuration; nothing
 * touches disk unless persistence is configured: with a `dir` or `dbfilename` option, the RDB
 * file there is loaded at start (SAVE and DEBUG RELOAD write it whenever asked).
 */
export async function startServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const { port = 0, host = '127.0.0.1', clock, ...params } = options;
  const config = new Config();
  // Options are read like redis.conf lines (immutable parameters allowed, multi-argument values
  // such as save "900 1" split), so the rules match sonic-server's command line.
  config.beginLoad();
  try {
    for (const [name, value] of Object.entries(params)) {
      if (value === undefined) continue;
      const raw = typeof value === 'boolean' ? (value ? 'yes' : 'no') : Array.isArray(value) ? value.join(' ') : String(value);
      config.set(name, raw, true);
    }
    config.set('port', String(port), true);
  } finally {
    config.endLoad();
  }
  const engine = new Engine({ config, clock });
  // Persistence is configured when the caller names where the data lives: then an existing
  // RDB file there is loaded (a bad one makes startServer reject, naming the file and offset).
  installAofConfig(engine);
  if (params.dir !== undefined || params.dbfilename !== undefined || params.appendonly === true) {
    // Persistence configured: save points and FLUSHALL's save write files as in Redis.
    saveStateOf(engine).autoSave = params.dir !== undefined || params.dbfilename !== undefined;
    try {
      loadDataAtStartup(engine);
    } catch (e) {
      engine.close();
      throw e;
    }
  }
  const listener = new Listener(engine);
  const addr = await listener.listen(port, host);
  // Port 0 asks for an ephemeral port; CONFIG GET port and INFO then report the real one.
  if (port === 0) config.set('port', String(addr.port), true);
  let closed: Promise<void> | undefined;
  const server: RunningServer = {
    host: addr.host,
    port: addr.port,
    url: `redis://${addr.host}:${addr.port}`,
    engine,
    close: () => {
      closed ??= (async () => {
        engine.close();
        await listener.close();
      })();
      return closed;
    },
  };
  // SHUTDOWN closes this server (the CLI replaces this with exiting the process).
  engine.shutdownHandler = () => void server.close();
  return server;
}
