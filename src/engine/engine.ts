/**
 * The server state shared by every client: databases, config, command table, clients and
 * counters. Networking lives in server/; this class runs commands for any Client.
 */
import { Config } from '../config/registry.js';
import { Db, type KeyspaceHooks } from '../keyspace/db.js';
import { ServerStats } from '../observability/stats.js';
import { systemClock, type Clock } from '../util/clock.js';
import { CommandTable } from './command-table.js';
import { Client, type ClientTransport } from './client.js';
import { dispatch } from './dispatcher.js';
import { HANDLERS } from '../commands/index.js';

export interface EngineOptions {
  config?: Config;
  clock?: Clock;
}

export class Engine implements KeyspaceHooks {
  readonly config: Config;
  readonly clock: Clock;
  readonly table: CommandTable;
  readonly stats = new ServerStats();
  readonly dbs: Db[];
  readonly clients = new Map<number, Client>();
  /** Milliseconds since the epoch when the server started. */
  readonly startTime: number;
  /** Writes since the last save (rdb_changes_since_last_save). */
  dirty = 0;
  private nextClientId = 1;
  /** Listeners told when the engine shuts down (server/ closes sockets, timers stop). */
  private readonly closeHooks: (() => void)[] = [];

  constructor(opts: EngineOptions = {}) {
    this.config = opts.config ?? new Config();
    this.clock = opts.clock ?? systemClock;
    this.table = new CommandTable(HANDLERS);
    this.startTime = this.clock.now();
    const n = this.config.num('databases');
    this.dbs = Array.from({ length: n }, (_, i) => new Db(i, this));
  }

  /** True when clients must AUTH before running commands. */
  authRequired(): boolean {
    return this.config.str('requirepass') !== '';
  }

  /** Registers a new client for a connection. */
  createClient(transport: ClientTransport): Client {
    const c = new Client(this, this.nextClientId++, transport);
    this.clients.set(c.id, c);
    this.stats.totalConnectionsReceived++;
    return c;
  }

  /** Forgets a client whose connection closed. */
  removeClient(c: Client): void {
    c.closing = true;
    this.clients.delete(c.id);
  }

  /** Runs one command for a client (see dispatcher.ts for the order of checks). */
  execute(c: Client, argv: string[]): void {
    dispatch(this, c, argv);
  }

  onClose(fn: () => void): void {
    this.closeHooks.push(fn);
  }

  close(): void {
    for (const fn of this.closeHooks.splice(0)) fn();
  }

  // KeyspaceHooks
  expired(_db: Db, _key: string): void {
    this.stats.expiredKeys++;
    this.dirty++;
  }
  canDeleteExpired(): boolean {
    return true;
  }
  hit(found: boolean): void {
    if (found) this.stats.keyspaceHits++;
    else this.stats.keyspaceMisses++;
  }
}
