/**
 * Users from files: the `user` directives of redis.conf (checked while the configuration is read,
 * created at start-up), the aclfile (ACL LOAD, ACL SAVE, and at start-up), and the `user` lines
 * CONFIG REWRITE writes. Messages are Redis 7.0.15's.
 */
import { openSync, readFileSync, renameSync, unlinkSync, writeSync, closeSync } from 'node:fs';
import { strerror } from '../config/file.js';
import type { Acl } from './acl.js';
import { RULE_ERRORS, RuleError } from './selector.js';
import { cString, hasSpaces, mergeSelectorArgs, User, UserFlag } from './user.js';

/** Logs what Redis logs and returns false when a configured user cannot be created. */
function loadConfiguredUsers(acl: Acl, pending: readonly string[][], log: (level: 'warning' | 'notice', msg: string) => void): boolean {
  for (const [name, ...rules] of pending) {
    if (hasSpaces(name)) {
      log('warning', 'Spaces not allowed in ACL usernames');
      return false;
    }
    let u = acl.users.get(name);
    if (u === undefined) {
      u = new User(name, acl.pubsubDefault());
      acl.users.set(name, u);
    } else {
      u.setUser('reset', acl.pubsubDefault());
    }
    for (const op of rules) {
      const err = u.setUser(op, acl.pubsubDefault());
      if (err !== 0) {
        log('warning', `Error loading ACL rule '${cString(op)}' for the user named '${cString(name)}': ${RULE_ERRORS[err]}`);
        return false;
      }
    }
    if ((u.flags & UserFlag.Disabled) !== 0) {
      log('notice', `The user '${cString(name)}' is disabled (there is no 'on' modifier in the user description). Make sure this is not a configuration error.`);
    }
  }
  return true;
}

/**
 * Start-up (Redis's ACLLoadUsersAtStartup): the configured users, then the aclfile. Returns
 * false, after logging why, when the server must not start.
 */
export function loadUsersAtStartup(acl: Acl, pending: readonly string[][], aclfile: string, path: string, log: (level: 'warning' | 'notice', msg: string) => void): boolean {
  if (aclfile !== '' && pending.length !== 0) {
    log(
      'warning',
      'Configuring Redis with users defined in redis.conf and at the same setting an ACL file path is invalid. This setup is very likely to lead to configuration errors and security holes, please define either an ACL file or declare users directly in your redis.conf, but not both.',
    );
    return false;
  }
  if (!loadConfiguredUsers(acl, pending, log)) {
    log('warning', 'Critical error while loading ACLs. Exiting.');
    return false;
  }
  if (aclfile !== '') {
    const errors = loadAclFile(acl, aclfile, path);
    if (errors !== null) {
      log('warning', `Aborting Redis startup because of ACL errors: ${errors}`);
      return false;
    }
  }
  return true;
}

/** sdstrim with a set of characters. */
function trimChars(s: string, chars: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && chars.includes(s[a])) a++;
  while (b > a && chars.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

/**
 * ACL LOAD (Redis's ACLLoadFromFile): every line must be `user <name> <rules...>`, rules split
 * on single spaces. All or nothing: on any error the current users stay and the errors are
 * returned as one line; otherwise the users are replaced. `filename` is the configured name the
 * messages show, `path` where it is.
 */
export function loadAclFile(acl: Acl, filename: string, path = filename): string | null {
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (e) {
    return `Error loading ACLs, opening file '${filename}': ${strerror(e)}`;
  }
  const pubsub = acl.pubsubDefault();
  const users = new Map<string, User>();
  let errors = '';
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = trimChars(lines[i], ' \t\r\n');
    const linenum = i + 1;
    if (line === '') continue;
    const argv = line.split(' ');
    if (argv[0] !== 'user' || argv.length < 2) {
      errors += `${filename}:${linenum} should start with user keyword followed by the username. `;
      continue;
    }
    if (hasSpaces(argv[1])) {
      errors += `'${filename}:${linenum}: username '${cString(argv[1])}' contains invalid characters. `;
      continue;
    }
    if (users.has(argv[1])) {
      errors += `WARNING: Duplicate user '${cString(argv[1])}' found on line ${linenum}. `;
      continue;
    }
    const u = new User(argv[1], pubsub);
    users.set(argv[1], u);
    let merged = mergeSelectorArgs(argv.slice(2));
    if (typeof merged === 'number') {
      errors += `${filename}:${linenum}: Unmatched parenthesis in selector definition.`;
      merged = [];
    }
    let syntaxError = false;
    for (const raw of merged) {
      const op = trimChars(raw, '\t\r\n');
      const err = u.setUser(op, pubsub);
      if (err === 0) continue;
      if (err === RuleError.UnknownCommand) {
        errors += `${filename}:${linenum}: Error in applying operation '${cString(op)}': ${RULE_ERRORS[err]}. `;
      } else if (!syntaxError) {
        errors += `${filename}:${linenum}: ${RULE_ERRORS[err]}. `;
        syntaxError = true;
      }
    }
  }
  if (errors !== '') return errors + 'WARNING: ACL errors detected, no change to the previously active ACL rules was performed';
  acl.replaceUsers(users);
  return null;
}

/** The users as config lines ("user <name> <rules>"), in name order. */
export function userLines(acl: Acl): string[] {
  return acl.sortedUsers().map((u) => `user ${u.name} ${u.describe()}`);
}

/** ACL SAVE (Redis's ACLSaveToFile): a temporary file renamed over the aclfile. */
export function saveAclFile(acl: Acl, filename: string, log: (msg: string) => void): boolean {
  let content = '';
  for (const line of userLines(acl)) content += line + '\n';
  const tmp = `${filename}.tmp-${process.pid}-${Date.now()}`;
  let fd = -1;
  let step = 'Opening temp ACL file for ACL SAVE';
  try {
    fd = openSync(tmp, 'w', 0o644);
    step = 'Writing ACL file for ACL SAVE';
    writeSync(fd, Buffer.from(content, 'latin1'));
    closeSync(fd);
    fd = -1;
    step = 'Renaming ACL file for ACL SAVE';
    renameSync(tmp, filename);
    return true;
  } catch (e) {
    log(`${step}: ${strerror(e)}`);
    if (fd !== -1) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // already gone
    }
    return false;
  }
}
