/**
 * A client's name (CLIENT SETNAME, HELLO SETNAME). Logins are the ACL's (src/acl/acl.ts).
 */
import type { Client } from '../engine/client.js';

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
