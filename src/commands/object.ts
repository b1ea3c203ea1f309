/**
 * OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT | HELP.
 *
 * Sonic stores values its own way; OBJECT reports what Redis would: string encodings by Redis's
 * rules ("int" for canonical 64-bit integers up to 20 bytes, "embstr" up to 44 bytes, "raw"
 * beyond or once modified in place), collection encodings from each type's encoding(). REFCOUNT
 * is 2147483647 (Redis's OBJ_SHARED_REFCOUNT) for the integers 0..9999 that Redis shares, unless
 * maxmemory is set with an LRU/LFU policy, where Redis stops sharing them; else 1.
 */
import type { Client } from '../engine/client.js';
import type { Engine } from '../engine/engine.js';
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';
import { stringEncoding } from './debug.js';
import { lookupNoTouch } from './keyspace-common.js';
import type { Value } from '../types/value.js';

const HELP = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
] as const;

const OBJ_SHARED_REFCOUNT = 2147483647;
const OBJ_SHARED_INTEGERS = 10000;
/** Redis's LFU_INIT_VAL: the counter of a key that was just created. */
const LFU_INIT_VAL = 5;

/** maxmemory-policy as a name, whatever form the config registry keeps it in. */
function policyName(engine: Engine): string {
  const v = engine.config.get<unknown>('maxmemory-policy');
  if (typeof v === 'string') return v;
  const names = ['', 'volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'];
  return names[Number(v)] ?? 'noeviction';
}

function lfuPolicy(engine: Engine): boolean {
  return policyName(engine).endsWith('-lfu');
}

/** Whether Redis would store this value as one of its shared integer objects. */
function sharedInteger(engine: Engine, v: Value): boolean {
  if (typeof v !== 'string' || v.length > 4) return false;
  const policy = policyName(engine);
  const noShared = policy.endsWith('-lru') || policy.endsWith('-lfu');
  const maxmemory = engine.config.get<unknown>('maxmemory');
  if (noShared && maxmemory !== 0 && maxmemory !== 0n) return false;
  if (stringEncoding(v) !== 'int') return false;
  const n = Number(v);
  return n >= 0 && n < OBJ_SHARED_INTEGERS;
}

/** Looks the key up for OBJECT (no touch), replying null when it is missing. */
function lookupOrNull(c: Client, key: string): Value | undefined {
  const v = lookupNoTouch(c, key, false);
  if (v === undefined) c.reply.nullBulk();
  return v;
}

export const objectCommands = defineCommands({
  'object|help': (c, argv) => replyHelp(c, argv[0], HELP),
  'object|encoding': (c, argv) => {
    const v = lookupOrNull(c, argv[2]);
    // stringEncoding covers every type: Redis's rules for strings, encoding() for collections.
    if (v !== undefined) c.reply.bulk(stringEncoding(v));
  },
  'object|refcount': (c, argv) => {
    const v = lookupOrNull(c, argv[2]);
    if (v !== undefined) c.reply.int(sharedInteger(c.engine, v) ? OBJ_SHARED_REFCOUNT : 1);
  },
  'object|idletime': (c, argv) => {
    const v = lookupOrNull(c, argv[2]);
    if (v === undefined) return;
    if (lfuPolicy(c.engine)) {
      return c.reply.error(
        'ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
      );
    }
    c.reply.int(c.db.idleSeconds(argv[2]));
  },
  'object|freq': (c, argv) => {
    const v = lookupOrNull(c, argv[2]);
    if (v === undefined) return;
    if (!lfuPolicy(c.engine)) {
      return c.reply.error(
        'ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.',
      );
    }
    // Sonic keeps no per-key LFU counter yet: report a new key's counter, decayed by one per
    // lfu-decay-time minutes of idleness as Redis's LFUDecrAndReturn does.
    const decay = c.engine.config.num('lfu-decay-time');
    const idleMin = Math.floor(c.db.idleSeconds(argv[2]) / 60);
    const periods = decay > 0 ? Math.floor(idleMin / decay) : 0;
    c.reply.int(Math.max(0, LFU_INIT_VAL - periods));
  },
});
