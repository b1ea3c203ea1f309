/**
 * The server's ACL state (Redis 7.0's Users, DefaultUser and ACLLog): the users by name, the
 * default user every connection starts as (its password is what requirepass sets), logins,
 * changes to users that must disconnect their clients, and the log of denials.
 */
import type { Client } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';
import { clientInfoLine } from '../commands/client-info.js';
import { AclResult, channelAllowedBy, type AclDenial } from './check.js';
import { AclLog, LogContext } from './log.js';
import { SelFlag } from './selector.js';
import { stageRules, User, UserFlag } from './user.js';

export class Acl {
  /** Users by name. */
  users = new Map<string, User>();
  /** The default user: always the same object, whatever ACL LOAD replaces it with. */
  readonly defaultUser: User;
  readonly log = new AclLog();

  constructor(private readonly engine: Engine) {
    this.defaultUser = this.createDefaultUser();
    this.users.set('default', this.defaultUser);
  }

  /** SelFlag.AllChannels when new users start with every channel (acl-pubsub-default). */
  pubsubDefault(): number {
    return this.engine.config.str('acl-pubsub-default') === 'allchannels' ? SelFlag.AllChannels : 0;
  }

  /** A default user as Redis creates it: on, nopass, every command, key and channel. */
  createDefaultUser(): User {
    const u = new User('default', this.pubsubDefault());
    for (const op of ['+@all', '~*', '&*', 'on', 'nopass']) u.setUser(op, 0);
    return u;
  }

  /** Users in name (byte) order, as Redis's radix tree lists them. */
  sortedUsers(): User[] {
    return [...this.users.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Whether a new connection is already authenticated (the default user needs no password). */
  newClientAuthenticated(): boolean {
    return (this.defaultUser.flags & (UserFlag.NoPass | UserFlag.Disabled)) === UserFlag.NoPass;
  }

  /** requirepass: the default user's only password, or nopass when empty. */
  updateDefaultPassword(pass: string): void {
    this.defaultUser.setUser('resetpass', 0);
    this.defaultUser.setUser(pass === '' ? 'nopass' : '>' + pass, 0);
  }

  /**
   * AUTH / HELLO AUTH: on success the client is authenticated as the user; a failure is logged
   * (reason auth, object the command's name as sent).
   */
  authenticate(c: Client, username: string, pass: string): boolean {
    const u = this.users.get(username);
    if (u !== undefined && u.checkPassword(pass)) {
      c.authenticated = true;
      c.user = u;
      return true;
    }
    const argv = c.argv ?? ['auth'];
    this.addLogEntry(c, AclResult.DeniedAuth, c.multi !== null ? LogContext.Multi : LogContext.TopLevel, argv[0], username);
    return false;
  }

  /** Records a denial of the command `c` runs (Redis's addACLLogEntry). */
  logDenial(c: Client, d: AclDenial, context: LogContext, fullname: string, argv: readonly string[]): void {
    const object = d.result === AclResult.DeniedCmd ? fullname : argv[d.pos];
    this.addLogEntry(c, d.result, context, object, c.user.name);
  }

  private addLogEntry(c: Client, reason: AclResult, context: LogContext, object: string, username: string): void {
    const now = this.engine.clock.now();
    this.log.add({ count: 1, reason, context, object, username, ctime: now, clientInfo: clientInfoLine(c) }, this.engine.config.num('acllog-max-len'));
  }

  /**
   * ACL SETUSER: creates or changes a user, all rules or none. Subscribers of a changed user
   * that lost access to one of their channels are disconnected. Returns the error text or null.
   */
  setUser(name: string, rules: readonly string[]): string | null {
    const existing = this.users.get(name);
    const staged = stageRules(name, existing, rules, this.pubsubDefault());
    if (typeof staged === 'string') return staged;
    if (existing !== undefined) {
      this.killSubscribersIfNeeded(staged, existing);
      existing.copyFrom(staged);
    } else {
      this.users.set(name, staged);
    }
    return null;
  }

  /** ACL DELUSER of one user (not default): its clients are disconnected. */
  deleteUser(name: string): boolean {
    const u = this.users.get(name);
    if (u === undefined) return false;
    this.users.delete(name);
    this.killClientsOf(u);
    return true;
  }

  /**
   * Clients authenticated as a user that no longer exists are reset to the default user,
   * unauthenticated, and closed (the one running the command once it has its reply).
   */
  killClientsOf(u: User): void {
    for (const c of [...this.engine.clients.values()]) {
      if (c.user !== u) continue;
      c.user = this.defaultUser;
      c.authenticated = false;
      this.closeClient(c);
    }
  }

  private closeClient(c: Client): void {
    if (c === this.engine.currentClient) c.closeAfterReply = true;
    else c.transport.close(false);
  }

  /**
   * Redis's ACLKillPubsubClientsIfNeeded: unless the new rules keep every channel pattern the
   * old ones had, the user's subscribers whose channels or patterns are no longer allowed go.
   */
  private killSubscribersIfNeeded(next: User, original: User): void {
    if (next.selectors.some((s) => (s.flags & SelFlag.AllChannels) !== 0)) return;
    const upcoming: string[] = [];
    for (const s of next.selectors) upcoming.push(...s.channels);
    let match = true;
    for (const s of original.selectors) {
      if ((s.flags & SelFlag.AllChannels) !== 0 || !s.channels.every((ch) => upcoming.includes(ch))) {
        match = false;
        break;
      }
    }
    if (match) return;
    for (const c of [...this.engine.clients.values()]) {
      if (c.user !== original || c.subscriptions === 0 || c.replica !== null) continue;
      let kill = false;
      for (const p of c.patterns ?? []) if (!kill && !channelAllowedBy(upcoming, p, true)) kill = true;
      for (const ch of c.channels ?? []) if (!kill && !channelAllowedBy(upcoming, ch, false)) kill = true;
      for (const ch of c.shardChannels ?? []) if (!kill && !channelAllowedBy(upcoming, ch, false)) kill = true;
      if (kill) this.closeClient(c);
    }
  }

  /**
   * Replaces every user with `next` (ACL LOAD): the default user object keeps its identity and
   * takes the new rules; clients of every other old user are disconnected.
   */
  replaceUsers(next: Map<string, User>): void {
    const old = this.users;
    const newDefault = next.get('default') ?? this.createDefaultUser();
    this.defaultUser.copyFrom(newDefault);
    next.set('default', this.defaultUser);
    this.users = next;
    for (const u of old.values()) if (u !== this.defaultUser) this.killClientsOf(u);
  }
}
