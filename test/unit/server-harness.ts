/**
 * In-process harness for command tests: an Engine, clients on a fake transport, and a small
 * RESP decoder so tests compare decoded replies. No sockets.
 */
import { Engine, type EngineOptions } from '../../src/engine/engine.js';
import type { Client, ClientTransport } from '../../src/engine/client.js';

let nextPort = 50000;

/** What tests see of the fake transport. */
export interface FakeTransport {
  readonly addr: string;
  flushed: string[];
  closed: boolean;
}

/**
 * A transport that records flushes instead of writing to a socket. Typed loosely on purpose:
 * ClientTransport grows with the connection work, and these tests use only the basics.
 */
export function fakeTransport(): FakeTransport {
  const t = {
    addr: `127.0.0.1:${nextPort++}`,
    laddr: '127.0.0.1:6379',
    fd: 8,
    flushed: [] as string[],
    closed: false,
    client: undefined as Client | undefined,
    close() {
      t.closed = true;
    },
    queryBufferBytes: () => 0,
    buffers: () => ({}),
    outputBytes: () => 0,
    flush() {
      if (t.client) t.flushed.push(t.client.reply.takeAll());
    },
    resume() {},
  };
  return t;
}

export interface TestClient {
  client: Client;
  transport: FakeTransport;
  /** Runs one command and returns its decoded reply. */
  run(...argv: string[]): unknown;
  /** Runs one command and returns the raw reply bytes. */
  raw(...argv: string[]): string;
}

export function newEngine(opts?: EngineOptions): Engine {
  const e = new Engine(opts);
  e.stats.stopSampling();
  return e;
}

export function connect(engine: Engine): TestClient {
  const transport = fakeTransport();
  const client = engine.createClient(transport as unknown as ClientTransport);
  (transport as { client?: Client }).client = client;
  const raw = (...argv: string[]) => {
    engine.execute(client, argv);
    return client.reply.takeAll();
  };
  return { client, transport, raw, run: (...argv: string[]) => decode(raw(...argv)) };
}

/** An error reply, decoded. */
export class ReplyError {
  constructor(readonly message: string) {}
}

/** Decodes one RESP2/RESP3 reply (the first in `s`); maps become arrays of [k, v] pairs flattened. */
export function decode(s: string): unknown {
  let i = 0;
  const line = () => {
    const end = s.indexOf('\r\n', i);
    const l = s.slice(i, end);
    i = end + 2;
    return l;
  };
  const one = (): unknown => {
    const t = s[i++];
    const l = line();
    switch (t) {
      case '+':
        return l;
      case '-':
        return new ReplyError(l);
      case ':':
        return Number(l);
      case '(':
      case ',':
        return l;
      case '#':
        return l === 't';
      case '_':
        return null;
      case '$':
      case '=': {
        const n = Number(l);
        if (n < 0) return null;
        const v = s.slice(i, i + n);
        i += n + 2;
        return t === '=' ? v.slice(4) : v;
      }
      case '*':
      case '~':
      case '>': {
        const n = Number(l);
        if (n < 0) return null;
        const out: unknown[] = [];
        for (let k = 0; k < n; k++) out.push(one());
        return out;
      }
      case '%': {
        const n = Number(l);
        const out: unknown[] = [];
        for (let k = 0; k < 2 * n; k++) out.push(one());
        return out;
      }
      default:
        throw new Error(`bad reply type ${t} in ${JSON.stringify(s)}`);
    }
  };
  return one();
}
