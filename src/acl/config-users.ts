/**
 * The `user` directive of redis.conf, checked while the configuration is read (the users are
 * created at start-up, see acl-file.ts).
 */
import { RULE_ERRORS, RuleError } from './selector.js';
import { cString, mergeSelectorArgs, User } from './user.js';

/**
 * Checks a `user <name> <rules...>` directive (Redis's ACLAppendUserForLoading): `args` starts
 * with the name, `pending` holds the directives accepted so far. Unknown commands are accepted
 * here (reported when the users are created). Returns the configuration error, or null after
 * queueing the directive.
 */
export function queueConfigUser(args: readonly string[], pending: string[][]): string | null {
  const argv = ['user', ...args];
  const fail = (at: number, err: RuleError) => `Error in user declaration '${cString(argv[at])}': ${RULE_ERRORS[err]}`;
  if (pending.some((p) => p[0] === args[0])) return fail(1, RuleError.Duplicate);
  const merged = mergeSelectorArgs(args.slice(1));
  // Redis reports the argument by its index among the rules, yet prints argv at that index.
  if (typeof merged === 'number') return fail(merged, RuleError.Syntax);
  const fake = new User('__fakeuser__', 0);
  for (let j = 0; j < merged.length; j++) {
    const err = fake.setUser(merged[j], 0);
    if (err !== 0 && err !== RuleError.UnknownCommand) return fail(j, err);
  }
  pending.push([args[0], ...merged]);
  return null;
}
