/**
 * Every parameter Redis 7.0.15 knows (its config.c table, TLS ones included since redis-server
 * is usually built with TLS), with the same names, aliases, defaults, bounds and flags, so that
 * redis.conf files, command lines and CONFIG GET/SET/REWRITE behave as with redis-server.
 *
 * Sonic acts on only part of them; the rest are accepted, validated, stored and reported, which
 * is what client libraries and tools expect. Each group below says honestly which ones Sonic
 * uses today.
 */
import {
  boolParam as b,
  enumParam,
  INT_MAX,
  INT_MIN,
  LLONG_MAX,
  LONG_MAX,
  NumFmt,
  numParam as n,
  PF,
  stringParam as s,
  UINT_MAX,
  ULLONG_MAX,
  ConfigError,
  type EnumChoice,
  type ParamDef,
} from './types.js';
import {
  bindParam,
  clientOutputBufferLimitParam,
  dirParam,
  latencyPercentilesParam,
  notifyKeyspaceEventsParam,
  oomScoreAdjValuesParam,
  replicaofParam,
  saveParam,
} from './special.js';

export type { ParamDef };

const IMM = PF.Immutable;
const HID = PF.Hidden;
const DBG = PF.Debug;
const MEM = { fmt: NumFmt.Memory };

// Enum tables, in Redis's order (CONFIG GET prints the first name matching a value).
/** maxmemory-policy names and Redis's MAXMEMORY_* values (engine/eviction.ts reads them too). */
export const MAXMEMORY_POLICY: EnumChoice[] = [
  ['volatile-lru', 1],
  ['volatile-lfu', 2],
  ['volatile-random', 3],
  ['volatile-ttl', 4],
  ['allkeys-lru', 5],
  ['allkeys-lfu', 6],
  ['allkeys-random', 7],
  ['noeviction', 8],
];
const SYSLOG_FACILITY: EnumChoice[] = ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'].map((name, i) => [name, i] as const);
const LOGLEVEL: EnumChoice[] = [
  ['debug', 0],
  ['verbose', 1],
  ['notice', 2],
  ['warning', 3],
];
const SUPERVISED: EnumChoice[] = [
  ['upstart', 1],
  ['systemd', 2],
  ['auto', 3],
  ['no', 0],
];
const AOF_FSYNC: EnumChoice[] = [
  ['everysec', 1],
  ['always', 2],
  ['no', 0],
];
/** shutdown-on-sig*: bit flags (SAVE, NOSAVE, NOW, FORCE). */
export const SHUTDOWN_FLAGS = { save: 1, nosave: 2, now: 4, force: 8 } as const;
const SHUTDOWN_ON_SIG: EnumChoice[] = [
  ['default', 0],
  ['save', 1],
  ['nosave', 2],
  ['now', 4],
  ['force', 8],
];
const REPL_DISKLESS_LOAD: EnumChoice[] = [
  ['disabled', 0],
  ['on-empty-db', 1],
  ['swapdb', 2],
];
const TLS_AUTH_CLIENTS: EnumChoice[] = [
  ['no', 0],
  ['yes', 1],
  ['optional', 2],
];
const OOM_SCORE_ADJ: EnumChoice[] = [
  ['no', 0],
  ['yes', 1],
  ['relative', 1],
  ['absolute', 2],
];
const ACL_PUBSUB_DEFAULT: EnumChoice[] = [
  ['allchannels', 1],
  ['resetchannels', 0],
];
const SANITIZE_DUMP: EnumChoice[] = [
  ['no', 0],
  ['yes', 1],
  ['clients', 2],
];
/** enable-protected-configs / enable-debug-command / enable-module-command. */
export const PROTECTED_ACTION: EnumChoice[] = [
  ['no', 0],
  ['yes', 1],
  ['local', 2],
];
const CLUSTER_ENDPOINT: EnumChoice[] = [
  ['ip', 0],
  ['hostname', 1],
  ['unknown-endpoint', 2],
];
const PROPAGATION_ERROR: EnumChoice[] = [
  ['ignore', 0],
  ['panic', 1],
  ['panic-on-replicas', 2],
];

function validShutdownFlags(v: number): void {
  if (v & SHUTDOWN_FLAGS.nosave && v & SHUTDOWN_FLAGS.save) {
    throw new ConfigError("shutdown options SAVE and NOSAVE can't be used simultaneously");
  }
}

/** A file name without a directory part (Redis's pathIsBaseName). */
function isBaseName(v: string): boolean {
  return !v.includes('/') && !v.includes('\\');
}

function validHostname(v: string): void {
  if (v.length >= 46) throw new ConfigError('Hostnames must be less than 46 characters');
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 46;
    if (!ok) throw new ConfigError('Hostnames may only contain alphanumeric characters, hyphens or dots');
  }
}

/**
 * proc-title-template: Redis expands the template (with an empty title) and refuses unknown
 * {variables}, an unterminated "{", and a result that is empty once spaces are trimmed.
 * "{{" stands for a literal brace.
 */
function validProcTitle(v: string): void {
  const sample: Record<string, string> = {
    title: '',
    'listen-addr': '*:6379',
    'server-mode': '',
    'config-file': '-',
    port: '6379',
    'tls-port': '0',
    unixsocket: '',
  };
  let out = '';
  let ok = true;
  for (let i = 0; i < v.length && ok; ) {
    const open = v.indexOf('{', i);
    if (open < 0) {
      out += v.slice(i);
      break;
    }
    out += v.slice(i, open);
    if (open + 1 >= v.length) ok = false;
    else if (v[open + 1] === '{') {
      out += '{';
      i = open + 2;
    } else {
      const close = v.indexOf('}', open + 1);
      const value = close < 0 ? undefined : sample[v.slice(open + 1, close)];
      if (value === undefined) ok = false;
      else {
        out += value;
        i = close + 1;
      }
    }
  }
  if (!ok || out.replace(/^ +| +$/g, '') === '') throw new ConfigError('template format is invalid or contains unknown variables');
}

export const PARAMS: readonly ParamDef[] = [
  // --- Server process and networking. Sonic uses: port, bind, unixsocket, unixsocketperm,
  // daemonize, pidfile, logfile, loglevel, databases, timeout, maxclients, hz,
  // protected-mode (non-loopback clients refused while no password is set), tcp-backlog
  // (passed to listen), always-show-logo. The rest (syslog, supervised, proc title, CPU lists,
  // THP, io-threads, socket marks, oom-score-adj) are process tuning Node cannot do; stored only.
  n('port', 6379, 0, 65535),
  bindParam,
  s('bind-source-addr', null, { emptyIsNull: true }),
  s('unixsocket', null, { flags: IMM, emptyIsNull: true }),
  n('unixsocketperm', 0, 0, 0o777, { flags: IMM, fmt: NumFmt.Octal, unsigned: true }),
  n('tcp-backlog', 511, 0, INT_MAX, { flags: IMM }),
  n('tcp-keepalive', 300, 0, INT_MAX),
  n('socket-mark-id', 0, 0, UINT_MAX, { flags: IMM, unsigned: true }),
  b('protected-mode', true),
  n('timeout', 0, 0, INT_MAX),
  n('maxclients', 10000, 1, UINT_MAX, { unsigned: true }),
  n('databases', 16, 1, INT_MAX, { flags: IMM }),
  b('daemonize', false, IMM),
  s('pidfile', null, { flags: IMM, emptyIsNull: true }),
  enumParam('supervised', SUPERVISED, 0, IMM),
  enumParam('loglevel', LOGLEVEL, 2),
  s('logfile', '', { flags: IMM }),
  b('syslog-enabled', false, IMM),
  s('syslog-ident', 'redis', { flags: IMM }),
  enumParam('syslog-facility', SYSLOG_FACILITY, 1, IMM),
  b('always-show-logo', false, IMM),
  b('set-proc-title', true, IMM),
  s('proc-title-template', '{title} {listen-addr} {server-mode}', { validate: validProcTitle }),
  n('hz', 10, 0, INT_MAX),
  b('dynamic-hz', true),
  b('crash-log-enabled', true),
  b('crash-memcheck-enabled', true),
  b('use-exit-on-panic', false, HID),
  n('watchdog-period', 0, 0, INT_MAX, { flags: HID }),
  b('disable-thp', true, IMM),
  n('io-threads', 1, 1, 128, { flags: DBG | IMM }),
  b('io-threads-do-reads', false, DBG | IMM),
  b('jemalloc-bg-thread', true),
  s('server_cpulist', null, { flags: IMM, emptyIsNull: true }),
  s('bio_cpulist', null, { flags: IMM, emptyIsNull: true }),
  s('aof_rewrite_cpulist', null, { flags: IMM, emptyIsNull: true }),
  s('bgsave_cpulist', null, { flags: IMM, emptyIsNull: true }),
  enumParam('oom-score-adj', OOM_SCORE_ADJ, 0),
  oomScoreAdjValuesParam,
  s('ignore-warnings', ''),
  enumParam('shutdown-on-sigint', SHUTDOWN_ON_SIG, 0, PF.MultiArg, validShutdownFlags),
  enumParam('shutdown-on-sigterm', SHUTDOWN_ON_SIG, 0, PF.MultiArg, validShutdownFlags),
  n('shutdown-timeout', 10, 0, INT_MAX),
  dirParam,

  // --- Security. requirepass is used (AUTH); the enable-* switches are used by CONFIG SET
  // (protected configs) and by DEBUG/MODULE where those commands check them. ACL files, users
  // and masteruser/masterauth are stored only until ACL and replication land.
  s('requirepass', null, { flags: PF.Sensitive, emptyIsNull: true }),
  s('aclfile', '', { flags: IMM }),
  n('acllog-max-len', 128, 0, LONG_MAX, { unsigned: true }),
  enumParam('acl-pubsub-default', ACL_PUBSUB_DEFAULT, 0),
  enumParam('enable-protected-configs', PROTECTED_ACTION, 0, IMM),
  enumParam('enable-debug-command', PROTECTED_ACTION, 0, IMM),
  enumParam('enable-module-command', PROTECTED_ACTION, 0, IMM),
  s('masteruser', null, { flags: PF.Sensitive, emptyIsNull: true }),
  s('masterauth', null, { flags: PF.Sensitive, emptyIsNull: true }),

  // --- Limits and observability, all used: query buffer and bulk limits (connection.ts),
  // slowlog, latency monitor and tracking, client output buffer limits (where the connection
  // code enforces them).
  n('proto-max-bulk-len', 512 * 1024 * 1024, 1024 * 1024, LONG_MAX, { flags: DBG, ...MEM }),
  n('client-query-buffer-limit', 1024 * 1024 * 1024, 1024 * 1024, LONG_MAX, { flags: DBG, ...MEM, unsigned: true }),
  clientOutputBufferLimitParam,
  n('slowlog-log-slower-than', 10000, -1, LLONG_MAX),
  n('slowlog-max-len', 128, 0, LONG_MAX, { unsigned: true }),
  n('latency-monitor-threshold', 0, 0, LLONG_MAX),
  b('latency-tracking', true),
  latencyPercentilesParam,
  n('busy-reply-threshold', 5000, 0, LONG_MAX, { alias: 'lua-time-limit' }),
  n('tracking-table-max-keys', 1000000, 0, LONG_MAX, { unsigned: true }),

  // --- Memory and eviction: maxmemory and maxmemory-policy are reported (INFO) and honoured by
  // the eviction code where it exists; samples/tenacity/clients are stored only.
  n('maxmemory', 0, 0, ULLONG_MAX, { ...MEM, unsigned: true }),
  enumParam('maxmemory-policy', MAXMEMORY_POLICY, 8),
  n('maxmemory-samples', 5, 1, INT_MAX),
  n('maxmemory-eviction-tenacity', 10, 0, 100),
  n('maxmemory-clients', 0, -100, LLONG_MAX, { fmt: NumFmt.Memory | NumFmt.Percent }),
  n('lfu-log-factor', 10, 0, INT_MAX),
  n('lfu-decay-time', 1, 0, INT_MAX),
  b('lazyfree-lazy-eviction', false, DBG),
  b('lazyfree-lazy-expire', false, DBG),
  b('lazyfree-lazy-server-del', false, DBG),
  b('lazyfree-lazy-user-del', false, DBG),
  b('lazyfree-lazy-user-flush', false, DBG),
  b('activerehashing', true),
  n('active-expire-effort', 1, 1, 10),
  // Active defragmentation is a jemalloc feature with no meaning in a JS heap: stored only.
  b('activedefrag', false, DBG),
  n('active-defrag-ignore-bytes', 100 << 20, 1, LLONG_MAX, { ...MEM, unsigned: true }),
  n('active-defrag-threshold-lower', 10, 0, 1000),
  n('active-defrag-threshold-upper', 100, 0, 1000),
  n('active-defrag-cycle-min', 1, 1, 99),
  n('active-defrag-cycle-max', 25, 1, 99),
  n('active-defrag-max-scan-fields', 1000, 1, LONG_MAX, { unsigned: true }),

  // --- Encodings: the value types read these thresholds to pick compact or full encodings
  // (OBJECT ENCODING); the old ziplist names are aliases.
  n('hash-max-listpack-entries', 512, 0, LONG_MAX, { alias: 'hash-max-ziplist-entries', unsigned: true }),
  n('hash-max-listpack-value', 64, 0, LONG_MAX, { alias: 'hash-max-ziplist-value', ...MEM, unsigned: true }),
  n('list-max-listpack-size', -2, INT_MIN, INT_MAX, { alias: 'list-max-ziplist-size' }),
  n('list-compress-depth', 0, 0, INT_MAX, { flags: DBG }),
  n('set-max-intset-entries', 512, 0, LONG_MAX, { unsigned: true }),
  n('zset-max-listpack-entries', 128, 0, LONG_MAX, { alias: 'zset-max-ziplist-entries', unsigned: true }),
  n('zset-max-listpack-value', 64, 0, LONG_MAX, { alias: 'zset-max-ziplist-value', ...MEM, unsigned: true }),
  n('hll-sparse-max-bytes', 3000, 0, LONG_MAX, { ...MEM, unsigned: true }),
  n('stream-node-max-bytes', 4096, 0, LONG_MAX, { ...MEM, unsigned: true }),
  n('stream-node-max-entries', 100, 0, LLONG_MAX),

  // --- Keyspace notifications: used by the pub/sub notification code.
  notifyKeyspaceEventsParam,

  // --- Persistence (RDB and AOF): used by the persistence code where it exists; the fsync and
  // incremental-fsync knobs are stored only.
  saveParam,
  s('dbfilename', 'dump.rdb', { flags: PF.Protected, validate: (v) => {
    if (!isBaseName(v)) throw new ConfigError("dbfilename can't be a path, just a filename");
  } }),
  b('rdbcompression', true),
  b('rdbchecksum', true, IMM),
  b('rdb-del-sync-files', false),
  b('rdb-save-incremental-fsync', true),
  b('stop-writes-on-bgsave-error', true),
  n('rdb-key-save-delay', 0, INT_MIN, INT_MAX, { flags: HID }),
  n('key-load-delay', 0, INT_MIN, INT_MAX, { flags: HID }),
  n('loading-process-events-interval-bytes', 1024 * 1024 * 2, 1024, INT_MAX, { flags: HID }),
  enumParam('sanitize-dump-payload', SANITIZE_DUMP, 0, DBG),
  b('appendonly', false, PF.DenyLoading),
  s('appendfilename', 'appendonly.aof', { flags: IMM, validate: (v) => {
    if (v === '') throw new ConfigError("appendfilename can't be empty");
    if (!isBaseName(v)) throw new ConfigError("appendfilename can't be a path, just a filename");
  } }),
  s('appenddirname', 'appendonlydir', { flags: IMM, validate: (v) => {
    if (v === '') throw new ConfigError("appenddirname can't be empty");
    if (!isBaseName(v)) throw new ConfigError("appenddirname can't be a path, just a dirname");
  } }),
  enumParam('appendfsync', AOF_FSYNC, 1),
  b('no-appendfsync-on-rewrite', false),
  n('auto-aof-rewrite-percentage', 100, 0, INT_MAX),
  n('auto-aof-rewrite-min-size', 64 * 1024 * 1024, 0, LLONG_MAX, MEM),
  b('aof-load-truncated', true),
  b('aof-use-rdb-preamble', true),
  b('aof-rewrite-incremental-fsync', true),
  b('aof-timestamp-enabled', false),
  b('aof-disable-auto-gc', false),

  // --- Replication: Sonic has no replication yet; all stored and reported only.
  replicaofParam,
  b('replica-serve-stale-data', true, 0, 'slave-serve-stale-data'),
  b('replica-read-only', true, DBG, 'slave-read-only'),
  b('replica-lazy-flush', false, 0, 'slave-lazy-flush'),
  b('replica-ignore-maxmemory', true, 0, 'slave-ignore-maxmemory'),
  b('replica-announced', true),
  b('replica-ignore-disk-write-errors', false),
  s('replica-announce-ip', null, { alias: 'slave-announce-ip', emptyIsNull: true }),
  n('replica-announce-port', 0, 0, 65535, { alias: 'slave-announce-port' }),
  n('replica-priority', 100, 0, INT_MAX, { alias: 'slave-priority' }),
  n('repl-ping-replica-period', 10, 1, INT_MAX, { alias: 'repl-ping-slave-period' }),
  n('repl-timeout', 60, 1, INT_MAX),
  b('repl-disable-tcp-nodelay', false),
  b('repl-diskless-sync', true, DBG),
  n('repl-diskless-sync-delay', 5, 0, INT_MAX),
  n('repl-diskless-sync-max-replicas', 0, 0, INT_MAX),
  enumParam('repl-diskless-load', REPL_DISKLESS_LOAD, 0, DBG | PF.DenyLoading),
  n('repl-backlog-size', 1024 * 1024, 1, LLONG_MAX, MEM),
  n('repl-backlog-ttl', 60 * 60, 0, LONG_MAX),
  n('min-replicas-to-write', 0, 0, INT_MAX, { alias: 'min-slaves-to-write' }),
  n('min-replicas-max-lag', 10, 0, INT_MAX, { alias: 'min-slaves-max-lag' }),
  enumParam('propagation-error-behavior', PROPAGATION_ERROR, 0),

  // --- Cluster: Sonic has no cluster mode yet; all stored and reported only.
  b('cluster-enabled', false, IMM),
  s('cluster-config-file', 'nodes.conf', { flags: IMM }),
  n('cluster-node-timeout', 15000, 0, LLONG_MAX),
  n('cluster-port', 0, 0, 65535, { flags: IMM }),
  n('cluster-announce-bus-port', 0, 0, 65535),
  n('cluster-announce-port', 0, 0, 65535),
  n('cluster-announce-tls-port', 0, 0, 65535),
  s('cluster-announce-ip', null, { emptyIsNull: true }),
  s('cluster-announce-hostname', null, { emptyIsNull: true, validate: validHostname }),
  enumParam('cluster-preferred-endpoint-type', CLUSTER_ENDPOINT, 0),
  b('cluster-require-full-coverage', true),
  b('cluster-replica-no-failover', false, 0, 'cluster-slave-no-failover'),
  n('cluster-replica-validity-factor', 10, 0, INT_MAX, { alias: 'cluster-slave-validity-factor' }),
  n('cluster-migration-barrier', 1, 0, INT_MAX),
  b('cluster-allow-replica-migration', true),
  b('cluster-allow-reads-when-down', false),
  b('cluster-allow-pubsubshard-when-down', true),
  n('cluster-link-sendbuf-limit', 0, 0, ULLONG_MAX, { ...MEM, unsigned: true }),

  // --- TLS: Sonic has no TLS listener yet; all stored and reported only (redis-server builds
  // with TLS report these, so clients expect them).
  n('tls-port', 0, 0, 65535),
  n('tls-session-cache-size', 20 * 1024, 0, INT_MAX),
  n('tls-session-cache-timeout', 300, 0, INT_MAX),
  b('tls-cluster', false),
  b('tls-replication', false),
  enumParam('tls-auth-clients', TLS_AUTH_CLIENTS, 1),
  b('tls-prefer-server-ciphers', false),
  b('tls-session-caching', true),
  s('tls-cert-file', null, { flags: PF.Volatile, emptyIsNull: true }),
  s('tls-key-file', null, { flags: PF.Volatile, emptyIsNull: true }),
  s('tls-key-file-pass', null, { emptyIsNull: true }),
  s('tls-client-cert-file', null, { flags: PF.Volatile, emptyIsNull: true }),
  s('tls-client-key-file', null, { flags: PF.Volatile, emptyIsNull: true }),
  s('tls-client-key-file-pass', null, { emptyIsNull: true }),
  s('tls-dh-params-file', null, { flags: PF.Volatile, emptyIsNull: true }),
  s('tls-ca-cert-file', null, { flags: PF.Volatile, emptyIsNull: true }),
  s('tls-ca-cert-dir', null, { flags: PF.Volatile, emptyIsNull: true }),
  s('tls-protocols', null, { emptyIsNull: true }),
  s('tls-ciphers', null, { emptyIsNull: true }),
  s('tls-ciphersuites', null, { emptyIsNull: true }),
];
