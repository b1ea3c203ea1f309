/**
 * One client connection: reads bytes into the RESP parser, runs each complete command, and writes
 * all replies produced by one read batch with a single socket write.
 *
 * Redis's rules kept here: a protocol error gets `-ERR Protocol error: ...` and the connection
 * closes once replies are out; nothing after QUIT (or any close-after-reply) runs; a blocked
 * client (CLIENT PAUSE) runs nothing until resumed, its later commands staying in the buffer;
 * a query buffer over client-query-buffer-limit closes the connection without a reply.
 */
import type { Socket } from 'node:net';
import { readSync } from 'node:fs';
import { ProtocolError, RequestParser } from '../protocol/parser.js';
import type { Client, ClientBuffers, ClientTransport } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';
import { BIG_ARG, QueryBufferModel, ReplyBufferModel } from './buffer-model.js';
import { outputLimitReached, replyListBytes } from '../engine/output-limits.js';
import { clientInfoLine } from '../commands/client-info.js';

export class Connection implements ClientTransport {
  readonly client: Client;
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  /** Redis-equivalent buffer sizes for CLIENT LIST (see buffer-model.ts). */
  readonly qbufModel = new QueryBufferModel();
  readonly replyModel = new ReplyBufferModel();
  private readonly parser: RequestParser;
  private readonly limits: { maxBulkLen: number; readonly unauthenticated: boolean };
  private closed = false;
  /** True while commands of a read batch run (CLIENT LIST then shows the whole batch as qbuf). */
  private executing = false;
  /** A test fault holds the connection (see hold()): nothing is read or written. */
  private held = false;

  constructor(
    readonly engine: Engine,
    private readonly socket: Socket,
    private readonly onClose: (c: Connection) => void,
  ) {
    this.addr = formatAddr(socket.remoteAddress, socket.remotePort);
    this.laddr = formatAddr(socket.localAddress, socket.localPort);
    this.fd = (socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1;
    const client = (this.client = engine.createClient(this));
    this.limits = {
      maxBulkLen: engine.config.num('proto-max-bulk-len'),
      get unauthenticated() {
        return client.authRequired();
      },
    };
    this.parser = new RequestParser(this.limits);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => {});
    socket.on('close', () => this.release());
  }

  private onData(chunk: Buffer): void {
    if (this.closed) return;
    const engine = this.engine;
    const client = this.client;
    const stats = engine.stats;
    stats.totalNetInputBytes += chunk.length;
    stats.totalReadsProcessed++;
    client.lastInteraction = engine.tick();
    const parser = this.parser;
    this.qbufModel.beforeRead(parser.buffered, chunk.length, parser.bulkLength);
    parser.feed(chunk);
    const len = parser.buffered;
    this.qbufModel.afterRead(len);
    if (len > engine.config.num('client-query-buffer-limit')) {
      // Redis frees such a client at once, without a reply.
      this.close(false);
      return;
    }
    // Redis keeps reading (and counting) after close-after-reply or while blocked, but runs nothing.
    if (client.closeAfterReply || client.blocked !== null) return;
    this.limits.maxBulkLen = engine.config.num('proto-max-bulk-len');
    this.processInput();
    if (engine.beforeReplies !== null && engine.script === null) {
      // AOF on: the replies of every client read in this turn of the event loop wait for one
      // AOF write (Redis's beforeSleep) instead of one write per client. Not while a busy
      // script has the event loop (server/event-pump.ts): then replies go out at once.
      deferFlush(this);
      return;
    }
    this.flush();
    // Output the batch gave other clients (pub/sub messages) goes out right after its replies.
    if (engine.writes.size !== 0) engine.writes.flush();
  }

  /**
   * Reads what the peer sent without waiting and processes it, for a busy script's servicing of
   * other clients (server/event-pump.ts): the event loop cannot deliver it then.
   */
  pollSync(): void {
    if (this.closed || this.fd < 0) return;
    for (;;) {
      let n: number;
      try {
        n = readSync(this.fd, pollBuffer, 0, pollBuffer.length, null);
      } catch {
        // EAGAIN: nothing more to read now (any other error shows up again on the event loop).
        return;
      }
      // 0 is the peer's end of stream: the event loop will see it too, and close.
      if (n === 0) return;
      this.onData(Buffer.from(pollBuffer.subarray(0, n)));
      if (n < pollBuffer.length || this.closed) return;
    }
  }

  /** Runs the complete commands in the buffer until it is empty, or the client blocks or closes. */
  private processInput(): void {
    const engine = this.engine;
    const client = this.client;
    const parser = this.parser;
    this.executing = true;
    engine.beginBatch();
    try {
      while (client.blocked === null && !client.closeAfterReply && !this.closed) {
        const argv = parser.next();
        if (argv === null) break;
        if (argv.length === 0) {
          // An empty request still ends a "command" for CLIENT REPLY SKIP, as in Redis.
          client.commandDone();
          continue;
        }
        engine.execute(client, argv);
        const last = argv[argv.length - 1];
        if (last.length >= BIG_ARG && parser.buffered === 0) this.qbufModel.tookBigArg(last.length);
      }
    } catch (e) {
      if (!(e instanceof ProtocolError)) throw e;
      // Under CLIENT REPLY OFF the error is dropped like any reply (and see flush() for the close).
      client.reply.error('ERR ' + e.message);
      engine.stats.countError('ERR');
      client.closeAfterReply = true;
    } finally {
      this.executing = false;
      engine.endBatch();
    }
    const bulk = parser.bulkLength;
    if (bulk >= BIG_ARG) this.qbufModel.expectBigArg(bulk, parser.buffered);
  }

  flush(): void {
    if (this.held) return;
    const beforeReplies = this.engine.beforeReplies;
    if (beforeReplies !== null) beforeReplies();
    const client = this.client;
    const reply = client.reply;
    // Over client-output-buffer-limit: disconnected, the pending output dropped.
    if (reply.pendingBytes !== 0 && !this.closed && this.closeOnOutputLimit(true)) return;
    // Push frames shared with other subscribers go first (they arrived before any text).
    const chunks = reply.chunks === null ? null : reply.takeChunks();
    const out = reply.take();
    const bytes = out.length + (chunks === null ? 0 : sharedBytes(chunks));
    if (bytes !== 0 && !this.closed) {
      const stats = this.engine.stats;
      // Redis counts what replicas receive apart (total_net_repl_output_bytes).
      if (client.replica === null) stats.totalNetOutputBytes += bytes;
      else stats.totalNetReplOutputBytes += bytes;
      stats.totalWritesProcessed++;
      this.replyModel.wrote(bytes);
      client.lastInteraction = this.engine.clock.now();
      if (chunks !== null) this.socket.write(joinShared(chunks));
      if (out.length !== 0) this.socket.write(out, 'latin1');
    }
    // Redis closes once the pending replies are written. With nothing to write (CLIENT REPLY OFF)
    // it never gets there, and the connection stays open, running nothing: kept as is.
    if (client.closeAfterReply && !this.closed && (bytes !== 0 || this.socket.writableLength !== 0)) {
      this.closed = true;
      // Close for good once written (not a half-close): the peer's further writes must fail,
      // as they do against Redis.
      this.socket.end(() => this.socket.destroy());
      this.release();
    }
  }

  /**
   * Closes the connection when its unwritten output is over its class's
   * client-output-buffer-limit (Redis's closeClientOnOutputBufferLimitReached); `beforeWrite`
   * when about to write new output, else from the clients cron. True when it closed.
   */
  closeOnOutputLimit(beforeWrite: boolean): boolean {
    const client = this.client;
    const limit = this.engine.outputLimits.forClient(client);
    if (limit.hard === 0 && limit.soft === 0) return false;
    const used = replyListBytes(this.socket.writableLength + client.reply.pendingBytes, this.replyModel.size);
    if (used === 0) return false;
    if (!outputLimitReached(client, limit, used, Math.floor(this.engine.clock.now() / 1000))) return false;
    const info = clientInfoLine(client);
    this.engine.log(
      'warning',
      beforeWrite
        ? `Client ${info} scheduled to be closed ASAP for overcoming of output buffer limits.`
        : `Client ${info} closed for overcoming of output buffer limits.`,
    );
    client.reply.take();
    client.reply.takeChunks();
    this.close(false);
    return true;
  }

  /** Continues after CLIENT PAUSE: runs the postponed command, then what the buffer holds. */
  resume(): void {
    if (this.closed) return;
    const client = this.client;
    const argv = client.postponed;
    client.postponed = null;
    this.engine.tick();
    if (argv !== null) {
      this.executing = true;
      try {
        this.engine.execute(client, argv);
      } finally {
        this.executing = false;
      }
    }
    if (client.blocked === null && !client.closeAfterReply) this.processInput();
    this.flush();
  }

  /** Stops (or restarts) reading and writing, as a peer that stopped reading would look. */
  hold(on: boolean): void {
    if (this.closed || this.held === on) return;
    this.held = on;
    if (on) {
      this.socket.pause();
      return;
    }
    this.socket.resume();
    this.flush();
  }

  close(afterReply: boolean): void {
    if (afterReply) {
      this.client.closeAfterReply = true;
      return;
    }
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    // Unlink now, as Redis's freeClient does: CLIENT LIST and INFO no longer count it.
    this.release();
  }

  /** Forgets the client once its connection is gone (idempotent). */
  private release(): void {
    this.closed = true;
    if (this.client.closing) return;
    this.engine.removeClient(this.client);
    this.onClose(this);
  }

  queryBufferBytes(): number {
    return this.executing ? this.parser.batchBytes : this.parser.buffered;
  }

  buffers(): ClientBuffers {
    const qbuf = this.queryBufferBytes();
    const q = this.qbufModel;
    return { qbuf, qbufFree: q.free(qbuf), qbufAllocated: q.allocated(), rbs: this.replyModel.size, rbp: this.replyModel.peak, partialArgs: this.parser.partialArgs };
  }

  /** Length of the bulk argument being received, or -1 (for the clients cron). */
  bulkLength(): number {
    return this.parser.bulkLength;
  }

  outputBytes(): number {
    return this.socket.writableLength;
  }
}

/** Scratch space for pollSync (copied out before parsing). */
const pollBuffer = Buffer.allocUnsafe(64 * 1024);

/**
 * Consecutive subscribers usually get the very same frames in a batch (one channel, same
 * protocol): the last list joined and its bytes are kept, so the join is made once per batch,
 * not once per subscriber, and every socket writes the same Buffer.
 */
let lastShared: Buffer[] | null = null;
let lastJoined: Buffer | null = null;

function sameFrames(a: Buffer[], b: Buffer[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The chunks as one Buffer (the chunk itself when there is one). */
function joinShared(chunks: Buffer[]): Buffer {
  if (chunks.length === 1) return chunks[0];
  if (lastShared !== null && sameFrames(chunks, lastShared)) return lastJoined!;
  lastShared = chunks;
  lastJoined = Buffer.concat(chunks);
  return lastJoined;
}

function sharedBytes(chunks: Buffer[]): number {
  let n = 0;
  for (let i = 0; i < chunks.length; i++) n += chunks[i].length;
  return n;
}

function formatAddr(host: string | undefined, port: number | undefined): string {
  if (host === undefined) return '';
  const h = host.startsWith('::ffff:') ? host.slice(7) : host;
  // IPv6 addresses are bracketed, as Redis's address strings ("[::1]:6379").
  return h.includes(':') ? `[${h}]:${port ?? 0}` : `${h}:${port ?? 0}`;
}

/** Connections whose replies wait for the end of this event-loop turn, per engine. */
const deferred = new WeakMap<Engine, Set<Connection>>();

function deferFlush(conn: Connection): void {
  const engine = conn.engine;
  let set = deferred.get(engine);
  if (set === undefined) deferred.set(engine, (set = new Set()));
  if (set.size === 0) setImmediate(flushDeferred, engine, set);
  set.add(conn);
}

/** The turn's single AOF write, then every deferred connection's replies, then others' output. */
function flushDeferred(engine: Engine, set: Set<Connection>): void {
  engine.beforeReplies?.();
  for (const conn of set) conn.flush();
  set.clear();
  if (engine.writes.size !== 0) engine.writes.flush();
}
