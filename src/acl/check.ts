/**
 * Permission checks (Redis 7.0's ACLCheckAllUserCommandPerm and friends): may a user run this
 * command line? Each selector is tried in turn: the command (bit or first-argument exception),
 * then every key the command's key specs find against the selector's patterns with the access
 * the spec declares (read for access, write for insert/delete/update), then every channel a
 * publish/subscribe names. The first selector that allows everything wins; otherwise the most
 * relevant denial is reported (a key or channel over the command, the last argument position).
 */
import { getKeys, type KeyRef } from '../engine/get-keys.js';
import { globMatch } from '../util/glob.js';
import type { AclCommand } from './catalog.js';
import { KeyPerm, SelFlag, type Selector } from './selector.js';
import type { User } from './user.js';

/** Redis's ACL_* results; the numeric order is the relevance order between denials. */
export const enum AclResult {
  Ok = 0,
  DeniedCmd = 1,
  DeniedKey = 2,
  DeniedAuth = 3,
  DeniedChannel = 4,
}

/** A denial and the argument position it is about (keys and channels). */
export interface AclDenial {
  result: AclResult;
  pos: number;
}

/** Keyspec flags to the permissions they need, cached per flags array (they are shared). */
const permCache = new WeakMap<readonly string[], number>();

function keyPermOf(flags: readonly string[]): number {
  let p = permCache.get(flags);
  if (p === undefined) {
    p = 0;
    for (const f of flags) {
      if (f === 'access') p |= KeyPerm.Read;
      else if (f === 'insert' || f === 'delete' || f === 'update') p |= KeyPerm.Write;
    }
    permCache.set(flags, p);
  }
  return p;
}

function keyAllowed(s: Selector, key: string, perm: number): boolean {
  if ((s.flags & SelFlag.AllKeys) !== 0) return true;
  for (const p of s.patterns) {
    if ((p.flags & perm) !== perm) continue;
    if (globMatch(p.pattern, key)) return true;
  }
  return false;
}

/**
 * A channel against a list of ACL channel patterns: a channel name is matched as a glob, a
 * PSUBSCRIBE pattern only literally.
 */
export function channelAllowedBy(patterns: readonly string[], channel: string, isPattern: boolean): boolean {
  for (const p of patterns) {
    if (isPattern ? p === channel : globMatch(p, channel)) return true;
  }
  return false;
}

/** Keys found once per check and shared by the selectors. */
interface KeyCache {
  keys: KeyRef[] | null;
}

function selectorCheck(s: Selector, cmd: AclCommand, argv: readonly string[], cache: KeyCache, out: AclDenial): boolean {
  if ((s.flags & SelFlag.AllCommands) === 0 && !cmd.noAuth && !s.allowsCommand(cmd.id)) {
    const args = argv.length < 2 ? undefined : s.firstArgs?.get(cmd.id);
    if (args === undefined) {
      out.result = AclResult.DeniedCmd;
      out.pos = 0;
      return false;
    }
    const arg = argv[cmd.parent !== undefined ? 2 : 1].toLowerCase();
    if (!args.some((a) => a.toLowerCase() === arg)) {
      out.result = AclResult.DeniedCmd;
      out.pos = 0;
      return false;
    }
  }
  if ((s.flags & SelFlag.AllKeys) === 0 && cmd.hasKeys) {
    if (cache.keys === null) cache.keys = getKeys(cmd, argv);
    for (const k of cache.keys) {
      if (!keyAllowed(s, argv[k.pos], keyPermOf(k.flags))) {
        out.result = AclResult.DeniedKey;
        out.pos = k.pos;
        return false;
      }
    }
  }
  const ch = cmd.channels;
  if ((s.flags & SelFlag.AllChannels) === 0 && ch !== undefined) {
    const stop = ch.count === -1 ? argv.length : Math.min(argv.length, ch.start + ch.count);
    for (let i = ch.start; i < stop; i++) {
      if (!channelAllowedBy(s.channels, argv[i], ch.pattern)) {
        out.result = AclResult.DeniedChannel;
        out.pos = i;
        return false;
      }
    }
  }
  return true;
}

/**
 * Whether `user` may run `argv` (whose command is `cmd`): null when allowed, else the denial
 * Redis reports.
 */
export function checkCommand(user: User, cmd: AclCommand, argv: readonly string[]): AclDenial | null {
  if (user.allowAll) return null;
  const cache: KeyCache = { keys: null };
  const local: AclDenial = { result: AclResult.Ok, pos: 0 };
  let relevant: AclDenial = { result: AclResult.DeniedCmd, pos: 0 };
  for (const s of user.selectors) {
    if (selectorCheck(s, cmd, argv, cache, local)) return null;
    if (local.result > relevant.result || (local.result === relevant.result && local.pos > relevant.pos)) {
      relevant = { result: local.result, pos: local.pos };
    }
  }
  return relevant;
}

/**
 * Whether one selector of `user` both allows the command and grants `perm` on every key
 * (allkeys, or a `*` pattern with that permission): Redis's
 * ACLUserCheckCmdWithUnrestrictedKeyAccess, which SORT's BY and GET patterns need.
 */
export function checkCommandWithAllKeys(user: User, cmd: AclCommand, argv: readonly string[], perm: number): boolean {
  if (user.allowAll) return true;
  const cache: KeyCache = { keys: null };
  const local: AclDenial = { result: AclResult.Ok, pos: 0 };
  for (const s of user.selectors) {
    if (!selectorCheck(s, cmd, argv, cache, local)) continue;
    if ((s.flags & SelFlag.AllKeys) !== 0) return true;
    if (s.patterns.some((p) => (p.flags & perm) === perm && p.pattern === '*')) return true;
  }
  return false;
}

/** Whether `user` may access `key` with the permissions of keyspec `flags`. */
export function checkKey(user: User, key: string, flags: readonly string[]): boolean {
  const perm = keyPermOf(flags);
  return user.selectors.some((s) => keyAllowed(s, key, perm));
}

/** Whether `user` may use a channel (or a PSUBSCRIBE pattern). */
export function checkChannel(user: User, channel: string, isPattern: boolean): boolean {
  return user.selectors.some((s) => (s.flags & SelFlag.AllChannels) !== 0 || channelAllowedBy(s.channels, channel, isPattern));
}

/**
 * The reasons Redis gives, by denial: at top level (processCommand), at EXEC for a queued
 * command whose permission changed, and to scripts (redis.call).
 */
export function topLevelDenialText(d: AclDenial, fullname: string): string {
  switch (d.result) {
    case AclResult.DeniedCmd:
      return `NOPERM this user has no permissions to run the '${fullname}' command`;
    case AclResult.DeniedKey:
      return 'NOPERM this user has no permissions to access one of the keys used as arguments';
    case AclResult.DeniedChannel:
      return 'NOPERM this user has no permissions to access one of the channels used as arguments';
    default:
      return 'ERR no permission';
  }
}

export function execDenialText(d: AclDenial): string {
  let reason: string;
  switch (d.result) {
    case AclResult.DeniedCmd:
      reason = 'no permission to execute the command or subcommand';
      break;
    case AclResult.DeniedKey:
      reason = 'no permission to touch the specified keys';
      break;
    case AclResult.DeniedChannel:
      reason = 'no permission to access one of the channels used as arguments';
      break;
    default:
      reason = 'no permission';
  }
  return `NOPERM ACLs rules changed between the moment the transaction was accumulated and the EXEC call. This command is no longer allowed for the following reason: ${reason}`;
}

export function scriptDenialText(d: AclDenial): string {
  switch (d.result) {
    case AclResult.DeniedCmd:
      return "The user executing the script can't run this command or subcommand";
    case AclResult.DeniedKey:
      return "The user executing the script can't access at least one of the keys mentioned in the command arguments";
    case AclResult.DeniedChannel:
      return "The user executing the script can't publish to the channel mentioned in the command";
    default:
      return 'The user executing the script lacking the permissions for the command';
  }
}
