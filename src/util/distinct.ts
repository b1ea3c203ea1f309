/**
 * Duplicate detection for the elements of one small collection (RDB and RESTORE payloads are
 * checked for repeated members). Most values in a big dataset have a handful of elements, and a
 * Set per value costs more than comparing them pairwise: up to LINEAR_MAX elements are compared
 * directly, beyond that a Set takes over.
 */

const LINEAR_MAX = 16;

/** Collects distinct strings; add() tells whether one was new. */
export class Distinct {
  private set: Set<string> | null = null;
  private readonly few: string[] = [];

  /** Forgets every string, to check another collection with the same object (no garbage per collection). */
  clear(): this {
    this.set = null;
    this.few.length = 0;
    return this;
  }

  /** Adds `x`; false when it was already there. */
  add(x: string): boolean {
    const set = this.set;
    if (set !== null) return set.size !== set.add(x).size;
    const few = this.few;
    for (let j = 0; j < few.length; j++) if (few[j] === x) return false;
    few.push(x);
    if (few.length > LINEAR_MAX) this.set = new Set(few);
    return true;
  }
}

/** True when two of items[0], items[step], items[2 * step] ... are equal. */
export function hasRepeat(items: readonly string[], step = 1): boolean {
  if (items.length <= LINEAR_MAX * step) {
    for (let i = step; i < items.length; i += step) {
      const x = items[i];
      for (let j = 0; j < i; j += step) if (items[j] === x) return true;
    }
    return false;
  }
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i += step) if (seen.size === seen.add(items[i]).size) return true;
  return false;
}
