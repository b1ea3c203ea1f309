/**
 * The one registry of configuration parameters, behind redis.conf parsing, the command line and
 * CONFIG GET/SET/REWRITE. Each parameter declares its type, default, bounds and whether it can
 * change at runtime; values are kept canonical (as CONFIG GET prints them) plus typed for the
 * engine's hot path.
 */
import { PARAMS, type ParamDef } from './params.js';

export type { ParamDef };

/** An error from validation, worded as Redis words it after "ERR ... - ". */
export class ConfigError extends Error {}

export class Config {
  private readonly defs = new Map<string, ParamDef>();
  /** Typed current values by canonical name. */
  private readonly values = new Map<string, unknown>();
  /** Called after a parameter changes (name, new typed value). */
  onChange: (name: string, value: unknown) => void = () => {};

  constructor(defs: readonly ParamDef[] = PARAMS) {
    for (const d of defs) {
      this.defs.set(d.name, d);
      for (const a of d.aliases ?? []) this.defs.set(a, d);
      this.values.set(d.name, d.parse(d.default));
    }
  }

  /** The definition for a name or alias (case-insensitive). */
  def(name: string): ParamDef | undefined {
    return this.defs.get(name.toLowerCase());
  }

  /** Every parameter, once (not its aliases). */
  params(): ParamDef[] {
    return [...new Set(this.defs.values())];
  }

  /** Typed value of a parameter by canonical name. */
  get<T = unknown>(name: string): T {
    return this.values.get(name) as T;
  }

  num(name: string): number {
    return this.values.get(name) as number;
  }

  bool(name: string): boolean {
    return this.values.get(name) as boolean;
  }

  str(name: string): string {
    return this.values.get(name) as string;
  }

  /** The value as CONFIG GET prints it. */
  format(def: ParamDef): string {
    return def.format(this.values.get(def.name));
  }

  /**
   * Parses and stores one parameter's value (args already split for multi-argument directives).
   * Throws ConfigError with Redis's wording on invalid input. `startup` allows immutable params.
   */
  set(name: string, raw: string, startup = false): void {
    const def = this.def(name);
    if (!def) throw new ConfigError(`Unknown option or number of arguments for CONFIG SET - '${name}'`);
    if (!startup && def.immutable) throw new ConfigError(`can't set immutable config`);
    const v = def.parse(raw);
    def.validate?.(v);
    this.values.set(def.name, v);
    this.onChange(def.name, v);
  }

  /** Stores an already-typed value (used to restore state when an atomic CONFIG SET fails). */
  restore(name: string, value: unknown): void {
    this.values.set(name, value);
    this.onChange(name, value);
  }
}
