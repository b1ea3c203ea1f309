/**
 * Lua 5.1's table library (ltablib.c): insert, remove, concat, sort (the same quicksort, so
 * results with inconsistent comparators and "invalid order function for sorting" match Lua),
 * getn, maxn, foreach, foreachi, setn (obsolete). Writes honour Redis's read-only tables.
 */
import {
  LuaError, LuaFunction, LuaTable, NO_VALUES, argError, checkInt, checkString, checkTable, luaError,
  numberToString, optInt, typeName, type LuaValue,
} from './value.js';
import { callFunction } from './runtime-call.js';
import { lessThanNative } from './runtime-ops.js';
import type { LuaState } from './state.js';

function rawseti(t: LuaTable, i: number, v: LuaValue): void {
  if (t.readonly) throw new LuaError('Attempt to modify a readonly table');
  t.set(i, v);
}

function checkFunction(args: LuaValue[], i: number, fname: string): LuaValue {
  const v = args[i];
  if (!(v instanceof LuaFunction)) {
    argError(i + 1, fname, `function expected, got ${i < args.length ? typeName(v) : 'no value'}`);
  }
  return v;
}

function truthy(v: LuaValue): boolean {
  return v !== undefined && v !== false;
}

/** Opens the table library as the global `table`. */
export function openTable(state: LuaState): LuaTable {
  const lib = new LuaTable();
  const def = (name: string, fn: (args: LuaValue[]) => LuaValue[]) => lib.setStr(name, new LuaFunction(name, fn));

  def('concat', (args) => {
    const sep = args[1] === undefined ? '' : checkString(args, 1, 'concat');
    const t = checkTable(args, 0, 'concat');
    let i = optInt(args, 2, 'concat', 1);
    const last = args[3] === undefined ? t.length() : checkInt(args, 3, 'concat');
    const parts: string[] = [];
    const field = (k: number) => {
      const v = t.get(k);
      if (typeof v === 'string') parts.push(v);
      else if (typeof v === 'number') parts.push(numberToString(v));
      else luaError(`invalid value (${typeName(v)}) at index ${k} in table for 'concat'`);
    };
    for (; i < last; i++) field(i);
    if (i === last) field(i);
    return [parts.join(sep)];
  });

  def('foreach', (args) => {
    const t = checkTable(args, 0, 'foreach');
    const f = checkFunction(args, 1, 'foreach');
    let k: LuaValue = undefined;
    for (;;) {
      const r = t.next(k);
      if (r === false) throw new LuaError("invalid key to 'next'");
      if (r === undefined) return NO_VALUES;
      k = r[0];
      const res = callFunction(f, [r[0], r[1]])[0];
      if (res !== undefined) return [res];
    }
  });

  def('foreachi', (args) => {
    const t = checkTable(args, 0, 'foreachi');
    const n = t.length();
    const f = checkFunction(args, 1, 'foreachi');
    for (let i = 1; i <= n; i++) {
      const res = callFunction(f, [i, t.get(i)])[0];
      if (res !== undefined) return [res];
    }
    return NO_VALUES;
  });

  def('getn', (args) => [checkTable(args, 0, 'getn').length()]);

  def('maxn', (args) => {
    const t = checkTable(args, 0, 'maxn');
    let max = 0;
    for (let c = t.nextCursor(-1); c >= 0; c = t.nextCursor(c)) {
      const k = t.cursorKey(c);
      if (typeof k === 'number' && k > max) max = k;
    }
    return [max];
  });

  def('insert', (args) => {
    const t = checkTable(args, 0, 'insert');
    let e = t.length() + 1;
    let pos: number;
    switch (args.length) {
      case 2:
        pos = e;
        break;
      case 3: {
        pos = checkInt(args, 1, 'insert');
        if (pos > e) e = pos;
        for (let i = e; i > pos; i--) rawseti(t, i, t.get(i - 1));
        break;
      }
      default:
        return luaError("wrong number of arguments to 'insert'");
    }
    rawseti(t, pos, args[args.length - 1]);
    return NO_VALUES;
  });

  def('remove', (args) => {
    const t = checkTable(args, 0, 'remove');
    const e = t.length();
    let pos = optInt(args, 1, 'remove', e);
    if (!(1 <= pos && pos <= e)) return NO_VALUES;
    const v = t.get(pos);
    for (; pos < e; pos++) rawseti(t, pos, t.get(pos + 1));
    rawseti(t, e, undefined);
    return [v];
  });

  def('setn', (args) => {
    checkTable(args, 0, 'setn');
    return luaError("'setn' is obsolete");
  });

  def('sort', (args) => {
    const t = checkTable(args, 0, 'sort');
    const n = t.length();
    const f = args[1];
    if (f !== undefined) checkFunction(args, 1, 'sort');
    const lt = f !== undefined
      ? (a: LuaValue, b: LuaValue) => truthy(callFunction(f, [a, b])[0])
      : (a: LuaValue, b: LuaValue) => lessThanNative(a, b, state);
    auxsort(t, 1, n, lt);
    return NO_VALUES;
  });

  state.globals.setStr('table', lib);
  return lib;
}

/** ltablib.c's auxsort, step for step. */
function auxsort(t: LuaTable, l: number, u: number, lt: (a: LuaValue, b: LuaValue) => boolean): void {
  const get = (i: number) => t.get(i);
  const set = (i: number, v: LuaValue) => rawseti(t, i, v);
  while (l < u) {
    // sort a[l], a[(l+u)/2] and a[u]
    let a = get(l);
    let b = get(u);
    if (lt(b, a)) {
      set(l, b);
      set(u, a);
    }
    if (u - l === 1) break;
    let i = Math.floor((l + u) / 2);
    a = get(i);
    b = get(l);
    if (lt(a, b)) {
      set(i, b);
      set(l, a);
    } else {
      b = get(u);
      if (lt(b, a)) {
        set(i, b);
        set(u, a);
      }
    }
    if (u - l === 2) break;
    const P = get(i);
    set(i, get(u - 1));
    set(u - 1, P);
    i = l;
    let j = u - 1;
    for (;;) {
      // repeat ++i until a[i] >= P
      for (;;) {
        const ai = get(++i);
        if (!lt(ai, P)) break;
        if (i > u) throw new LuaError('invalid order function for sorting', true);
      }
      // repeat --j until a[j] <= P
      for (;;) {
        const aj = get(--j);
        if (!lt(P, aj)) break;
        if (j < l) throw new LuaError('invalid order function for sorting', true);
      }
      if (j < i) break;
      const ai = get(i);
      const aj = get(j);
      set(i, aj);
      set(j, ai);
    }
    const pv = get(u - 1);
    const ai = get(i);
    set(u - 1, ai);
    set(i, pv);
    if (i - l < u - i) {
      j = l;
      i = i - 1;
      l = i + 2;
    } else {
      j = i + 1;
      i = u;
      u = j - 2;
    }
    auxsort(t, j, i, lt);
  }
}
