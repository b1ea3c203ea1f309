/**
 * Everything the differential tests send, gathered from each group's cases module. The coverage
 * test reads this instead of running the test files. A differential test file that sends
 * commands must declare them in a module here and list it below.
 */
import type { CommandInput } from '../../helpers/raw-connection.js';
import { CONFIG_SEQUENCE, HIDDEN_PARAMS } from './config-get.js';
import { CONNECTION_CASES } from './connection.js';
import { KEYSPACE_CASES } from './keyspace.js';
import { OBSERVABILITY_CASES, OBSERVABILITY_KNOWN_DIFFERENCES } from './observability.js';
import { stringCases } from './string.js';
import { STRING_EDGE_CASES } from './string-edges.js';
import { SET_CASES, SET_EXACT_CASES, SET_RANDOM_CASES } from './set.js';
import { KEYSPACE_EDGE_CASES } from './keyspace-edges.js';
import { CONNECTION_COMMAND_CASES } from './connection-commands.js';
import { PROTOCOL_CASES, UNAUTHENTICATED_CASES } from './protocol-errors.js';
import { ERROR_TRIGGERS } from './error-catalog.js';
import { DUMP_CASES } from './dump.js';
import { GEO_CASES } from './geo.js';
import { SORT_CASES, SORT_UNORDERED_CASES } from './sort.js';
import { LIST_CASES } from './list.js';
import { LIST_BLOCKING_CASES } from './list-blocking.js';
import { sentByMulti } from '../../helpers/multi-connection.js';
import { HASH_CASES, HASHTABLE_CASES, HRANDFIELD_SHAPES } from './hash.js';
import { MEMORY_CASES } from './memory.js';
import { ZSET_CASES } from './zset.js';
import { ZSET_BLOCKING_CASES } from './zset-blocking.js';
import { BITMAP_CASES, BITMAP_WRONGTYPE_CASES } from './bitmap.js';
import { HLL_CASES, HLL_SELFTEST, hllInterchangeSetup } from './hyperloglog.js';
import { TRANSACTION_CASES, TRANSACTION_MULTI_CASES } from './transaction.js';
import { SCRIPTING_CASES } from './scripting.js';
import { STREAM_CASES } from './stream.js';
import { STREAM_GROUP_CASES } from './stream-group.js';
import { STREAM_BLOCKING_CASES } from './stream-blocking.js';
import { PROPAGATION_CASES, REPLCONF_CASES } from './propagation.js';
import { AOF_CASES } from './aof.js';
import { CLUSTER_CASES } from './cluster.js';
import { PERSISTENCE_SENT } from './persistence.js';
import { PREFIX_SETS, TRACKING_CASES, TRACKING_MULTI_CASES } from './tracking.js';
import type { DiffCase } from '../../helpers/differential.js';
import { sentByStreams } from '../../helpers/stream-scenario.js';
import { PUBSUB_CASES } from './pubsub.js';
import { KEYSPACE_EVENT_CASES } from './keyspace-events.js';
import { ACL_CASES, ACL_MULTI_CASES } from './acl.js';
import { EVICTION_CASES } from './eviction.js';

const sentBy = (cases: readonly DiffCase[]): CommandInput[] => cases.flatMap((c) => c.cmds);

/** Each group's commands as sent (argv arrays, or raw byte streams for the connection group). */
export const SENT_BY_GROUP: Record<string, readonly CommandInput[]> = {
  'config-get': [['config', 'get', '*'], ...HIDDEN_PARAMS.map((p) => ['config', 'get', p]), ...CONFIG_SEQUENCE],
  connection: CONNECTION_CASES,
  keyspace: KEYSPACE_CASES,
  // (KEY_CASES are only sent to redis-server: Sonic's side is computed in-process.)
  observability: [...OBSERVABILITY_CASES, ...OBSERVABILITY_KNOWN_DIFFERENCES, ['TIME'], ['LASTSAVE'], ['HELLO', '2'], ['HELLO', '3']],
  string: [...stringCases(), ['FLUSHALL'], ['HELLO', '2'], ['HELLO', '3']],
  'string-edges': sentBy(STRING_EDGE_CASES),
  set: [...sentBy(SET_CASES), ...sentBy(SET_EXACT_CASES), ...SET_RANDOM_CASES.flatMap((c) => c.cmds)],
  'keyspace-edges': sentBy(KEYSPACE_EDGE_CASES),
  'connection-commands': sentBy(CONNECTION_COMMAND_CASES),
  protocol: [...PROTOCOL_CASES, ...UNAUTHENTICATED_CASES].map((c) => c.bytes),
  dump: sentBy(DUMP_CASES),
  geo: sentBy(GEO_CASES),
  sort: [...sentBy(SORT_CASES), ...sentBy(SORT_UNORDERED_CASES)],
  list: sentBy(LIST_CASES),
  'list-blocking': sentByMulti(LIST_BLOCKING_CASES),
  bitmap: [...sentBy(BITMAP_CASES), ...sentBy(BITMAP_WRONGTYPE_CASES)],
  hyperloglog: [...sentBy(HLL_CASES), ...HLL_SELFTEST, ...hllInterchangeSetup().cmds],
  'error-catalog': Object.values(ERROR_TRIGGERS).flatMap((ts) => ts.flatMap((t) => t.cmds)),
  hash: [...sentBy(HASH_CASES), ...sentBy(HASHTABLE_CASES), ...HRANDFIELD_SHAPES.flatMap((s) => [...s.setup, s.call]), ['HSCAN', 'h', '0', 'COUNT', '7']],
  memory: sentBy(MEMORY_CASES),
  zset: sentBy(ZSET_CASES),
  'zset-blocking': sentByMulti(ZSET_BLOCKING_CASES),
  transaction: [...sentBy(TRANSACTION_CASES), ...sentByMulti(TRANSACTION_MULTI_CASES)],
  scripting: sentBy(SCRIPTING_CASES),
  stream: [...sentBy(STREAM_CASES), ...sentBy(STREAM_GROUP_CASES)],
  'stream-blocking': sentByMulti(STREAM_BLOCKING_CASES),
  // (SYNC, PSYNC and REPLCONF ACK are sent by test/helpers/replication-stream.ts.)
  propagation: [...sentByMulti(PROPAGATION_CASES), ...REPLCONF_CASES, ['SYNC'], ['PSYNC', '?', '-1'], ['REPLCONF', 'ACK', '12345']],
  tracking: [
    ...sentBy(TRACKING_CASES),
    ...sentByMulti(TRACKING_MULTI_CASES),
    ...PREFIX_SETS.flat().map((g) => ['CLIENT', 'TRACKING', 'on', 'BCAST', ...g.flatMap((p) => ['PREFIX', p])]),
    ['CLIENT', 'INFO'],
    ['INFO', 'everything'],
  ],
  pubsub: sentByStreams(PUBSUB_CASES),
  'keyspace-events': sentByStreams(KEYSPACE_EVENT_CASES),
  aof: sentBy(AOF_CASES),
  cluster: sentBy(CLUSTER_CASES),
  persistence: PERSISTENCE_SENT,
  acl: [...sentBy(ACL_CASES), ...sentByMulti(ACL_MULTI_CASES)],
  eviction: sentBy(EVICTION_CASES),
  // Not ./arity.ts: its cases are generated from the command table, so they would cover every
  // command by construction and this coverage check could never fail.
};

/**
 * The argv prefixes (command and possible subcommand) found in a raw byte stream: every inline
 * line's words, and every multibulk's first two bulks. Malformed streams may yield words that
 * are not commands; that only matters if a word happens to name a real command, which would
 * over-count coverage, so the cases avoid such words.
 */
export function commandsInRaw(bytes: string): string[][] {
  const out: string[][] = [];
  const lines = bytes.split(/\r?\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('*')) {
      const words: string[] = [];
      for (let j = i + 1; j + 1 < lines.length && words.length < 2 && lines[j].startsWith('$'); j += 2) words.push(lines[j + 1]);
      if (words.length > 0) out.push(words);
    } else if (!line.startsWith('$')) {
      const words = line.trim().split(/\s+/).filter((w) => w !== '');
      if (words.length > 0) out.push(words.slice(0, 2));
    }
  }
  return out;
}
