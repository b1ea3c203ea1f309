/**
 * The runtime command table: Redis 7.0.15's facts (generated) joined with Sonic's handlers.
 * Only commands with a handler exist for clients; the facts of the others still feed docs.
 */
import { RAW_COMMANDS } from '../commands/table/generated.js';
import type { RawCommand } from '../commands/table/raw.js';
import type { Handler, HandlerMap } from '../commands/define.js';
import type { LatencyHistogram } from '../observability/latency-histogram.js';

/** Command flag bits, tested on the hot path instead of string arrays. */
export const enum CmdFlag {
  Write = 1 << 0,
  Readonly = 1 << 1,
  DenyOom = 1 << 2,
  Admin = 1 << 3,
  Pubsub = 1 << 4,
  NoScript = 1 << 5,
  Blocking = 1 << 6,
  Loading = 1 << 7,
  Stale = 1 << 8,
  SkipMonitor = 1 << 9,
  SkipSlowlog = 1 << 10,
  Fast = 1 << 11,
  NoAuth = 1 << 12,
  MayReplicate = 1 << 13,
  NoMulti = 1 << 14,
  MovableKeys = 1 << 15,
  AllowBusy = 1 << 16,
}

const FLAG_BITS: Record<string, number> = {
  write: CmdFlag.Write,
  readonly: CmdFlag.Readonly,
  denyoom: CmdFlag.DenyOom,
  admin: CmdFlag.Admin,
  pubsub: CmdFlag.Pubsub,
  noscript: CmdFlag.NoScript,
  blocking: CmdFlag.Blocking,
  loading: CmdFlag.Loading,
  stale: CmdFlag.Stale,
  skip_monitor: CmdFlag.SkipMonitor,
  skip_slowlog: CmdFlag.SkipSlowlog,
  fast: CmdFlag.Fast,
  no_auth: CmdFlag.NoAuth,
  may_replicate: CmdFlag.MayReplicate,
  no_multi: CmdFlag.NoMulti,
  movablekeys: CmdFlag.MovableKeys,
  allow_busy: CmdFlag.AllowBusy,
};

/** Per-command counters behind INFO commandstats. */
export interface CommandStats {
  calls: number;
  usec: number;
  rejectedCalls: number;
  failedCalls: number;
  /** Latency distribution (INFO latencystats, LATENCY HISTOGRAM); created at the first call. */
  latency: LatencyHistogram | undefined;
}

export interface Command {
  /** Lowercase name of a top-level command or the subcommand part ("list" of "client|list"). */
  readonly name: string;
  /** "get" or "client|list", as Redis's fullname. */
  readonly fullname: string;
  readonly arity: number;
  readonly flags: number;
  readonly raw: RawCommand;
  readonly handler: Handler | undefined;
  readonly parent: Command | undefined;
  /** Implemented subcommands by lowercase name (containers only). */
  readonly subcommands: Map<string, Command> | undefined;
  readonly stats: CommandStats;
}

export class CommandTable {
  /** Top-level implemented commands by lowercase name. */
  readonly commands = new Map<string, Command>();
  /** Every implemented command and subcommand by fullname. */
  readonly byFullname = new Map<string, Command>();
  /**
   * Top-level commands by lowercase and by UPPERCASE name: clients send one or the other
   * (redis-benchmark and redis-cli users uppercase), so lookup rarely has to fold case.
   */
  private readonly byName = new Map<string, Command>();
  /** The last command without subcommands that lookup found, and the name it was found by. */
  private lastName: string | undefined = undefined;
  private lastCmd: Command | undefined = undefined;
  /** Redis facts for every command, implemented or not, by fullname. */
  readonly facts = new Map<string, RawCommand>();

  constructor(handlers: HandlerMap) {
    for (const raw of RAW_COMMANDS) this.facts.set(raw.name, raw);
    const h = handlers as Record<string, Handler | undefined>;
    for (const raw of RAW_COMMANDS) {
      if (raw.container) continue;
      const subs = raw.subcommands?.filter((s) => h[s]);
      if (!h[raw.name] && !subs?.length) continue;
      const cmd = makeCommand(raw, h[raw.name], undefined, subs ? new Map() : undefined);
      for (const s of subs ?? []) {
        const sraw = this.facts.get(s)!;
        const sub = makeCommand(sraw, h[s], cmd, undefined);
        cmd.subcommands!.set(sub.name, sub);
        this.byFullname.set(s, sub);
      }
      this.commands.set(raw.name, cmd);
      this.byFullname.set(raw.name, cmd);
      this.byName.set(raw.name, cmd);
      this.byName.set(raw.name.toUpperCase(), cmd);
    }
  }

  /**
   * Finds the command for argv, descending into a container's subcommand. Returns undefined for
   * an unknown command or subcommand (see isContainer to tell them apart).
   */
  lookup(argv: string[]): Command | undefined {
    const name = argv[0];
    // Pipelines repeat a command: comparing a few chars with the last name found is cheaper
    // than hashing a fresh string for the map.
    if (name === this.lastName) return this.lastCmd;
    let cmd = this.byName.get(name);
    if (cmd === undefined) {
      cmd = this.commands.get(name.toLowerCase());
      if (cmd === undefined) return undefined;
    }
    if (cmd.subcommands === undefined) {
      this.lastName = name;
      this.lastCmd = cmd;
      return cmd;
    }
    if (argv.length < 2) return cmd;
    return cmd.subcommands.get(argv[1].toLowerCase());
  }

  /**
   * rename-command: the command answers to `to` only (an empty `to` disables it). Names compare
   * case-insensitively, as Redis's command dict does.
   */
  rename(from: string, to: string): void {
    this.lastName = this.lastCmd = undefined;
    const old = from.toLowerCase();
    const cmd = this.commands.get(old);
    if (cmd === undefined) return;
    this.commands.delete(old);
    this.byName.delete(old);
    this.byName.delete(from.toUpperCase());
    if (to === '') return;
    const lower = to.toLowerCase();
    this.commands.set(lower, cmd);
    this.byName.set(lower, cmd);
    this.byName.set(to.toUpperCase(), cmd);
  }

  /**
   * True when `name` is a container command in Redis (CLIENT, CONFIG, MEMORY, ...), implemented
   * or not: an unknown subcommand of any of them gets Redis's "unknown subcommand" text, which is
   * what a client sees from Redis for a subcommand it does not know.
   */
  isContainer(name: string): boolean {
    return this.facts.get(name.toLowerCase())?.subcommands !== undefined;
  }

  /** Every implemented command and subcommand. */
  all(): Command[] {
    return [...this.byFullname.values()];
  }
}

function makeCommand(raw: RawCommand, handler: Handler | undefined, parent: Command | undefined, subs: Map<string, Command> | undefined): Command {
  let flags = 0;
  for (const f of raw.flags) flags |= FLAG_BITS[f] ?? 0;
  return {
    name: parent ? raw.name.slice(parent.name.length + 1) : raw.name,
    fullname: raw.name,
    arity: raw.arity,
    flags,
    raw,
    handler,
    parent,
    subcommands: subs,
    stats: { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0, latency: undefined },
  };
}
