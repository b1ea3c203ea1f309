/**
 * The iterator natives behind pairs/next and ipairs. Compiled generic-for loops recognise them
 * (by their implementation function) and iterate plain tables directly.
 */
import { LuaError, NO_VALUES, checkInt, checkTable, type LuaValue } from './value.js';

/** next(t, k) */
export function nextImpl(args: LuaValue[]): LuaValue[] {
  const t = checkTable(args, 0, 'next');
  const r = t.next(args[1]);
  if (r === false) throw new LuaError("invalid key to 'next'");
  return r === undefined ? [undefined] : r;
}

/** The iterator ipairs returns: (t, i) -> i+1, t[i+1] (raw), or nothing at the first nil. */
export function ipairsAux(args: LuaValue[]): LuaValue[] {
  const i = checkInt(args, 1, 'ipairs') + 1;
  const t = checkTable(args, 0, 'ipairs');
  const v = t.get(i);
  return v === undefined ? NO_VALUES : [i, v];
}
