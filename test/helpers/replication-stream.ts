/**
 * A replica's view of a server, for tests: connects, sends SYNC (or PSYNC), reads the snapshot
 * payload (`$<len>\r\n<bytes>`, no trailing CRLF, newlines before it allowed as Redis's
 * keep-alives) and then hands out the propagated commands one argv at a time, as the upstream
 * suite's attach_to_replication_stream does.
 */
import { RawConnection } from './raw-connection.js';
import { encodeCommand } from './resp-frames.js';

export interface Attached {
  /** The replica's stream. */
  stream: ReplicationStream;
  /** `+FULLRESYNC <replid> <offset>` for PSYNC, else null. */
  fullResync: string | null;
  /** The RDB snapshot bytes (latin1). */
  payload: string;
}

export class ReplicationStream {
  private constructor(private readonly conn: RawConnection) {}

  /** Connects to `port`, sends `handshake` commands (each must reply +OK) then SYNC or PSYNC. */
  static async attach(port: number, opts: { psync?: boolean; handshake?: readonly string[][] } = {}): Promise<Attached> {
    const conn = await RawConnection.open(port);
    for (const cmd of opts.handshake ?? []) {
      const r = await conn.cmd(...cmd);
      if (r !== '+OK\r\n') throw new Error(`${cmd.join(' ')} replied ${r}`);
    }
    conn.send(opts.psync ? encodeCommand(['PSYNC', '?', '-1']) : 'SYNC\r\n');
    let fullResync: string | null = null;
    let header = await conn.line();
    while (header === '') header = await conn.line();
    if (opts.psync) {
      fullResync = header;
      header = await conn.line();
    }
    if (header[0] !== '$') throw new Error(`expected the snapshot length, got ${JSON.stringify(header)}`);
    const payload = await conn.bytes(Number(header.slice(1)));
    return { stream: new ReplicationStream(conn), fullResync, payload };
  }

  /** The next propagated command, PINGs included; throws if none comes within the wait. */
  async next(): Promise<string[]> {
    const c = this.conn;
    const line = await c.line();
    if (line[0] !== '*') throw new Error(`expected a multibulk in the stream, got ${JSON.stringify(line)}`);
    const argv: string[] = [];
    for (let n = Number(line.slice(1)); n > 0; n--) {
      const h = await c.line();
      if (h[0] !== '$') throw new Error(`expected a bulk in the stream, got ${JSON.stringify(h)}`);
      argv.push(await c.bytes(Number(h.slice(1))));
      if ((await c.bytes(2)) !== '\r\n') throw new Error('bulk without CRLF in the stream');
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

  /** The next line (a reply to a command the replica sent), without CRLF. */
  line(): Promise<string> {
    return this.conn.line();
  }

  /** Sends a command from the replica's side (REPLCONF ACK ...). */
  send(argv: readonly string[]): void {
    this.conn.send(encodeCommand(argv));
  }

  /** True when bytes arrived that were not read yet. */
  hasPending(): boolean {
    return this.conn.hasPending();
  }

  close(): void {
    this.conn.close();
  }
}
