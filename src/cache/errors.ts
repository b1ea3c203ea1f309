/**
 * The toolkit's error classes. Each misuse or failure has its own class, so callers can tell
 * "the lock is held by someone else" from "the lock was lost while held" with instanceof.
 */

/** Base class of every error the toolkit raises itself (server errors stay ReplyError). */
export class ToolkitError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** An option that cannot be used (a bad duration, a negative limit, a prefix with braces). */
export class ToolkitOptionError extends ToolkitError {}

/** An atomic operation over keys that a cluster would place in different slots. */
export class CrossSlotError extends ToolkitError {}

/** A loader that did not settle within its hard timeout. */
export class LoaderTimeoutError extends ToolkitError {}

/** A lock (or semaphore permit) that could not be acquired within the retry budget. */
export class LockNotAcquiredError extends ToolkitError {}

/** A lock whose lease ran out (or was taken over) while the holder still held it. */
export class LeaseLostError extends ToolkitError {}

/** A loader failed (in this process or, for waiters, in the process that held the fill lease). */
export class LoaderError extends ToolkitError {}
