/**
 * redis.conf reading, as redis-server does it: the file (or the files an `include` glob names),
 * then stdin when asked, then the command-line options, form one text read line by line. A line
 * is trimmed, `#` starts a comment, arguments are split with sdssplitargs quoting
 * (protocol/split-args.ts), the directive name is case-insensitive. Registry parameters are set
 * through Config.applyDirective; `include`, `rename-command`, `user`, `loadmodule` and
 * `sentinel` are handled here. The first bad line stops everything with Redis's FATAL report.
 */
import { closeSync, openSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { splitArgs } from '../protocol/split-args.js';
import { globMatch } from '../util/glob.js';
import type { Config } from './registry.js';
import { REDIS_VERSION } from './version.js';
import { queueConfigUser } from '../acl/config-users.js';

/** A configuration that cannot be used; `report` is what redis-server prints before exiting 1. */
export class ConfigFileError extends Error {
  constructor(readonly report: string) {
    super(report);
  }
}

/** Directives outside the parameter registry, decided by the program loading the config. */
export interface LoadHooks {
  /** rename-command <from> <to>: returns an error reason, or null when accepted. */
  renameCommand?(from: string, to: string): string | null;
  /** user <name> <rules...>: returns an error reason, or null when accepted. */
  user?(args: readonly string[]): string | null;
  /** loadmodule <path> [args...]: returns an error reason, or null when accepted. */
  loadModule?(path: string, args: readonly string[]): string | null;
  /** A log line (Redis logs "Reading config from stdin" and file-open failures). */
  log?(level: 'warning' | 'notice', msg: string): void;
}

/** Old directives Redis 7.0 still accepts and ignores, with their accepted argument counts. */
const DEPRECATED: Record<string, [number, number]> = {
  'list-max-ziplist-entries': [2, 2],
  'list-max-ziplist-value': [2, 2],
  'lua-replicate-commands': [2, 2],
};

/**
 * Reads a configuration the way redis-server's loadServerConfig does and applies it to `config`.
 * `filename` may be a glob (include-style); `stdin` is text already read from standard input;
 * `options` is the command line turned into config lines (see cli/args.ts).
 * Throws ConfigFileError with the exact text Redis prints.
 */
export function loadConfig(config: Config, filename: string | undefined, stdin: string | undefined, options: string | undefined, hooks: LoadHooks = {}): void {
  let text = filename !== undefined ? readConfigFiles(filename, hooks) : '';
  if (stdin !== undefined) text += stdin;
  if (options !== undefined && options !== '') text += '\n' + options;
  config.beginLoad();
  try {
    loadConfigString(config, text, hooks);
  } finally {
    config.endLoad();
  }
}

/** Reads one file, or every file a wildcard pattern matches (none is fine for a pattern). */
function readConfigFiles(filename: string, hooks: LoadHooks): string {
  const paths = /[*?[]/.test(filename) ? globFiles(filename) : [filename];
  let text = '';
  for (const p of paths) {
    try {
      text += readFileSync(p, 'latin1');
    } catch (e) {
      const msg = `Fatal error, can't open config file '${p}': ${strerror(e)}`;
      hooks.log?.('warning', msg);
      throw new ConfigFileError('');
    }
  }
  return text;
}

/** The files matching a glob whose wildcards are in the last path component (as conf.d/*.conf). */
function globFiles(pattern: string): string[] {
  const dir = dirname(pattern);
  const base = basename(pattern);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((n) => !n.startsWith('.') && globMatch(base, n))
    .sort()
    .map((n) => (dir === '.' && !pattern.startsWith('./') ? n : join(dir, n)));
}

/** Applies configuration text (Redis's loadServerConfigFromString). */
export function loadConfigString(config: Config, text: string, hooks: LoadHooks = {}): void {
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = trim(lines[i]);
    if (line === '' || line[0] === '#') continue;
    const fatal = (reason: string): never => {
      throw new ConfigFileError(
        `\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\n` +
          `Reading the configuration file, at line ${i + 1}\n` +
          `>>> '${line}'\n${reason}\n`,
      );
    };
    const argv = splitArgs(line);
    if (argv === null) fatal('Unbalanced quotes in configuration line');
    if (argv!.length === 0) continue;
    const args = argv!;
    const name = args[0].toLowerCase();
    if (config.def(name)) {
      const err = config.applyDirective(name, args.slice(1));
      if (err !== null) fatal(err);
      continue;
    }
    const dep = DEPRECATED[name];
    if (dep && args.length >= dep[0] && args.length <= dep[1]) continue;
    let err: string | null = null;
    if (name === 'include' && args.length === 2) {
      // An included file is read and applied on the spot, with its own line numbers.
      loadConfigString(config, readConfigFiles(args[1], hooks), hooks);
    } else if (name === 'rename-command' && args.length === 3) {
      err = hooks.renameCommand ? hooks.renameCommand(args[1], args[2]) : null;
    } else if (name === 'user' && args.length >= 2) {
      err = hooks.user ? hooks.user(args.slice(1)) : queueConfigUser(args.slice(1), config.users);
    } else if (name === 'loadmodule' && args.length >= 2) {
      err = hooks.loadModule ? hooks.loadModule(args[1], args.slice(2)) : 'Sonic cannot load Redis modules';
    } else if (name.includes('.')) {
      // Module parameters ("mymodule.param value") are queued by Redis for modules to claim.
      if (args.length < 2) err = 'Module config specified without value';
      else config.moduleConfigs.set(args[0], args.slice(1).join(' '));
    } else if (name === 'sentinel') {
      if (args.length !== 1) err = 'sentinel directive while not in sentinel mode';
    } else {
      err = 'Bad directive or wrong number of arguments';
    }
    if (err !== null) fatal(err);
  }
  // Checks Redis makes once the text is read, reported without a line.
  const whole = (reason: string): never => {
    throw new ConfigFileError(`\n*** FATAL CONFIG FILE ERROR (Redis ${REDIS_VERSION}) ***\n${reason}\n`);
  };
  const logfile = config.str('logfile');
  if (logfile !== '') {
    try {
      closeSync(openSync(logfile, 'a'));
    } catch (e) {
      whole(`Can't open the log file: ${strerror(e)}`);
    }
  }
  if (config.bool('cluster-enabled') && config.get('replicaof') !== null) {
    whole('replicaof directive not allowed in cluster mode');
  }
}

/** sdstrim(line, " \t\r\n"). */
function trim(s: string): string {
  let a = 0;
  let b = s.length;
  const ws = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
  while (a < b && ws(s[a])) a++;
  while (b > a && ws(s[b - 1])) b--;
  return s.slice(a, b);
}

/** strerror() text for a Node file-system error. */
export function strerror(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    case 'ENOTDIR':
      return 'Not a directory';
    case 'EROFS':
      return 'Read-only file system';
    case 'ENOSPC':
      return 'No space left on device';
    case 'EEXIST':
      return 'File exists';
    case 'EIO':
      return 'Input/output error';
    case 'EFBIG':
      return 'File too large';
    case 'EPERM':
      return 'Operation not permitted';
    case 'EDQUOT':
      return 'Disk quota exceeded';
    default:
      return code ?? String(e);
  }
}
