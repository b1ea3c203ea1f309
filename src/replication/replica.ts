/**
 * A client that receives the replication stream (CLIENT LIST flag 'S', INFO `slaveN:`), and
 * what it announced with REPLCONF before asking for it.
 */
import type { Client, ReplicaLink } from '../engine/client.js';
import type { StreamTarget } from './feed.js';

/** What a would-be replica told us with REPLCONF (kept per client until it syncs). */
export interface ReplicaSettings {
  /** REPLCONF listening-port (0: unknown). */
  listeningPort: number;
  /** REPLCONF ip-address, or null to use the peer's address. */
  announcedIp: string | null;
  /** REPLCONF capa eof / psync2. */
  capaEof: boolean;
  capaPsync2: boolean;
  /** REPLCONF rdb-only 1: the snapshot and nothing after it (redis-cli --rdb). */
  rdbOnly: boolean;
  /** REPLCONF rdb-filter-only was given: the snapshot holds no keys (and functions only if listed). */
  rdbFilter: { functions: boolean } | null;
}

export function defaultSettings(): ReplicaSettings {
  return { listeningPort: 0, announcedIp: null, capaEof: false, capaPsync2: false, rdbOnly: false, rdbFilter: null };
}

/** Replica states as INFO prints them (replstateToString). */
export type ReplicaState = 'wait_bgsave' | 'send_bulk' | 'online';

/** Replicas whose output must be flushed at the end of this turn of the event loop. */
const toFlush = new Set<Client>();
let flushScheduled = false;

function flushAll(): void {
  flushScheduled = false;
  for (const c of toFlush) if (!c.closing) c.transport.flush();
  toFlush.clear();
}

export class Replica implements ReplicaLink, StreamTarget {
  state: ReplicaState = 'wait_bgsave';
  /** Highest offset the replica acknowledged (REPLCONF ACK). */
  ackOffset = 0;
  /** Unix seconds of the last ACK, or of going online (lag, repl-timeout). */
  ackTime: number;

  constructor(
    readonly client: Client,
    readonly settings: ReplicaSettings,
    /** It asked with SYNC (no PSYNC): it never ACKs, so it never times out. */
    readonly prePsync: boolean,
    private readonly onDetach: (r: Replica) => void,
  ) {
    this.ackTime = Math.floor(client.engine.clock.now() / 1000);
  }

  /**
   * Queues stream bytes on the client's output, past any reply (CLIENT REPLY OFF does not stop
   * the stream), and flushes once per turn of the event loop, as Redis writes replicas' buffers
   * before sleeping.
   */
  send(bytes: string): void {
    const c = this.client;
    if (c.closing) return;
    c.reply.out += bytes;
    toFlush.add(c);
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flushAll);
    }
  }

  detach(): void {
    this.onDetach(this);
  }

  replied(command: string, mark: number): void {
    const c = this.client;
    // The reply never goes out; the connection is dropped.
    c.reply.out = c.reply.out.slice(0, mark);
    c.engine.log('warning', `Replica generated a reply to command '${command}', disconnecting it: ${this.name()}`);
    c.transport.close(false);
  }

  /** The address INFO and the log show: the announced IP or the peer's, without the port. */
  ip(): string {
    if (this.settings.announcedIp !== null) return this.settings.announcedIp;
    const addr = this.client.transport.addr;
    const colon = addr.lastIndexOf(':');
    const host = colon < 0 ? addr : addr.slice(0, colon);
    return host.startsWith('[') ? host.slice(1, -1) : host;
  }

  /** Redis's replicationGetSlaveName: "ip:port", the port unknown until REPLCONF listening-port. */
  name(): string {
    const port = this.settings.listeningPort;
    const ip = this.ip();
    if (port === 0) return `${ip}:<unknown-replica-port>`;
    return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
  }
}
