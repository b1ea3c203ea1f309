/**
 * A TCP proxy in front of any Redis-protocol server (redis-server included) that injects the
 * faults `faults` injects inside an embedded Sonic (docs/cache/DESIGN.md, section 6): a direction
 * paused (a stalled peer or network), connections dropped, bytes delayed, and pub/sub or RESP3
 * push frames dropped by a predicate (a lost invalidation). Pure Node, no dependency.
 *
 * Frames from the server are split whole (RESP2 and RESP3), so a dropped message never leaves
 * half a frame behind. A frame counts as pub/sub when it is a RESP3 push (`>`) or a RESP2 array
 * starting with "message", "pmessage" or "smessage" -- on a subscribed RESP2 connection that is
 * exact; a plain reply of the same shape (LRANGE of such a list) would be offered too.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { decodeReplies, type Reply } from '../../protocol/reply-decoder.js';
import { systemToolkitClock, type ToolkitClock } from '../clock.js';
import { RespSplitter } from './resp-splitter.js';

/** client->server ('toServer') or server->client ('toClient'). */
export type Direction = 'toServer' | 'toClient';
const BOTH: readonly Direction[] = ['toServer', 'toClient'];

/** Decides whether a pub/sub or push frame from the server is dropped. */
export type FrameFilter = (frame: Reply, info: { push: boolean; connection: number }) => boolean;

export interface FaultProxyOptions {
  /** The server behind the proxy. */
  target: { host?: string; port: number };
  /** Port to listen on (default 0: an ephemeral one). */
  port?: number;
  /** Clock of delays (default: real time; a VirtualClock makes them follow `advance()`). */
  clock?: ToolkitClock;
}

const PUBSUB_PREFIXES = ['*3\r\n$7\r\nmessage\r\n', '*4\r\n$8\r\npmessage\r\n', '*3\r\n$8\r\nsmessage\r\n'];

/** One side of a proxied connection: what reads from `from` and writes to `to`. */
class Pipe {
  private paused = false;
  /** When the last delayed chunk is due: later chunks never go before it. */
  private lastDue = 0;

  constructor(
    private readonly proxy: FaultProxy,
    readonly from: Socket,
    readonly to: Socket,
    readonly dir: Direction,
    private readonly conn: number,
  ) {
    const splitter = dir === 'toClient' ? new RespSplitter() : null;
    from.on('data', (chunk: Buffer) => {
      if (splitter === null) return this.send(chunk);
      let frames: Buffer[];
      try {
        frames = splitter.push(chunk);
      } catch {
        // Not RESP (or a server speaking something else): from here on, bytes pass as they are.
        return this.send(chunk);
      }
      const kept = frames.filter((f) => !this.proxy.shouldDrop(f, conn));
      if (kept.length !== 0) this.send(kept.length === 1 ? kept[0] : Buffer.concat(kept));
    });
    if (proxy.isPaused(dir)) this.hold(true);
  }

  hold(on: boolean): void {
    if (on === this.paused) return;
    this.paused = on;
    if (on) this.from.pause();
    else this.from.resume();
  }

  private send(chunk: Buffer): void {
    const ms = this.proxy.delayOf(this.dir);
    const clock = this.proxy.clock;
    if (ms === 0 && this.lastDue <= clock.now()) {
      this.to.write(chunk);
      return;
    }
    // Never before an earlier delayed chunk: bytes keep their order when the delay changes.
    const due = Math.max(this.lastDue, clock.now() + ms);
    this.lastDue = due;
    clock.setTimeout(() => {
      if (!this.to.destroyed) this.to.write(chunk);
    }, due - clock.now());
  }
}

export class FaultProxy {
  private readonly pipes = new Set<Pipe>();
  private readonly pausedDirs = new Set<Direction>();
  private readonly delays: Record<Direction, number> = { toServer: 0, toClient: 0 };
  private filter: FrameFilter | null = null;
  private nextConn = 1;
  /** Frames dropped by the filter so far. */
  dropped = 0;
  /** Connections accepted so far. */
  accepted = 0;

  private constructor(
    private readonly server: Server,
    readonly port: number,
    readonly clock: ToolkitClock,
  ) {}

  /** Starts listening on 127.0.0.1, proxying every connection to `options.target`. */
  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    const port = (server.address() as { port: number }).port;
    const proxy = new FaultProxy(server, port, options.clock ?? systemToolkitClock);
    server.on('connection', (client) => proxy.accept(client, options.target));
    return proxy;
  }

  /** `redis://127.0.0.1:<port>`, for clients. */
  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** Open proxied connections. */
  get connections(): number {
    return this.pipes.size / 2;
  }

  /** Stops forwarding in `direction` (both by default): bytes wait, unread, until resume(). */
  pause(direction: Direction | 'both' = 'both'): void {
    for (const d of dirs(direction)) this.pausedDirs.add(d);
    this.apply();
  }

  resume(direction: Direction | 'both' = 'both'): void {
    for (const d of dirs(direction)) this.pausedDirs.delete(d);
    this.apply();
  }

  /** Delays every chunk in `direction` by `ms` on the proxy's clock (0: none). */
  delay(direction: Direction | 'both', ms: number): void {
    for (const d of dirs(direction)) this.delays[d] = Math.max(0, ms);
  }

  /** Drops the pub/sub and push frames for which `filter` returns true (null: none). */
  dropFrames(filter: FrameFilter | null): void {
    this.filter = filter;
  }

  /** Closes every proxied connection at once (both sockets destroyed, as a network failure). */
  dropConnections(): void {
    for (const p of this.pipes) {
      p.from.destroy();
      p.to.destroy();
    }
    this.pipes.clear();
  }

  /** Removes every fault. */
  reset(): void {
    this.filter = null;
    this.delays.toServer = this.delays.toClient = 0;
    this.resume();
  }

  /** Drops the connections and stops listening. */
  async close(): Promise<void> {
    this.dropConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  isPaused(d: Direction): boolean {
    return this.pausedDirs.has(d);
  }

  delayOf(d: Direction): number {
    return this.delays[d];
  }

  /** True when `frame` (one whole frame from the server) is to be dropped. */
  shouldDrop(frame: Buffer, connection: number): boolean {
    const filter = this.filter;
    if (filter === null) return false;
    const push = frame[0] === 0x3e;
    if (!push && !PUBSUB_PREFIXES.some((p) => frame.toString('latin1', 0, p.length) === p)) return false;
    const [decoded] = decodeReplies(frame.toString('latin1'));
    if (!filter(decoded.value, { push, connection })) return false;
    this.dropped++;
    return true;
  }

  private accept(client: Socket, target: { host?: string; port: number }): void {
    this.accepted++;
    const conn = this.nextConn++;
    const upstream = connect(target.port, target.host ?? '127.0.0.1');
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    const up = new Pipe(this, client, upstream, 'toServer', conn);
    const down = new Pipe(this, upstream, client, 'toClient', conn);
    this.pipes.add(up).add(down);
    const end = () => {
      client.destroy();
      upstream.destroy();
      this.pipes.delete(up);
      this.pipes.delete(down);
    };
    for (const s of [client, upstream]) {
      s.on('error', end);
      s.on('close', end);
    }
  }

  private apply(): void {
    for (const p of this.pipes) p.hold(this.pausedDirs.has(p.dir));
  }
}

function dirs(d: Direction | 'both'): readonly Direction[] {
  return d === 'both' ? BOTH : [d];
}
