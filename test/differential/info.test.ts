/**
 * Differential test of INFO, field by field: after CONFIG RESETSTAT and the same command
 * sequence on both servers, INFO EVERYTHING must have the same sections in the same order, the
 * same field names (in order, except sections whose lines follow hash order or history), and the
 * same values for the fields that are deterministic (counters, versions, modes). Timing, memory,
 * process and port fields differ by nature and are compared by name only. Sonic adds one field,
 * sonic_version (DESIGN.md rule 6).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseResp } from '../helpers/resp-frames.js';
import { runOnBoth, useDifferentialPair } from '../helpers/differential.js';

const pair = useDifferentialPair();

/** Fields only Sonic reports. */
const SONIC_ONLY = new Set(['sonic_version']);

/** Sections whose lines depend on what ran (and in which hash order): compared as sets. */
const UNORDERED_SECTIONS = new Set(['Commandstats', 'Errorstats', 'Latencystats', 'Keyspace']);

/** Fields whose values must be equal after the same commands on two fresh servers. */
const SAME_VALUE = [
  'redis_version', 'redis_mode', 'connected_clients', 'blocked_clients', 'tracking_clients', 'loading', 'rdb_changes_since_last_save',
  'rdb_bgsave_in_progress', 'aof_enabled', 'aof_rewrite_in_progress', 'total_commands_processed', 'keyspace_hits', 'keyspace_misses',
  'expired_keys', 'evicted_keys', 'total_error_replies', 'role', 'connected_slaves', 'maxmemory', 'maxmemory_policy', 'pubsub_channels',
  'pubsub_patterns', 'cluster_enabled',
];

interface Info {
  sections: string[];
  fields: Map<string, string[]>;
  values: Map<string, string>;
}

function parseInfo(reply: string): Info {
  const node = parseResp(reply);
  let text = node.payload ?? '';
  // RESP3 sends a verbatim string: "txt:" then the text.
  if (node.type === '=') text = text.slice(4);
  const info: Info = { sections: [], fields: new Map(), values: new Map() };
  let section = '';
  for (const line of text.split('\r\n')) {
    if (line.startsWith('# ')) {
      section = line.slice(2);
      info.sections.push(section);
      info.fields.set(section, []);
    } else if (line.includes(':')) {
      const at = line.indexOf(':');
      const name = line.slice(0, at);
      if (SONIC_ONLY.has(name)) continue;
      info.fields.get(section)!.push(name);
      info.values.set(name, line.slice(at + 1));
    }
  }
  return info;
}

/** cmdstat_x / errorstat_x / dbN values without their timing parts. */
function withoutTimings(value: string): string {
  return value
    .split(',')
    .filter((kv) => !kv.startsWith('usec') && !kv.startsWith('avg_ttl'))
    .join(',');
}

for (const proto of [2, 3] as const) {
  test(`INFO EVERYTHING matches redis-server field by field (RESP${proto})`, async () => {
    const { sonic, redis } = await runOnBoth(pair, [
      ['HELLO', String(proto)], ['FLUSHALL'], ['CONFIG', 'RESETSTAT'], ['SET', 'a', '1'], ['SET', 'b', '2', 'EX', '100'], ['GET', 'a'], ['GET', 'nokey'],
      ['INCR', 'a'], ['NOSUCHCMD'], ['SET', 'a', 'b', 'c'], ['GET'], ['DEL', 'b'], ['EXPIRE', 'a', '100'], ['SET', 'c', '3'], ['SELECT', '3'],
      ['SET', 'd', '4'], ['SELECT', '0'], ['INFO', 'everything'],
    ]);
    const s = parseInfo(sonic[sonic.length - 1]);
    const r = parseInfo(redis[redis.length - 1]);
    assert.equal(sonic[sonic.length - 1][0], redis[redis.length - 1][0], 'reply type');
    assert.deepEqual(s.sections, r.sections, 'sections');
    for (const sec of r.sections) {
      const [sf, rf] = [s.fields.get(sec)!, r.fields.get(sec)!];
      if (UNORDERED_SECTIONS.has(sec)) {
        assert.deepEqual([...sf].sort(), [...rf].sort(), `fields of # ${sec}`);
        // (Latencystats values are all timings.)
        if (sec === 'Latencystats') continue;
        for (const f of rf) assert.equal(withoutTimings(s.values.get(f) ?? ''), withoutTimings(r.values.get(f)!), `${sec}: ${f}`);
      } else {
        assert.deepEqual(sf, rf, `fields of # ${sec}`);
      }
    }
    for (const f of SAME_VALUE) {
      assert.ok(r.values.has(f), `redis-server reports ${f}`);
      assert.equal(s.values.get(f), r.values.get(f), f);
    }
    // The sequence above must have left its marks, or the comparison proves little.
    assert.match(r.values.get('errorstat_ERR') ?? '', /^count=3$/);
    assert.equal(r.values.get('db0'), 'keys=2,expires=1,avg_ttl=' + r.values.get('db0')!.split('avg_ttl=')[1]);
  });
}

test('INFO with section arguments selects the same sections', async () => {
  for (const args of [['server'], ['SERVER', 'clients'], ['default'], ['all'], ['nosuch'], ['keyspace', 'nosuch'], ['everything', 'server'], ['commandstats']]) {
    const { sonic, redis } = await runOnBoth(pair, [['HELLO', '2'], ['INFO', ...args]]);
    const sections = (x: string) => parseInfo(x).sections;
    assert.deepEqual(sections(sonic[1]), sections(redis[1]), `INFO ${args.join(' ')}`);
  }
});
