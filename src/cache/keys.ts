/**
 * Key names (docs/cache/DESIGN.md, section 3): `<prefix>:{<group>}:<part>`, or
 * `<prefix>:<area>:{<group>}` for a key of the group that a prefix match on the group's own keys
 * must leave out (cache leases, which L1 tracking must not hear of). Everything one atomic
 * script touches shares one `{group}`, so a cluster puts it in one slot. The group always holds the
 * user's key (or subject, or resource), so distinct ones spread over slots. A `}` in a user key is
 * harmless: the cluster hashes the first `{...}`, which starts with ours, and every key of a group
 * ends the tag at the same place.
 */
import { ToolkitOptionError } from './errors.js';

export class KeyBuilder {
  constructor(readonly prefix: string) {
    if (prefix.length === 0 || /[{}]/.test(prefix)) {
      throw new ToolkitOptionError(`prefix must be non-empty and without braces, got ${JSON.stringify(prefix)}`);
    }
  }

  /** `<prefix>:{<group>}` or `<prefix>:{<group>}:<part>`. */
  key(group: string, part?: string): string {
    return part === undefined ? `${this.prefix}:{${group}}` : `${this.prefix}:{${group}}:${part}`;
  }

  /** `<prefix>:<area>:{<group>}`: in the group's slot, but outside groupsStarting()'s prefix. */
  areaKey(area: string, group: string): string {
    return `${this.prefix}:${area}:{${group}}`;
  }

  /** What the keys of every group whose name starts with `start` begin with (SCAN, tracking). */
  groupsStarting(start: string): string {
    return `${this.prefix}:{${start}`;
  }

  /** A channel name under the prefix (pub/sub channels are not hashed to slots). */
  channel(name: string): string {
    return `${this.prefix}:${name}`;
  }
}

/** `s` with glob metacharacters escaped, for SCAN MATCH on a literal part. */
export function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, (c) => `\\${c}`);
}
