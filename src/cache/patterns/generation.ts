/**
 * A cache namespace's generation (docs/cache/DESIGN.md, section 4.6): part of every entry's key,
 * so clear() is one INCR and old entries are simply never read again (they expire). Each process
 * trusts the value it read for `ttlMs`, so another process's clear() is seen within that time.
 */
import type { ToolkitContext } from '../toolkit.js';

export class Generation {
  private held: { value: string; readAt: number } | null = null;
  private reading: Promise<string> | null = null;

  constructor(
    private readonly ctx: ToolkitContext,
    /** The counter's key. */
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  /** The generation held, if still trusted; else null (lets the hot path skip an await). */
  fresh(): string | null {
    const g = this.held;
    return g !== null && this.ctx.clock.now() - g.readAt < this.ttlMs ? g.value : null;
  }

  /** The generation, read from the server (once, for concurrent callers) when the held one is too old. */
  current(): Promise<string> {
    const fresh = this.fresh();
    if (fresh !== null) return Promise.resolve(fresh);
    this.reading ??= this.ctx.adapter
      .call(['GET', this.key])
      .then((v) => {
        const value = v === null ? '0' : String(v);
        this.held = { value, readAt: this.ctx.clock.now() };
        return value;
      })
      .finally(() => (this.reading = null));
    return this.reading;
  }

  /** Starts a new generation: every entry of the old one is a miss from now on. */
  async bump(): Promise<void> {
    const value = String(await this.ctx.adapter.call(['INCR', this.key]));
    this.held = { value, readAt: this.ctx.clock.now() };
  }
}
