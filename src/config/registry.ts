/**
 * The one registry of configuration parameters, behind redis.conf parsing, the command line,
 * the embedded API and CONFIG GET/SET/REWRITE. Each parameter (params.ts) declares its type,
 * default, bounds and flags; the registry keeps every parameter's exact internal value and a
 * typed value for the engine's hot path (`num('hz')`, `str('requirepass')`), and implements
 * Redis's rules for setting several parameters at once: all or nothing.
 */
import { PARAMS } from './params.js';
import { ConfigError, PF, type ParamDef, type ParseContext } from './types.js';
import { splitArgs } from '../protocol/split-args.js';

export type { ParamDef };
export { ConfigError, PF };

/**
 * Makes a change take effect (rebind a port, resize a buffer). Returns an error reason (as the
 * text after "- " in Redis's error) or null. Appliers run after every parameter of a CONFIG SET
 * was set, once each even when several parameters share one, as in Redis.
 */
export type Applier = () => string | null;

/** Who is asking, for CONFIG SET's protected-config check. */
export interface SetOptions {
  /** The client may change protected configs (enable-protected-configs allows it). */
  readonly protectedAllowed?: boolean;
  /** A dataset is loading: DENY_LOADING parameters are refused with -LOADING. */
  readonly loading?: boolean;
}

/** Redis's -LOADING reply, given priority over other CONFIG SET errors. */
export const LOADING_ERROR = 'LOADING Redis is loading the dataset in memory';

export class Config {
  private readonly defs = new Map<string, ParamDef>();
  /** Exact internal values by primary name. */
  private readonly raw = new Map<string, unknown>();
  /** Engine-facing typed values by primary name. */
  private readonly typedValues = new Map<string, unknown>();
  private readonly appliers = new Map<string, Applier>();
  /** Parameters already set during the current load (null when not loading). */
  private loadSeen: Set<string> | null = null;
  /**
   * True in the sonic-server process: parameters that act on the process (dir's chdir) do so.
   * Embedded servers share their host process, so they keep such values to themselves.
   */
  processWide = false;
  /**
   * rename-command directives, lowercase [from, to] ("" to remove the command), applied by the
   * engine to its command table.
   */
  readonly commandRenames: [string, string][] = [];
  /**
   * `user` directives, checked and queued while reading ([name, ...rules]); the engine creates
   * the users at start-up (acl/acl-file.ts).
   */
  readonly users: string[][] = [];
  /**
   * The `user` lines CONFIG REWRITE writes (set by the engine): null leaves the file's lines
   * alone, an empty list removes them.
   */
  userLines: (() => string[] | null) | null = null;
  /** Module parameters ("module.param value") read from the configuration, waiting for a module. */
  readonly moduleConfigs = new Map<string, string>();
  /** Absolute path of the configuration file, when started with one (CONFIG REWRITE, INFO). */
  configFile: string | undefined;
  /**
   * Bumped on every change, so hot paths can cache typed values and re-read them only when this
   * moved (see observability/call-hooks.ts).
   */
  version = 0;
  /** Called after a parameter changes (primary name, new typed value). */
  onChange: (name: string, value: unknown) => void = () => {};
  /** Receives warnings parameters raise about accepted values (the logger plugs in here). */
  warn: (msg: string) => void = () => {};

  constructor(defs: readonly ParamDef[] = PARAMS) {
    for (const d of defs) {
      this.defs.set(d.name, d);
      if (d.alias) this.defs.set(d.alias, d);
      this.store(d, d.defaultValue);
    }
    // hz is a hint: out-of-range values are accepted and clamped (Redis's updateHZ).
    this.setApplier(['hz'], () => {
      const hz = this.raw.get('hz') as bigint;
      if (hz < 1n || hz > 500n) this.store(this.defs.get('hz')!, hz < 1n ? 1n : 500n);
      return null;
    });
  }

  /** The definition for a name or alias (case-insensitive). */
  def(name: string): ParamDef | undefined {
    return this.defs.get(name.toLowerCase());
  }

  /** Every parameter, once (not its aliases), in table order. */
  params(): ParamDef[] {
    return [...new Set(this.defs.values())];
  }

  /** Every name CONFIG GET can match: primary names and aliases, with their definitions. */
  entries(): IterableIterator<[string, ParamDef]> {
    return this.defs.entries();
  }

  /** Typed value of a parameter by primary name (undefined for unknown names). */
  get<T = unknown>(name: string): T {
    return this.typedValues.get(name) as T;
  }

  num(name: string): number {
    return this.typedValues.get(name) as number;
  }

  bool(name: string): boolean {
    return this.typedValues.get(name) as boolean;
  }

  str(name: string): string {
    return this.typedValues.get(name) as string;
  }

  /** Exact internal value (bigint for numbers). */
  rawValue(name: string): unknown {
    return this.raw.get(name);
  }

  /** The value as CONFIG GET prints it. */
  format(def: ParamDef): string {
    return def.format(this.raw.get(def.name));
  }

  /** Registers what makes changes of `names` take effect (see Applier). */
  setApplier(names: readonly string[], fn: Applier): void {
    for (const n of names) this.appliers.set(n, fn);
  }

  /**
   * Sets one parameter from one value, as the embedded API and tests do. At `startup` immutable
   * parameters are allowed and a multi-argument value is split with redis.conf quoting rules;
   * otherwise CONFIG SET's rules apply. Throws ConfigError with Redis's error text (no "ERR ").
   */
  set(name: string, value: string, startup = false): void {
    if (startup) {
      const def = this.def(name);
      if (!def) throw new ConfigError(`Unknown option or number of arguments for CONFIG SET - '${name}'`);
      const err = this.applyDirective(name, [value]);
      if (err !== null) throw new ConfigError(`CONFIG SET failed (possibly related to argument '${name}') - ${err}`);
      return;
    }
    const err = this.setMany([[name, value]], { protectedAllowed: true });
    if (err !== null) throw new ConfigError(err.replace(/^ERR /, ''));
  }

  /** Stores an already-parsed internal value (rollback). */
  restore(name: string, value: unknown): void {
    const def = this.def(name);
    if (def) this.store(def, value);
  }

  // -------------------------------------------------------------------------------------------
  // Loading (redis.conf, command line)

  /** Starts reading a configuration: the first `save` line replaces the default, later ones append. */
  beginLoad(): void {
    this.loadSeen = new Set();
  }

  /** Ends reading a configuration; clamps hz as Redis does after loading. */
  endLoad(): void {
    this.loadSeen = null;
    this.appliers.get('hz')?.();
  }

  /**
   * Applies one redis.conf directive (`name` then its arguments). Returns Redis's error reason
   * for the FATAL CONFIG FILE ERROR report, or null. A name that is not a parameter gives "Bad
   * directive or wrong number of arguments" (file.ts handles include, rename-command...).
   */
  applyDirective(name: string, args: readonly string[]): string | null {
    const def = this.def(name);
    if (!def) return 'Bad directive or wrong number of arguments';
    const multi = (def.flags & PF.MultiArg) !== 0;
    if (!multi && args.length !== 1) return 'wrong number of arguments';
    let values = args;
    // A multi-argument parameter given one non-empty argument ("--save '900 1'") is split.
    if (multi && args.length === 1 && args[0] !== '') values = splitArgs(args[0]) ?? [args[0]];
    try {
      const v = def.parse(values, this.context(def, true));
      this.loadSeen?.add(def.name);
      this.store(def, v);
      return null;
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
  }

  // -------------------------------------------------------------------------------------------
  // CONFIG SET

  /**
   * CONFIG SET of several parameters, all or nothing, with Redis's checks and error precedence:
   * unknown names first, then immutable/protected, loading, duplicates; then every value is set,
   * then every applier runs; any failure restores every old value (and re-runs the appliers).
   * Returns the error reply text (with its code) or null on success.
   */
  setMany(pairs: readonly (readonly [string, string])[], opts: SetOptions = {}): string | null {
    let unknownName: string | undefined;
    let errName: string | undefined;
    let errText: string | undefined;
    let invalid = false;
    let denyLoading = false;
    const defs: ParamDef[] = [];
    for (let i = 0; i < pairs.length; i++) {
      const [name] = pairs[i];
      const def = this.def(name);
      if (!def) {
        if (!invalid) {
          unknownName = name;
          invalid = true;
        }
        continue;
      }
      if (invalid) continue;
      if (def.flags & PF.Immutable || (def.flags & PF.Protected && !opts.protectedAllowed)) {
        errText = def.flags & PF.Immutable ? "can't set immutable config" : "can't set protected config";
        errName = name;
        invalid = true;
        continue;
      }
      if (opts.loading && def.flags & PF.DenyLoading) {
        denyLoading = true;
        invalid = true;
        continue;
      }
      if (defs.includes(def)) {
        errText = 'duplicate parameter';
        errName = name;
        invalid = true;
      }
      defs[i] = def;
    }
    if (!invalid) {
      const old = defs.map((d) => this.raw.get(d.name));
      const toApply: { fn: Applier; def: ParamDef }[] = [];
      for (let i = 0; i < defs.length && !invalid; i++) {
        const def = defs[i];
        const value = pairs[i][1];
        // CONFIG SET splits a multi-argument value on single spaces (sdssplitlen), unlike the
        // config file; an empty value is zero arguments.
        const args = def.flags & PF.MultiArg ? (value === '' ? [] : value.split(' ')) : [value];
        try {
          const prev = this.raw.get(def.name);
          const v = def.parse(args, this.context(def, false));
          const same = def.equals ? def.equals(prev, v) : prev === v;
          this.store(def, v);
          const fn = this.appliers.get(def.name);
          if (!same && fn && !toApply.some((a) => a.fn === fn)) toApply.push({ fn, def });
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          for (let j = 0; j <= i; j++) this.store(defs[j], old[j]);
          errName = def.name;
          errText = e.message;
          invalid = true;
        }
      }
      for (let k = 0; k < toApply.length && !invalid; k++) {
        const err = toApply[k].fn();
        if (err !== null) {
          this.warn(`Failed applying new configuration. Possibly related to new ${toApply[k].def.name} setting. Restoring previous settings.`);
          for (let j = 0; j < defs.length; j++) this.store(defs[j], old[j]);
          for (const a of toApply) {
            const again = a.fn();
            if (again !== null) this.warn(`Failed applying restored failed CONFIG SET command: ${again}`);
          }
          errName = toApply[k].def.name;
          errText = err;
          invalid = true;
        }
      }
      if (!invalid) return null;
    }
    if (denyLoading) return LOADING_ERROR;
    if (unknownName !== undefined) return `ERR Unknown option or number of arguments for CONFIG SET - '${unknownName}'`;
    return `ERR CONFIG SET failed (possibly related to argument '${errName}') - ${errText}`;
  }

  private context(def: ParamDef, loading: boolean): ParseContext {
    return {
      prev: this.raw.get(def.name),
      loading,
      firstInLoad: loading && !(this.loadSeen?.has(def.name) ?? false),
      processWide: this.processWide,
      warn: (msg) => this.warn(msg),
    };
  }

  private store(def: ParamDef, v: unknown): void {
    this.raw.set(def.name, v);
    const typed = def.typed ? def.typed(v) : v;
    this.typedValues.set(def.name, typed);
    this.version++;
    this.onChange(def.name, typed);
  }
}
