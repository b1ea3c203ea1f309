/**
 * The commands ACL rules speak of: every Redis 7.0.15 command and subcommand (implemented by
 * Sonic or not, and unaffected by rename-command, as Redis bases ACLs on its original command
 * table), each with a numeric id indexing the selectors' command bitmaps, its ACL categories as
 * bits, and its container/subcommand links. Built once from the generated command facts.
 */
import { RAW_COMMANDS } from '../commands/table/generated.js';
import type { RawCommand } from '../commands/table/raw.js';
import { commandHasKeys } from '../engine/get-keys.js';

/** Redis's ACL categories, in its order (ACL CAT, and the describe algorithm, follow it). */
export const CATEGORIES = [
  'keyspace',
  'read',
  'write',
  'set',
  'sortedset',
  'list',
  'hash',
  'string',
  'bitmap',
  'hyperloglog',
  'geo',
  'stream',
  'pubsub',
  'admin',
  'fast',
  'slow',
  'blocking',
  'dangerous',
  'connection',
  'transaction',
  'scripting',
] as const;

/** Category bit by lowercase name. */
const CATEGORY_BITS = new Map<string, number>(CATEGORIES.map((name, i) => [name, 1 << i]));

/** The category bit of a name (case-insensitive), 0 when there is no such category. */
export function categoryBit(name: string): number {
  return CATEGORY_BITS.get(name.toLowerCase()) ?? 0;
}

export interface AclCommand {
  readonly id: number;
  /** "get", "client|kill". */
  readonly fullname: string;
  readonly categories: number;
  readonly parent: AclCommand | undefined;
  /** Subcommands of a container, else undefined. */
  subcommands: AclCommand[] | undefined;
  readonly raw: RawCommand;
  /** Allowed to everyone, like AUTH (Redis's CMD_NO_AUTH skips the command check). */
  readonly noAuth: boolean;
  /** Whether the command can have key arguments (Redis's doesCommandHaveKeys). */
  readonly hasKeys: boolean;
  /** Pub/sub channel arguments the ACL checks, or undefined (Redis's commands_with_channels). */
  readonly channels: ChannelSpec | undefined;
}

/** Where a command's channel arguments are: from `start`, `count` of them (-1: to the end). */
export interface ChannelSpec {
  readonly start: number;
  readonly count: number;
  /** PSUBSCRIBE's patterns are compared literally with the ACL's channel patterns. */
  readonly pattern: boolean;
}

/** Only commands that publish or subscribe are checked (unsubscribing is always allowed). */
const CHANNEL_SPECS: Record<string, ChannelSpec> = {
  subscribe: { start: 1, count: -1, pattern: false },
  ssubscribe: { start: 1, count: -1, pattern: false },
  psubscribe: { start: 1, count: -1, pattern: true },
  publish: { start: 1, count: 1, pattern: false },
  spublish: { start: 1, count: 1, pattern: false },
};

/** Every command and subcommand, in table order (a container precedes its subcommands). */
export const ACL_COMMANDS: AclCommand[] = [];
const byName = new Map<string, AclCommand>();

for (const raw of RAW_COMMANDS) {
  let categories = 0;
  for (const c of raw.aclCategories) categories |= CATEGORY_BITS.get(c) ?? 0;
  const parent = raw.container !== undefined ? byName.get(raw.container) : undefined;
  const cmd: AclCommand = {
    id: ACL_COMMANDS.length,
    fullname: raw.name,
    categories,
    parent,
    subcommands: raw.subcommands ? [] : undefined,
    raw,
    noAuth: raw.flags.includes('no_auth'),
    hasKeys: commandHasKeys({ raw, fullname: raw.name }),
    channels: CHANNEL_SPECS[raw.name],
  };
  ACL_COMMANDS.push(cmd);
  byName.set(raw.name, cmd);
}
for (const cmd of ACL_COMMANDS) if (cmd.parent !== undefined) cmd.parent.subcommands!.push(cmd);

/**
 * Bitmap words: one bit per command plus the reserved last bit that only +@all sets, telling
 * "all commands, future ones included" apart from "every command there is now".
 */
export const FUTURE_BIT = ACL_COMMANDS.length;
export const BITMAP_WORDS = Math.ceil((FUTURE_BIT + 1) / 32);

/** A command by its fullname, lowercase ("config|get"). */
export function aclCommandByFullname(fullname: string): AclCommand | undefined {
  return byName.get(fullname);
}

/**
 * Redis's ACLLookupCommand: "name" or "container|sub", case-insensitive; more levels, or a
 * subcommand of a command without any, find nothing.
 */
export function lookupAclCommand(name: string): AclCommand | undefined {
  const parts = name.toLowerCase().split('|');
  if (parts.length > 2) return undefined;
  const base = byName.get(parts[0]);
  if (base === undefined || base.raw.container !== undefined) return undefined;
  if (parts.length === 1) return base;
  if (base.subcommands === undefined) return undefined;
  return byName.get(parts[0] + '|' + parts[1]);
}

/**
 * The command a command line runs, as Redis's lookupCommand: the subcommand of a container
 * (undefined when unknown), the container itself when no subcommand is given, else the command.
 */
export function lookupAclCommandForArgv(argv: readonly string[]): AclCommand | undefined {
  const base = byName.get(argv[0].toLowerCase());
  if (base === undefined || base.raw.container !== undefined) return undefined;
  if (base.subcommands === undefined || argv.length < 2) return base;
  return byName.get(base.fullname + '|' + argv[1].toLowerCase());
}
