/**
 * The ACL log (ACL LOG): recent denials, newest first. A denial like one of the last ten seen
 * within a minute (same reason, context, object and user) bumps that entry's count and moves it
 * to the front instead of adding one; the list keeps at most acllog-max-len entries.
 */
import { AclResult } from './check.js';

export const enum LogContext {
  TopLevel = 0,
  Multi = 1,
  Lua = 2,
}

export interface AclLogEntry {
  count: number;
  readonly reason: AclResult;
  readonly context: LogContext;
  /** The command, key, channel, or for auth the command name as sent. */
  readonly object: string;
  readonly username: string;
  /** Milliseconds since the epoch of the last occurrence. */
  ctime: number;
  /** CLIENT INFO line of the last client it happened to. */
  clientInfo: string;
}

/** Two occurrences further apart than this are separate entries. */
const GROUPING_MAX_MS = 60000;
/** How many recent entries are looked at for one to group with. */
const GROUPING_SCAN = 10;

export const REASON_NAMES: Record<number, string> = {
  [AclResult.DeniedCmd]: 'command',
  [AclResult.DeniedKey]: 'key',
  [AclResult.DeniedChannel]: 'channel',
  [AclResult.DeniedAuth]: 'auth',
};

export const CONTEXT_NAMES = ['toplevel', 'multi', 'lua'];

export class AclLog {
  /** Newest first. */
  entries: AclLogEntry[] = [];

  add(entry: AclLogEntry, maxLen: number): void {
    const scan = Math.min(GROUPING_SCAN, this.entries.length);
    for (let i = 0; i < scan; i++) {
      const e = this.entries[i];
      if (
        e.reason === entry.reason &&
        e.context === entry.context &&
        Math.abs(e.ctime - entry.ctime) <= GROUPING_MAX_MS &&
        e.object === entry.object &&
        e.username === entry.username
      ) {
        this.entries.splice(i, 1);
        this.entries.unshift(e);
        e.clientInfo = entry.clientInfo;
        e.ctime = entry.ctime;
        e.count++;
        return;
      }
    }
    this.entries.unshift(entry);
    if (this.entries.length > maxLen) this.entries.length = maxLen;
  }

  reset(): void {
    this.entries = [];
  }
}
