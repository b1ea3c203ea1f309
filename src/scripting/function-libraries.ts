/**
 * The registry of FUNCTION libraries (Redis 7.0 Functions). Loading libraries needs the Lua
 * engine (scripting issue); until then no library can be loaded, so the registry is always empty,
 * but FUNCTION FLUSH already empties it for real and the upstream test harness, which flushes
 * functions before every unit, can run.
 */
export interface FunctionLibrary {
  readonly name: string;
  readonly engine: string;
  readonly code: string;
}

export class FunctionLibraries {
  private libs = new Map<string, FunctionLibrary>();

  get size(): number {
    return this.libs.size;
  }

  /** Removes every library; returns how many there were. */
  clear(): number {
    const n = this.libs.size;
    this.libs = new Map();
    return n;
  }
}
