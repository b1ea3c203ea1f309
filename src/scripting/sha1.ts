/** SHA1 of a byte string as 40 lowercase hex digits (Redis's sha1hex: script ids, redis.sha1hex). */
import { createHash } from 'node:crypto';

export function sha1hex(bytes: string): string {
  return createHash('sha1').update(bytes, 'latin1').digest('hex');
}
