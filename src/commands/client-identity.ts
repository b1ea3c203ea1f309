/**
 * Who a client is: the user it authenticated as (AUTH, HELLO AUTH) and its name (CLIENT SETNAME,
 * HELLO SETNAME). Until ACLs land, the only user is "default", whose password is `requirepass`
 * ("nopass" when it is empty, so any password is accepted, as in Redis).
 */
import { timingSafeEqual } from 'node:crypto';
import type { Client } from '../engine/client.js';

/** Checks credentials and, when they match, authenticates `c` as `user`. */
export function authenticate(c: Client, user: string, pass: string): boolean {
  if (user !== 'default') return false;
  const required = c.engine.config.str('requirepass');
  if (required !== '' && !sameBytes(required, pass)) return false;
  c.authenticated = true;
  c.user = user;
  return true;
}

/** Constant-time comparison, so a wrong password's timing does not reveal its prefix. */
function sameBytes(a: string, b: string): boolean {
  const x = Buffer.from(a, 'latin1');
  const y = Buffer.from(b, 'latin1');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Sets the client's name (empty removes it). Names are printable ASCII without spaces, so CLIENT
 * LIST stays splittable; otherwise replies with Redis's error and returns false.
 */
export function setClientName(c: Client, name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const ch = name.charCodeAt(i);
    if (ch < 0x21 || ch > 0x7e) {
      c.reply.error('ERR Client names cannot contain spaces, newlines or special characters.');
      return false;
    }
  }
  c.name = name;
  return true;
}
