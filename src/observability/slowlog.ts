/**
 * The slow log: the last `slowlog-max-len` commands that ran for at least
 * `slowlog-log-slower-than` microseconds, newest first (SLOWLOG GET/LEN/RESET).
 */

/** Redis keeps at most this many arguments per entry; the last slot says how many were dropped. */
const MAX_ARGC = 32;
/** Longer arguments are cut to this many bytes, followed by how many were dropped. */
const MAX_STRING = 128;

export interface SlowlogEntry {
  readonly id: number;
  /** Unix time in seconds when the command finished. */
  readonly time: number;
  /** Execution time in microseconds. */
  readonly duration: number;
  readonly argv: readonly string[];
  /** "ip:port" of the client. */
  readonly peer: string;
  /** The client's name (CLIENT SETNAME), or "". */
  readonly name: string;
}

export class SlowLog {
  /** Newest entry first. */
  private entries: SlowlogEntry[] = [];
  private nextId = 0;

  get length(): number {
    return this.entries.length;
  }

  /**
   * Records a command when it was slow enough. `threshold` < 0 disables the log, 0 logs
   * everything. Trims to `maxLen` in any case, so lowering slowlog-max-len takes effect at the
   * next command, as in Redis.
   */
  push(argv: readonly string[], duration: number, threshold: number, maxLen: number, nowSec: number, peer: string, name: string): void {
    if (threshold < 0) return;
    if (duration >= threshold) {
      this.entries.unshift({ id: this.nextId++, time: nowSec, duration, argv: trimArgv(argv), peer, name });
    }
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  /** The newest `count` entries (all of them when count is undefined). */
  get(count?: number): readonly SlowlogEntry[] {
    return count === undefined ? this.entries : this.entries.slice(0, count);
  }

  reset(): void {
    this.entries = [];
  }
}

/** Redis's trimming: at most 32 arguments (the last one counting the rest), each at most 128 bytes. */
export function trimArgv(argv: readonly string[]): string[] {
  const argc = argv.length;
  const n = Math.min(argc, MAX_ARGC);
  const out = new Array<string>(n);
  for (let j = 0; j < n; j++) {
    if (n !== argc && j === n - 1) {
      out[j] = `... (${argc - n + 1} more arguments)`;
    } else {
      const a = argv[j];
      out[j] = a.length > MAX_STRING ? `${a.slice(0, MAX_STRING)}... (${a.length - MAX_STRING} more bytes)` : a;
    }
  }
  return out;
}
