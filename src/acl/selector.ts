/**
 * ACL selectors (Redis 7.0's aclSelector): which commands (a bitmap by command id, plus
 * first-argument exceptions such as +select|0), which keys (glob patterns with read/write
 * permissions) and which Pub/Sub channels a user may touch. Every user has a root selector (the
 * rules written outside parentheses) and any number of further `(...)` selectors; a command is
 * allowed when one selector allows it all. Also the reverse: describing a selector's commands as
 * the shortest rule list Redis would print (ACL LIST / GETUSER), with Redis's greedy algorithm.
 */
import { splitArgs } from '../protocol/split-args.js';
import { ACL_COMMANDS, BITMAP_WORDS, CATEGORIES, FUTURE_BIT, categoryBit, lookupAclCommand, type AclCommand } from './catalog.js';
import { cString } from '../util/bytes.js';

export const enum SelFlag {
  Root = 1,
  AllKeys = 2,
  AllChannels = 4,
  AllCommands = 8,
}

/** Key pattern permissions (Redis's ACL_READ_PERMISSION / ACL_WRITE_PERMISSION). */
export const enum KeyPerm {
  Read = 1,
  Write = 2,
  All = 3,
}

/** Why a rule was refused (Redis's errno values in ACLSetUser), see RULE_ERRORS. */
export const enum RuleError {
  Syntax = 1,
  UnknownCommand,
  KeysAfterAll,
  ChannelsAfterAll,
  NoSuchPassword,
  BadHash,
  Duplicate,
  SubcommandFirstArg,
}

/** Redis's ACLSetUserStringError texts. */
export const RULE_ERRORS: Record<RuleError, string> = {
  [RuleError.Syntax]: 'Syntax error',
  [RuleError.UnknownCommand]: 'Unknown command or category name in ACL',
  [RuleError.KeysAfterAll]:
    "Adding a pattern after the * pattern (or the 'allkeys' flag) is not valid and does not have any effect. Try 'resetkeys' to start with an empty list of patterns",
  [RuleError.ChannelsAfterAll]:
    "Adding a pattern after the * pattern (or the 'allchannels' flag) is not valid and does not have any effect. Try 'resetchannels' to start with an empty list of channels",
  [RuleError.NoSuchPassword]: 'The password you are trying to remove from the user does not exist',
  [RuleError.BadHash]: 'The password hash must be exactly 64 characters and contain only lowercase hexadecimal characters',
  [RuleError.Duplicate]: 'Duplicate user found. A user can only be defined once in config files',
  [RuleError.SubcommandFirstArg]: 'Allowing first-arg of a subcommand is not supported',
};

export interface KeyPattern {
  readonly pattern: string;
  flags: number;
}

/** Redis's ACLStringHasSpaces: C isspace() or a NUL byte anywhere. */
export function hasSpaces(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0 || c === 32 || (c >= 9 && c <= 13)) return true;
  }
  return false;
}

/** Top-level commands in table order (subcommands are reached through their container). */
const TOP_LEVEL = ACL_COMMANDS.filter((c) => c.parent === undefined);

function bitOf(bits: Uint32Array, id: number): boolean {
  return (bits[id >>> 5] & (1 << (id & 31))) !== 0;
}

function setBitIn(bits: Uint32Array, id: number, on: boolean): void {
  if (on) bits[id >>> 5] |= 1 << (id & 31);
  else bits[id >>> 5] &= ~(1 << (id & 31));
}

/** A command and, for a container, all its subcommands (Redis's ACLChangeSelectorPerm bits). */
function setCommandBits(bits: Uint32Array, cmd: AclCommand, on: boolean): void {
  setBitIn(bits, cmd.id, on);
  if (cmd.subcommands !== undefined) for (const sub of cmd.subcommands) setBitIn(bits, sub.id, on);
}

/** Sets the bits of every command in a category (containers carry their subcommands). */
function setCategoryBits(bits: Uint32Array, cat: number, on: boolean): void {
  for (const cmd of ACL_COMMANDS) if ((cmd.categories & cat) !== 0) setCommandBits(bits, cmd, on);
}

/** Commands of a category whose bit is set (on) and not (off). */
function countCategory(bits: Uint32Array, cat: number): [number, number] {
  let on = 0;
  let off = 0;
  for (const cmd of ACL_COMMANDS) {
    if ((cmd.categories & cat) === 0) continue;
    if (bitOf(bits, cmd.id)) on++;
    else off++;
  }
  return [on, off];
}

export class Selector {
  flags: number;
  readonly bits: Uint32Array;
  /** Allowed first arguments of otherwise denied commands, by command id (null: none). */
  firstArgs: Map<number, string[]> | null = null;
  patterns: KeyPattern[] = [];
  channels: string[] = [];

  /** `pubsubDefault` is SelFlag.AllChannels under acl-pubsub-default allchannels, else 0. */
  constructor(flags: number, pubsubDefault: number, bits?: Uint32Array) {
    this.flags = flags | pubsubDefault;
    this.bits = bits ?? new Uint32Array(BITMAP_WORDS);
  }

  copy(): Selector {
    const s = new Selector(this.flags, 0, this.bits.slice());
    s.patterns = this.patterns.map((p) => ({ pattern: p.pattern, flags: p.flags }));
    s.channels = this.channels.slice();
    if (this.firstArgs !== null) s.firstArgs = new Map([...this.firstArgs].map(([id, args]) => [id, args.slice()]));
    return s;
  }

  allowsCommand(id: number): boolean {
    return bitOf(this.bits, id);
  }

  /** Clearing any command bit also drops the "all commands" shortcut. */
  private setBit(id: number, on: boolean): void {
    setBitIn(this.bits, id, on);
    if (!on) this.flags &= ~SelFlag.AllCommands;
  }

  private changePerm(cmd: AclCommand, allow: boolean): void {
    this.setBit(cmd.id, allow);
    this.firstArgs?.delete(cmd.id);
    if (cmd.subcommands !== undefined) for (const sub of cmd.subcommands) this.setBit(sub.id, allow);
  }

  private addFirstArg(id: number, arg: string): void {
    if (this.firstArgs === null) this.firstArgs = new Map();
    const list = this.firstArgs.get(id);
    if (list === undefined) this.firstArgs.set(id, [arg]);
    else if (!list.some((a) => a.toLowerCase() === arg.toLowerCase())) list.push(arg);
  }

  /** Applies one selector rule (Redis's ACLSetSelector); returns the error, or 0. */
  apply(op: string): RuleError | 0 {
    const lower = op.toLowerCase();
    if (lower === 'allkeys' || op === '~*') {
      this.flags |= SelFlag.AllKeys;
      this.patterns = [];
    } else if (lower === 'resetkeys') {
      this.flags &= ~SelFlag.AllKeys;
      this.patterns = [];
    } else if (lower === 'allchannels' || op === '&*') {
      this.flags |= SelFlag.AllChannels;
      this.channels = [];
    } else if (lower === 'resetchannels') {
      this.flags &= ~SelFlag.AllChannels;
      this.channels = [];
    } else if (lower === 'allcommands' || lower === '+@all') {
      this.bits.fill(0xffffffff);
      this.flags |= SelFlag.AllCommands;
      this.firstArgs = null;
    } else if (lower === 'nocommands' || lower === '-@all') {
      this.bits.fill(0);
      this.flags &= ~SelFlag.AllCommands;
      this.firstArgs = null;
    } else if (op[0] === '~' || op[0] === '%') {
      return this.addKeyPattern(op);
    } else if (op[0] === '&') {
      if ((this.flags & SelFlag.AllChannels) !== 0) return RuleError.ChannelsAfterAll;
      const pat = op.slice(1);
      if (hasSpaces(pat)) return RuleError.Syntax;
      if (!this.channels.includes(pat)) this.channels.push(pat);
      this.flags &= ~SelFlag.AllChannels;
    } else if (op[0] === '+' && op[1] !== '@') {
      return this.allowCommand(op.slice(1));
    } else if (op[0] === '-' && op[1] !== '@') {
      const cmd = lookupAclCommand(op.slice(1));
      if (cmd === undefined) return RuleError.UnknownCommand;
      this.changePerm(cmd, false);
    } else if ((op[0] === '+' || op[0] === '-') && op[1] === '@') {
      const cat = categoryBit(op.slice(2));
      if (cat === 0) return RuleError.UnknownCommand;
      const allow = op[0] === '+';
      for (const cmd of ACL_COMMANDS) if ((cmd.categories & cat) !== 0) this.changePerm(cmd, allow);
    } else {
      return RuleError.Syntax;
    }
    return 0;
  }

  /** ~pattern, %R~pattern, %W~pattern, %RW~pattern. */
  private addKeyPattern(op: string): RuleError | 0 {
    if ((this.flags & SelFlag.AllKeys) !== 0) return RuleError.KeysAfterAll;
    let flags = 0;
    let offset = 1;
    if (op[0] === '%') {
      for (; offset < op.length; offset++) {
        const ch = op[offset].toUpperCase();
        if (ch === 'R' && (flags & KeyPerm.Read) === 0) flags |= KeyPerm.Read;
        else if (ch === 'W' && (flags & KeyPerm.Write) === 0) flags |= KeyPerm.Write;
        else if (op[offset] === '~') {
          offset++;
          break;
        } else return RuleError.Syntax;
      }
      // Redis 7.0 accepts "%~x" and then cannot describe it (a crash): refused here instead.
      if (flags === 0) return RuleError.Syntax;
    } else {
      flags = KeyPerm.All;
    }
    const pattern = op.slice(offset);
    if (hasSpaces(pattern)) return RuleError.Syntax;
    const existing = this.patterns.find((p) => p.pattern === pattern);
    if (existing === undefined) this.patterns.push({ pattern, flags });
    else existing.flags |= flags;
    this.flags &= ~SelFlag.AllKeys;
    return 0;
  }

  /** +command, +container|sub, or +command|first-arg. */
  private allowCommand(name: string): RuleError | 0 {
    const bar = name.lastIndexOf('|');
    if (bar < 0) {
      const cmd = lookupAclCommand(name);
      if (cmd === undefined) return RuleError.UnknownCommand;
      this.changePerm(cmd, true);
      return 0;
    }
    const cmd = lookupAclCommand(name.slice(0, bar));
    if (cmd === undefined) return RuleError.UnknownCommand;
    if (cmd.parent !== undefined) return RuleError.SubcommandFirstArg;
    const sub = name.slice(bar + 1);
    if (sub.length === 0 || sub.indexOf('\0') === 0) return RuleError.Syntax;
    if (cmd.subcommands !== undefined) {
      const subcmd = lookupAclCommand(name);
      if (subcmd === undefined) return RuleError.UnknownCommand;
      this.changePerm(subcmd, true);
    } else {
      this.addFirstArg(cmd.id, cString(sub));
    }
    return 0;
  }

  /** The command rules as ACL GETUSER shows them ("+@all -debug +debug|digest"). */
  describeCommands(): string {
    const additive = !bitOf(this.bits, FUTURE_BIT);
    let rules = additive ? '-@all ' : '+@all ';
    // Rules are applied to `fake` as they are emitted, so the remaining differences are known.
    const fake = new Uint32Array(BITMAP_WORDS);
    if (!additive) fake.fill(0xffffffff);
    // `temp` has the categories already used undone, so each is used at most once.
    const temp = this.bits.slice();
    const applied = new Array<boolean>(CATEGORIES.length).fill(false);
    for (;;) {
      let best = -1;
      let minDiff = Number.MAX_SAFE_INTEGER;
      let maxSame = 0;
      for (let j = 0; j < CATEGORIES.length; j++) {
        if (applied[j]) continue;
        const [on, off] = countCategory(temp, 1 << j);
        const diff = additive ? off : on;
        const same = additive ? on : off;
        if (same > diff && (diff < minDiff || (diff === minDiff && same > maxSame))) {
          best = j;
          minDiff = diff;
          maxSame = same;
        }
      }
      if (best === -1) break;
      setCategoryBits(fake, 1 << best, additive);
      setCategoryBits(temp, 1 << best, !additive);
      rules += (additive ? '+@' : '-@') + CATEGORIES[best] + ' ';
      applied[best] = true;
    }
    rules = this.describeSingleCommands(fake, rules, TOP_LEVEL);
    return rules.slice(0, -1);
  }

  private describeSingleCommands(fake: Uint32Array, rules: string, commands: readonly AclCommand[]): string {
    for (const cmd of commands) {
      const userBit = bitOf(this.bits, cmd.id);
      if (userBit !== bitOf(fake, cmd.id)) {
        rules += (userBit ? '+' : '-') + cmd.fullname + ' ';
        setCommandBits(fake, cmd, userBit);
      }
      if (cmd.subcommands !== undefined) rules = this.describeSingleCommands(fake, rules, cmd.subcommands);
      const args = userBit ? undefined : this.firstArgs?.get(cmd.id);
      if (args !== undefined) for (const a of args) rules += `+${cmd.fullname}|${a} `;
    }
    return rules;
  }

  /** Key patterns as ACL GETUSER's "keys" field (space separated, no trailing space). */
  describeKeys(): string {
    if ((this.flags & SelFlag.AllKeys) !== 0) return '~*';
    return this.patterns.map(patternString).join(' ');
  }

  /** Channel patterns as ACL GETUSER's "channels" field. */
  describeChannels(): string {
    if ((this.flags & SelFlag.AllChannels) !== 0) return '&*';
    return this.channels.map((c) => '&' + c).join(' ');
  }

  /** The selector as rules (Redis's ACLDescribeSelector): keys, channels, commands. */
  describe(): string {
    let res = '';
    if ((this.flags & SelFlag.AllKeys) !== 0) res += '~* ';
    else for (const p of this.patterns) res += patternString(p) + ' ';
    if ((this.flags & SelFlag.AllChannels) !== 0) res += '&* ';
    else {
      res += 'resetchannels ';
      for (const c of this.channels) res += '&' + c + ' ';
    }
    return res + this.describeCommands();
  }

  /** Whether every command, key and channel is allowed: checks can be skipped. */
  allowsEverything(): boolean {
    const all = SelFlag.AllCommands | SelFlag.AllKeys | SelFlag.AllChannels;
    return (this.flags & all) === all;
  }

  /**
   * A `(...)` selector (Redis's aclCreateSelectorFromOpSet): the rules between the parentheses,
   * split with config-file quoting. Returns the selector or the first rule's error.
   */
  static fromOpSet(opset: string, pubsubDefault: number): Selector | RuleError {
    const s = new Selector(0, pubsubDefault);
    const ops = splitArgs(opset.slice(1, -1)) ?? [];
    for (const op of ops) {
      const err = s.apply(op);
      if (err !== 0) return err;
    }
    return s;
  }
}

function patternString(p: KeyPattern): string {
  const prefix = p.flags === KeyPerm.All ? '~' : p.flags === KeyPerm.Read ? '%R~' : '%W~';
  return prefix + p.pattern;
}

