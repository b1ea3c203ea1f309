/**
 * A client as the engine sees it: its selected database, protocol, reply buffer and bookkeeping
 * for CLIENT LIST/INFO. The socket side (server/connection.ts) implements ClientTransport.
 */
import { ReplyBuffer } from '../protocol/reply.js';
import type { Db } from '../keyspace/db.js';
import type { Engine } from './engine.js';
import type { BlockedWait } from './blocking.js';
import { WatchList } from '../keyspace/watched-keys.js';
import { TrackingFlag, type TrackingPrefixes } from './tracking.js';
import type { User } from '../acl/user.js';

/** What the engine may ask of the connection behind a client. */
export interface ClientTransport {
  /** "ip:port" of the peer and of the local end. */
  readonly addr: string;
  readonly laddr: string;
  readonly fd: number;
  /** Closes the connection, after flushing pending replies when `afterReply`. */
  close(afterReply: boolean): void;
  /** Bytes in the query buffer not yet parsed. */
  queryBufferBytes(): number;
  /** Bytes waiting in the socket's output (obl/omem). */
  outputBytes(): number;
  /** Sends pending replies now (used when replies must not wait for the end of a read batch). */
  flush(): void;
  /**
   * Continues a client that was blocked: runs its postponed command (if any) and the commands
   * still waiting in its query buffer, then sends the replies.
   */
  resume(): void;
  /** Buffer sizes as CLIENT LIST reports them (Redis-equivalent, see server/buffer-model.ts). */
  buffers(): ClientBuffers;
  /**
   * Test-only fault (sonic-kv/testing `pauseClient`): while held the connection reads nothing and
   * writes nothing, its output piling up as a stalled peer's would; releasing sends what piled up
   * and reads on.
   */
  hold?(on: boolean): void;
}

/** A client's buffers in Redis's terms (CLIENT LIST qbuf, qbuf-free, rbs, rbp, tot-mem). */
export interface ClientBuffers {
  /** Bytes in the query buffer (the whole read batch while one of its commands runs). */
  readonly qbuf: number;
  /** Room left in the query buffer. */
  readonly qbufFree: number;
  /** Bytes the allocator holds for the query buffer. */
  readonly qbufAllocated: number;
  /** Size and recent peak use of the static reply buffer. */
  readonly rbs: number;
  readonly rbp: number;
  /** Arguments parsed so far of a command still arriving (Redis counts them in argv-mem). */
  readonly partialArgs: readonly string[];
}

/** Why a client is blocked; a blocked client runs nothing else until it is resumed. */
export type BlockKind = 'pause' | 'keys' | 'wait';

/** What CLIENT LIST needs of a transaction being queued (the MULTI group keeps the rest). */
export interface QueuedTransaction {
  /** Commands queued so far (CLIENT LIST multi=). */
  readonly count: number;
  /** Bytes of the queued arguments (multi-mem=). */
  readonly argvBytes: number;
  /** OR of the queued commands' CmdFlag bits: EXEC waits for CLIENT PAUSE WRITE when it has writes. */
  readonly flags: number;
  /** Bytes Redis reserves for the queue (CLIENT LIST multi-mem=, with argvBytes). */
  readonly reservedBytes: number;
}

/** What the engine needs of a client that became a replica with SYNC/PSYNC (replication/). */
export interface ReplicaLink {
  /** The client is going away: stop streaming to it. */
  detach(): void;
  /**
   * A command the replica sent wrote a reply (from `mark` on in its output): a replication link
   * carries no replies, so Redis drops such a replica.
   */
  replied(command: string, mark: number): void;
}

/**
 * Hooks RESET runs to drop the per-connection state kept by other command groups (MULTI,
 * pub/sub, tracking), so connection.ts needs no import of them.
 */
export const resetHooks: ((c: Client) => void)[] = [];

export class Client {
  readonly reply = new ReplyBuffer();
  db: Db;
  name = '';
  /** Library name/version from CLIENT SETINFO. */
  libName = '';
  libVer = '';
  authenticated: boolean;
  /** The ACL user the client runs as (CLIENT LIST user=); the default user until AUTH. */
  user: User;
  readonly createdAt: number;
  lastInteraction: number;
  /**
   * Fullname of the last command looked up ("client|list"; "NULL" when unknown), for CLIENT
   * LIST's `cmd`. Set before the command runs, as Redis does, so CLIENT LIST shows itself.
   */
  lastCommand = 'NULL';
  /** Arguments of the command being run (or postponed), for CLIENT LIST's argv-mem; else null. */
  argv: string[] | null = null;
  /** CLIENT REPLY OFF: every reply is dropped. */
  replyOff = false;
  /** CLIENT REPLY SKIP was run: the next command's reply is dropped. */
  replySkipNext = false;
  /** The reply of the command being run is dropped (CLIENT REPLY SKIP). */
  replySkip = false;
  /** MONITOR (flag 'O'). */
  monitor = false;
  /** CLIENT NO-EVICT ON (flag 'e'). */
  noEvict = false;
  /** Why the client is blocked (flag 'b'), or null. */
  blocked: BlockKind | null = null;
  /** The wait of a client blocked on keys (blocked === 'keys'), see engine/blocking.ts. */
  blockedWait: BlockedWait | null = null;
  /**
   * Set while the client's commands run inside EXEC or a script: blocking commands must not
   * block then and reply as if timed out (Redis's CLIENT_DENY_BLOCKING; see canBlock()).
   */
  denyBlocking = false;
  /** The command a CLIENT PAUSE postponed; it runs again, from the lookup on, when resumed. */
  postponed: string[] | null = null;
  /** The transaction being queued after MULTI (flag 'x'), or null (engine/transaction.ts). */
  multi: QueuedTransaction | null = null;
  /** The keys this client WATCHes and whether one was modified (flag 'd'). */
  readonly watch = new WatchList();
  /** Pub/sub subscriptions (CLIENT LIST sub/psub/ssub; flag 'P'), kept by engine/pubsub.ts. */
  channels: Set<string> | null = null;
  patterns: Set<string> | null = null;
  shardChannels: Set<string> | null = null;
  /** A client scripts run their commands on (Redis's CLIENT_SCRIPT). */
  isScript = false;
  /**
   * Commands that must be applied as given, never refused for limits meant for users (Redis's
   * mustObeyClient): the AOF loader's client, and a replica's link to its primary. Such commands
   * were already accepted once, so e.g. a rewritten exact stream trim keeps its LIMIT argument.
   */
  mustObey = false;
  /** Set once the client is a replica receiving the replication stream (flag 'S'), else null. */
  replica: ReplicaLink | null = null;
  /**
   * Channels + patterns + shard channels: non-zero is Redis's CLIENT_PUBSUB (the RESP2
   * subscriber-mode check in the dispatcher and PING's reply test just this integer).
   */
  subscriptions = 0;
  /** Dict slots Redis would hold for the channel sets (CLIENT LIST tot-mem; see PubSub.memOverhead). */
  readonly pubsubSlots = { channels: 0, shard: 0 };
  /**
   * CLIENT TRACKING state as TrackingFlag bits (engine/tracking.ts); 0 while tracking is off, so
   * the dispatcher's test after a read-only command is one integer check.
   */
  trackingFlags = 0;
  /** Id of the client invalidations are redirected to (0: none), while tracking. */
  trackingRedirect = 0;
  /** BCAST prefixes in byte order, and Redis's radix-tree node count for them (tot-mem). */
  trackingPrefixes: TrackingPrefixes | null = null;
  /** Queued in engine/pending-writes.ts for output produced by another client's command. */
  writePending = false;
  /**
   * Unix seconds when the output buffer was first seen over its class's soft limit, or 0
   * (Redis's obuf_soft_limit_reached_time; see server/output-limits.ts).
   */
  obufSoftLimitSince = 0;
  /** Connected through the unix socket (flag 'U'). */
  unixSocket = false;
  /**
   * Set by QUIT, a protocol error or CLIENT KILL of itself (flag 'c'): nothing more is read or
   * run, and the connection closes once the pending replies are written.
   */
  closeAfterReply = false;
  /** Set once the connection is closing; nothing more is read or executed. */
  closing = false;
  /**
   * Argument positions of the running command to show as "(redacted)" in SLOWLOG and MONITOR
   * (AUTH passwords ...); set through observability/redact.ts, consumed by the dispatcher.
   */
  redacted: number[] | null = null;

  constructor(
    readonly engine: Engine,
    readonly id: number,
    readonly transport: ClientTransport,
  ) {
    this.db = engine.dbs[0];
    this.user = engine.acl.defaultUser;
    this.authenticated = engine.acl.newClientAuthenticated();
    this.createdAt = this.lastInteraction = engine.clock.now();
  }

  get proto(): 2 | 3 {
    return this.reply.proto;
  }

  /** True while the client must authenticate before running commands (Redis's authRequired). */
  authRequired(): boolean {
    return !this.authenticated && this.engine.authRequired();
  }

  /** Whether the current command's replies reach the client (CLIENT REPLY OFF/SKIP). */
  updateReplyEnabled(): void {
    this.reply.enabled = !this.replyOff && !this.replySkip;
  }

  /**
   * Bookkeeping after each command, even a rejected one (Redis's resetClient): a SKIP asked for
   * by the command that just ran applies to the next one.
   */
  commandDone(): void {
    // CLIENT CACHING applies to the next command only, or to the transaction it precedes; any
    // CLIENT subcommand keeps it (Redis compares the command's proc, shared by all of them).
    if ((this.trackingFlags & TrackingFlag.Caching) !== 0 && this.multi === null && !(this.argv !== null && this.lastCommand.startsWith('client|'))) {
      this.trackingFlags &= ~TrackingFlag.Caching;
    }
    this.argv = null;
    if (this.replySkip || this.replySkipNext) {
      this.replySkip = this.replySkipNext;
      this.replySkipNext = false;
      this.updateReplyEnabled();
    }
  }

  /** The selected database index. */
  get dbIndex(): number {
    return this.db.id;
  }
}
