/**
 * An embedded Sonic for tests, on an ephemeral port, whose clock is a VirtualClock: TIME, key
 * expiry and blocking timeouts follow `clock.advance()` (DESIGN rule 9), with no real sleeping.
 */
import { startServer, type RunningServer, type StartServerOptions } from '../../server/embedded.js';
import { LocalConnection } from '../../server/local-connection.js';
import { fromSonic, type SonicAdapter } from '../client/sonic.js';
import { VirtualClock } from './virtual-clock.js';
import { Faults } from './faults.js';

export interface TestServerOptions extends Omit<StartServerOptions, 'clock' | 'port'> {
  /** The clock to run on; a new VirtualClock (at the wall clock's time now) by default. */
  clock?: VirtualClock;
}

export interface TestServer {
  readonly port: number;
  /** `redis://127.0.0.1:port`, for ioredis or node-redis. */
  readonly url: string;
  readonly clock: VirtualClock;
  /** The embedded server itself (engine access for inspection). */
  readonly server: RunningServer;
  /** Fault injection: drop or delay invalidation messages. */
  readonly faults: Faults;
  /** A new in-process connection (no socket); closed by close() if still open. */
  connect(): LocalConnection;
  /** A toolkit adapter on a new in-process connection; closed by close() if still open. */
  adapter(): SonicAdapter;
  /** Closes every connection opened here, then the server. */
  close(): Promise<void>;
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const { clock = new VirtualClock(), ...params } = options;
  const server = await startServer({ ...params, port: 0, clock });
  const { engine } = server;
  // What the engine's own timers would do when a deadline passes, run as virtual time moves
  // (those timers are real ones and would otherwise fire only on wall-clock time).
  const stopHook = clock.onAdvance(() => {
    engine.tick();
    engine.blocking.checkTimeouts();
  });
  engine.onClose(stopHook);
  const opened = new Set<{ close(): void }>();
  const track = <T extends { close(): void }>(c: T): T => {
    opened.add(c);
    return c;
  };
  return {
    port: server.port,
    url: server.url,
    clock,
    server,
    faults: new Faults(engine, clock),
    connect: () => track(new LocalConnection(engine)),
    adapter: () => track(fromSonic(server)),
    close: async () => {
      for (const c of opened) c.close();
      opened.clear();
      await server.close();
    },
  };
}
