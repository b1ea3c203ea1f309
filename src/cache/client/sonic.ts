/**
 * The adapter for Sonic's embedded server, in process: commands run through the engine's
 * dispatcher on a LocalConnection, with no socket and no serialization of arguments.
 */
import type { RunningServer } from '../../server/embedded.js';
import { LocalConnection } from '../../server/local-connection.js';
import type { RedisAdapter } from './adapter.js';
import { evalWithFallback, type Script } from './script.js';

/** An adapter plus the connection it owns (close it when done). */
export interface SonicAdapter extends RedisAdapter {
  readonly connection: LocalConnection;
  close(): void;
}

/** Opens an in-process connection to `server` and wraps it. */
export function fromSonic(server: Pick<RunningServer, 'engine'>): SonicAdapter {
  const connection = new LocalConnection(server.engine);
  const send = (argv: readonly string[]) => connection.send(argv);
  return {
    kind: 'sonic',
    cluster: false,
    connection,
    call: (argv) => send(argv),
    runScript: (script: Script, keys, args) => evalWithFallback(send, script, keys, args),
    close: () => connection.close(),
  };
}
