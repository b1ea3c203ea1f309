/**
 * A minimal RESP2 client for the benchmark harness: probing commands, DBSIZE, and bulk loading.
 * The harness talks to Sonic and Redis through the same few bytes on purpose, with no client
 * library in between whose behaviour (ready checks, auto-pipelining) could differ per server.
 */
import { connect, type Socket } from 'node:net';

/** A decoded RESP2 reply. Errors are values (not thrown) so probes can inspect them. */
export type RespValue = string | number | null | RespError | RespValue[];

/** An error reply ("-ERR ..."). */
export class RespError {
  constructor(readonly message: string) {}
}

/** Encodes one command as a RESP array of bulk strings (arguments are byte strings, latin1). */
export function encodeCommand(args: readonly string[]): string {
  let out = `*${args.length}\r\n`;
  for (const a of args) out += `$${Buffer.byteLength(a, 'latin1')}\r\n${a}\r\n`;
  return out;
}

/**
 * Decodes one reply from `buf` at `pos`. Returns the value and the position after it, or undefined
 * when the buffer does not yet hold a whole reply.
 */
export function decodeReply(buf: Buffer, pos: number): { value: RespValue; next: number } | undefined {
  const eol = buf.indexOf('\r\n', pos, 'latin1');
  if (eol < 0) return undefined;
  const type = String.fromCharCode(buf[pos]);
  const line = buf.toString('latin1', pos + 1, eol);
  const after = eol + 2;
  switch (type) {
    case '+':
      return { value: line, next: after };
    case '-':
      return { value: new RespError(line), next: after };
    case ':':
      return { value: Number(line), next: after };
    case '$': {
      const len = Number(line);
      if (len < 0) return { value: null, next: after };
      if (buf.length < after + len + 2) return undefined;
      return { value: buf.toString('latin1', after, after + len), next: after + len + 2 };
    }
    case '*': {
      const n = Number(line);
      if (n < 0) return { value: null, next: after };
      const items: RespValue[] = [];
      let p = after;
      for (let i = 0; i < n; i++) {
        const r = decodeReply(buf, p);
        if (r === undefined) return undefined;
        items.push(r.value);
        p = r.next;
      }
      return { value: items, next: p };
    }
    default:
      throw new Error(`unexpected RESP type byte ${JSON.stringify(type)}`);
  }
}

/** One connection; commands are answered in order. */
export class RespClient {
  private buf: Buffer = Buffer.alloc(0);
  private readonly waiting: { resolve: (v: RespValue) => void; reject: (e: Error) => void }[] = [];
  private closedError: Error | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    const fail = (err: Error) => {
      this.closedError ??= err;
      for (const w of this.waiting.splice(0)) w.reject(err);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('connection closed')));
  }

  /** Connects to host:port. */
  static open(port: number, host = '127.0.0.1'): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ port, host });
      s.once('connect', () => {
        s.removeListener('error', reject);
        s.setNoDelay(true);
        resolve(new RespClient(s));
      });
      s.once('error', reject);
    });
  }

  /** Sends a command and resolves with its reply (error replies resolve as RespError). */
  call(...args: string[]): Promise<RespValue> {
    if (this.closedError) return Promise.reject(this.closedError);
    return new Promise((resolve, reject) => {
      this.waiting.push({ resolve, reject });
      this.socket.write(encodeCommand(args), 'latin1');
    });
  }

  /** Closes the connection. */
  close(): void {
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    let pos = 0;
    while (pos < this.buf.length) {
      const r = decodeReply(this.buf, pos);
      if (r === undefined) break;
      pos = r.next;
      this.waiting.shift()?.resolve(r.value);
    }
    this.buf = this.buf.subarray(pos);
  }
}
