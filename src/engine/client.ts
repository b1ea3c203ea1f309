/**
 * A client as the engine sees it: its selected database, protocol, reply buffer and bookkeeping
 * for CLIENT LIST/INFO. The socket side (server/connection.ts) implements ClientTransport.
 */
import { ReplyBuffer } from '../protocol/reply.js';
import type { Db } from '../keyspace/db.js';
import type { Engine } from './engine.js';

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
}

/** Reply mode set by CLIENT REPLY. */
export type ReplyMode = 'on' | 'off' | 'skip';

export class Client {
  readonly reply = new ReplyBuffer();
  db: Db;
  name = '';
  /** Library name/version from CLIENT SETINFO. */
  libName = '';
  libVer = '';
  authenticated: boolean;
  user = 'default';
  readonly createdAt: number;
  lastInteraction: number;
  /** Fullname of the last command run ("client|list"), for CLIENT LIST's `cmd`. */
  lastCommand = 'NULL';
  replyMode: ReplyMode = 'on';
  /** Set when CLIENT REPLY SKIP applies to the next command. */
  skipNext = false;
  /** Flags shown by CLIENT LIST (N = none): e.g. 'M' monitor, 'x' MULTI, 'b' blocked. */
  monitor = false;
  noEvict = false;
  /** Set once the connection is closing; nothing more is read or executed. */
  closing = false;

  constructor(
    readonly engine: Engine,
    readonly id: number,
    readonly transport: ClientTransport,
  ) {
    this.db = engine.dbs[0];
    this.authenticated = !engine.authRequired();
    this.createdAt = this.lastInteraction = engine.clock.now();
  }

  get proto(): 2 | 3 {
    return this.reply.proto;
  }

  /** The selected database index. */
  get dbIndex(): number {
    return this.db.id;
  }
}
