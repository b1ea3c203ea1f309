/**
 * One client connection: reads bytes into the RESP parser, runs each complete command, and writes
 * all replies produced by one read batch with a single socket write.
 */
import type { Socket } from 'node:net';
import { ProtocolError, RequestParser } from '../protocol/parser.js';
import type { Client, ClientTransport } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';

export class Connection implements ClientTransport {
  readonly client: Client;
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  private readonly parser: RequestParser;
  private closed = false;
  private closeAfterReply = false;

  constructor(
    private readonly engine: Engine,
    private readonly socket: Socket,
    onClose: (c: Connection) => void,
  ) {
    this.addr = formatAddr(socket.remoteAddress, socket.remotePort);
    this.laddr = formatAddr(socket.localAddress, socket.localPort);
    this.fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
    this.client = engine.createClient(this);
    const limits = {
      maxBulkLen: engine.config.num('proto-max-bulk-len'),
      get unauthenticated() {
        return !client.authenticated;
      },
    };
    const client = this.client;
    this.parser = new RequestParser(limits);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk, limits));
    socket.on('error', () => {});
    socket.on('close', () => {
      this.closed = true;
      engine.removeClient(this.client);
      onClose(this);
    });
  }

  private onData(chunk: Buffer, limits: { maxBulkLen: number }): void {
    if (this.closeAfterReply || this.closed) return;
    const engine = this.engine;
    const client = this.client;
    engine.stats.totalNetInputBytes += chunk.length;
    limits.maxBulkLen = engine.config.num('proto-max-bulk-len');
    this.parser.feed(chunk);
    try {
      for (;;) {
        const argv = this.parser.next();
        if (argv === null) break;
        if (argv.length === 0) continue;
        client.lastInteraction = engine.clock.now();
        engine.execute(client, argv);
        if (this.closeAfterReply || this.closed) break;
      }
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      client.reply.error('ERR ' + e.message);
      engine.stats.countError('ERR');
      this.close(true);
    }
    if (!this.closeAfterReply && this.parser.buffered > engine.config.num('client-query-buffer-limit')) {
      // Redis frees such a client without a reply.
      this.close(false);
      return;
    }
    this.flush();
  }

  flush(): void {
    const out = this.client.reply.take();
    if (out.length !== 0 && !this.closed) {
      this.engine.stats.totalNetOutputBytes += out.length;
      this.socket.write(out, 'latin1');
    }
    if (this.closeAfterReply && !this.closed) {
      this.closed = true;
      this.socket.end();
    }
  }

  close(afterReply: boolean): void {
    if (afterReply) {
      this.closeAfterReply = true;
      return;
    }
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }

  queryBufferBytes(): number {
    return this.parser.buffered;
  }

  outputBytes(): number {
    return this.socket.writableLength;
  }
}

function formatAddr(host: string | undefined, port: number | undefined): string {
  if (host === undefined) return '';
  const h = host.startsWith('::ffff:') ? host.slice(7) : host;
  return `${h}:${port ?? 0}`;
}
