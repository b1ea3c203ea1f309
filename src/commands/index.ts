/** Every command group's handlers, bound to the generated table by engine/command-table.ts. */
import type { HandlerMap } from './define.js';
import { connectionCommands } from './connection.js';
import { clientCommands } from './client.js';
import { clientTrackingCommands } from './client-tracking.js';
import { stringCommands } from './string.js';
import { serverCommands } from './server.js';
import { commandCommands } from './command.js';
import { slowlogCommands } from './slowlog.js';
import { latencyCommands } from './latency.js';
import { debugCommands } from './debug.js';
import { configCommands } from './config.js';
import { keyspaceCommands } from './keyspace.js';
import { functionCommands } from './function.js';
import { hashCommands } from './hash.js';
import { listCommands } from './list.js';
import { setCommands } from './set.js';
import { zsetCommands } from './zset.js';
import { bitmapCommands } from './bitmap.js';
import { hyperloglogCommands } from './hyperloglog.js';
import { geoCommands } from './geo.js';
import { sortCommands } from './sort.js';
import { dumpCommands } from './dump.js';
import { memoryCommands } from './memory.js';
import { transactionCommands } from './transaction.js';
import { scriptingCommands } from './scripting.js';
import { streamCommands } from './stream.js';
import { replicationCommands } from './replication.js';
import { pubsubCommands } from './pubsub.js';
import { aofCommands } from './aof.js';
import { clusterCommands } from './cluster.js';
import { persistenceCommands } from './persistence.js';
import { aclCommands } from './acl.js';
import './debug-digest.js';
import './debug-htstats.js';

export const HANDLERS: HandlerMap = {
  ...aofCommands,
  ...aclCommands,
  ...connectionCommands,
  ...clientCommands,
  ...clientTrackingCommands,
  ...stringCommands,
  ...serverCommands,
  ...commandCommands,
  ...slowlogCommands,
  ...latencyCommands,
  ...debugCommands,
  ...configCommands,
  ...keyspaceCommands,
  ...functionCommands,
  ...hashCommands,
  ...listCommands,
  ...setCommands,
  ...zsetCommands,
  ...bitmapCommands,
  ...hyperloglogCommands,
  ...geoCommands,
  ...sortCommands,
  ...dumpCommands,
  ...memoryCommands,
  ...transactionCommands,
  ...scriptingCommands,
  ...streamCommands,
  ...replicationCommands,
  ...pubsubCommands,
  ...clusterCommands,
  ...persistenceCommands,
};
