/**
 * Keyspace notifications (Redis's notify.c): a command that changed a key calls
 * {@link notify} (or {@link notifyKeyspaceEvent} for another database) with the event's class
 * and name, in the same place Redis 7.0 calls notifyKeyspaceEvent. When the class is enabled by
 * `notify-keyspace-events`, the event is published on
 *   `__keyspace@<db>__:<key>`   with the event name as message (flag K), and
 *   `__keyevent@<db>__:<event>` with the key as message (flag E).
 *
 * When notifications are off (the default) a call costs one integer test: the flags are cached
 * on the engine whenever the config changes.
 */
import { Notify } from '../config/special.js';
import { ChannelKind } from './pubsub.js';
import type { Client } from './client.js';
import type { Engine } from './engine.js';

export { Notify };

/** Publishes an event about `key` of database `dbid`, if its class is enabled. */
export function notifyKeyspaceEvent(engine: Engine, type: number, event: string, key: string, dbid: number): void {
  if ((engine.notifyFlags & type) !== 0) publishEvent(engine, event, key, dbid);
}

/** Publishes an event about `key` in the client's selected database, if its class is enabled. */
export function notify(c: Client, type: number, event: string, key: string): void {
  const engine = c.engine;
  if ((engine.notifyFlags & type) !== 0) publishEvent(engine, event, key, c.db.id);
}

function publishEvent(engine: Engine, event: string, key: string, dbid: number): void {
  const pubsub = engine.pubsub;
  // Nobody listening anywhere: skip building the channel names.
  if (pubsub.channels.size === 0 && pubsub.patterns.size === 0) return;
  const flags = engine.notifyFlags;
  if ((flags & Notify.Keyspace) !== 0) pubsub.publish(`__keyspace@${dbid}__:${key}`, event, ChannelKind.Global);
  if ((flags & Notify.Keyevent) !== 0) pubsub.publish(`__keyevent@${dbid}__:${event}`, key, ChannelKind.Global);
}
