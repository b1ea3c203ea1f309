/**
 * The server log, in redis-server's format so tools and the upstream test harness can read it:
 * "<pid>:<role> <dd Mon yyyy HH:MM:SS.mmm> <level char> <message>", level chars ". - * #" for
 * debug, verbose, notice, warning; lines below `loglevel` are dropped; `logfile` "" means
 * standard output. Like Redis, the file is opened for each line, so it can be rotated freely.
 */
import { appendFileSync, writeSync } from 'node:fs';
import type { Config } from '../config/registry.js';

export type LogLevel = 'debug' | 'verbose' | 'notice' | 'warning';

const LEVELS: Record<LogLevel, number> = { debug: 0, verbose: 1, notice: 2, warning: 3 };
const LEVEL_CHARS = '.-*#';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

/** "23 Nov 2026 07:25:45.118" in local time, as Redis's strftime("%d %b %Y %H:%M:%S.") + ms. */
export function logTimestamp(d: Date): string {
  return `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`;
}

export class Logger {
  /**
   * Role letter after the pid: 'M' primary, 'S' replica; Redis prints 'C' before the server is
   * initialised (its pid check fails then), which the CLI mimics for its first lines.
   */
  role: 'M' | 'S' | 'C' | 'X' | undefined;

  /**
   * @param config read at every line for loglevel and logfile
   * @param stdoutWhenNoFile write to standard output when logfile is "" (the CLI); embedded
   *   servers keep quiet unless a logfile is configured
   */
  constructor(
    private readonly config: Config,
    private readonly stdoutWhenNoFile = true,
  ) {}

  /** True when a line at `level` would be written (skip building costly messages otherwise). */
  enabled(level: LogLevel): boolean {
    return LEVELS[level] >= (LEVELS[this.config.get<LogLevel>('loglevel')] ?? 2);
  }

  /** Writes one log line at `level`. */
  log(level: LogLevel, msg: string): void {
    if (!this.enabled(level)) return;
    const role = this.role ?? (this.config.get('replicaof') ? 'S' : 'M');
    this.write(`${process.pid}:${role} ${logTimestamp(new Date())} ${LEVEL_CHARS[LEVELS[level]]} ${msg}\n`);
  }

  /** Writes text as is (Redis's LL_RAW, used for the start-up banner). */
  raw(level: LogLevel, text: string): void {
    if (this.enabled(level)) this.write(text);
  }

  private write(text: string): void {
    const file = this.config.str('logfile');
    try {
      if (file === '') {
        if (this.stdoutWhenNoFile) writeSync(1, text);
      } else appendFileSync(file, text, 'latin1');
    } catch {
      // Like Redis, a log line that cannot be written is dropped.
    }
  }
}
