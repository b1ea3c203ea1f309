/**
 * Fault injection on an embedded Sonic (docs/cache/DESIGN.md, section 6): invalidation messages
 * (CLIENT TRACKING) dropped or delayed, on the server's virtual clock, so tests of L1 coherence
 * can lose or reorder them deterministically.
 */
import type { Engine } from '../../engine/engine.js';
import type { ToolkitClock } from '../clock.js';

/** Which messages a drop applies to: all of them, a probability in [0, 1], or a predicate. */
export type DropRule = number | ((clientId: number) => boolean);

export class Faults {
  private drop: DropRule | null = null;
  private delayMs = 0;
  /** Invalidation messages dropped so far. */
  dropped = 0;

  constructor(
    private readonly engine: Engine,
    private readonly clock: ToolkitClock,
    /** Source of randomness for probabilistic drops (tests pass a seeded one). */
    private readonly random: () => number = Math.random,
  ) {}

  /** Drops invalidation messages: with probability `rule`, or those for which it returns true. */
  dropInvalidations(rule: DropRule = 1): void {
    this.drop = rule;
    this.install();
  }

  /** Delays every invalidation message by `ms` on the clock (0 sends at once again). */
  delayInvalidations(ms: number): void {
    this.delayMs = Math.max(0, ms);
    this.install();
  }

  /** Removes every fault. */
  reset(): void {
    this.drop = null;
    this.delayMs = 0;
    this.engine.tracking.fault = null;
  }

  private install(): void {
    this.engine.tracking.fault = (clientId, deliver) => {
      if (this.shouldDrop(clientId)) {
        this.dropped++;
        return;
      }
      if (this.delayMs === 0) deliver();
      else this.clock.setTimeout(deliver, this.delayMs);
    };
  }

  private shouldDrop(clientId: number): boolean {
    const rule = this.drop;
    if (rule === null) return false;
    if (typeof rule === 'function') return rule(clientId);
    return this.random() < rule;
  }
}
