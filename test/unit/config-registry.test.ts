import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Config } from '../../src/config/registry.js';
import { memtoull, string2ll, strtoll } from '../../src/config/numbers.js';
import { notifyFlagsFromString, notifyFlagsToString } from '../../src/config/special.js';

const get = (c: Config, name: string) => c.format(c.def(name)!);
const set = (c: Config, ...kv: string[]) => {
  const pairs: [string, string][] = [];
  for (let i = 0; i < kv.length; i += 2) pairs.push([kv[i], kv[i + 1]]);
  return c.setMany(pairs, { protectedAllowed: true });
};

test('every Redis 7.0.15 parameter is registered with its CONFIG GET default', () => {
  const c = new Config();
  // A sample across types; the differential test compares all of them with redis-server.
  const expect: Record<string, string> = {
    'client-output-buffer-limit': 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60',
    save: '3600 1 300 100 60 10000',
    bind: '* -::*',
    'oom-score-adj-values': '0 200 800',
    'latency-tracking-info-percentiles': '50 99 99.9',
    'proc-title-template': '{title} {listen-addr} {server-mode}',
    'maxmemory-policy': 'noeviction',
    'shutdown-on-sigterm': 'default',
    'acl-pubsub-default': 'resetchannels',
    'list-max-ziplist-size': '-2',
    'unixsocketperm': '0',
    'active-defrag-ignore-bytes': '104857600',
    replicaof: '',
    slaveof: '',
    'tls-auth-clients': 'yes',
    'syslog-facility': 'local0',
  };
  for (const [k, v] of Object.entries(expect)) assert.equal(get(c, k), v, k);
  // 173 visible parameters (192 names with aliases in CONFIG GET *, as redis-server) + 5 hidden.
  assert.equal(c.params().length, 178);
  assert.equal([...c.entries()].filter(([, d]) => (d.flags & 2) === 0).length, 192);
});

test('numbers parse with Redis rules: strict integers, memory units, percent, octal', () => {
  assert.equal(string2ll('007'), undefined);
  assert.equal(string2ll('+5'), undefined);
  assert.equal(string2ll('-0'), undefined);
  assert.equal(string2ll('9223372036854775808'), undefined);
  assert.equal(string2ll('-9223372036854775808'), -(1n << 63n));
  assert.equal(memtoull('1Gb'), 1073741824n);
  assert.equal(memtoull('5k'), 5000n);
  assert.equal(memtoull(''), 0n);
  assert.equal(memtoull('-1'), undefined);
  assert.equal(memtoull('1x'), undefined);
  assert.equal(memtoull('99999999999999999999999'), (1n << 64n) - 1n);
  assert.deepEqual(strtoll('  12x'), { value: 12n, end: 4, overflow: false });
  assert.equal(strtoll('').end, 0);

  const c = new Config();
  assert.equal(set(c, 'maxmemory', '18446744073709551615'), null);
  assert.equal(get(c, 'maxmemory'), '18446744073709551615');
  assert.equal(set(c, 'maxmemory', '1Gb'), null);
  assert.equal(get(c, 'maxmemory'), '1073741824');
  assert.equal(c.num('maxmemory'), 1073741824);
  assert.equal(set(c, 'timeout', '007'), "ERR CONFIG SET failed (possibly related to argument 'timeout') - argument couldn't be parsed into an integer");
  assert.equal(set(c, 'maxclients', '0'), "ERR CONFIG SET failed (possibly related to argument 'maxclients') - argument must be between 1 and 4294967295 inclusive");
  assert.equal(
    set(c, 'hash-max-listpack-entries', '-1'),
    "ERR CONFIG SET failed (possibly related to argument 'hash-max-listpack-entries') - argument must be between 0 and 9223372036854775807 inclusive",
  );
  assert.equal(set(c, 'maxmemory-clients', '10%'), null);
  assert.equal(get(c, 'maxmemory-clients'), '10%');
  assert.equal(set(c, 'maxmemory-clients', '200%'), "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100");
  assert.equal(set(c, 'maxmemory-clients', '-5'), "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value");
  // hz is accepted out of range and clamped, as Redis's updateHZ.
  assert.equal(set(c, 'hz', '0'), null);
  assert.equal(get(c, 'hz'), '1');
  assert.equal(set(c, 'hz', '100000'), null);
  assert.equal(get(c, 'hz'), '500');
});

test('enums: case-insensitive names, first name printed, bit flags for shutdown-on-sig*', () => {
  const c = new Config();
  assert.equal(set(c, 'maxmemory-policy', 'ALLKEYS-LRU'), null);
  assert.equal(c.str('maxmemory-policy'), 'allkeys-lru');
  assert.equal(set(c, 'oom-score-adj', 'relative'), null);
  assert.equal(get(c, 'oom-score-adj'), 'yes');
  assert.equal(set(c, 'shutdown-on-sigint', 'nosave force now'), null);
  assert.equal(get(c, 'shutdown-on-sigint'), 'nosave now force');
  assert.equal(
    set(c, 'shutdown-on-sigint', 'save nosave'),
    "ERR CONFIG SET failed (possibly related to argument 'shutdown-on-sigint') - shutdown options SAVE and NOSAVE can't be used simultaneously",
  );
  assert.equal(
    set(c, 'loglevel', 'nothing'),
    "ERR CONFIG SET failed (possibly related to argument 'loglevel') - argument(s) must be one of the following: debug, verbose, notice, warning",
  );
});

test('special parameters: save, client-output-buffer-limit, notify-keyspace-events, bind, percentiles', () => {
  const c = new Config();
  assert.equal(set(c, 'save', '100 10 200 20'), null);
  assert.deepEqual(c.get('save'), [
    { seconds: 100, changes: 10 },
    { seconds: 200, changes: 20 },
  ]);
  assert.equal(set(c, 'save', '100  10'), "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters");
  assert.equal(set(c, 'save', ''), null);
  assert.equal(get(c, 'save'), '');

  assert.equal(set(c, 'client-output-buffer-limit', 'normal 1 2 3 pubsub 1mb 2mb 0'), null);
  assert.equal(get(c, 'client-output-buffer-limit'), 'normal 1 2 3 slave 268435456 67108864 60 pubsub 1048576 2097152 0');
  assert.equal(
    set(c, 'client-output-buffer-limit', 'master 0 0 0'),
    "ERR CONFIG SET failed (possibly related to argument 'client-output-buffer-limit') - Invalid client class specified in buffer limit configuration.",
  );

  assert.equal(notifyFlagsToString(notifyFlagsFromString('KEA')), 'AKE');
  assert.equal(notifyFlagsToString(notifyFlagsFromString('Kgxmn$')), 'g$xnKm');
  assert.equal(set(c, 'notify-keyspace-events', 'Kq'), "ERR CONFIG SET failed (possibly related to argument 'notify-keyspace-events') - Invalid event class character. Use 'Ag$lshzxeKEtmdn'.");

  assert.equal(set(c, 'bind', '127.0.0.1 -::1'), null);
  assert.deepEqual(c.get('bind'), ['127.0.0.1', '-::1']);
  assert.equal(set(c, 'bind', ''), null);
  assert.deepEqual(c.get('bind'), []);

  assert.equal(set(c, 'latency-tracking-info-percentiles', '1.5 99.99999'), null);
  assert.equal(get(c, 'latency-tracking-info-percentiles'), '1.5 99.99999');
  assert.deepEqual(c.get('latency-tracking-info-percentiles'), [1.5, 99.99999]);
});

test('CONFIG SET is all or nothing: a bad value rolls back the ones already set', () => {
  const c = new Config();
  assert.equal(set(c, 'maxmemory', '10000002'), null);
  const err = set(c, 'maxmemory', '10000001', 'maxmemory-clients', '200%', 'client-query-buffer-limit', 'invalid');
  assert.equal(err, "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - percentage argument must be less or equal to 100");
  assert.equal(get(c, 'maxmemory'), '10000002');
  assert.equal(get(c, 'maxmemory-clients'), '0');
  assert.equal(get(c, 'client-query-buffer-limit'), '1073741824');
});

test('CONFIG SET rolls back every value and re-applies when an applier fails', () => {
  const c = new Config();
  let applied: string[] = [];
  c.setApplier(['maxmemory'], () => {
    applied.push(`mm=${c.num('maxmemory')}`);
    return null;
  });
  c.setApplier(['port'], () => (c.num('port') === 7777 ? 'Unable to listen on this port. Check server logs.' : null));
  const err = set(c, 'maxmemory', '5', 'port', '7777', 'timeout', '9');
  assert.equal(err, "ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.");
  assert.equal(get(c, 'maxmemory'), '0');
  assert.equal(get(c, 'port'), '6379');
  assert.equal(get(c, 'timeout'), '0');
  // The successful applier ran with the new value, then again with the restored one.
  assert.deepEqual(applied, ['mm=5', 'mm=0']);
  applied = [];
  // An unchanged value does not run its applier.
  assert.equal(set(c, 'maxmemory', '0'), null);
  assert.deepEqual(applied, []);
});

test('CONFIG SET error precedence: unknown name, immutable, duplicate', () => {
  const c = new Config();
  assert.equal(set(c, 'maxmemory', 'x', 'foo', 'bar'), "ERR Unknown option or number of arguments for CONFIG SET - 'foo'");
  // The first problem found wins: an immutable parameter before an unknown one reports immutability.
  assert.equal(set(c, 'daemonize', 'yes', 'foo', 'bar'), "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config");
  assert.equal(set(c, 'daemonize', 'yes'), "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config");
  assert.equal(set(c, 'maxmemory', '1', 'MAXMEMORY', '2'), "ERR CONFIG SET failed (possibly related to argument 'MAXMEMORY') - duplicate parameter");
  assert.equal(set(c, 'hash-max-listpack-entries', '1', 'hash-max-ziplist-entries', '2'), "ERR CONFIG SET failed (possibly related to argument 'hash-max-ziplist-entries') - duplicate parameter");
  assert.equal(c.setMany([['dir', '/tmp']], { protectedAllowed: false }), "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config");
  assert.equal(c.setMany([['appendonly', 'yes']], { protectedAllowed: true, loading: true }), 'LOADING Redis is loading the dataset in memory');
});

test('loading: the first save line replaces the default, later ones append; save "" clears', () => {
  const c = new Config();
  c.beginLoad();
  assert.equal(c.applyDirective('save', ['900', '1']), null);
  assert.equal(c.applyDirective('save', ['100 100']), null);
  c.endLoad();
  assert.equal(get(c, 'save'), '900 1 100 100');
  const d = new Config();
  d.beginLoad();
  d.applyDirective('save', ['900', '1']);
  d.applyDirective('save', ['']);
  d.endLoad();
  assert.equal(get(d, 'save'), '');
  assert.equal(d.applyDirective('port', ['1', '2']), 'wrong number of arguments');
  assert.equal(d.applyDirective('daemonize', ['yes']), null);
  assert.equal(d.bool('daemonize'), true);
});

test('an embedded server keeps dir to itself instead of changing the process cwd', () => {
  const c = new Config();
  const cwd = process.cwd();
  assert.equal(c.setMany([['dir', '/tmp']], { protectedAllowed: true }), null);
  assert.equal(process.cwd(), cwd);
  assert.equal(c.str('dir'), '/tmp');
  assert.equal(c.setMany([['dir', '/nonexistent-sonic-dir']], { protectedAllowed: true }), "ERR CONFIG SET failed (possibly related to argument 'dir') - No such file or directory");
});
