/**
 * The server state shared by every client: databases, config, command table, clients and
 * counters. Networking lives in server/; this class runs commands for any Client.
 */
import { Config } from '../config/registry.js';
import { Db, lruSeconds, type KeyspaceHooks } from '../keyspace/db.js';
import { ServerStats } from '../observability/stats.js';
import { ActiveExpire } from '../keyspace/active-expire.js';
import { SlowLog } from '../observability/slowlog.js';
import { LatencyMonitor } from '../observability/latency-monitor.js';
import { CallSettings, latencySampleIfNeeded } from '../observability/call-hooks.js';
import { Logger, type LogLevel } from '../observability/log.js';
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../util/clock.js';
import { CommandTable } from './command-table.js';
import { Client, type ClientTransport } from './client.js';
import { ClientPause } from './client-pause.js';
import { BlockedClients } from './blocking.js';
import { dispatch } from './dispatcher.js';
import { FunctionLibraries } from '../scripting/function-libraries.js';
import { Scripting } from '../scripting/scripting.js';
import type { EventPump, ScriptRun } from './script-run.js';
import { Propagator } from './propagation/propagator.js';
import { propagateDeletion } from './propagation/api.js';
import { PubSub } from './pubsub.js';
import { PendingWrites } from './pending-writes.js';
import { notifyKeyspaceEvent, Notify } from './notify.js';
import { OutputLimits } from './output-limits.js';
import { Tracking } from './tracking.js';
import { HANDLERS } from '../commands/index.js';
import { Evictor, isLfuPolicy, maxmemoryPolicy } from './eviction.js';
import { lfuMinutes, type LfuClock } from '../keyspace/lfu.js';
import { usedMemory } from '../observability/memory.js';
import { installSaveCron } from '../persistence/bgsave/bgsave.js';
import { refreshDiskError } from '../persistence/bgsave/state.js';
import { Acl } from '../acl/acl.js';
import { loadUsersAtStartup, userLines } from '../acl/acl-file.js';
import { UserFlag } from '../acl/user.js';
import { resolve } from 'node:path';

/** The configured users or aclfile could not be loaded (the reasons are in the log). */
export class AclStartupError extends Error {}

export interface EngineOptions {
  config?: Config;
  clock?: Clock;
  /** The server log (default: writes only when a logfile is configured). */
  logger?: Logger;
}

/** The flags SHUTDOWN was given. */
export interface ShutdownOptions {
  save: boolean;
  nosave: boolean;
  now: boolean;
  force: boolean;
}

export class Engine implements KeyspaceHooks {
  readonly config: Config;
  /** The server log, in redis-server's format (see observability/log.ts). */
  readonly logger: Logger;
  readonly clock: Clock;
  readonly table: CommandTable;
  readonly stats = new ServerStats();
  readonly dbs: Db[];
  readonly clients = new Map<number, Client>();
  /** Users, the default user and the ACL log (src/acl/). */
  readonly acl: Acl;
  /** Milliseconds since the epoch when the server started. */
  readonly startTime: number;
  /**
   * Cached LRU clock (seconds) for access stamps; see tick(). `lfu` is the LFU state while an
   * LFU maxmemory-policy is selected (accesses then count instead of stamping), else null.
   */
  readonly lruClock: { now: number; lfu: LfuClock | null } = { now: 0, lfu: null };
  /** LFU counters' clock and settings (keyspace/lfu.ts), kept current whatever the policy. */
  private readonly lfu: LfuClock = { minutes: 0, logFactor: 10, decayTime: 1, random: Math.random };
  /** maxmemory eviction (engine/eviction.ts). */
  readonly evictor: Evictor;
  /** FUNCTION libraries (src/scripting/function-libraries.ts). */
  readonly functions: FunctionLibraries;
  /** EVAL scripts and the clients scripts run their commands on (src/scripting/). */
  readonly scripting: Scripting;
  /** The script being run (EVAL, FCALL), or null: the dispatcher's busy check reads it. */
  script: ScriptRun | null = null;
  /**
   * Whether used memory was over maxmemory when the current top-level command started: scripts
   * refuse their first deny-oom command on it (Redis's pre_command_oom_state).
   */
  preCommandOomState = false;
  /** Replicas that acknowledged within min-replicas-max-lag (none until replication lands). */
  goodReplicas = 0;
  /** DEBUG SET-DISABLE-DENY-SCRIPTS: scripts may run commands flagged noscript. */
  scriptDenyDisabled = false;
  /**
   * Services other connections while a script is busy (set by server/ when listening over
   * sockets); without it other clients simply wait for the script to end.
   */
  eventPump: EventPump | undefined;
  /** Writes since the last save (rdb_changes_since_last_save). */
  dirty = 0;
  /** Unix seconds of the last successful save (LASTSAVE); the start time until persistence lands. */
  lastSave: number;
  /**
   * The -MISCONF error writes get while the data cannot be persisted (a failed BGSAVE under
   * stop-writes-on-bgsave-error first, else AOF write errors; Redis's
   * writeCommandsDeniedByDiskError), else null: the dispatcher's one test on the write path.
   * Kept by persistence/bgsave/state.ts refreshDiskError.
   */
  diskError: string | null = null;
  /** SLOWLOG entries, LATENCY events and MONITOR clients (see observability/). */
  readonly slowlog = new SlowLog();
  readonly latency = new LatencyMonitor();
  readonly monitors = new Set<Client>();
  /** Thresholds the dispatcher checks after every command, cached from the config. */
  readonly callSettings = new CallSettings();
  /** 40 hex chars identifying this run of the server (INFO run_id). */
  readonly runId = randomBytes(20).toString('hex');
  /** Replication ids (INFO master_replid/master_replid2, DEBUG CHANGE-REPL-ID). */
  replId = randomBytes(20).toString('hex');
  replId2 = '0'.repeat(40);
  /**
   * What SHUTDOWN does once the data is taken care of: the CLI exits the process, the embedded
   * server closes its listener. Without a handler the engine just closes.
   */
  shutdownHandler: ((opts: ShutdownOptions) => boolean | void) | undefined;
  /** Whether keys are expired in the background (DEBUG SET-ACTIVE-EXPIRE). */
  activeExpireEnabled = true;
  /** CLIENT PAUSE state and the clients it postponed. */
  readonly pause: ClientPause;
  /** Clients blocked on keys (BLPOP ...) and the keys that can serve them (engine/blocking.ts). */
  readonly blocking: BlockedClients;
  /** The background expiry cycle (keyspace/active-expire.ts); runs while the engine is open. */
  readonly activeExpire: ActiveExpire;
  /** Where writes go besides the dataset: replicas, later the AOF (engine/propagation/). */
  readonly propagation = new Propagator();
  /** Clients given output by another client's command, written after the read batch. */
  readonly writes = new PendingWrites();
  /** Channels, patterns and shard channels, and who listens (engine/pubsub.ts). */
  readonly pubsub = new PubSub(this.writes);
  /** notify-keyspace-events as flags, cached for the one-integer test of engine/notify.ts. */
  notifyFlags = 0;
  /** client-output-buffer-limit per client class, cached (engine/output-limits.ts). */
  readonly outputLimits = new OutputLimits();
  /**
   * Called before replies go to clients (server/connection.ts): the AOF writes (and under
   * appendfsync always, fsyncs) what the commands propagated, so no reply precedes its write.
   */
  beforeReplies: (() => void) | null = null;
  /**
   * True while a dataset loads from disk (persistence/loading.ts): keys do not expire, and the
   * dispatcher refuses commands without the `loading` flag with -LOADING.
   */
  loading = false;
  /** The AOF's write error while its writes or fsyncs fail (see persistence/aof/aof.ts), else null. */
  aofWriteError: string | null = null;
  /** The client replaying an AOF while loading: its commands are not refused. */
  loadingClient: Client | null = null;
  /** CLIENT TRACKING: the tracking table, BCAST prefixes and invalidations (engine/tracking.ts). */
  readonly tracking = new Tracking(this);
  /**
   * The client whose command is being dispatched (Redis's server.current_client), or null
   * (timers, active expiry); a served blocked client while its reply is produced.
   */
  currentClient: Client | null = null;
  /** DEBUG PAUSE-CRON: the tracking-table cron skips its work while set. */
  cronPaused = false;
  private nextClientId = 1;
  /** Listeners told when the engine shuts down (server/ closes sockets, timers stop). */
  private readonly closeHooks: (() => void)[] = [];

  constructor(opts: EngineOptions = {}) {
    this.config = opts.config ?? new Config();
    this.clock = opts.clock ?? systemClock;
    this.table = new CommandTable(HANDLERS);
    this.logger = opts.logger ?? new Logger(this.config, false);
    // Users first: every client (the scripts' ones included) starts as the default user.
    this.acl = new Acl(this);
    this.acl.updateDefaultPassword(this.config.str('requirepass'));
    if (!loadUsersAtStartup(this.acl, this.config.users, this.config.str('aclfile'), this.aclFilePath(), (level, msg) => this.log(level, msg))) {
      throw new AclStartupError('ACL users could not be loaded');
    }
    this.config.userLines = () => (this.config.str('aclfile') !== '' ? [] : userLines(this.acl));
    // rename-command from the config file: the command answers to its new name only.
    for (const [from, to] of this.config.commandRenames) this.table.rename(from, to);
    // Cached config values follow CONFIG SET (the previous listener, if any, still runs).
    const onChange = this.config.onChange;
    this.config.onChange = (name, value) => {
      onChange(name, value);
      this.configChanged(name, value);
    };
    this.notifyFlags = this.config.num('notify-keyspace-events');
    this.outputLimits.update(this.config.get('client-output-buffer-limit'));
    this.tracking.maxKeys = this.config.num('tracking-table-max-keys');
    this.lfu.logFactor = this.config.num('lfu-log-factor');
    this.lfu.decayTime = this.config.num('lfu-decay-time');
    this.lruClock.lfu = isLfuPolicy(maxmemoryPolicy(this)) ? this.lfu : null;
    this.startTime = this.tick();
    this.lastSave = Math.floor(this.startTime / 1000);
    const n = this.config.num('databases');
    this.dbs = Array.from({ length: n }, (_, i) => new Db(i, this));
    this.evictor = new Evictor(this);
    // Before any connection, as Redis does at start-up: script clients take ids 1 and 2.
    this.scripting = new Scripting(this);
    this.functions = new FunctionLibraries(this);
    this.stats.startSampling();
    this.onClose(() => this.stats.stopSampling());
    this.pause = new ClientPause(this.clock);
    this.onClose(() => this.pause.close());
    this.blocking = new BlockedClients(this);
    this.onClose(() => this.blocking.close());
    let cpuFraction = 0; // expire_cycle_cpu_milliseconds is a whole number: carry the rest
    this.activeExpire = new ActiveExpire(this, {
      hz: () => this.config.num('hz'),
      effort: () => this.config.num('active-expire-effort'),
      onSlice: (r) => {
        this.tick();
        const s = this.stats;
        cpuFraction += r.elapsedMs;
        const whole = Math.floor(cpuFraction);
        s.expireCycleCpuMs += whole;
        cpuFraction -= whole;
        if (r.timeCapped) s.expiredTimeCapReachedCount++;
        // Running estimate of the share of volatile keys already expired (Redis: 5% weight).
        s.expiredStalePerc = (r.expired / r.sampled) * 0.05 + s.expiredStalePerc * 0.95;
        latencySampleIfNeeded(this, 'expire-cycle', r.elapsedMs);
      },
    });
    this.activeExpire.start();
    this.onClose(() => this.activeExpire.stop());
    this.stats.gauges.set('blocked_clients', () => {
      let n = 0;
      for (const c of this.clients.values()) if (c.blocked !== null) n++;
      return n;
    });
    this.stats.gauges.set('clients_in_timeout_table', () => this.blocking.inTimeoutTable);
    this.stats.gauges.set('pubsub_channels', () => this.pubsub.channels.size);
    this.stats.gauges.set('pubsub_patterns', () => this.pubsub.patterns.size);
    this.stats.gauges.set('pubsubshard_channels', () => this.pubsub.shardChannels.size);
    this.stats.gauges.set('tracking_clients', () => this.tracking.clients);
    this.stats.gauges.set('tracking_total_keys', () => this.tracking.totalKeys);
    this.stats.gauges.set('tracking_total_items', () => this.tracking.totalItemsCount);
    this.stats.gauges.set('tracking_total_prefixes', () => this.tracking.totalPrefixes);
    this.onClose(() => this.writes.close());
    installSaveCron(this);
  }

  private configChanged(name: string, value: unknown): void {
    if (name === 'notify-keyspace-events') this.notifyFlags = value as number;
    else if (name === 'client-output-buffer-limit') this.outputLimits.update(value);
    else if (name === 'tracking-table-max-keys') this.tracking.maxKeys = value as number;
    else if (name === 'lfu-log-factor') this.lfu.logFactor = value as number;
    else if (name === 'lfu-decay-time') this.lfu.decayTime = value as number;
    else if (name === 'maxmemory-policy') {
      this.lruClock.lfu = isLfuPolicy(maxmemoryPolicy(this)) ? this.lfu : null;
      this.evictor.pool.clear();
    } else if (name === 'maxmemory') this.maxmemoryChanged(Number(this.config.get<number | bigint>('maxmemory')));
    else if (name === 'save' || name === 'stop-writes-on-bgsave-error') refreshDiskError(this);
    else if (name === 'requirepass') this.acl.updateDefaultPassword(this.config.str('requirepass'));
  }

  /** The aclfile's path (relative to the working directory `dir`), or '' when none is set. */
  aclFilePath(): string {
    const f = this.config.str('aclfile');
    return f === '' ? '' : resolve(this.config.get<string>('dir') || process.cwd(), f);
  }

  /** CONFIG SET maxmemory (Redis's updateMaxmemory): a lower limit starts evicting at once. */
  private maxmemoryChanged(maxmemory: number): void {
    if (maxmemory === 0) return;
    const used = usedMemory() - this.evictor.notCounted();
    if (maxmemory < used) {
      this.log(
        'warning',
        `WARNING: the new maxmemory value set via CONFIG SET (${maxmemory}) is smaller than the current memory usage (${used}). This will result in key eviction and/or the inability to accept new write commands depending on the maxmemory-policy.`,
      );
    }
    this.evictor.startProc();
  }

  /** The LFU clock, its minute brought up to date. */
  lfuClock(): LfuClock {
    this.lfu.minutes = lfuMinutes(this.clock.now());
    return this.lfu;
  }

  /**
   * Reads the clock once and refreshes the cached LRU clock; called per read batch and per cron
   * slice, so per-key access stamps never call the clock. Returns the time in ms.
   */
  tick(): number {
    const now = this.clock.now();
    this.lruClock.now = lruSeconds(now);
    this.lfu.minutes = lfuMinutes(now);
    return now;
  }

  /** Writes a line to the server log (Redis's serverLog). */
  log(level: LogLevel, msg: string): void {
    this.logger.log(level, msg);
  }

  /**
   * True when unauthenticated clients must AUTH before running commands (Redis's authRequired):
   * the default user has a password or is off.
   */
  authRequired(): boolean {
    return (this.acl.defaultUser.flags & (UserFlag.NoPass | UserFlag.Disabled)) !== UserFlag.NoPass;
  }

  /** The next client id (every client, internal ones included, takes one). */
  allocateClientId(): number {
    return this.nextClientId++;
  }

  /** Registers a new client for a connection. */
  createClient(transport: ClientTransport): Client {
    const c = new Client(this, this.allocateClientId(), transport);
    this.clients.set(c.id, c);
    this.stats.totalConnectionsReceived++;
    return c;
  }

  /** Forgets a client whose connection closed. */
  removeClient(c: Client): void {
    c.closing = true;
    this.clients.delete(c.id);
    this.monitors.delete(c);
    // Its WATCHes go with it (Redis's freeClient unwatches).
    c.watch.unwatchAll();
    if (c.replica !== null) c.replica.detach();
    this.pubsub.forget(c);
    if (c.trackingFlags !== 0) this.tracking.disable(c);
    if (c.blocked === 'pause') this.pause.forget(c);
    else if (c.blocked === 'keys') this.blocking.forget(c);
  }

  /**
   * performance.now() at the end of the last command of the read batch being run, or -1 outside
   * one (see beginBatch): the dispatcher then needs one clock read per command instead of two.
   */
  callStamp = -1;

  /** Marks the start of a run of commands from one read batch (server/connection.ts). */
  beginBatch(): void {
    this.callStamp = performance.now();
  }

  /** Ends it: commands run later (timers, unblocked clients) read the clock themselves. */
  endBatch(): void {
    this.callStamp = -1;
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
  expiryNow(): number {
    const script = this.script;
    return script === null ? this.clock.now() : script.snapshotMs;
  }
  expired(db: Db, key: string): void {
    // Redis counts expirations in stats but not as dataset changes (no dirty++); replicas and
    // the AOF learn of them as a DEL (UNLINK under lazyfree-lazy-expire), after the event.
    this.stats.expiredKeys++;
    notifyKeyspaceEvent(this, Notify.Expired, 'expired', key, db.id);
    if (this.propagation.active) propagateDeletion(this, db.id, key, this.config.bool('lazyfree-lazy-expire'));
  }
  keyEvent(db: Db, type: number, event: string, key: string): void {
    notifyKeyspaceEvent(this, type, event, key, db.id);
  }
  canDeleteExpired(): boolean {
    // A paused server must not change the dataset, expiry included (Redis 7.0).
    return !this.loading && !this.pause.isPaused();
  }
  hit(found: boolean): void {
    if (found) this.stats.keyspaceHits++;
    else this.stats.keyspaceMisses++;
  }
}
