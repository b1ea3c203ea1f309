/**
 * Socket-level harness for the connection tests: a real embedded server and raw TCP clients that
 * send bytes and read back exact replies, so protocol edge cases are checked on the wire.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { startServer, type RunningServer, type StartServerOptions } from '../../src/server/embedded.js';

export class ReplyError {
  constructor(readonly message: string) {}
}

/** Parses one RESP2/RESP3 reply at `i`; returns it and the next offset, or undefined if incomplete. */
export function parseReply(s: string, i = 0): { value: unknown; next: number } | undefined {
  const end = s.indexOf('\r\n', i);
  if (end < 0) return undefined;
  const t = s[i];
  const l = s.slice(i + 1, end);
  let p = end + 2;
  switch (t) {
    case '+':
      return { value: l, next: p };
    case '-':
      return { value: new ReplyError(l), next: p };
    case ':':
      return { value: Number(l), next: p };
    case ',':
    case '(':
      return { value: l, next: p };
    case '#':
      return { value: l === 't', next: p };
    case '_':
      return { value: null, next: p };
    case '$':
    case '=': {
      const n = Number(l);
      if (n < 0) return { value: null, next: p };
      if (s.length < p + n + 2) return undefined;
      const v = s.slice(p, p + n);
      return { value: t === '=' ? v.slice(4) : v, next: p + n + 2 };
    }
    case '*':
    case '~':
    case '%':
    case '>': {
      const n = Number(l);
      if (n < 0) return { value: null, next: p };
      const out: unknown[] = [];
      for (let k = 0; k < (t === '%' ? 2 * n : n); k++) {
        const r = parseReply(s, p);
        if (r === undefined) return undefined;
        out.push(r.value);
        p = r.next;
      }
      return { value: out, next: p };
    }
    default:
      throw new Error(`bad reply type ${JSON.stringify(t)} in ${JSON.stringify(s.slice(i, i + 80))}`);
  }
}

/** A raw client: everything received is kept as latin1 text. */
export class RawClient {
  data = '';
  closed = false;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: Socket) {
    socket.on('data', (b) => {
      this.data += b.toString('latin1');
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {});
  }

  static open(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = netConnect(port, '127.0.0.1', () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Waits until `cond` holds or `ms` pass; returns whether it held. */
  async until(cond: () => boolean, ms = 2000): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!cond()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((r) => {
        const t = setTimeout(r, left);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
    return true;
  }

  send(bytes: string | Buffer): void {
    this.socket.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  }

  /** Sends a command in RESP multibulk form. */
  command(...argv: string[]): void {
    let s = `*${argv.length}\r\n`;
    for (const a of argv) s += `$${a.length}\r\n${a}\r\n`;
    this.send(s);
  }

  /** Reads the next reply (throws on timeout). */
  async read(ms = 2000): Promise<unknown> {
    let r: ReturnType<typeof parseReply>;
    const ok = await this.until(() => (r = parseReply(this.data)) !== undefined || this.closed, ms);
    r ??= parseReply(this.data);
    if (!ok || r === undefined) throw new Error(`no reply (closed=${this.closed}, data=${JSON.stringify(this.data.slice(0, 200))})`);
    this.data = this.data.slice(r.next);
    return r.value;
  }

  /** Sends a command and reads its reply. */
  async call(...argv: string[]): Promise<unknown> {
    this.command(...argv);
    return this.read();
  }

  /** Waits for `n` raw bytes (or close) and takes them. */
  async readBytes(n: number, ms = 2000): Promise<string> {
    await this.until(() => this.data.length >= n || this.closed, ms);
    const out = this.data.slice(0, n);
    this.data = this.data.slice(n);
    return out;
  }

  /** Waits for the server to close the connection. */
  waitClosed(ms = 2000): Promise<boolean> {
    return this.until(() => this.closed, ms);
  }

  close(): void {
    this.socket.destroy();
  }
}

/** Starts an embedded server on an ephemeral port, runs `fn`, and always closes it. */
export async function withServer(opts: StartServerOptions, fn: (srv: RunningServer) => Promise<void>): Promise<void> {
  const srv = await startServer({ port: 0, ...opts });
  try {
    await fn(srv);
  } finally {
    await srv.close();
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
