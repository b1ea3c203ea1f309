/**
 * A RESP connection for byte-exact tests: commands go out pipelined, replies come back as the raw
 * bytes of each reply (never decoded), so two servers can be compared with `assert.equal`.
 */
import { connect, type Socket } from 'node:net';
import { encodeCommand, frameEnd } from './resp-frames.js';

/** One command: an argv array (sent as a RESP multibulk) or raw bytes sent as they are (e.g. an inline command). */
export type CommandInput = readonly string[] | string;

const REPLY_TIMEOUT_MS = 5000;

export class RawConnection {
  /** Bytes received and not yet handed out as replies. */
  private buf = '';
  private wake: (() => void) | undefined;
  /** True once the peer closed the connection. */
  closed = false;

  private constructor(private readonly sock: Socket) {
    sock.on('data', (d) => {
      this.buf += d.toString('latin1');
      this.wake?.();
    });
    sock.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    sock.on('error', () => {});
  }

  /** Connects to 127.0.0.1:`port`, retrying for up to `waitMs` while the server is still starting. */
  static async open(port: number, waitMs = 5000): Promise<RawConnection> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      try {
        return await new Promise<RawConnection>((resolve, reject) => {
          const s = connect(port, '127.0.0.1', () => {
            s.off('error', reject);
            resolve(new RawConnection(s));
          });
          s.once('error', reject);
        });
      } catch (e) {
        if (Date.now() > deadline) throw e;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  /** True when bytes arrived that no reply() call took yet. */
  hasPending(): boolean {
    return this.buf.length !== 0;
  }

  /** Writes bytes as they are (latin1). */
  send(bytes: string): void {
    this.sock.write(bytes, 'latin1');
  }

  /** Resolves when more data arrives, the peer closes, or `ms` pass. */
  private waitData(ms: number): Promise<void> {
    return new Promise((r) => {
      const t = setTimeout(r, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        r();
      };
    });
  }

  /**
   * The next reply's raw bytes. RESP3 push messages (`>`) that precede it are kept in front of it,
   * because they arrive out of band (e.g. DEBUG PROTOCOL PUSH answers a push then a real reply).
   */
  async reply(context = ''): Promise<string> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      let p = 0;
      while (this.buf[p] === '>') {
        const e = frameEnd(this.buf, p);
        if (e < 0) break;
        p = e;
      }
      const e = this.buf[p] === '>' ? -1 : frameEnd(this.buf, p);
      if (e >= 0) {
        const out = this.buf.slice(0, e);
        this.buf = this.buf.slice(e);
        return out;
      }
      if (this.closed || Date.now() > deadline) {
        throw new Error(`no complete reply to ${context} (${this.closed ? 'connection closed' : 'timeout'}): ${JSON.stringify(this.buf)}`);
      }
      await this.waitData(Math.max(1, deadline - Date.now()));
    }
  }

  /**
   * The next line the peer sent, without its CRLF (a bare LF ends one too), for streams that are
   * not replies (a replica's SYNC payload and stream: test/helpers/replication-stream.ts).
   */
  async line(): Promise<string> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (nl >= 0) {
        const l = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        return l.endsWith('\r') ? l.slice(0, -1) : l;
      }
      await this.waitMore(deadline, 'a line');
    }
  }

  /** The next `n` bytes the peer sent. */
  async bytes(n: number): Promise<string> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS;
    while (this.buf.length < n) await this.waitMore(deadline, `${n} bytes`);
    const out = this.buf.slice(0, n);
    this.buf = this.buf.slice(n);
    return out;
  }

  private async waitMore(deadline: number, what: string): Promise<void> {
    if (this.closed || Date.now() > deadline) {
      throw new Error(`no ${what} (${this.closed ? 'connection closed' : 'timeout'}): ${JSON.stringify(this.buf.slice(0, 200))}`);
    }
    await this.waitData(Math.max(1, deadline - Date.now()));
  }

  /** Sends every command in one write and returns one raw reply per command, in order. */
  async run(cmds: readonly CommandInput[]): Promise<string[]> {
    this.send(cmds.map((c) => (typeof c === 'string' ? c : encodeCommand(c))).join(''));
    const out: string[] = [];
    for (const c of cmds) out.push(await this.reply(JSON.stringify(c)));
    return out;
  }

  /** Sends one command and returns its raw reply. */
  async cmd(...argv: string[]): Promise<string> {
    return (await this.run([argv]))[0];
  }

  /**
   * Everything the peer sends until it closes or stays quiet for `quietMs` (for malformed input,
   * where the number of replies is itself what is being compared). Consumes the buffer.
   */
  async drainUntilQuiet(quietMs = 60, maxRounds = 40): Promise<string> {
    let last = -1;
    for (let i = 0; i < maxRounds && !this.closed && this.buf.length !== last; i++) {
      last = this.buf.length;
      await this.waitData(quietMs);
      // More data may still be coming in the same burst: keep waiting while it grows.
    }
    const out = this.buf;
    this.buf = '';
    return out;
  }

  close(): void {
    this.sock.destroy();
  }
}

/** Sends `bytes` on a fresh connection; returns what came back and whether the peer closed it. */
export async function exchange(port: number, bytes: string): Promise<{ data: string; closed: boolean }> {
  const c = await RawConnection.open(port);
  c.send(bytes);
  // A loaded machine can delay the server longer than the quiet window, making "no reply yet"
  // look like "no reply". A PING answered on a second connection, sent after the bytes, shows
  // the server has been through its event loop since they arrived; only then does silence count.
  // (The bytes may make the server drop connections, e.g. CLIENT KILL: then wait a moment instead.)
  const probe = await RawConnection.open(port);
  try {
    await probe.run([['PING']]);
  } catch {
    await new Promise((r) => setTimeout(r, 200));
  } finally {
    probe.close();
  }
  const data = await c.drainUntilQuiet();
  const closed = c.closed;
  c.close();
  return { data, closed };
}
