/**
 * Fault injection on an embedded Sonic (docs/cache/DESIGN.md, section 6): invalidation messages
 * (CLIENT TRACKING) dropped or delayed, clients paused (a stalled peer) or killed, all on the
 * server's clock (a test server's VirtualClock: `clock.advance()` ends a pause or a delay), so
 * tests of L1 coherence, leases and reconnects are deterministic.
 */
import type { Engine } from '../../engine/engine.js';
import type { ToolkitClock, TimerHandle } from '../clock.js';

/** Which messages a drop applies to: all of them, a probability in [0, 1], or a predicate. */
export type DropRule = number | ((clientId: number) => boolean);

export class Faults {
  private drop: DropRule | null = null;
  private delayMs = 0;
  /** Paused client ids and the timers that end their pauses. */
  private readonly paused = new Map<number, TimerHandle>();
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

  /**
   * Pauses client `id` for `ms` on the clock: the server reads nothing from it and writes nothing
   * to it (replies and pushes pile up and go out when the pause ends), as when the peer's process
   * is stopped or the network stalls. Pausing a paused client restarts its pause. False when there
   * is no such client.
   */
  pauseClient(id: number, ms: number): boolean {
    const transport = this.engine.clients.get(id)?.transport;
    if (transport?.hold === undefined) return false;
    const old = this.paused.get(id);
    if (old !== undefined) this.clock.clearTimeout(old);
    transport.hold(true);
    this.paused.set(id, this.clock.setTimeout(() => this.resumeClient(id), Math.max(0, ms)));
    return true;
  }

  /** Ends client `id`'s pause now (false when it was not paused). */
  resumeClient(id: number): boolean {
    const timer = this.paused.get(id);
    if (timer === undefined) return false;
    this.clock.clearTimeout(timer);
    this.paused.delete(id);
    this.engine.clients.get(id)?.transport.hold?.(false);
    return true;
  }

  /** Closes client `id`'s connection, as CLIENT KILL ID does. False when there is no such client. */
  killClient(id: number): boolean {
    const client = this.engine.clients.get(id);
    if (client === undefined) return false;
    this.resumeClient(id);
    client.transport.close(false);
    return true;
  }

  /** Removes every fault (paused clients are resumed). */
  reset(): void {
    this.drop = null;
    this.delayMs = 0;
    this.engine.tracking.fault = null;
    for (const id of [...this.paused.keys()]) this.resumeClient(id);
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
