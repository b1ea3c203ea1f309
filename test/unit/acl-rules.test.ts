/**
 * The ACL rule parser and checker (src/acl/): rules applied to users and selectors, errors,
 * the canonical description (ACL LIST) and its round trip, permission checks on commands, keys
 * and channels, selector merging, config `user` directives and the aclfile loader. Fuzzed: any
 * rule list either fails cleanly or describes to rules that rebuild the same permissions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { User, UserFlag, hashPassword, mergeSelectorArgs, stageRules } from '../../src/acl/user.js';
import { RuleError, Selector, SelFlag } from '../../src/acl/selector.js';
import { ACL_COMMANDS, lookupAclCommand, lookupAclCommandForArgv } from '../../src/acl/catalog.js';
import { AclResult, checkCommand, checkChannel, checkKey } from '../../src/acl/check.js';
import { queueConfigUser } from '../../src/acl/config-users.js';
import { loadAclFile, saveAclFile } from '../../src/acl/acl-file.js';
import { Engine } from '../../src/engine/engine.js';
import { Config } from '../../src/config/registry.js';
import { prng } from '../helpers/prng.js';

function user(...rules: string[]): User {
  const u = stageRules('u', undefined, rules, 0);
  if (typeof u === 'string') throw new Error(u);
  return u;
}

function denial(u: User, ...argv: string[]): AclResult {
  return checkCommand(u, lookupAclCommandForArgv(argv)!, argv)?.result ?? AclResult.Ok;
}

test('a new user is off, without passwords or permissions; default-like users allow all', () => {
  const u = new User('x', 0);
  assert.equal(u.describe(), 'off resetchannels -@all');
  assert.equal(u.allowAll, false);
  const d = user('on', 'nopass', '~*', '&*', '+@all');
  assert.equal(d.describe(), 'on nopass ~* &* +@all');
  assert.equal(d.allowAll, true);
  // Clearing one command bit drops the shortcut even if it is set again.
  assert.equal(user('~*', '&*', '+@all', '-get', '+get').allowAll, false);
});

test('passwords are SHA-256 digests; nopass and resetpass', () => {
  const u = user('on', '>secret', '>secret', '#' + hashPassword('other'));
  assert.deepEqual(u.passwords, [hashPassword('secret'), hashPassword('other')]);
  assert.ok(u.checkPassword('secret') && u.checkPassword('other') && !u.checkPassword('nope'));
  u.setUser('off', 0);
  assert.ok(!u.checkPassword('secret'), 'disabled users cannot log in');
  u.setUser('on', 0);
  u.setUser('nopass', 0);
  assert.ok(u.checkPassword('anything') && u.passwords.length === 0);
  u.setUser('resetpass', 0);
  assert.ok(!u.checkPassword('anything'));
  assert.equal(u.setUser('<missing', 0), RuleError.NoSuchPassword);
  assert.equal(u.setUser('#abc', 0), RuleError.BadHash);
  assert.equal(u.setUser('#' + 'A'.repeat(64), 0), RuleError.BadHash);
  // Binary passwords are hashed byte for byte.
  u.setUser('>\x00\xff', 0);
  assert.ok(u.checkPassword('\x00\xff') && !u.checkPassword('\x00'));
});

test('rule errors and their texts; nothing applies unless all rules are valid', () => {
  const cases: [string, string][] = [
    ['bogus', 'Syntax error'],
    ['+nosuch', 'Unknown command or category name in ACL'],
    ['-@nosuch', 'Unknown command or category name in ACL'],
    ['+config|get|x', 'Allowing first-arg of a subcommand is not supported'],
    ['+config|nosuch', 'Unknown command or category name in ACL'],
    ['-select|0', 'Unknown command or category name in ACL'],
    ['+debug|', 'Syntax error'],
    ['~a b', 'Syntax error'],
    ['%Q~x', 'Syntax error'],
    ['%RR~x', 'Syntax error'],
  ];
  for (const [rule, msg] of cases) assert.equal(stageRules('u', undefined, [rule], 0), `Error in ACL SETUSER modifier '${rule}': ${msg}`);
  assert.match(stageRules('u', undefined, ['~*', '~x'], 0) as string, /Try 'resetkeys'/);
  assert.match(stageRules('u', undefined, ['&*', '&x'], 0) as string, /Try 'resetchannels'/);
  assert.equal(stageRules('u', undefined, ['(~x', '+get'], 0), "Unmatched parenthesis in acl selector starting at '(~x'.");
  const base = user('on', '+get');
  assert.equal(typeof stageRules('u', base, ['+set', 'bogus'], 0), 'string');
  assert.equal(base.describe(), 'on resetchannels -@all +get');
});

test('selectors: merged across arguments, each checked on its own', () => {
  assert.deepEqual(mergeSelectorArgs(['on', '(+get', '~a*)', '(+set ~b*)', 'x']), ['on', '(+get ~a*)', '(+set ~b*)', 'x']);
  assert.equal(mergeSelectorArgs(['(+get', '~a*']), 0);
  const u = user('on', '(+get ~a*)', '(+set ~b*)');
  assert.equal(u.describe(), 'on resetchannels -@all (~a* resetchannels -@all +get) (~b* resetchannels -@all +set)');
  assert.equal(denial(u, 'get', 'a1'), AclResult.Ok);
  assert.equal(denial(u, 'set', 'b1', 'v'), AclResult.Ok);
  assert.equal(denial(u, 'get', 'b1'), AclResult.DeniedKey);
  assert.equal(denial(u, 'del', 'a1'), AclResult.DeniedCmd);
  u.setUser('clearselectors', 0);
  assert.equal(u.selectors.length, 1);
  assert.equal(stageRules('u', undefined, ['(on)'], 0), "Error in ACL SETUSER modifier '(on)': Syntax error");
});

test('key permissions follow the key specs: read for access, write for insert/delete/update', () => {
  const u = user('on', '+@all', '%R~r*', '%W~w*', '~b*', '%R~x', '%W~x');
  assert.equal(u.root.describeKeys(), '%R~r* %W~w* ~b* ~x');
  assert.equal(denial(u, 'get', 'r1'), AclResult.Ok);
  assert.equal(denial(u, 'get', 'w1'), AclResult.DeniedKey);
  assert.equal(denial(u, 'set', 'w1', 'v'), AclResult.Ok);
  assert.equal(denial(u, 'set', 'w1', 'v', 'GET'), AclResult.DeniedKey);
  assert.equal(denial(u, 'set', 'b1', 'v', 'GET'), AclResult.Ok);
  assert.equal(denial(u, 'copy', 'r1', 'w1'), AclResult.Ok);
  assert.equal(denial(u, 'copy', 'w1', 'r1'), AclResult.DeniedKey);
  assert.equal(denial(u, 'lmove', 'r1', 'w1', 'left', 'left'), AclResult.DeniedKey);
  assert.equal(denial(u, 'eval', '', '2', 'b1', 'zz'), AclResult.DeniedKey);
  assert.ok(checkKey(u, 'r9', ['RO', 'access']) && !checkKey(u, 'r9', ['RW', 'update']));
  // The denial names the last key no selector allowed.
  assert.deepEqual(checkCommand(u, lookupAclCommand('mset')!, ['mset', 'z1', 'v', 'b1', 'v', 'z2', 'v']), { result: AclResult.DeniedKey, pos: 1 });
});

test('channels: names match as globs, PSUBSCRIBE patterns only literally; unsubscribing is free', () => {
  const u = user('on', '+@all', '~*', 'resetchannels', '&news.*', '&lit');
  assert.equal(denial(u, 'publish', 'news.a', 'm'), AclResult.Ok);
  assert.equal(denial(u, 'publish', 'sport', 'm'), AclResult.DeniedChannel);
  assert.equal(denial(u, 'subscribe', 'lit', 'news.x'), AclResult.Ok);
  assert.equal(denial(u, 'psubscribe', 'news.*'), AclResult.Ok);
  assert.equal(denial(u, 'psubscribe', 'news.a'), AclResult.DeniedChannel);
  assert.equal(denial(u, 'unsubscribe', 'nope'), AclResult.Ok);
  assert.ok(checkChannel(u, 'news.b', false) && !checkChannel(u, 'news.b', true));
  // acl-pubsub-default allchannels gives new users (and reset) every channel.
  const all = stageRules('v', undefined, ['reset'], SelFlag.AllChannels) as User;
  assert.equal(all.root.describeChannels(), '&*');
});

test('first-argument rules and subcommands', () => {
  const u = user('on', '-@all', '+select|0', '+SELECT|0', '+debug|object', '+client|id');
  assert.equal(u.root.describeCommands(), '-@all +client|id +debug|object +select|0');
  assert.equal(denial(u, 'select', '0'), AclResult.Ok);
  assert.equal(denial(u, 'select', '1'), AclResult.DeniedCmd);
  assert.equal(denial(u, 'DEBUG', 'OBJECT', 'k'), AclResult.Ok);
  assert.equal(denial(u, 'client', 'id'), AclResult.Ok);
  assert.equal(denial(u, 'client', 'kill', 'x'), AclResult.DeniedCmd);
  // AUTH and HELLO are never denied.
  assert.equal(denial(u, 'auth', 'x'), AclResult.Ok);
  u.setUser('+select', 0);
  assert.equal(u.root.describeCommands(), '-@all +client|id +debug|object +select');
  u.setUser('-client', 0);
  assert.equal(denial(u, 'client', 'id'), AclResult.DeniedCmd);
});

test('command rules are described with Redis greedy categories and rebuild the same bitmap', () => {
  assert.equal(user('+@all', '-@string').root.describeCommands(), '+@all -@string');
  assert.equal(user('-@all', '+@hash').root.describeCommands(), '-@all +@hash');
  assert.equal(user('+@all', '-client|kill').root.describeCommands(), '+@all -client|kill');
  assert.equal(user('-@all', '+memory|doctor', '+memory').root.describeCommands(), '-@all +memory');
  // Every category on its own, both ways, comes back as itself.
  const cats = ['keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog', 'geo', 'stream', 'pubsub', 'admin'];
  for (const c of [...cats, 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting']) {
    assert.equal(user('+@all', `-@${c}`).root.describeCommands(), `+@all -@${c}`);
    assert.equal(user('-@all', `+@${c}`).root.describeCommands(), `-@all +@${c}`);
  }
});

test('fuzz: random rule lists either fail or describe to rules that rebuild the same user', () => {
  const rng = prng(0xac1);
  const names = ACL_COMMANDS.map((c) => c.fullname);
  const cats = ['read', 'write', 'string', 'admin', 'fast', 'slow', 'dangerous', 'scripting', 'all', 'nope'];
  const atoms = ['on', 'off', 'nopass', 'resetpass', 'reset', 'allkeys', 'resetkeys', 'allchannels', 'resetchannels', 'allcommands', 'nocommands', 'clearselectors', '~a*', '%R~r', '%W~w', '&c*', '>pw', 'x y'];
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rng() * a.length)];
  for (let n = 0; n < 300; n++) {
    const rules: string[] = [];
    for (let i = Math.floor(rng() * 8); i > 0; i--) {
      const r = rng();
      if (r < 0.3) rules.push((rng() < 0.5 ? '+' : '-') + pick(names));
      else if (r < 0.5) rules.push((rng() < 0.5 ? '+@' : '-@') + pick(cats));
      else if (r < 0.55) rules.push(`(+${pick(names)} ~k*)`);
      else if (r < 0.6) rules.push('+select|' + Math.floor(rng() * 3));
      else rules.push(pick(atoms));
    }
    const u = stageRules('u', undefined, rules, 0);
    if (typeof u === 'string') {
      assert.match(u, /^(Error in ACL SETUSER modifier|Unmatched parenthesis)/);
      continue;
    }
    const again = stageRules('u', undefined, [...mergeSelectorArgs(u.describe().split(' ').filter((w) => w !== '')) as string[]], 0);
    assert.ok(typeof again !== 'string', `${JSON.stringify(rules)} -> ${u.describe()}: ${again}`);
    assert.equal(again.describe(), u.describe(), JSON.stringify(rules));
    for (let i = 0; i < u.selectors.length; i++) assert.deepEqual(again.selectors[i].bits, u.selectors[i].bits, JSON.stringify(rules));
  }
});

test('config user directives: duplicates and bad rules are refused, unknown commands wait', () => {
  const pending: string[][] = [];
  assert.equal(queueConfigUser(['alice', 'on', '>pw', '+nosuch'], pending), null);
  assert.equal(queueConfigUser(['alice', 'off'], pending), "Error in user declaration 'alice': Duplicate user found. A user can only be defined once in config files");
  assert.equal(queueConfigUser(['bob', 'on', 'bogus'], pending), "Error in user declaration 'bob': Syntax error");
  assert.equal(queueConfigUser(['carol', '(+get', '~x*)'], pending), null);
  assert.deepEqual(pending, [['alice', 'on', '>pw', '+nosuch'], ['carol', '(+get ~x*)']]);
  // The users are created at start-up; an unknown command then stops the server.
  const config = new Config();
  config.users.push(['dave', 'on', 'nopass', '+get']);
  config.users.push(['default', 'on', '>pw', '+@all', '~*']);
  const engine = new Engine({ config });
  try {
    assert.equal(engine.acl.users.get('dave')!.describe(), 'on nopass resetchannels -@all +get');
    assert.equal(engine.acl.defaultUser.describe(), `on sanitize-payload #${hashPassword('pw')} ~* resetchannels +@all`);
    assert.ok(engine.authRequired());
  } finally {
    engine.close();
  }
  const bad = new Config();
  bad.users.push(['x', 'on', '+nosuch']);
  assert.throws(() => new Engine({ config: bad }), /ACL users could not be loaded/);
});

test('aclfile: load is all or nothing, save writes every user', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonic-acl-'));
  const file = join(dir, 'users.acl');
  const engine = new Engine();
  try {
    const acl = engine.acl;
    writeFileSync(file, 'user alice on >a ~* &* +@all\n\nuser bob on -@all +@set +acl ~set* >bob\n');
    assert.equal(loadAclFile(acl, file), null);
    assert.deepEqual([...acl.users.keys()].sort(), ['alice', 'bob', 'default']);
    assert.equal(acl.users.get('bob')!.describe(), `on #${hashPassword('bob')} ~set* resetchannels -@all +@set +acl`);
    writeFileSync(file, 'user carol on\nuser alice off\nuser alice on\nnotuser x\nuser dave +nosuch bogus (+get\n');
    const err = loadAclFile(acl, file)!;
    assert.equal(
      err,
      `WARNING: Duplicate user 'alice' found on line 3. ${file}:4 should start with user keyword followed by the username. ${file}:5: Unmatched parenthesis in selector definition.WARNING: ACL errors detected, no change to the previously active ACL rules was performed`,
    );
    assert.ok(acl.users.has('bob') && !acl.users.has('carol'));
    writeFileSync(file, 'user dave +nosuch bogus ~a b\n');
    assert.match(loadAclFile(acl, file)!, /:1: Error in applying operation '\+nosuch': Unknown command or category name in ACL\. .*:1: Syntax error\. WARNING/);
    assert.match(loadAclFile(acl, join(dir, 'missing.acl'))!, /^Error loading ACLs, opening file '.*missing.acl': No such file or directory$/);
    acl.setUser('eve', ['on', '+get', 'allkeys', '>eve']);
    assert.ok(saveAclFile(acl, file, () => {}));
    assert.equal(
      readFileSync(file, 'latin1'),
      [`user alice on #${hashPassword('a')} ~* &* +@all`, `user bob on #${hashPassword('bob')} ~set* resetchannels -@all +@set +acl`, 'user default on nopass ~* &* +@all', `user eve on #${hashPassword('eve')} ~* resetchannels -@all +get`, ''].join('\n'),
    );
    assert.equal(acl.defaultUser.flags & UserFlag.NoPass, UserFlag.NoPass);
  } finally {
    engine.close();
  }
});
