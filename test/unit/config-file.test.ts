import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Config } from '../../src/config/registry.js';
import { ConfigFileError, loadConfig, loadConfigString } from '../../src/config/file.js';
import { rewriteContent } from '../../src/config/rewrite.js';

const get = (c: Config, name: string) => c.format(c.def(name)!);

function load(text: string): Config {
  const c = new Config();
  c.beginLoad();
  loadConfigString(c, text);
  c.endLoad();
  return c;
}

function fatal(text: string): string {
  try {
    load(text);
  } catch (e) {
    assert.ok(e instanceof ConfigFileError);
    return e.report;
  }
  return assert.fail('expected a fatal config error');
}

test('lines: comments, blanks, indentation, quotes and case-insensitive names', () => {
  const c = load(
    [
      '# a comment',
      '',
      '   PORT 7000   ',
      'requirepass "a b\\x41\\n"',
      "masteruser 'it''s'".replace("''", "\\'"),
      'notify-keyspace-events KEA',
      'hash-max-ziplist-entries 20',
      'hash-max-listpack-entries 21',
      '\tloglevel warning\r',
    ].join('\n'),
  );
  assert.equal(get(c, 'port'), '7000');
  assert.equal(c.str('requirepass'), 'a bA\n');
  assert.equal(c.str('masteruser'), "it's");
  assert.equal(get(c, 'notify-keyspace-events'), 'AKE');
  // The alias and the name set the same parameter: the last line wins.
  assert.equal(get(c, 'hash-max-ziplist-entries'), '21');
  assert.equal(get(c, 'loglevel'), 'warning');
});

test('multi-argument directives: repeated save lines, quoted single argument, save ""', () => {
  assert.equal(get(load('save 900 1\nsave 300 10'), 'save'), '900 1 300 10');
  assert.equal(get(load('save "900 1 300 10"'), 'save'), '900 1 300 10');
  assert.equal(get(load('save 900 1\nsave ""'), 'save'), '');
  assert.equal(get(load('save ""\nsave 60 1'), 'save'), '60 1');
  assert.equal(get(load('port 1'), 'save'), '3600 1 300 100 60 10000');
  assert.equal(get(load('shutdown-on-sigint "nosave now"'), 'shutdown-on-sigint'), 'nosave now');
  assert.equal(get(load('client-output-buffer-limit replica 1gb 512mb 30'), 'client-output-buffer-limit'), 'normal 0 0 0 slave 1073741824 536870912 30 pubsub 33554432 8388608 60');
  assert.equal(get(load('bind 127.0.0.1 ::1'), 'bind'), '127.0.0.1 ::1');
  // Deprecated directives are accepted and ignored.
  load('list-max-ziplist-entries 5\nlua-replicate-commands yes');
});

test('fatal errors are reported as redis-server prints them', () => {
  assert.equal(
    fatal('port 7000\nfoo bar'),
    "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'foo bar'\nBad directive or wrong number of arguments\n",
  );
  assert.equal(fatal('port 1 2'), "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 1\n>>> 'port 1 2'\nwrong number of arguments\n");
  assert.equal(
    fatal('\n\nmaxmemory abc'),
    "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 3\n>>> 'maxmemory abc'\nargument must be a memory value\n",
  );
  assert.match(fatal('save "900 1'), /Unbalanced quotes in configuration line\n$/);
  assert.match(fatal('loglevel nothing'), /argument\(s\) must be one of the following: debug, verbose, notice, warning\n$/);
  assert.match(fatal('replicaof 127.0.0.1 abc'), /Invalid master port\n$/);
  // user directives are checked as Redis's ACLAppendUserForLoading does (unknown commands pass).
  load('user default on nopass sanitize-payload ~* &* +@all\nuser bob on >secret ~* +nosuchcommand');
  assert.match(fatal('user foo on\nuser foo off'), /Error in user declaration 'foo': Duplicate user found. A user can only be defined once in config files\n$/);
  // Redis names the argument at the failing rule's index among the rules (a quirk kept).
  assert.match(fatal('user foo on bogus'), /Error in user declaration 'foo': Syntax error\n$/);
  assert.match(fatal('user foo #abc'), /Error in user declaration 'user': The password hash must be exactly 64 characters/);
  assert.equal(fatal('logfile /nonexistent-dir/x.log'), "\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nCan't open the log file: No such file or directory\n");
});

test('include reads a file (or a glob of files) in place; options come after file and stdin', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonic-cfg-'));
  try {
    mkdirSync(join(dir, 'conf.d'));
    writeFileSync(join(dir, 'conf.d', 'a.conf'), 'maxmemory 5mb\n');
    writeFileSync(join(dir, 'conf.d', 'b.conf'), 'hz 20\nsave 100 100\n');
    writeFileSync(join(dir, 'main.conf'), `save 900 1\ninclude ${join(dir, 'conf.d', '*.conf')}\ninclude ${join(dir, 'none-*.conf')}\nhz 30\n`);
    const c = new Config();
    loadConfig(c, join(dir, 'main.conf'), 'timeout 5\n', 'save 200 200\nport 7001');
    assert.equal(get(c, 'maxmemory'), '5242880');
    assert.equal(get(c, 'hz'), '30');
    assert.equal(get(c, 'timeout'), '5');
    assert.equal(get(c, 'port'), '7001');
    assert.equal(get(c, 'save'), '900 1 100 100 200 200');
    assert.throws(() => loadConfig(new Config(), join(dir, 'missing.conf'), undefined, undefined), ConfigFileError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('every directive of the upstream test default.conf is accepted and means what it says', () => {
  const text = [
    'always-show-logo yes',
    'notify-keyspace-events KEA',
    'daemonize no',
    'pidfile /var/run/redis.pid',
    'port 6379',
    'timeout 0',
    'bind 127.0.0.1',
    'loglevel verbose',
    "logfile ''",
    'databases 16',
    'latency-monitor-threshold 1',
    'repl-diskless-sync-delay 0',
    'save 900 1',
    'rdbcompression yes',
    'dbfilename dump.rdb',
    'dir ./',
    'slave-serve-stale-data yes',
    'appendonly no',
    'appendfsync everysec',
    'no-appendfsync-on-rewrite no',
    'activerehashing yes',
    'enable-protected-configs yes',
    'enable-debug-command yes',
    'enable-module-command yes',
    'propagation-error-behavior panic',
  ].join('\n');
  const c = load(text);
  assert.equal(c.bool('always-show-logo'), true);
  assert.equal(c.str('pidfile'), '/var/run/redis.pid');
  assert.deepEqual(c.get('bind'), ['127.0.0.1']);
  assert.equal(c.str('loglevel'), 'verbose');
  assert.equal(c.str('logfile'), '');
  assert.equal(c.num('latency-monitor-threshold'), 1);
  assert.equal(get(c, 'save'), '900 1');
  assert.equal(c.str('enable-debug-command'), 'yes');
  assert.equal(c.str('propagation-error-behavior'), 'panic');
  assert.equal(get(c, 'replica-serve-stale-data'), 'yes');
});

test('CONFIG REWRITE keeps comments and unknown lines, replaces in place, appends, blanks leftovers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonic-rw-'));
  try {
    const file = join(dir, 'r.conf');
    const original = [
      '# My config',
      'port 7305',
      'save 900 1',
      'save 300 10',
      '',
      '',
      'hash-max-ziplist-entries 20',
      'hash-max-listpack-entries 21',
      '# keep me',
      'maxmemory 10mb',
      'rename-command flushdb badger',
      'client-output-buffer-limit pubsub 32mb 8mb 60',
      'gone-parameter 5',
      '',
    ].join('\n');
    writeFileSync(file, original);
    const c = new Config();
    c.beginLoad();
    loadConfigString(c, original.replace('gone-parameter 5', ''));
    c.endLoad();
    c.setMany(
      [
        ['maxmemory', '20mb'],
        ['hz', '15'],
        ['notify-keyspace-events', 'Ex'],
        ['save', '60 5'],
        ['hash-max-listpack-entries', '100'],
        ['requirepass', 'a b"c'],
        ['dir', '/tmp'],
      ],
      { protectedAllowed: true },
    );
    const out = rewriteContent(c, file);
    // The same text redis-server 7.0.15 writes for this file and these changes (it also writes
    // its ACL default user, which Sonic does not have yet).
    assert.equal(
      out,
      [
        '# My config',
        'port 7305',
        'save 60 5',
        '',
        'hash-max-listpack-entries 100',
        '',
        '# keep me',
        'maxmemory 20mb',
        'rename-command flushdb badger',
        'client-output-buffer-limit normal 0 0 0',
        '# ??? gone-parameter 5',
        '',
        '# Generated by CONFIG REWRITE',
        'hz 15',
        'dir "/tmp"',
        'requirepass "a b\\"c"',
        'latency-tracking-info-percentiles 50 99 99.9',
        'notify-keyspace-events "xE"',
        '',
      ].join('\n'),
    );
    // Round trip: the rewritten file loads back to the same values.
    writeFileSync(file, out.replace('# ??? gone-parameter 5\n', ''));
    const back = new Config();
    loadConfig(back, file, undefined, undefined);
    for (const def of c.params()) {
      if (def.name === 'dir') continue;
      assert.equal(back.format(def), c.format(def), def.name);
    }
    assert.equal(back.str('dir'), '/tmp');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CONFIG REWRITE of a missing file writes only non-default values (and save, always)', () => {
  const c = new Config();
  const out = rewriteContent(c, '/nonexistent-sonic/none.conf');
  assert.equal(out, `# Generated by CONFIG REWRITE\ndir "${process.cwd()}"\nlatency-tracking-info-percentiles 50 99 99.9\nsave 3600 1\nsave 300 100\nsave 60 10000\n`);
  const all = rewriteContent(c, '/nonexistent-sonic/none.conf', true);
  assert.ok(all.includes('\nmaxmemory 0\n') && all.includes('\nbind * -::*\n') === false);
  // Reading back a force-all rewrite gives the same configuration.
  const back = load(all);
  for (const def of c.params()) assert.equal(back.format(def), c.format(def), def.name);
});
