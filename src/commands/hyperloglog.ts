/**
 * HyperLogLog commands (PFADD, PFCOUNT, PFMERGE, PFDEBUG, PFSELFTEST) on Redis's exact
 * sparse/dense string representation (types/hyperloglog.ts). An HLL is a string value: it is
 * created as a MutableString and any existing value is turned into one before it is changed
 * (Redis's dbUnshareStringValue, which makes the encoding "raw") — PFCOUNT included, since it
 * writes the cached cardinality into the value.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import {
  countRawRegisters,
  createHll,
  decodeSparse,
  denseRegisters,
  HLL_DENSE,
  HLL_REGISTERS,
  HLL_SPARSE,
  hllAdd,
  hllCardinality,
  hllEncoding,
  hllMergeInto,
  hllRaise,
  hllSelfTest,
  invalidateCache,
  isHll,
  sparseToDense,
} from '../types/hyperloglog.js';
import type { MutableString } from '../types/mutable-string.js';
import { isString, type Value } from '../types/value.js';
import { defineCommands } from './define.js';
import { notify, Notify } from '../engine/notify.js';
import { optionIs, toMutable } from './string-common.js';

const INVALID_HLL = 'INVALIDOBJ Corrupted HLL object detected';
const NOT_HLL = 'WRONGTYPE Key is not a valid HyperLogLog string value.';

/** Redis's isHLLObjectOrReply: true if `v` is a string holding an HLL, else replies and false. */
function checkHll(c: Client, v: Value): v is string | MutableString {
  if (!isString(v)) {
    c.reply.error(Errors.wrongType);
    return false;
  }
  if (!isHll(v)) {
    c.reply.error(NOT_HLL);
    return false;
  }
  return true;
}

function sparseMaxBytes(c: Client): number {
  return c.engine.config.num('hll-sparse-max-bytes');
}

/**
 * Merges the HLLs at `keys` into `max` (one register per byte); missing keys count as empty.
 * Returns whether any was dense, or null after replying an error.
 */
function mergeKeys(c: Client, keys: string[], from: number, max: Uint8Array): { dense: boolean } | null {
  let dense = false;
  for (let j = from; j < keys.length; j++) {
    const v = c.db.lookupRead(keys[j]);
    if (v === undefined) continue;
    if (!checkHll(c, v)) return null;
    if ((typeof v === 'string' ? v.charCodeAt(4) : v.byteAt(4)) === HLL_DENSE) dense = true;
    if (!hllMergeInto(max, v)) {
      c.reply.error(INVALID_HLL);
      return null;
    }
  }
  return { dense };
}

/** PFDEBUG GETREG|DECODE|ENCODING|TODENSE key */
function pfdebug(c: Client, argv: string[]): void {
  const sub = argv[1];
  const key = argv[2];
  const v = c.db.lookup(key);
  if (v === undefined) return c.reply.error('ERR The specified key does not exist');
  if (!checkHll(c, v)) return;
  const m = toMutable(c, key, v);
  if (optionIs(sub, 'getreg')) {
    if (hllEncoding(m) === HLL_SPARSE) {
      if (!sparseToDense(m)) return c.reply.error(INVALID_HLL);
      c.engine.dirty++;
    }
    const regs = denseRegisters(m);
    c.reply.arrayLen(HLL_REGISTERS);
    for (let j = 0; j < HLL_REGISTERS; j++) c.reply.int(regs[j]);
  } else if (optionIs(sub, 'decode')) {
    if (hllEncoding(m) !== HLL_SPARSE) return c.reply.error('ERR HLL encoding is not sparse');
    c.reply.bulk(decodeSparse(m));
  } else if (optionIs(sub, 'encoding')) {
    c.reply.simple(hllEncoding(m) === HLL_DENSE ? 'dense' : 'sparse');
  } else if (optionIs(sub, 'todense')) {
    let converted = 0;
    if (hllEncoding(m) === HLL_SPARSE) {
      if (!sparseToDense(m)) return c.reply.error(INVALID_HLL);
      converted = 1;
      c.engine.dirty++;
    }
    c.reply.int(converted);
  } else {
    // Redis formats the name with %s: it ends at a NUL byte.
    const nul = sub.indexOf('\0');
    c.reply.error(`ERR Unknown PFDEBUG subcommand '${nul < 0 ? sub : sub.slice(0, nul)}'`);
  }
}

export const hyperloglogCommands = defineCommands({
  /** PFADD key [element ...]: 1 if some register changed (or the key was created), else 0. */
  pfadd: (c, argv) => {
    const key = argv[1];
    const v = c.db.lookup(key);
    let m: MutableString;
    let updated = 0;
    if (v === undefined) {
      m = createHll();
      c.db.set(key, m);
      updated++;
    } else {
      if (!checkHll(c, v)) return;
      m = toMutable(c, key, v);
    }
    const maxBytes = sparseMaxBytes(c);
    for (let j = 2; j < argv.length; j++) {
      const r = hllAdd(m, argv[j], maxBytes);
      if (r === 1) updated++;
      // Registers already raised stay raised, as in Redis (and the key stays created).
      else if (r === -1) return c.reply.error(INVALID_HLL);
    }
    if (updated > 0) {
      c.db.signalModified(key);
      notify(c, Notify.String, 'pfadd', key);
      c.engine.dirty += updated;
      invalidateCache(m);
    }
    c.reply.int(updated > 0 ? 1 : 0);
  },

  /** PFCOUNT key [key ...]: one key uses (and refreshes) its cached cardinality; several, their union. */
  pfcount: (c, argv) => {
    if (argv.length > 2) {
      const max = new Uint8Array(HLL_REGISTERS);
      if (mergeKeys(c, argv, 1, max) === null) return;
      return c.reply.int(countRawRegisters(max));
    }
    const key = argv[1];
    const v = c.db.lookupRead(key);
    if (v === undefined) return c.reply.int(0);
    if (!checkHll(c, v)) return;
    const m = toMutable(c, key, v);
    const r = hllCardinality(m);
    if (r === null) return c.reply.error(INVALID_HLL);
    // Refreshing the cache changes the value: a write, propagated as Redis does.
    if (r.recomputed) {
      c.db.signalModified(key);
      c.engine.dirty++;
    }
    c.reply.int(r.card);
  },

  /** PFMERGE destkey [sourcekey ...]: the destination (itself included in the union) gets the union. */
  pfmerge: (c, argv) => {
    const max = new Uint8Array(HLL_REGISTERS);
    const merged = mergeKeys(c, argv, 1, max);
    if (merged === null) return;
    const key = argv[1];
    const v = c.db.lookup(key);
    let m: MutableString;
    if (v === undefined) {
      m = createHll();
      c.db.set(key, m);
    } else {
      // Already checked as an HLL by the merge above.
      m = toMutable(c, key, v as string | MutableString);
    }
    if (merged.dense && !sparseToDense(m)) return c.reply.error(INVALID_HLL);
    const maxBytes = sparseMaxBytes(c);
    for (let j = 0; j < HLL_REGISTERS; j++) {
      if (max[j] !== 0) hllRaise(m, j, max[j], maxBytes);
    }
    invalidateCache(m);
    c.db.signalModified(key);
    // PFMERGE raises pfadd: it is a mass add of elements.
    notify(c, Notify.String, 'pfadd', key);
    c.engine.dirty++;
    c.reply.ok();
  },

  pfdebug,

  pfselftest: (c) => {
    const err = hllSelfTest(sparseMaxBytes(c));
    if (err === null) c.reply.ok();
    else c.reply.error(err);
  },
});
