/**
 * The replication stream a primary sends its replicas (Redis's replicationFeedSlaves): every
 * propagated command as a RESP multibulk, preceded by SELECT whenever the database differs from
 * the stream's current one, plus the PINGs of the replication cron. Its length is the
 * replication offset (INFO master_repl_offset); the last `repl-backlog-size` bytes form the
 * backlog, of which only the accounting is kept for now (a reconnecting replica always gets a
 * full resynchronization).
 */
import type { PropagationSink } from '../engine/propagation/api.js';

/** Where the stream's bytes go: each replica attached after its snapshot. */
export interface StreamTarget {
  send(bytes: string): void;
}

/** The RESP multibulk of `argv` (latin1 byte strings). */
export function encodeCommand(argv: readonly string[]): string {
  let out = '*' + argv.length + '\r\n';
  for (let i = 0; i < argv.length; i++) out += '$' + argv[i].length + '\r\n' + argv[i] + '\r\n';
  return out;
}

export class ReplicationFeed implements PropagationSink {
  /** Database the stream last SELECTed, -1 to force a SELECT before the next command. */
  selectedDb = -1;
  /** Bytes fed so far (master_repl_offset). */
  offset: number;
  /** Bytes of the stream the backlog covers (repl_backlog_histlen). */
  histlen = 0;
  readonly targets = new Set<StreamTarget>();

  constructor(
    startOffset: number,
    /** repl-backlog-size, read when bytes are fed. */
    private readonly backlogSize: () => number,
  ) {
    this.offset = startOffset;
  }

  propagate(dbid: number, argv: readonly string[]): void {
    let out = '';
    if (dbid !== this.selectedDb) {
      out = encodeCommand(['SELECT', String(dbid)]);
      this.selectedDb = dbid;
    }
    this.feed(out + encodeCommand(argv));
  }

  /** Feeds a command without SELECT (the cron's PING, which belongs to no database). */
  feedCommand(argv: readonly string[]): void {
    this.feed(encodeCommand(argv));
  }

  /** Offset of the first byte the backlog holds (repl_backlog_first_byte_offset). */
  get backlogFirstByte(): number {
    return this.offset - this.histlen + 1;
  }

  private feed(bytes: string): void {
    this.offset += bytes.length;
    this.histlen = Math.min(this.histlen + bytes.length, this.backlogSize());
    for (const t of this.targets) t.send(bytes);
  }
}
