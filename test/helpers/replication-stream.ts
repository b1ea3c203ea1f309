/**
 * A replica's view of a server, for tests: connects, sends SYNC (or PSYNC), reads the snapshot
 * payload (`$<len>\r\n<bytes>`, no trailing CRLF, newlines before it allowed as Redis's
 * keep-alives) and then hands out the propagated commands one argv at a time, as the upstream
 * suite's attach_to_replication_stream does.
 */
import { connect, type Socket } from 'node:net';
import { encodeCommand } from './resp-frames.js';

const WAIT_MS = 5000;

export interface Attached {
  /** The replica's stream. */
  stream: ReplicationStream;
  /** `+FULLRESYNC <replid> <offset>` for PSYNC, else null. */
  fullResync: string | null;
  /** The RDB snapshot bytes (latin1). */
  payload: string;
}

export class ReplicationStream {
  private buf = '';
  private wake: (() => void) | undefined;
  private closed = false;

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

  /** Connects to `port`, sends `handshake` commands (each must reply +OK) then SYNC or PSYNC. */
  static async attach(port: number, opts: { psync?: boolean; handshake?: readonly string[][] } = {}): Promise<Attached> {
    const sock = await new Promise<Socket>((resolve, reject) => {
      const s = connect(port, '127.0.0.1', () => {
        s.off('error', reject);
        resolve(s);
      });
      s.once('error', reject);
    });
    const stream = new ReplicationStream(sock);
    for (const cmd of opts.handshake ?? []) {
      sock.write(encodeCommand(cmd), 'latin1');
      const line = await stream.line();
      if (line !== '+OK') throw new Error(`${cmd.join(' ')} replied ${line}`);
    }
    sock.write(opts.psync ? encodeCommand(['PSYNC', '?', '-1']) : 'SYNC\r\n', 'latin1');
    let fullResync: string | null = null;
    let header = await stream.line();
    while (header === '') header = await stream.line();
    if (opts.psync) {
      fullResync = header;
      header = await stream.line();
    }
    if (header[0] !== '$') throw new Error(`expected the snapshot length, got ${JSON.stringify(header)}`);
    const payload = await stream.take(Number(header.slice(1)));
    return { stream, fullResync, payload };
  }

  /** The next propagated command, PINGs included; throws if none comes within the wait. */
  async next(): Promise<string[]> {
    const line = await this.line();
    if (line[0] !== '*') throw new Error(`expected a multibulk in the stream, got ${JSON.stringify(line)}`);
    const argv: string[] = [];
    for (let n = Number(line.slice(1)); n > 0; n--) {
      const h = await this.line();
      if (h[0] !== '$') throw new Error(`expected a bulk in the stream, got ${JSON.stringify(h)}`);
      argv.push(await this.take(Number(h.slice(1))));
      if ((await this.take(2)) !== '\r\n') throw new Error('bulk without CRLF in the stream');
    }
    return argv;
  }

  /** Commands up to and including the first one equal to `sentinel` (PINGs left out). */
  async until(sentinel: readonly string[]): Promise<string[][]> {
    const out: string[][] = [];
    for (;;) {
      const argv = await this.next();
      if (argv.length === 1 && argv[0].toLowerCase() === 'ping') continue;
      out.push(argv);
      if (argv.length === sentinel.length && argv.every((a, i) => a === sentinel[i])) return out;
    }
  }

  /** Sends a command from the replica's side (REPLCONF ACK ...). */
  send(argv: readonly string[]): void {
    this.sock.write(encodeCommand(argv), 'latin1');
  }

  /** True when bytes arrived that next() did not take. */
  hasPending(): boolean {
    return this.buf.length !== 0;
  }

  close(): void {
    this.sock.destroy();
  }

  /** The next line of the stream (a reply to a command the replica sent), without CRLF. */
  async line(): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const nl = this.buf.indexOf('\n');
      if (nl >= 0) {
        const l = this.buf.slice(0, nl);
        this.buf = this.buf.slice(nl + 1);
        return l.endsWith('\r') ? l.slice(0, -1) : l;
      }
      await this.waitData(deadline);
    }
  }

  private async take(n: number): Promise<string> {
    const deadline = Date.now() + WAIT_MS;
    while (this.buf.length < n) await this.waitData(deadline);
    const out = this.buf.slice(0, n);
    this.buf = this.buf.slice(n);
    return out;
  }

  private waitData(deadline: number): Promise<void> {
    if (this.closed) throw new Error(`replication stream closed; unread: ${JSON.stringify(this.buf.slice(0, 200))}`);
    const ms = deadline - Date.now();
    if (ms <= 0) throw new Error(`nothing more in the replication stream; unread: ${JSON.stringify(this.buf.slice(0, 200))}`);
    return new Promise((r) => {
      const t = setTimeout(r, ms);
      this.wake = () => {
        clearTimeout(t);
        this.wake = undefined;
        r();
      };
    });
  }
}
