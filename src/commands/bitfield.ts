/**
 * BITFIELD and BITFIELD_RO: integer fields of 1..64 bits (u1..u63, i1..i64) at any bit offset
 * of a string, read, set and incremented with WRAP/SAT/FAIL overflow. As in Redis, every
 * operation is parsed (and any error replied) before the key is touched, and the string is grown
 * once to the farthest bit any write reaches.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import {
  getSignedField,
  getUnsignedField,
  Overflow,
  setField,
  signedFieldResult,
  unsignedFieldResult,
} from '../types/bitmap.js';
import type { MutableString } from '../types/mutable-string.js';
import { isString } from '../types/value.js';
import { parseInt64 } from '../util/int64.js';
import { parseBitOffset, readableBytes, stringForBitWrite } from './bitmap-common.js';
import { defineCommands } from './define.js';
import { notify, Notify } from '../engine/notify.js';
import { optionIs } from './string-common.js';

const TYPE_ERR = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.';

const enum Op {
  Get,
  Set,
  Incrby,
}

interface FieldOp {
  op: Op;
  offset: number;
  /** SET value or INCRBY increment. */
  arg: bigint;
  overflow: Overflow;
  bits: number;
  signed: boolean;
}

/** A field type such as "i16" or "u8" as [signed, bits], or null. The digits end at a NUL byte, as in C. */
function parseFieldType(arg: string): [boolean, number] | null {
  const sign = arg.charCodeAt(0);
  if (sign !== 105 /* i */ && sign !== 117 /* u */) return null;
  const nul = arg.indexOf('\0', 1);
  const n = parseInt64(nul < 0 ? arg.slice(1) : arg.slice(1, nul));
  const signed = sign === 105;
  if (n === null || n < 1 || n > (signed ? 64 : 63)) return null;
  return [signed, Number(n)];
}

/** Parses the operations after the key; null after replying an error. */
function parseOps(c: Client, argv: string[]): { ops: FieldOp[]; readonly: boolean; highest: number } | null {
  const ops: FieldOp[] = [];
  let overflow = Overflow.Wrap;
  let readonly = true;
  let highest = 0;
  for (let j = 2; j < argv.length; j++) {
    const rem = argv.length - j - 1;
    const sub = argv[j];
    let op: Op;
    if (optionIs(sub, 'get') && rem >= 2) op = Op.Get;
    else if (optionIs(sub, 'set') && rem >= 3) op = Op.Set;
    else if (optionIs(sub, 'incrby') && rem >= 3) op = Op.Incrby;
    else if (optionIs(sub, 'overflow') && rem >= 1) {
      const t = argv[++j];
      if (optionIs(t, 'wrap')) overflow = Overflow.Wrap;
      else if (optionIs(t, 'sat')) overflow = Overflow.Sat;
      else if (optionIs(t, 'fail')) overflow = Overflow.Fail;
      else {
        c.reply.error('ERR Invalid OVERFLOW type specified');
        return null;
      }
      continue;
    } else {
      c.reply.error(Errors.syntax);
      return null;
    }
    const type = parseFieldType(argv[j + 1]);
    if (type === null) {
      c.reply.error(TYPE_ERR);
      return null;
    }
    const [signed, bits] = type;
    const offset = parseBitOffset(c, argv[j + 2], bits);
    if (offset === null) return null;
    let arg = 0n;
    if (op !== Op.Get) {
      readonly = false;
      if (offset + bits - 1 > highest) highest = offset + bits - 1;
      const v = parseInt64(argv[j + 3]);
      if (v === null) {
        c.reply.error(Errors.notInteger);
        return null;
      }
      arg = BigInt(v);
    }
    ops.push({ op, offset, arg, overflow, bits, signed });
    j += op === Op.Get ? 2 : 3;
  }
  return { ops, readonly, highest };
}

function bitfield(c: Client, argv: string[], roCommand: boolean): void {
  const parsed = parseOps(c, argv);
  if (parsed === null) return;
  const { ops } = parsed;
  let target: string | MutableString | undefined;
  let grown = false;
  if (parsed.readonly) {
    const v = c.db.lookupRead(argv[1]);
    if (v !== undefined && !isString(v)) return c.reply.error(Errors.wrongType);
    target = v;
  } else {
    if (roCommand) return c.reply.error('ERR BITFIELD_RO only supports the GET subcommand');
    const w = stringForBitWrite(c, argv[1], parsed.highest);
    if (w === null) return;
    target = w.m;
    grown = w.grown;
  }
  const r = c.reply;
  r.arrayLen(ops.length);
  let changes = 0;
  for (const f of ops) {
    if (f.op === Op.Get) {
      if (target === undefined) {
        r.int(0);
        continue;
      }
      // Only the (at most 9) bytes the field spans are read.
      const len = target.length;
      const from = Math.min(Math.floor(f.offset / 8), len);
      const to = Math.min(from + 9, len);
      const { buf, shift } = readableBytes(target, from, to);
      const off = f.offset - shift * 8;
      r.int(f.signed ? getSignedField(buf, to - shift, off, f.bits) : getUnsignedField(buf, to - shift, off, f.bits));
      continue;
    }
    // Writes: the string was grown to cover every written field.
    const m = target as MutableString;
    const buf = m.bytes();
    const len = m.length;
    const old = f.signed ? getSignedField(buf, len, f.offset, f.bits) : getUnsignedField(buf, len, f.offset, f.bits);
    const incr = f.op === Op.Incrby;
    const base = incr ? old : f.arg;
    const delta = incr ? f.arg : 0n;
    const next = f.signed ? signedFieldResult(base, delta, f.bits, f.overflow) : unsignedFieldResult(base, delta, f.bits, f.overflow);
    // FAIL refuses a value that does not fit: nothing is written and the reply is null.
    if (next === null) {
      r.nullBulk();
      continue;
    }
    r.int(incr ? next : old);
    setField(buf, f.offset, f.bits, next);
    if (grown || old !== next) changes++;
  }
  if (changes > 0) {
    c.db.signalModified(argv[1]);
    notify(c, Notify.String, 'setbit', argv[1]);
    c.engine.dirty += changes;
  }
}

export const bitfieldCommands = defineCommands({
  bitfield: (c, argv) => bitfield(c, argv, false),
  bitfield_ro: (c, argv) => bitfield(c, argv, true),
});
