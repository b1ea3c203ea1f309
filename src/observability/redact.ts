/**
 * Redaction of secrets (passwords in AUTH, HELLO, MIGRATE, CONFIG SET requirepass, ACL SETUSER
 * rules) from what SLOWLOG and MONITOR show. The positions Redis's own handlers redact are known
 * here from the arguments (secretPositions), so no handler has to remember; a handler with a
 * further secret can mark it with redactArgument while it runs.
 */
import type { Client } from '../engine/client.js';

const REDACTED = '(redacted)';

/** Marks argv[index] of the command `c` is running as secret. */
export function redactArgument(c: Client, index: number): void {
  if (c.redacted === null) c.redacted = [index];
  else if (!c.redacted.includes(index)) c.redacted.push(index);
}

/** argv with the marked positions replaced by "(redacted)". */
export function redactArgv(argv: readonly string[], positions: readonly number[]): string[] {
  const out = argv.slice();
  for (const i of positions) if (i < out.length) out[i] = REDACTED;
  return out;
}

/** Config parameters whose values are secrets (Redis's SENSITIVE_CONFIG). */
const SENSITIVE_CONFIGS = new Set(['masteruser', 'masterauth', 'requirepass']);

function isInt(s: string): boolean {
  return /^-?(0|[1-9][0-9]*)$/.test(s);
}

/**
 * The argument positions Redis redacts for this command, as its handlers do while parsing:
 * AUTH's password (and username), HELLO's AUTH pair, MIGRATE's AUTH/AUTH2 credentials,
 * ACL SETUSER's name and rules, CONFIG SET's sensitive values. Null when none.
 */
export function secretPositions(fullname: string, argv: readonly string[]): number[] | null {
  const argc = argv.length;
  switch (fullname) {
    case 'auth':
      if (argc > 3) return null; // a syntax error, answered before anything is redacted
      return argc === 3 ? [1, 2] : [1];
    case 'hello': {
      if (argc < 2 || !isInt(argv[1])) return null;
      const out: number[] = [];
      for (let j = 2; j < argc; j++) {
        const more = argc - 1 - j;
        const opt = argv[j].toLowerCase();
        if (opt === 'auth' && more >= 2) {
          out.push(j + 1, j + 2);
          j += 2;
        } else if (opt === 'setname' && more >= 1) j++;
        else break;
      }
      return out.length ? out : null;
    }
    case 'migrate': {
      const out: number[] = [];
      for (let j = 6; j < argc; j++) {
        const more = argc - 1 - j;
        const opt = argv[j].toLowerCase();
        if (opt === 'copy' || opt === 'replace') continue;
        if (opt === 'auth') {
          if (!more) break;
          out.push(++j);
        } else if (opt === 'auth2') {
          if (more < 2) break;
          out.push(j + 1, j + 2);
          j += 2;
        } else break;
      }
      return out.length ? out : null;
    }
    case 'acl|setuser': {
      const out: number[] = [];
      for (let j = 2; j < argc; j++) out.push(j);
      return out;
    }
    case 'config|set': {
      const out: number[] = [];
      for (let j = 2; j + 1 < argc; j += 2) if (SENSITIVE_CONFIGS.has(argv[j].toLowerCase())) out.push(j + 1);
      return out.length ? out : null;
    }
    default:
      return null;
  }
}
