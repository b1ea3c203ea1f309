/**
 * The adapter for Sonic's embedded server, in process: commands run through the engine's
 * dispatcher on a LocalConnection, with no socket and no serialization of arguments.
 *
 * A local connection the server closes (CLIENT KILL, a client-output limit) is replaced by a new
 * one at once, as a network client reconnects: 'down' then 'ready' are reported, and a dedicated
 * connection subscribes again to its channels.
 */
import type { Engine } from '../../engine/engine.js';
import type { RunningServer } from '../../server/embedded.js';
import { LocalConnection } from '../../server/local-connection.js';
import type { Reply } from '../../protocol/reply-decoder.js';
import { Listeners, type DedicatedConnection, type NodeHandle, type RedisAdapter } from './adapter.js';
import { evalWithFallback, pipelineWithFallback, type Script } from './script.js';

/** An adapter plus the connection it owns (close it when done). */
export interface SonicAdapter extends RedisAdapter {
  readonly connection: LocalConnection;
  close(): void;
}

/** A local connection that reopens itself when the server drops it. */
class SelfHealing {
  conn: LocalConnection;
  private stopped = false;
  readonly ready = new Listeners();
  readonly down = new Listeners();
  readonly pushes = new Listeners<[Reply]>();

  constructor(private readonly engine: Engine) {
    this.conn = this.open();
  }

  private open(): LocalConnection {
    const c = new LocalConnection(this.engine);
    c.onPush = (v) => this.pushes.emit(v);
    c.onClose = () => {
      if (this.stopped) return;
      this.down.emit();
      // Reconnect on a later turn, as a network client would; commands sent meanwhile go to it.
      this.conn = this.open();
      queueMicrotask(() => this.ready.emit());
    };
    return c;
  }

  send(argv: readonly string[]): Promise<Reply> {
    return this.conn.send(argv);
  }

  close(): void {
    this.stopped = true;
    this.conn.close();
  }
}

function sendMany(conn: SelfHealing) {
  return (cmds: string[][]): Promise<(Reply | Error)[]> =>
    Promise.all(cmds.map((c) => conn.send(c).catch((e: Error) => e)));
}

async function dedicatedOn(engine: Engine): Promise<DedicatedConnection> {
  const conn = new SelfHealing(engine);
  const channels = new Set<string>();
  const messages = new Listeners<[string, string, Reply]>();
  conn.pushes.add((v) => {
    // RESP2 pub/sub frames: ['message', channel, payload] (payload: a string, or for tracking
    // invalidations an array of keys or null); subscribe confirmations are ignored.
    if (Array.isArray(v) && v[0] === 'message' && v.length === 3) {
      const payload = v[2];
      messages.emit(String(v[1]), typeof payload === 'string' ? payload : '', payload);
    }
  });
  conn.ready.add(() => {
    if (channels.size !== 0) void conn.send(['SUBSCRIBE', ...channels]).catch(() => undefined);
  });
  return {
    call: (argv) => conn.send(argv),
    subscribe: async (chs) => {
      for (const c of chs) channels.add(c);
      await conn.send(['SUBSCRIBE', ...chs]);
    },
    unsubscribe: async (chs) => {
      for (const c of chs) channels.delete(c);
      await conn.send(['UNSUBSCRIBE', ...chs]);
    },
    onMessage: (fn) => messages.add(fn),
    on: (ev, fn) => (ev === 'ready' ? conn.ready : conn.down).add(fn),
    close: async () => conn.close(),
  };
}

/** Opens an in-process connection to `server` and wraps it. */
export function fromSonic(server: Pick<RunningServer, 'engine'>): SonicAdapter {
  const { engine } = server;
  const conn = new SelfHealing(engine);
  const send = (argv: readonly string[]) => conn.send(argv);
  const node: NodeHandle = { id: 'sonic:local', call: send, dedicated: () => dedicatedOn(engine) };
  return {
    kind: 'sonic',
    cluster: false,
    get connection() {
      return conn.conn;
    },
    call: (argv) => send(argv),
    runScript: (script: Script, keys, args) => evalWithFallback(send, script, keys, args),
    pipeline: (entries) => pipelineWithFallback(sendMany(conn), entries),
    nodes: async () => [node],
    dedicated: () => dedicatedOn(engine),
    on: (ev, fn) => (ev === 'ready' ? conn.ready : conn.down).add(fn),
    close: () => conn.close(),
  };
}
