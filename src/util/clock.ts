/** Source of time for everything that expires, blocks or measures idleness (DESIGN rule 9). */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Microseconds since the Unix epoch (TIME, SLOWLOG). */
  nowMicros(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  nowMicros: () => Math.floor(performance.timeOrigin * 1000 + performance.now() * 1000),
};

/** A clock that moves only when told to; for tests of expiry and timeouts without sleeping. */
export class ManualClock implements Clock {
  constructor(private ms = Date.now()) {}
  now(): number {
    return this.ms;
  }
  nowMicros(): number {
    return this.ms * 1000;
  }
  /** Moves time forward by `ms` milliseconds. */
  advance(ms: number): void {
    this.ms += ms;
  }
  set(ms: number): void {
    this.ms = ms;
  }
}
