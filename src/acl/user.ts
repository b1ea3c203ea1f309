/**
 * ACL users (Redis 7.0's `user`): on/off, passwords kept as SHA-256 hex digests, nopass, the
 * sanitize-payload flags, and the selectors (the root one first). setUser applies one rule as
 * ACLSetUser does; applyRules applies a whole rule list atomically, as ACL SETUSER and the
 * configuration do; describe gives the rules back in Redis's canonical order (ACL LIST).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { hasSpaces, RULE_ERRORS, RuleError, SelFlag, Selector } from './selector.js';
import { cString } from '../util/bytes.js';

export const enum UserFlag {
  Enabled = 1,
  Disabled = 2,
  NoPass = 4,
  SanitizeSkip = 8,
  Sanitize = 16,
}

/** Flag names in the order Redis prints them. */
export const USER_FLAG_NAMES: readonly (readonly [UserFlag, string])[] = [
  [UserFlag.Enabled, 'on'],
  [UserFlag.Disabled, 'off'],
  [UserFlag.NoPass, 'nopass'],
  [UserFlag.SanitizeSkip, 'skip-sanitize-payload'],
  [UserFlag.Sanitize, 'sanitize-payload'],
];

/** SHA-256 of a byte string, as 64 lowercase hex characters (Redis's ACLHashPassword). */
export function hashPassword(pass: string): string {
  return createHash('sha256').update(Buffer.from(pass, 'latin1')).digest('hex');
}

function isValidHash(h: string): boolean {
  return /^[0-9a-f]{64}$/.test(h);
}

export class User {
  flags = UserFlag.Disabled;
  /** SHA-256 hex digests. */
  passwords: string[] = [];
  /** The root selector first, then the `(...)` ones. */
  selectors: Selector[];
  /**
   * True when a selector allows every command, key and channel: the dispatcher then skips the
   * permission check entirely (one property test per command for the default user).
   */
  allowAll = false;
  /** Cached describe() text, dropped on every change. */
  private described: string | null = null;

  constructor(
    readonly name: string,
    pubsubDefault: number,
  ) {
    this.selectors = [new Selector(SelFlag.Root, pubsubDefault)];
  }

  get root(): Selector {
    return this.selectors[0];
  }

  /** Makes this user's rules those of `src` (the name stays). */
  copyFrom(src: User): void {
    this.flags = src.flags;
    this.passwords = src.passwords.slice();
    this.selectors = src.selectors.map((s) => s.copy());
    this.changed();
  }

  private changed(): void {
    this.described = null;
    this.allowAll = this.selectors.some((s) => s.allowsEverything());
  }

  /** Applies one rule (Redis's ACLSetUser); returns the error, or 0. */
  setUser(op: string, pubsubDefault: number): RuleError | 0 {
    const err = this.apply(op, pubsubDefault);
    this.changed();
    return err;
  }

  private apply(op: string, pubsubDefault: number): RuleError | 0 {
    if (op.length === 0) return 0;
    const lower = op.toLowerCase();
    switch (lower) {
      case 'on':
        this.flags = (this.flags | UserFlag.Enabled) & ~UserFlag.Disabled;
        return 0;
      case 'off':
        this.flags = (this.flags | UserFlag.Disabled) & ~UserFlag.Enabled;
        return 0;
      case 'skip-sanitize-payload':
        this.flags = (this.flags | UserFlag.SanitizeSkip) & ~UserFlag.Sanitize;
        return 0;
      case 'sanitize-payload':
        this.flags = (this.flags | UserFlag.Sanitize) & ~UserFlag.SanitizeSkip;
        return 0;
      case 'nopass':
        this.flags |= UserFlag.NoPass;
        this.passwords = [];
        return 0;
      case 'resetpass':
        this.flags &= ~UserFlag.NoPass;
        this.passwords = [];
        return 0;
      case 'clearselectors':
        this.selectors.length = 1;
        return 0;
      case 'reset':
        this.apply('resetpass', pubsubDefault);
        this.apply('resetkeys', pubsubDefault);
        this.apply('resetchannels', pubsubDefault);
        if ((pubsubDefault & SelFlag.AllChannels) !== 0) this.apply('allchannels', pubsubDefault);
        this.apply('off', pubsubDefault);
        this.apply('sanitize-payload', pubsubDefault);
        this.apply('clearselectors', pubsubDefault);
        this.apply('-@all', pubsubDefault);
        return 0;
    }
    const first = op[0];
    if (first === '>' || first === '#') {
      let hash: string;
      if (first === '>') hash = hashPassword(op.slice(1));
      else {
        hash = op.slice(1);
        if (!isValidHash(hash)) return RuleError.BadHash;
      }
      if (!this.passwords.includes(hash)) this.passwords.push(hash);
      this.flags &= ~UserFlag.NoPass;
      return 0;
    }
    if (first === '<' || first === '!') {
      let hash: string;
      if (first === '<') hash = hashPassword(op.slice(1));
      else {
        hash = op.slice(1);
        if (!isValidHash(hash)) return RuleError.BadHash;
      }
      const at = this.passwords.indexOf(hash);
      if (at < 0) return RuleError.NoSuchPassword;
      this.passwords.splice(at, 1);
      return 0;
    }
    if (first === '(' && op[op.length - 1] === ')') {
      const s = Selector.fromOpSet(op, pubsubDefault);
      if (!(s instanceof Selector)) return s;
      this.selectors.push(s);
      return 0;
    }
    return this.root.apply(op);
  }

  /** Whether `pass` opens this user (Redis's ACLCheckUserCredentials once the user is found). */
  checkPassword(pass: string): boolean {
    if ((this.flags & UserFlag.Disabled) !== 0) return false;
    if ((this.flags & UserFlag.NoPass) !== 0) return true;
    const hashed = Buffer.from(hashPassword(pass), 'latin1');
    let ok = false;
    // Every password is compared in constant time, whichever matches.
    for (const p of this.passwords) if (timingSafeEqual(hashed, Buffer.from(p, 'latin1'))) ok = true;
    return ok;
  }

  /** The user's rules in Redis's canonical form (Redis's ACLDescribeUser). */
  describe(): string {
    if (this.described !== null) return this.described;
    let res = '';
    for (const [flag, name] of USER_FLAG_NAMES) if ((this.flags & flag) !== 0) res += name + ' ';
    for (const p of this.passwords) res += '#' + p + ' ';
    for (const s of this.selectors) {
      const d = s.describe();
      res += (s.flags & SelFlag.Root) !== 0 ? d : ` (${d})`;
    }
    this.described = res;
    return res;
  }
}

/**
 * Joins selector rules spread over several arguments ("(~x" "+get)") into one, as Redis's
 * ACLMergeSelectorArguments. Returns the merged rules, or the index of the argument opening an
 * unterminated selector.
 */
export function mergeSelectorArgs(args: readonly string[]): string[] | number {
  const out: string[] = [];
  let open = -1;
  let selector = '';
  for (let j = 0; j < args.length; j++) {
    const op = args[j];
    if (op[0] === '(' && op[op.length - 1] !== ')') {
      selector = op;
      open = j;
      continue;
    }
    if (open !== -1) {
      selector += ' ' + op;
      if (op[op.length - 1] === ')') {
        open = -1;
        out.push(selector);
      }
      continue;
    }
    out.push(op);
  }
  return open !== -1 ? open : out;
}

/**
 * Applies rules to a copy of `base` (or to a new user) and returns it, or the error text of
 * ACL SETUSER (Redis's ACLStringSetUser): nothing is changed unless every rule is valid.
 */
export function stageRules(name: string, base: User | undefined, rules: readonly string[], pubsubDefault: number): User | string {
  const merged = mergeSelectorArgs(rules);
  if (typeof merged === 'number') return `Unmatched parenthesis in acl selector starting at '${cString(rules[merged])}'.`;
  const temp = new User(name, pubsubDefault);
  if (base !== undefined) temp.copyFrom(base);
  for (const op of merged) {
    const err = temp.setUser(op, pubsubDefault);
    if (err !== 0) return `Error in ACL SETUSER modifier '${cString(op)}': ${RULE_ERRORS[err]}`;
  }
  return temp;
}

export { cString, hasSpaces };
