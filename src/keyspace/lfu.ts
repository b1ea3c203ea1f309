/**
 * Redis's LFU counter (evict.c): under an LFU maxmemory-policy each key's access field holds
 * 24 bits instead of an access time: the low 8 bits a logarithmic access counter, the upper 16
 * the time of its last decrement in minutes (wrapping every ~45 days). A new key starts at
 * LFU_INIT_VAL so it gets a chance to collect accesses before it looks like the coldest key.
 *
 * - An access first decays the counter (one step per lfu-decay-time minutes since the last
 *   decrement), then increments it with probability 1 / ((counter - LFU_INIT_VAL) * lfu-log-factor + 1),
 *   so reaching 255 takes about a million accesses with the default factor 10.
 * - Eviction reads the decayed counter without storing it back (only accesses store).
 *
 * The field lives where the LRU time does (keyspace/db.ts: `lru` on objects, Db.access for plain
 * strings); switching policies at run time reinterprets the old values, as Redis does.
 */

/** A new key's counter (Redis's LFU_INIT_VAL). */
export const LFU_INIT_VAL = 5;

/** What an LFU access needs, kept up to date by the engine (config and the minute clock). */
export interface LfuClock {
  /** Unix time in minutes, low 16 bits (Redis's LFUGetTimeInMinutes). */
  minutes: number;
  /** lfu-log-factor. */
  logFactor: number;
  /** lfu-decay-time, minutes per decrement (0: never decays). */
  decayTime: number;
  /** Uniform in [0, 1): Math.random, or a seeded source in tests. */
  random: () => number;
}

/** The 16-bit minute clock for a time in ms. */
export function lfuMinutes(ms: number): number {
  return Math.floor(ms / 60000) & 0xffff;
}

/** A new key's field: counter LFU_INIT_VAL, decremented "now". */
export function lfuInitField(clock: LfuClock): number {
  return (clock.minutes << 8) | LFU_INIT_VAL;
}

/** A field carrying counter `freq` (0..255) as of now (RESTORE FREQ, an RDB FREQ opcode). */
export function lfuFieldWithFreq(clock: LfuClock, freq: number): number {
  return (clock.minutes << 8) | (freq & 255);
}

/** Minutes since the decrement time `ldt`, taking the 16-bit clock to have wrapped at most once. */
export function lfuElapsed(ldt: number, now: number): number {
  return now >= ldt ? now - ldt : 65535 - ldt + now;
}

/** The counter of `field` after the decay due by now, not stored (Redis's LFUDecrAndReturn). */
export function lfuDecayed(field: number, clock: LfuClock): number {
  const counter = field & 255;
  if (clock.decayTime === 0) return counter;
  const periods = Math.floor(lfuElapsed((field >>> 8) & 0xffff, clock.minutes) / clock.decayTime);
  return periods > counter ? 0 : counter - periods;
}

/** One logarithmic increment, saturating at 255 (Redis's LFULogIncr). */
export function lfuLogIncr(counter: number, clock: LfuClock): number {
  if (counter === 255) return 255;
  const base = counter > LFU_INIT_VAL ? counter - LFU_INIT_VAL : 0;
  return clock.random() < 1 / (base * clock.logFactor + 1) ? counter + 1 : counter;
}

/** The field after an access (Redis's updateLFU): decay, increment, stamp the minute. */
export function lfuTouched(field: number, clock: LfuClock): number {
  return (clock.minutes << 8) | lfuLogIncr(lfuDecayed(field, clock), clock);
}
