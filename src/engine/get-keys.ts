/**
 * Finding the key arguments of a command from its key specs (Redis 7's begin_search/find_keys),
 * with the per-command fallbacks Redis uses where the specs cannot tell (SORT's STORE, MIGRATE's
 * KEYS, SET's GET flag ...). Behind COMMAND GETKEYS/GETKEYSANDFLAGS; ACL and cluster checks can
 * share it.
 */
import type { Command } from './command-table.js';
import type { KeySpecRaw } from '../commands/table/raw.js';

/** What key extraction needs of a command: its facts and name (a runtime Command or an ACL one). */
export type KeyedCommand = Pick<Command, 'raw' | 'fullname'>;

/** One key found: its position in argv and the access flags of the spec that found it. */
export interface KeyRef {
  pos: number;
  flags: readonly string[];
}

const RO_ACCESS = ['RO', 'access'];
const OW_UPDATE = ['OW', 'update'];
const RW_ACCESS_UPDATE = ['RW', 'access', 'update'];
const RW_ACCESS_DELETE = ['RW', 'access', 'delete'];
const NONE: readonly string[] = [];

/** Strict integer parse as Redis's string2ll; undefined when not a canonical integer. */
function parseLL(s: string): number | undefined {
  if (!/^-?(0|[1-9][0-9]*)$/.test(s) || s.length > 20) return undefined;
  const v = Number(s);
  return Number.isSafeInteger(v) ? v : undefined;
}

/** C's atoi: leading whitespace, optional sign, digits; 0 when none. */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?[0-9]+)/.exec(s);
  return m ? parseInt(m[1], 10) : 0;
}

/** Keys via the specs; undefined when a spec cannot be applied (unknown, incomplete, bad numkeys). */
function keysFromSpecs(cmd: KeyedCommand, argv: readonly string[]): KeyRef[] | undefined {
  const argc = argv.length;
  const out: KeyRef[] = [];
  for (const spec of cmd.raw.keySpecs) {
    if (spec.flags.includes('not_key')) continue;
    let first = 0;
    const bs = spec.begin_search;
    if (bs.type === 'index') {
      first = bs.spec.index!;
    } else if (bs.type === 'keyword') {
      const startfrom = bs.spec.startfrom!;
      const kw = bs.spec.keyword!.toLowerCase();
      const start = startfrom > 0 ? startfrom : argc + startfrom;
      const end = startfrom > 0 ? argc - 1 : 1;
      for (let i = start; i !== end; i = start <= end ? i + 1 : i - 1) {
        if (i >= argc || i < 1) break;
        if (argv[i].toLowerCase() === kw) {
          first = i + 1;
          break;
        }
      }
      if (first === 0) continue; // keyword absent: this spec finds no key
    } else {
      return undefined;
    }
    let last: number;
    let step: number;
    const fk = spec.find_keys;
    if (fk.type === 'range') {
      step = fk.spec.keystep!;
      const lastkey = fk.spec.lastkey!;
      const limit = fk.spec.limit!;
      if (lastkey >= 0) last = first + lastkey;
      else if (!limit) last = argc + lastkey;
      else last = first + (Math.floor((argc - first) / limit) + lastkey);
    } else if (fk.type === 'keynum') {
      step = fk.spec.keystep!;
      const idx = fk.spec.keynumidx!;
      if (idx >= argc) return undefined;
      const numkeys = first + idx < argc ? parseLL(argv[first + idx]) : undefined;
      if (numkeys === undefined || numkeys < 0) return undefined;
      first += fk.spec.firstkey!;
      last = first + numkeys - 1;
    } else {
      return undefined;
    }
    if (last >= argc || last < first || first >= argc) return undefined;
    for (let i = first; i <= last; i += step) {
      if (i >= argc || i < first) continue;
      out.push({ pos: i, flags: spec.flags });
    }
    if (spec.flags.includes('incomplete')) return undefined;
  }
  return out;
}

/** COMMAND [destkey] numkeys key ... : Redis's genericGetKeys. */
function numkeysKeys(store: number, countAt: number, firstAt: number, argv: readonly string[]): KeyRef[] {
  const num = countAt < argv.length ? atoi(argv[countAt]) : 0;
  if (num < 1 || num > argv.length - firstAt) return [];
  const out: KeyRef[] = [];
  for (let i = 0; i < num; i++) out.push({ pos: firstAt + i, flags: NONE });
  if (store) out.push({ pos: store, flags: NONE });
  return out;
}

type GetKeysProc = (argv: readonly string[]) => KeyRef[];

function sortKeys(argv: readonly string[]): KeyRef[] {
  const out: KeyRef[] = [{ pos: 1, flags: RO_ACCESS }];
  let store: KeyRef | undefined;
  const skip: Record<string, number> = { limit: 2, get: 1, by: 1 };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a in skip) i += skip[a];
    else if (a === 'store' && i + 1 < argv.length) store = { pos: i + 1, flags: OW_UPDATE };
  }
  if (store) out.push(store);
  return out;
}

function migrateKeys(argv: readonly string[]): KeyRef[] {
  let first = 3;
  let num = 1;
  const skip: Record<string, number> = { copy: 0, replace: 0, auth: 1, auth2: 2 };
  if (argv.length > 6) {
    for (let i = 6; i < argv.length; i++) {
      const a = argv[i].toLowerCase();
      if (a === 'keys') {
        if (argv[3].length > 0) num = 0;
        else {
          first = i + 1;
          num = argv.length - first;
        }
        break;
      }
      if (a in skip) i += skip[a];
    }
  }
  const out: KeyRef[] = [];
  for (let i = 0; i < num; i++) out.push({ pos: first + i, flags: RW_ACCESS_DELETE });
  return out;
}

function georadiusKeys(argv: readonly string[]): KeyRef[] {
  let stored = -1;
  for (let i = 5; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if ((a === 'store' || a === 'storedist') && i + 1 < argv.length) {
      stored = i + 1;
      i++;
    }
  }
  const out: KeyRef[] = [{ pos: 1, flags: NONE }];
  if (stored !== -1) out.push({ pos: stored, flags: NONE });
  return out;
}

function xreadKeys(argv: readonly string[]): KeyRef[] {
  let streams = -1;
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i].toLowerCase();
    if (a === 'block' || a === 'count') i++;
    else if (a === 'group') i += 2;
    else if (a === 'noack') continue;
    else {
      if (a === 'streams') streams = i;
      break;
    }
  }
  const num = streams === -1 ? 0 : argv.length - streams - 1;
  if (streams === -1 || num === 0 || num % 2 !== 0) return [];
  const out: KeyRef[] = [];
  for (let i = streams + 1; i < argv.length - num / 2; i++) out.push({ pos: i, flags: NONE });
  return out;
}

function setKeys(argv: readonly string[]): KeyRef[] {
  for (let i = 3; i < argv.length; i++) {
    if (argv[i].toLowerCase() === 'get') return [{ pos: 1, flags: RW_ACCESS_UPDATE }];
  }
  return [{ pos: 1, flags: OW_UPDATE }];
}

function bitfieldKeys(argv: readonly string[]): KeyRef[] {
  let readonly = true;
  for (let i = 2; i < argv.length; i++) {
    const rem = argv.length - i - 1;
    const a = argv[i].toLowerCase();
    if (a === 'get' && rem >= 2) i += 2;
    else if ((a === 'set' || a === 'incrby') && rem >= 3) {
      readonly = false;
      break;
    } else if (a === 'overflow' && rem >= 1) i += 1;
    else {
      readonly = false;
      break;
    }
  }
  return [{ pos: 1, flags: readonly ? RO_ACCESS : RW_ACCESS_UPDATE }];
}

/** Redis's getkeys_proc table: commands whose keys the specs alone cannot always give. */
const PROCS: Record<string, GetKeysProc> = {
  bitfield: bitfieldKeys,
  migrate: migrateKeys,
  sort: sortKeys,
  sort_ro: () => [{ pos: 1, flags: RO_ACCESS }],
  georadius: georadiusKeys,
  georadiusbymember: georadiusKeys,
  blmpop: (a) => numkeysKeys(0, 2, 3, a),
  bzmpop: (a) => numkeysKeys(0, 2, 3, a),
  lmpop: (a) => numkeysKeys(0, 1, 2, a),
  zmpop: (a) => numkeysKeys(0, 1, 2, a),
  eval: (a) => numkeysKeys(0, 2, 3, a),
  evalsha: (a) => numkeysKeys(0, 2, 3, a),
  eval_ro: (a) => numkeysKeys(0, 2, 3, a),
  evalsha_ro: (a) => numkeysKeys(0, 2, 3, a),
  fcall: (a) => numkeysKeys(0, 2, 3, a),
  fcall_ro: (a) => numkeysKeys(0, 2, 3, a),
  sintercard: (a) => numkeysKeys(0, 1, 2, a),
  zdiff: (a) => numkeysKeys(0, 1, 2, a),
  zinter: (a) => numkeysKeys(0, 1, 2, a),
  zintercard: (a) => numkeysKeys(0, 1, 2, a),
  zunion: (a) => numkeysKeys(0, 1, 2, a),
  zdiffstore: (a) => numkeysKeys(1, 2, 3, a),
  zinterstore: (a) => numkeysKeys(1, 2, 3, a),
  zunionstore: (a) => numkeysKeys(1, 2, 3, a),
  xread: xreadKeys,
  xreadgroup: xreadKeys,
  set: setKeys,
};

function specsHaveFlag(specs: readonly KeySpecRaw[], flag: string): boolean {
  return specs.some((s) => s.flags.includes(flag));
}

/** True when the command can have key arguments at all (Redis's doesCommandHaveKeys). */
export function commandHasKeys(cmd: KeyedCommand): boolean {
  return PROCS[cmd.fullname] !== undefined || cmd.raw.keySpecs.some((s) => !s.flags.includes('not_key'));
}

/**
 * The keys of `argv` (argv[0] is the command name), as Redis's getKeysFromCommandWithSpecs:
 * the specs when they are reliable, else the command's own rule; empty when neither applies.
 */
export function getKeys(cmd: KeyedCommand, argv: readonly string[]): KeyRef[] {
  const specs = cmd.raw.keySpecs;
  const hasSpec = specs.some((s) => !s.flags.includes('not_key'));
  if (hasSpec && !specsHaveFlag(specs, 'variable_flags')) {
    const keys = keysFromSpecs(cmd, argv);
    if (keys !== undefined) return keys;
  }
  const proc = PROCS[cmd.fullname];
  return proc !== undefined ? proc(argv) : [];
}

/**
 * Key positions as Redis's getKeysFromCommand finds them (client-side caching remembers these
 * after a read-only command): the command's own rule when it has one, else the legacy
 * first/last/step range of COMMAND INFO; none when the range runs past the arguments.
 */
export function getKeyPositionsLegacy(cmd: Command, argv: readonly string[]): number[] {
  const proc = PROCS[cmd.fullname];
  if (proc !== undefined) return proc(argv).map((k) => k.pos);
  const raw = cmd.raw;
  const first = raw.firstKey;
  if (first === 0) return [];
  const argc = argv.length;
  const last = raw.lastKey < 0 ? argc + raw.lastKey : raw.lastKey;
  const out: number[] = [];
  for (let j = first; j <= last; j += raw.step) {
    if (j >= argc) return [];
    out.push(j);
  }
  return out;
}
