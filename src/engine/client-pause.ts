/**
 * CLIENT PAUSE: while a pause is on, commands it covers are postponed, not rejected. The client
 * is blocked (flag 'b', counted in blocked_clients) with its command kept, and nothing else from
 * its connection runs; when the pause ends (CLIENT UNPAUSE or its timeout) the command goes
 * through the dispatcher again from the lookup on, as Redis's BLOCKED_POSTPONE does.
 * While paused, expired keys read as missing but are not deleted (Engine.canDeleteExpired), so
 * a paused primary emits no DELs.
 */
import { CmdFlag, type Command } from './command-table.js';
import type { Client } from './client.js';
import type { Clock } from '../util/clock.js';

/** Ordered by restrictiveness, as Redis compares pause types. */
export const enum PauseType {
  Off = 0,
  Write = 1,
  All = 2,
}

/** setTimeout's longest delay; longer pauses re-arm the timer. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class ClientPause {
  /** Current pause type; Off on the hot path costs one comparison. */
  type: PauseType = PauseType.Off;
  /** Unix ms when the pause ends. */
  end = 0;
  /** Clients holding a postponed command, in the order they were paused. */
  private readonly postponed = new Set<Client>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly clock: Clock) {}

  /**
   * Starts or extends a pause. As in Redis, an ongoing pause keeps the more restrictive type and
   * the later end time.
   */
  pause(type: PauseType, endMs: number): void {
    if (this.type === PauseType.Off) {
      this.type = type;
      this.end = endMs;
    } else {
      this.type = Math.max(this.type, type);
      this.end = Math.max(this.end, endMs);
    }
    this.refresh();
  }

  /** Ends the pause now (CLIENT UNPAUSE) and lets postponed clients run again. */
  unpause(): void {
    if (this.type === PauseType.Off) return;
    this.type = PauseType.Off;
    this.end = 0;
    this.refresh();
  }

  /** True while a pause (of any type) is in effect; ends an expired one first. */
  isPaused(): boolean {
    if (this.type === PauseType.Off) return false;
    if (this.end >= this.clock.now()) return true;
    this.unpause();
    return false;
  }

  /**
   * True when `cmd` must wait: everything under PAUSE ALL, and under PAUSE WRITE the commands
   * that may replicate (writes, PUBLISH, PFCOUNT, EVAL without no-writes, EXEC of writes ...).
   */
  mustWait(c: Client, cmd: Command, flags = cmd.flags): boolean {
    if (!this.isPaused()) return false;
    if (this.type === PauseType.All) return true;
    // EXEC carries the flags of the commands it queued.
    if (cmd.fullname === 'exec' && c.multi !== null) flags |= c.multi.flags;
    return (flags & (CmdFlag.Write | CmdFlag.MayReplicate)) !== 0;
  }

  /** Blocks `c` with `argv` until the pause ends. */
  postpone(c: Client, argv: string[]): void {
    c.blocked = 'pause';
    c.postponed = argv;
    c.argv = argv;
    this.postponed.add(c);
  }

  /** Forgets a client that disconnected while postponed. */
  forget(c: Client): void {
    this.postponed.delete(c);
  }

  /** Number of postponed clients. */
  get size(): number {
    return this.postponed.size;
  }

  private refresh(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.type === PauseType.Off) {
      this.release();
      return;
    }
    // The pause also ends by itself; Redis notices in its event loop, we set a timer.
    const delay = Math.min(Math.max(this.end - this.clock.now() + 1, 0), MAX_TIMER_MS);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.isPaused()) return;
      this.refresh();
    }, delay);
    this.timer.unref?.();
  }

  /**
   * Resumes every postponed client, after the current command's replies are out (Redis resumes
   * them in beforeSleep); a client may be postponed again if another pause started meanwhile.
   */
  private release(): void {
    if (this.postponed.size === 0) return;
    const clients = [...this.postponed];
    this.postponed.clear();
    queueMicrotask(() => {
      for (const c of clients) {
        if (c.closing || c.blocked !== 'pause') continue;
        c.blocked = null;
        c.transport.resume();
      }
    });
  }

  /** Stops the timer (engine shutdown). */
  close(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
