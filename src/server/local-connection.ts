/**
 * An in-process connection to an engine: commands go through the dispatcher like a socket's, but
 * no bytes cross a socket. Used by the caching toolkit's Sonic adapter and by embedded users who
 * want a server without the network round trip.
 *
 * Commands run one at a time in the order sent. A command that blocks (BLPOP, CLIENT PAUSE)
 * resolves when the engine resumes the client. Output other clients produce for this one
 * (pub/sub messages, tracking invalidations) arrives through `onPush`, as do frames a command
 * replies beyond its first (SUBSCRIBE with several channels).
 */
import type { Engine } from '../engine/engine.js';
import type { Client, ClientBuffers, ClientTransport } from '../engine/client.js';
import { decodeReplies, ReplyError, type Reply } from '../protocol/reply-decoder.js';

interface Pending {
  readonly argv: string[];
  resolve(r: Reply): void;
  reject(e: Error): void;
}

let nextLocalPort = 1;

export class LocalConnection implements ClientTransport {
  readonly addr: string;
  readonly laddr = '127.0.0.1:0';
  readonly fd = -1;
  private readonly client: Client;
  private readonly queue: Pending[] = [];
  /** The command the client is blocked in, waiting for resume(). */
  private inFlight: Pending | null = null;
  private closed = false;
  /** A test fault holds the connection (see hold()): commands wait, output waits. */
  private held = false;
  /** Receives frames this connection did not ask for (see the file comment). */
  onPush: ((value: Reply) => void) | null = null;
  /** Called once when the connection closes, by close() or by the server (CLIENT KILL, QUIT). */
  onClose: (() => void) | null = null;

  constructor(private readonly engine: Engine) {
    // A unique, recognisable peer address for CLIENT LIST (no socket behind it).
    this.addr = `local:${nextLocalPort++}`;
    this.client = engine.createClient(this);
  }

  /** The client's id (CLIENT ID), for CLIENT KILL and tracking redirection. */
  get id(): number {
    return this.client.id;
  }

  /** Runs a command; rejects with ReplyError on an error reply. */
  send(argv: readonly string[]): Promise<Reply> {
    if (this.closed) return Promise.reject(new Error('Connection is closed.'));
    return new Promise<Reply>((resolve, reject) => {
      this.queue.push({ argv: [...argv], resolve, reject });
      if (this.inFlight === null && this.queue.length === 1) this.run();
    });
  }

  private run(): void {
    while (this.inFlight === null && this.queue.length !== 0 && !this.closed && !this.held) {
      const p = this.queue.shift()!;
      this.engine.execute(this.client, p.argv);
      if (this.client.blocked !== null) {
        this.inFlight = p;
        break;
      }
      this.settle(p);
    }
    // As a socket connection does after its batch's replies, output the commands gave other
    // clients (pub/sub messages, tracking invalidations) goes out now, not on a later turn: a
    // subscriber hears of a write no later than its writer hears the acknowledgement.
    if (this.engine.writes.size !== 0) this.engine.writes.flush();
  }

  /** Hands the command its reply (the first frame) and the rest to onPush. */
  private settle(p: Pending): void {
    const frames = decodeReplies(this.client.reply.takeAll());
    if (frames.length === 0) {
      // CLIENT REPLY OFF/SKIP: there is no reply to wait for.
      p.resolve(null);
      return;
    }
    // Pushes another client queued before this reply (RESP3) come first on a socket too.
    let i = 0;
    while (i < frames.length - 1 && frames[i].push) this.deliver(frames[i++].value);
    const v = frames[i].value;
    if (v instanceof ReplyError) p.reject(v);
    else p.resolve(v);
    for (i++; i < frames.length; i++) this.deliver(frames[i].value);
  }

  private deliver(v: Reply): void {
    if (this.onPush !== null) this.onPush(v);
  }

  /** Closes the connection: pending commands reject, the client leaves the engine. */
  close(afterReply = false): void {
    if (afterReply) {
      // QUIT and friends: the reply is taken by settle(); the client goes right after.
      queueMicrotask(() => this.close(false));
      return;
    }
    if (this.closed) return;
    this.closed = true;
    if (!this.client.closing) this.engine.removeClient(this.client);
    const err = new Error('Connection is closed.');
    if (this.inFlight !== null) this.inFlight.reject(err);
    this.inFlight = null;
    for (const p of this.queue.splice(0)) p.reject(err);
    this.onClose?.();
  }

  /** Stops (or restarts) running commands and delivering output, as a stalled peer. */
  hold(on: boolean): void {
    if (this.closed || this.held === on) return;
    this.held = on;
    if (on) return;
    this.flush();
    this.run();
  }

  /** True once closed (by either side). */
  get isClosed(): boolean {
    return this.closed;
  }

  // --- ClientTransport ---

  queryBufferBytes(): number {
    return 0;
  }

  outputBytes(): number {
    return 0;
  }

  buffers(): ClientBuffers {
    return { qbuf: 0, qbufFree: 0, qbufAllocated: 0, rbs: 0, rbp: 0, partialArgs: [] };
  }

  /** Output produced for this client outside its own commands. */
  flush(): void {
    if (this.inFlight !== null || this.closed || this.held) return;
    const out = this.client.reply.takeAll();
    if (out.length === 0) return;
    for (const f of decodeReplies(out)) this.deliver(f.value);
  }

  /** The client was unblocked: finish its command (a paused one runs now), then the queue. */
  resume(): void {
    if (this.closed) return;
    const argv = this.client.postponed;
    this.client.postponed = null;
    if (argv !== null) this.engine.execute(this.client, argv);
    if (this.client.blocked !== null) return;
    const p = this.inFlight;
    this.inFlight = null;
    if (p !== null) this.settle(p);
    this.run();
  }
}
