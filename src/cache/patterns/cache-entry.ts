/**
 * One cache entry's key names and the parsed reply of the READ script.
 */
import { randomBytes } from 'node:crypto';
import type { Reply } from '../client/adapter.js';
import type { KeyBuilder } from '../keys.js';
import type { TagSnapshot } from './tags.js';

export interface EntryKeys {
  /** `<ns>[:v<version>]@<generation>:<user key>`: the hash tag every key of the entry shares. */
  readonly group: string;
  readonly value: string;
  readonly lease: string;
  readonly channel: string;
}

export function entryKeys(keys: KeyBuilder, space: string, gen: string, key: string): EntryKeys {
  return groupKeys(keys, `${space}@${gen}:${key}`);
}

/**
 * The keys of the entry whose group is `group`. The lease's name starts differently from the
 * value's (same hash tag, so the same slot), so L1's tracking can cover values only
 * (valuesPrefix): taking and dropping leases sends no invalidations.
 */
export function groupKeys(keys: KeyBuilder, group: string): EntryKeys {
  return { group, value: keys.key(group, 'v'), lease: keys.areaKey('lease', group), channel: keys.channel(`fill:${group}`) };
}

/** What every value key of namespace `space` starts with. */
export function valuesPrefix(keys: KeyBuilder, space: string): string {
  return keys.groupsStarting(`${space}@`);
}

/** What is stored beside a value. */
export interface EntryMeta {
  /** How long the loader took (ms), for XFetch. */
  d?: number;
  /** The TTL it was stored with (ms), for ratio refresh. */
  l?: number;
  /** Tag versions seen before the loader ran. */
  t?: TagSnapshot;
}

export interface ReadReply {
  readonly status: 'H' | 'L' | 'W' | 'M';
  /** The value's payload (fresh on H, the grace copy otherwise), or null. */
  readonly payload: string | null;
  /** Its logical expiry (ms), or null. */
  readonly expiry: number | null;
  readonly meta: EntryMeta | null;
  /** L: the lease's length; W: how long the holder's lease still runs. */
  readonly ms: number;
  /** L: the owner token the lease was taken with (set by the caller, not in the reply). */
  readonly leaseToken?: string;
}

export function parseRead(r: Reply): ReadReply {
  const a = r as (string | number | null)[];
  const meta = typeof a[3] === 'string' && a[3] !== '' ? (JSON.parse(a[3]) as EntryMeta) : null;
  return {
    status: a[0] as ReadReply['status'],
    payload: typeof a[1] === 'string' ? a[1] : null,
    expiry: a[2] === null ? null : Number(a[2]),
    meta,
    ms: Number(a[4]),
  };
}

/** Meta as stored ('' when there is nothing to store). */
export function formatMeta(m: EntryMeta): string {
  return m.d === undefined && m.l === undefined && m.t === undefined ? '' : JSON.stringify(m);
}

/**
 * A fresh lease owner token: unguessable outside this process (96 random bits drawn once), unique
 * within it (a counter), so no other caller can fill or extend our lease. Drawing random bytes
 * per miss showed up in profiles.
 */
const tokenBase = randomBytes(12).toString('base64url');
let tokenCount = 0;
export function leaseToken(): string {
  return `${tokenBase}.${(++tokenCount).toString(36)}`;
}
