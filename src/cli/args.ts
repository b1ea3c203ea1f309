/**
 * redis-server's command line: `[configfile] [--name value ...] [-]`. Options become config
 * lines appended after the file (and stdin), so the last setting wins. The rules follow Redis
 * 7.0.15's main(): "--name" starts a directive, later arguments are its values (quoted), a value
 * may itself start with "--" right after a bare name, "--save" with no value means `save ""`,
 * and "-" as the first or last argument reads the configuration from stdin.
 */
import { splitArgs } from '../protocol/split-args.js';
import { reprBytes } from '../observability/monitor.js';
import { resolve } from 'node:path';

export interface ServerArgs {
  /** What to do: run the server, or print the version / usage and exit. */
  readonly action: 'run' | 'version' | 'help';
  /** Absolute path of the configuration file, when one was given. */
  readonly configFile?: string;
  /** Read more configuration from stdin ("-"). */
  readonly fromStdin: boolean;
  /** The options as configuration text. */
  readonly options: string;
}

/** Parses argv (without node and the script path). */
export function parseServerArgs(argv: readonly string[], cwd = process.cwd()): ServerArgs {
  if (argv.length === 0) return { action: 'run', fromStdin: false, options: '' };
  const first = argv[0];
  if (first === '-v' || first === '--version') return { action: 'version', fromStdin: false, options: '' };
  if (first === '--help' || first === '-h') return { action: 'help', fromStdin: false, options: '' };
  let j = 0;
  let configFile: string | undefined;
  if (first[0] !== '-') {
    configFile = resolve(cwd, first);
    j = 1;
  }
  let options = '';
  let fromStdin = false;
  let lastHadValue = true;
  const n = argv.length;
  for (; j < n; j++) {
    const a = argv[j];
    if (a === '-' && (j === 0 || j === n - 1)) {
      fromStdin = true;
    } else if (lastHadValue && a.startsWith('--')) {
      if (options.length) options += '\n';
      options += a.slice(2) + ' ';
      const parts = splitArgs(a);
      if (parts !== null && parts.length === 1) {
        // A bare name: the next argument is its value, even if it starts with "--".
        lastHadValue = false;
        const next = argv[j + 1];
        if (a.toLowerCase() === '--save' && j !== n - 1 && next.startsWith('--')) {
          // `--save --other x` (an empty list from a generated command line) means save "".
          options += '""';
          lastHadValue = true;
        } else if (a.toLowerCase() === '--save' && j === n - 1) {
          options += '""';
        } else if (a.toLowerCase() === '--sentinel' && (j === n - 1 || next.startsWith('--'))) {
          lastHadValue = true;
        }
      } else {
        // "--port 6380" in one argument carries its own value.
        lastHadValue = true;
      }
    } else {
      options += reprBytes(a) + ' ';
      lastHadValue = true;
    }
  }
  return { action: 'run', configFile, fromStdin, options };
}

/** What `--help` prints (to stderr, exit status 1, as redis-server). */
export function usageText(prog = './sonic-server'): string {
  return [
    `Usage: ${prog} [/path/to/redis.conf] [options] [-]`,
    `       ${prog} - (read config from stdin)`,
    `       ${prog} -v or --version`,
    `       ${prog} -h or --help`,
    '',
    'Examples:',
    `       ${prog} (run the server with default conf)`,
    `       echo 'maxmemory 128mb' | ${prog} -`,
    `       ${prog} /etc/redis/6379.conf`,
    `       ${prog} --port 7777`,
    `       ${prog} --port 7777 --replicaof 127.0.0.1 8888`,
    `       ${prog} /etc/myredis.conf --loglevel verbose -`,
    `       ${prog} /etc/myredis.conf --loglevel verbose`,
    '',
  ].join('\n');
}
