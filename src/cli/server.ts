#!/usr/bin/env -S node --max-semi-space-size=2
/**
 * sonic-server: a drop-in for redis-server. Same command line (`[configfile] [--name value ...]
 * [-]`), same redis.conf, same log format and start-up/shutdown lines, pidfile, daemonize, bind
 * addresses and unix socket, so scripts and tools that start redis-server can start this instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { isatty } from 'node:tty';
import { Config } from '../config/registry.js';
import { ConfigFileError, loadConfig } from '../config/file.js';
import { REDIS_VERSION } from '../config/version.js';
import { SHUTDOWN_FLAGS } from '../config/params.js';
import { Engine, type ShutdownOptions } from '../engine/engine.js';
import { Listener } from '../server/listener.js';
import { Logger } from '../observability/log.js';
import { getSonicVersion } from '../observability/info-server.js';
import { RAW_COMMANDS } from '../commands/table/generated.js';
import { parseServerArgs, usageText } from './args.js';
import { bannerText } from './banner.js';
import { LoadFailure, saveRdb } from '../persistence/snapshot.js';
import { loadDataAtStartup } from '../persistence/aof/index.js';
import { stopChildForShutdown } from '../persistence/bgsave/bgsave.js';

const DAEMON_ENV = 'SONIC_DAEMON_CHILD';
const DAEMON_STDIN_ENV = 'SONIC_DAEMON_STDIN';
const DEFAULT_PIDFILE = '/var/run/redis.pid';

const startCwd = process.cwd();
const argv = process.argv.slice(2);
const args = parseServerArgs(argv);

if (args.action === 'version') {
  process.stdout.write(`Redis server v=${REDIS_VERSION} sha=00000000:0 malloc=libc bits=64 build=0 sonic=${getSonicVersion()}\n`);
  process.exit(0);
}
if (args.action === 'help') {
  process.stderr.write(usageText());
  process.exit(1);
}

const config = new Config();
config.processWide = true;
config.configFile = args.configFile;
const logger = new Logger(config, true);
// Redis's first lines carry role 'C': they are logged before the server is initialised.
logger.role = 'C';
config.warn = (msg) => logger.log('warning', msg);

// Top-level command names, for rename-command's "No such command" check.
const knownCommands = new Set(RAW_COMMANDS.filter((c) => !c.name.includes('|')).map((c) => c.name));

let stdinText: string | undefined;
if (args.fromStdin) {
  stdinText = process.env[DAEMON_STDIN_ENV];
  if (stdinText === undefined) {
    logger.log('warning', 'Reading config from stdin');
    stdinText = readFileSync(0, 'latin1');
  }
}

try {
  loadConfig(config, args.configFile, stdinText, args.options, {
    log: (level, msg) => logger.log(level, msg),
    renameCommand: (from, to) => {
      const f = from.toLowerCase();
      const renames = config.commandRenames;
      const taken = (name: string) => renames.some(([, t]) => t === name) || (knownCommands.has(name) && !renames.some(([fr]) => fr === name));
      if (!knownCommands.has(f) || renames.some(([fr]) => fr === f)) return 'No such command in rename-command';
      if (to !== '' && taken(to.toLowerCase())) return 'Target command name already exists';
      renames.push([f, to.toLowerCase()]);
      return null;
    },
  });
} catch (e) {
  if (!(e instanceof ConfigFileError)) throw e;
  if (e.report) process.stderr.write(e.report);
  process.exit(1);
}

/**
 * Whether a supervisor runs this process (Redis's redisIsSupervised): then daemonize is ignored.
 * Sonic does not send systemd/upstart readiness notifications (Node has no unix datagram sockets).
 */
function supervisedActive(): boolean {
  const mode = config.get<string>('supervised');
  const systemd = process.env.NOTIFY_SOCKET !== undefined;
  const upstart = process.env.UPSTART_JOB !== undefined;
  return mode === 'systemd' ? systemd : mode === 'upstart' ? upstart : mode === 'auto' ? systemd || upstart : false;
}

// daemonize yes: the parent starts a detached copy of itself and exits, as Redis's fork().
if (config.bool('daemonize') && !supervisedActive() && process.env[DAEMON_ENV] === undefined) {
  const env: NodeJS.ProcessEnv = { ...process.env, [DAEMON_ENV]: '1' };
  if (stdinText !== undefined) env[DAEMON_STDIN_ENV] = stdinText;
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1], ...argv], {
    cwd: startCwd,
    detached: true,
    stdio: 'ignore',
    env,
  });
  child.unref();
  process.exit(0);
}
const background = config.bool('daemonize') && !supervisedActive();

const pid = process.pid;
logger.log('warning', 'oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo');
logger.log('warning', `Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${pid}, just started (Sonic ${getSonicVersion()})`);
if (argv.length === 0) {
  logger.log('warning', `Warning: no config file specified, using the default config. In order to specify a config file use ${process.argv[1]} /path/to/redis.conf`);
} else {
  logger.log('warning', 'Configuration loaded');
}

const engine = new Engine({ config, logger });
logger.role = undefined;
const listener = new Listener(engine);

let pidfile: string | undefined;
if (background || config.str('pidfile') !== '') {
  pidfile = config.str('pidfile') || DEFAULT_PIDFILE;
  try {
    writeFileSync(pidfile, `${pid}\n`);
  } catch {
    // best effort, as Redis
  }
}

if (config.bool('cluster-enabled')) {
  // Running standalone instead would mislead cluster clients: refuse, as Redis refuses what it cannot do.
  logger.log('warning', 'Sonic does not run as a cluster node: start it with cluster-enabled no. Exiting.');
  process.exit(1);
}
const port = config.num('port');
const showLogo = config.bool('always-show-logo') || (config.str('logfile') === '' && !config.bool('syslog-enabled') && isatty(1));
const mode = config.bool('cluster-enabled') ? 'cluster' : 'standalone';
if (showLogo) logger.raw('notice', bannerText({ sonicVersion: getSonicVersion(), mode, port: port || config.num('tls-port'), pid }));
else logger.log('notice', `Running mode=${mode}, port=${port || config.num('tls-port')}.`);
logger.log('warning', 'Server initialized');
if (config.moduleConfigs.size > 0) {
  // Sonic loads no modules, so module parameters can never be claimed (Redis aborts the same way).
  logger.log('warning', 'Module Configuration detected without loadmodule directive or no ApplyConfig call: aborting');
  process.exit(1);
}

// The dataset from `dir`/`dbfilename`, before accepting connections (Redis's loadDataFromDisk).
try {
  loadDataAtStartup(engine);
} catch (e) {
  if (!(e instanceof LoadFailure)) throw e;
  logger.log('warning', 'Terminating server after rdb file reading failure.');
  process.exit(1);
}

let tcpCount = 0;
if (port !== 0) {
  try {
    tcpCount = (await listener.listenAll(port, config.get<string[]>('bind'), config.num('tcp-backlog'))).length;
  } catch {
    logger.log('warning', `Failed listening on port ${port} (TCP), aborting.`);
    process.exit(1);
  }
}
const unixsocket = config.str('unixsocket');
if (unixsocket !== '') {
  try {
    await listener.listenUnix(unixsocket, config.num('unixsocketperm'), config.num('tcp-backlog'));
  } catch (e) {
    logger.log('warning', `Failed opening Unix socket: ${(e as Error).message}`);
    process.exit(1);
  }
}
if (tcpCount === 0 && unixsocket === '') {
  logger.log('warning', 'Configured to not listen anywhere, exiting.');
  process.exit(1);
}

// CONFIG SET port / bind rebind the TCP listeners. Node binds asynchronously while CONFIG SET
// must answer at once, so a new port is first tried in a short-lived child process (a blocking
// probe, paid only on this rare command): a port in use fails CONFIG SET and rolls it back, as in
// Redis. The real rebind then happens asynchronously; should it still fail, it is logged and the
// old values come back.
let listening = { port, bind: config.get<string[]>('bind') };
let rebinding: Promise<void> = Promise.resolve();
const rebind = (): string | null => {
  const next = { port: config.num('port'), bind: config.get<string[]>('bind') };
  // Nothing to do when back at what is listening (a rolled-back CONFIG SET re-applies).
  if (next.port === listening.port && next.bind.join(' ') === listening.bind.join(' ')) return null;
  if (next.port !== 0 && next.port !== listening.port && !probeListen(next.port, next.bind)) {
    return 'Unable to listen on this port. Check server logs.';
  }
  rebinding = rebinding.then(async () => {
    await listener.closeTcp();
    try {
      if (next.port !== 0) await listener.listenAll(next.port, next.bind, config.num('tcp-backlog'));
      listening = next;
    } catch {
      logger.log('warning', 'Failed to bind');
      config.set('port', String(listening.port), true);
      config.restore('bind', listening.bind);
      if (listening.port !== 0) await listener.listenAll(listening.port, listening.bind).catch(() => undefined);
    }
  });
  return null;
};
config.setApplier(['port'], rebind);
config.setApplier(['bind'], rebind);

if (tcpCount > 0) logger.log('notice', 'Ready to accept connections');
if (unixsocket !== '') logger.log('notice', `The server is now ready to accept connections at ${unixsocket}`);
const maxmemory = config.num('maxmemory');
if (maxmemory > 0 && maxmemory < 1024 * 1024) {
  logger.log('warning', `WARNING: You specified a maxmemory value that is less than 1MB (current value is ${config.format(config.def('maxmemory')!)} bytes). Are you sure this is what you really want?`);
}

let shuttingDown = false;

/**
 * Redis's prepareForShutdown + finishShutdown, then exit. With save points configured (unless
 * NOSAVE) or SAVE, the dataset is saved first; if that fails the server keeps running (false)
 * unless FORCE.
 */
function shutdown(opts: ShutdownOptions): boolean {
  if (shuttingDown) return true;
  shuttingDown = true;
  logger.log('warning', 'User requested shutdown...');
  stopChildForShutdown(engine);
  if ((config.get<unknown[]>('save').length > 0 && !opts.nosave) || opts.save) {
    logger.log('notice', 'Saving the final RDB snapshot before exiting.');
    if (saveRdb(engine) !== null) {
      if (opts.force) {
        logger.log('warning', 'Error trying to save the DB. Exit anyway.');
      } else {
        logger.log('warning', "Error trying to save the DB, can't exit.");
        logger.log('warning', 'Errors trying to shut down the server. Check the logs for more information.');
        shuttingDown = false;
        return false;
      }
    }
  }
  if (pidfile !== undefined) {
    logger.log('notice', 'Removing the pid file.');
    try {
      unlinkSync(pidfile);
    } catch {
      // already gone
    }
  }
  if (unixsocket !== '') {
    logger.log('notice', 'Removing the unix socket file.');
    listener.unlinkUnix();
  }
  logger.log('warning', 'Redis is now ready to exit, bye bye...');
  engine.close();
  void listener.close().finally(() => process.exit(0));
  // Connections that do not close promptly must not keep the process alive.
  setTimeout(() => process.exit(0), 1000).unref();
  return true;
}

engine.shutdownHandler = shutdown;

function onSignal(sig: 'SIGINT' | 'SIGTERM'): void {
  if (shuttingDown && sig === 'SIGINT') {
    logger.log('warning', 'You insist... exiting now.');
    process.exit(1);
  }
  // Redis logs from its signal handler in a format of its own (no role, no date).
  logger.raw('warning', `${process.pid}:signal-handler (${Math.floor(Date.now() / 1000)}) Received ${sig} scheduling shutdown...\n`);
  const flags = config.num(sig === 'SIGINT' ? 'shutdown-on-sigint' : 'shutdown-on-sigterm');
  shutdown({
    save: (flags & SHUTDOWN_FLAGS.save) !== 0,
    nosave: (flags & SHUTDOWN_FLAGS.nosave) !== 0,
    now: (flags & SHUTDOWN_FLAGS.now) !== 0,
    force: (flags & SHUTDOWN_FLAGS.force) !== 0,
  });
}
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGINT', () => onSignal('SIGINT'));

/** Tries to listen on `port` at every bind address in a child process; true when all can. */
function probeListen(port: number, binds: readonly string[]): boolean {
  const script = `
const net = require('node:net');
const [port, ...binds] = process.argv.slice(1);
const skip = ['ENOPROTOOPT', 'EPROTONOSUPPORT', 'ESOCKTNOSUPPORT', 'EPFNOSUPPORT', 'EAFNOSUPPORT'];
(async () => {
  for (const spec of binds) {
    const optional = spec.startsWith('-');
    const addr = optional ? spec.slice(1) : spec;
    const host = addr === '*' ? '0.0.0.0' : addr === '::*' ? '::' : addr;
    const ok = await new Promise((resolve) => {
      const s = net.createServer();
      s.once('error', (e) => resolve((optional && e.code === 'EADDRNOTAVAIL') || skip.includes(e.code)));
      s.listen({ port: Number(port), host, ipv6Only: addr.includes(':') }, () => s.close(() => resolve(true)));
    });
    if (!ok) process.exit(1);
  }
  process.exit(0);
})();`;
  const r = spawnSync(process.execPath, ['-e', script, String(port), ...binds], { stdio: 'ignore', timeout: 5000 });
  if (r.status !== 0) logger.log('warning', `Warning: Could not create server TCP listening socket *:${port}: bind: Address already in use`);
  return r.status === 0;
}
