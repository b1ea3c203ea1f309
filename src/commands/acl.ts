/**
 * ACL: users and permissions (Redis 7.0.15's aclCommand). The rules and checks live in src/acl/;
 * these handlers parse arguments and write Redis's replies, RESP2 and RESP3.
 */
import { randomBytes } from 'node:crypto';
import { defineCommands } from './define.js';
import { Errors } from '../engine/errors.js';
import type { Client } from '../engine/client.js';
import { replyHelp } from './help.js';
import { parseLongLong } from './client-args.js';
import { ACL_COMMANDS, CATEGORIES, categoryBit, lookupAclCommandForArgv } from '../acl/catalog.js';
import { AclResult, checkCommand } from '../acl/check.js';
import { CONTEXT_NAMES, REASON_NAMES } from '../acl/log.js';
import { loadAclFile, saveAclFile } from '../acl/acl-file.js';
import type { Selector } from '../acl/selector.js';
import { cString, hasSpaces, USER_FLAG_NAMES } from '../acl/user.js';

const HELP = [
  'CAT [<category>]',
  '    List all commands that belong to <category>, or all command categories',
  '    when no category is specified.',
  'DELUSER <username> [<username> ...]',
  '    Delete a list of users.',
  'DRYRUN <username> <command> [<arg> ...]',
  '    Returns whether the user can execute the given command without executing the command.',
  'GETUSER <username>',
  "    Get the user's details.",
  'GENPASS [<bits>]',
  '    Generate a secure 256-bit user password. The optional `bits` argument can',
  '    be used to specify a different size.',
  'LIST',
  '    Show users details in config file format.',
  'LOAD',
  '    Reload users from the ACL file.',
  'LOG [<count> | RESET]',
  '    Show the ACL log entries.',
  'SAVE',
  '    Save the current config to the ACL file.',
  'SETUSER <username> <attribute> [<attribute> ...]',
  '    Create or modify a user with the specified attributes.',
  'USERS',
  '    List all the registered usernames.',
  'WHOAMI',
  '    Return the current connection username.',
];

const GENPASS_MAX_BITS = 4096;

const NO_ACLFILE =
  'ERR This Redis instance is not configured to use an ACL file. You may want to specify users via the ACL SETUSER command and then issue a CONFIG REWRITE (assuming you have a Redis configuration file set) in order to store users in the Redis configuration.';

/** Redis's reply to a subcommand given the wrong number of arguments for its form. */
function syntaxError(c: Client, argv: string[]): void {
  c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
}

/** The three fields a selector shows in ACL GETUSER (commands, keys, channels). */
function replySelector(c: Client, s: Selector): void {
  const r = c.reply;
  r.bulk('commands');
  r.bulk(s.describeCommands());
  r.bulk('keys');
  r.bulk(s.describeKeys());
  r.bulk('channels');
  r.bulk(s.describeChannels());
}

/** Parses a long argument, replying Redis's error when it is not one. */
function longArg(c: Client, s: string): number | null {
  const v = parseLongLong(s);
  if (v === null) {
    c.reply.error(Errors.notInteger);
    return null;
  }
  return Number(v);
}

export const aclCommands = defineCommands({
  'acl|setuser': (c, argv) => {
    const name = argv[2];
    if (hasSpaces(name)) return c.reply.error("ERR Usernames can't contain spaces or null characters");
    const err = c.engine.acl.setUser(name, argv.slice(3));
    if (err === null) c.reply.ok();
    else c.reply.error('ERR ' + err);
  },
  'acl|deluser': (c, argv) => {
    const acl = c.engine.acl;
    for (let j = 2; j < argv.length; j++) if (argv[j] === 'default') return c.reply.error("ERR The 'default' user cannot be removed");
    let deleted = 0;
    for (let j = 2; j < argv.length; j++) if (acl.deleteUser(argv[j])) deleted++;
    c.reply.int(deleted);
  },
  'acl|getuser': (c, argv) => {
    const u = c.engine.acl.users.get(argv[2]);
    if (u === undefined) return c.reply.nullBulk();
    const r = c.reply;
    r.mapLen(6);
    r.bulk('flags');
    const flags = USER_FLAG_NAMES.filter(([f]) => (u.flags & f) !== 0);
    r.setLen(flags.length);
    for (const [, name] of flags) r.bulk(name);
    r.bulk('passwords');
    r.arrayLen(u.passwords.length);
    for (const p of u.passwords) r.bulk(p);
    replySelector(c, u.root);
    r.bulk('selectors');
    r.arrayLen(u.selectors.length - 1);
    for (let i = 1; i < u.selectors.length; i++) {
      r.mapLen(3);
      replySelector(c, u.selectors[i]);
    }
  },
  'acl|list': (c) => {
    const users = c.engine.acl.sortedUsers();
    c.reply.arrayLen(users.length);
    for (const u of users) c.reply.bulk(`user ${u.name} ${u.describe()}`);
  },
  'acl|users': (c) => {
    const users = c.engine.acl.sortedUsers();
    c.reply.arrayLen(users.length);
    for (const u of users) c.reply.bulk(u.name);
  },
  'acl|whoami': (c) => c.reply.bulk(c.user.name),
  'acl|load': (c) => {
    const engine = c.engine;
    const file = engine.config.str('aclfile');
    if (file === '') return c.reply.error(NO_ACLFILE);
    const errors = loadAclFile(engine.acl, file, engine.aclFilePath());
    if (errors === null) c.reply.ok();
    else c.reply.error('ERR ' + errors);
  },
  'acl|save': (c) => {
    const engine = c.engine;
    const file = engine.config.str('aclfile');
    if (file === '') return c.reply.error(NO_ACLFILE);
    if (saveAclFile(engine.acl, engine.aclFilePath(), (msg) => engine.log('warning', msg))) c.reply.ok();
    else c.reply.error('ERR There was an error trying to save the ACLs. Please check the server logs for more information');
  },
  'acl|cat': (c, argv) => {
    if (argv.length > 3) return syntaxError(c, argv);
    if (argv.length === 2) return c.reply.bulkArray(CATEGORIES);
    const cat = categoryBit(argv[2]);
    if (cat === 0) return c.reply.error(`ERR Unknown category '${cString(argv[2]).slice(0, 128)}'`);
    c.reply.bulkArray(ACL_COMMANDS.filter((cmd) => (cmd.categories & cat) !== 0).map((cmd) => cmd.fullname));
  },
  'acl|genpass': (c, argv) => {
    if (argv.length > 3) return syntaxError(c, argv);
    let bits = 256;
    if (argv.length === 3) {
      const v = longArg(c, argv[2]);
      if (v === null) return;
      bits = v;
    }
    if (bits <= 0 || bits > GENPASS_MAX_BITS) {
      return c.reply.error(`ERR ACL GENPASS argument must be the number of bits for the output password, a positive number up to ${GENPASS_MAX_BITS}`);
    }
    const chars = Math.floor((bits + 3) / 4);
    c.reply.bulk(randomBytes(Math.ceil(chars / 2)).toString('hex').slice(0, chars));
  },
  'acl|log': (c, argv) => {
    if (argv.length > 3) return syntaxError(c, argv);
    const log = c.engine.acl.log;
    let count = 10;
    if (argv.length === 3) {
      if (argv[2].toLowerCase() === 'reset') {
        log.reset();
        return c.reply.ok();
      }
      const v = longArg(c, argv[2]);
      if (v === null) return;
      count = Math.max(v, 0);
    }
    const entries = log.entries.slice(0, count);
    const now = c.engine.clock.now();
    const r = c.reply;
    r.arrayLen(entries.length);
    for (const e of entries) {
      r.mapLen(7);
      r.bulk('count');
      r.int(e.count);
      r.bulk('reason');
      r.bulk(REASON_NAMES[e.reason] ?? 'unknown');
      r.bulk('context');
      r.bulk(CONTEXT_NAMES[e.context] ?? 'unknown');
      r.bulk('object');
      r.bulk(e.object);
      r.bulk('username');
      r.bulk(e.username);
      r.bulk('age-seconds');
      r.double((now - e.ctime) / 1000);
      r.bulk('client-info');
      r.bulk(e.clientInfo);
    }
  },
  'acl|dryrun': (c, argv) => {
    const u = c.engine.acl.users.get(argv[2]);
    if (u === undefined) return c.reply.error(`ERR User '${cString(argv[2])}' not found`);
    const args = argv.slice(3);
    const cmd = lookupAclCommandForArgv(args);
    if (cmd === undefined) return c.reply.error(`ERR Command '${cString(argv[3])}' not found`);
    const arity = cmd.raw.arity;
    if ((arity > 0 && arity !== args.length) || args.length < -arity) return c.reply.error(Errors.wrongArity(cmd.fullname));
    const denied = checkCommand(u, cmd, args);
    if (denied === null) return c.reply.ok();
    if (denied.result === AclResult.DeniedCmd) c.reply.bulk(`This user has no permissions to run the '${cmd.fullname}' command`);
    else if (denied.result === AclResult.DeniedKey) c.reply.bulk(`This user has no permissions to access the '${cString(args[denied.pos])}' key`);
    else c.reply.bulk(`This user has no permissions to access the '${cString(args[denied.pos])}' channel`);
  },
  'acl|help': (c, argv) => replyHelp(c, argv[0], HELP),
});
