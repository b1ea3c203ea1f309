/**
 * The primary side of replication, after Redis 7.0's replication.c: the replicas attached with
 * SYNC/PSYNC (full-sync.ts), the replication stream they share (feed.ts, a propagation sink
 * while the backlog exists), and the once-a-second replication cron: PING every
 * `repl-ping-replica-period` seconds, dropping PSYNC replicas silent for `repl-timeout`, and
 * freeing the backlog `repl-backlog-ttl` seconds after the last replica left.
 *
 * As in Redis, the backlog (and with it propagation) starts with the first replica, under a new
 * replication ID, and outlives the replicas until that TTL: master_repl_offset keeps counting
 * writes meanwhile.
 */
import { randomBytes } from 'node:crypto';
import type { Client } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';
import { ReplicationFeed } from './feed.js';
import { Replica, defaultSettings, type ReplicaSettings } from './replica.js';

export class Primary {
  /** Attached replicas, in attach order (INFO slave0, slave1 ...). */
  readonly replicas: Replica[] = [];
  /** The stream and its backlog; null while there is no backlog. */
  feed: ReplicationFeed | null = null;
  /** REPLCONF settings of clients that may become replicas. */
  private readonly settings = new WeakMap<Client, ReplicaSettings>();
  /** master_repl_offset while there is no backlog. */
  private idleOffset = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private cronLoops = 0;
  /** Unix seconds since when no replica is attached. */
  private noReplicasSince = 0;

  constructor(private readonly engine: Engine) {
    engine.onClose(() => this.stopCron());
  }

  /** master_repl_offset. */
  get offset(): number {
    return this.feed?.offset ?? this.idleOffset;
  }

  /** The REPLCONF settings of `c` (created on first use). */
  settingsOf(c: Client): ReplicaSettings {
    let s = this.settings.get(c);
    if (s === undefined) this.settings.set(c, (s = defaultSettings()));
    return s;
  }

  /**
   * Makes `c` a replica waiting for its snapshot. Creates the backlog with the first replica:
   * new replication ID, ID2 cleared (Redis's changeReplicationId/clearReplicationId2).
   */
  attach(c: Client, prePsync: boolean): Replica {
    if (this.feed === null) {
      const engine = this.engine;
      engine.replId = randomBytes(20).toString('hex');
      engine.replId2 = '0'.repeat(40);
      this.feed = new ReplicationFeed(this.idleOffset, () => Number(engine.config.get<number | bigint>('repl-backlog-size')));
      engine.propagation.addSink(this.feed);
      engine.log('notice', `Replication backlog created, my new replication IDs are '${engine.replId}' and '${engine.replId2}'`);
      this.startCron();
    }
    const r = new Replica(c, this.settingsOf(c), prePsync, (gone) => this.remove(gone));
    c.replica = r;
    this.replicas.push(r);
    return r;
  }

  /** The replica got its snapshot: from now on it receives the stream. */
  online(r: Replica): void {
    r.state = 'online';
    r.ackTime = this.nowSec();
    this.feed?.targets.add(r);
  }

  /** Forgets a replica whose connection is going away. */
  remove(r: Replica): void {
    const i = this.replicas.indexOf(r);
    if (i < 0) return;
    this.replicas.splice(i, 1);
    this.feed?.targets.delete(r);
    r.client.replica = null;
    this.engine.log('notice', `Connection with replica ${r.name()} lost.`);
    if (this.replicas.length === 0) this.noReplicasSince = this.nowSec();
  }

  /** Replicas online and acknowledging within min-replicas-max-lag (INFO min_slaves_good_slaves). */
  goodReplicas(): number {
    const maxLag = this.engine.config.num('min-replicas-max-lag');
    const now = this.nowSec();
    return this.replicas.filter((r) => r.state === 'online' && now - r.ackTime <= maxLag).length;
  }

  private nowSec(): number {
    return Math.floor(this.engine.clock.now() / 1000);
  }

  private startCron(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.cron(), 1000);
    this.timer.unref();
  }

  private stopCron(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Redis's replicationCron, primary part. Exposed for tests driven by a manual clock. */
  cron(): void {
    const engine = this.engine;
    const feed = this.feed;
    if (feed === null) return this.stopCron();
    const config = engine.config;
    this.cronLoops++;
    if (this.replicas.length !== 0 && this.cronLoops % config.num('repl-ping-replica-period') === 0) {
      feed.feedCommand(['ping']);
    }
    const now = this.nowSec();
    const timeout = config.num('repl-timeout');
    for (const r of [...this.replicas]) {
      if (r.prePsync || r.state !== 'online' || now - r.ackTime <= timeout) continue;
      engine.log('warning', `Disconnecting timedout replica (streaming sync): ${r.name()}`);
      r.client.transport.close(false);
    }
    const ttl = config.num('repl-backlog-ttl');
    if (this.replicas.length === 0 && ttl > 0 && now - this.noReplicasSince > ttl) {
      // New IDs: a replica that was attached must not continue from a backlog that is gone.
      engine.replId = randomBytes(20).toString('hex');
      engine.replId2 = '0'.repeat(40);
      this.idleOffset = feed.offset;
      engine.propagation.removeSink(feed);
      this.feed = null;
      this.stopCron();
      engine.log('notice', `Replication backlog freed after ${ttl} seconds without connected replicas.`);
    }
  }
}

const primaries = new WeakMap<Engine, Primary>();

/** The primary-side replication state of `engine`, created on first use. */
export function primaryOf(engine: Engine): Primary {
  let p = primaries.get(engine);
  if (p === undefined) primaries.set(engine, (p = new Primary(engine)));
  return p;
}
