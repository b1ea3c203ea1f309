/**
 * A few string functions for the Lua engine's tests (len, sub, upper, lower, rep, byte, char,
 * reverse), enough to exercise the string metatable and method calls. The real string library
 * lives in src/scripting/lua/lib-string.ts; this shim keeps the core's tests independent of it.
 */
import { LuaFunction, LuaTable, argError, checkInt, checkInteger, checkString, optInteger, type LuaValue } from '../../src/scripting/lua/value.js';

function posrelat(pos: number, len: number): number {
  return pos < 0 ? len + pos + 1 : pos;
}

export function stringShim(): LuaTable {
  const lib = new LuaTable();
  const def = (name: string, fn: (args: LuaValue[]) => LuaValue[]) => lib.setStr(name, new LuaFunction(name, fn));
  def('len', (a) => [checkString(a, 0, 'len').length]);
  def('sub', (a) => {
    const s = checkString(a, 0, 'sub');
    let i = posrelat(checkInteger(a, 1, 'sub'), s.length);
    let j = posrelat(optInteger(a, 2, 'sub', -1), s.length);
    if (i < 1) i = 1;
    if (j > s.length) j = s.length;
    return [i <= j ? s.slice(i - 1, j) : ''];
  });
  const mapAscii = (s: string, from: number, to: number, delta: number) =>
    s.replace(/[\s\S]/g, (c) => (c.charCodeAt(0) >= from && c.charCodeAt(0) <= to ? String.fromCharCode(c.charCodeAt(0) + delta) : c));
  def('upper', (a) => [mapAscii(checkString(a, 0, 'upper'), 97, 122, -32)]);
  def('lower', (a) => [mapAscii(checkString(a, 0, 'lower'), 65, 90, 32)]);
  def('rep', (a) => {
    const s = checkString(a, 0, 'rep');
    const n = checkInt(a, 1, 'rep');
    return [n <= 0 ? '' : s.repeat(n)];
  });
  def('reverse', (a) => [checkString(a, 0, 'reverse').split('').reverse().join('')]);
  def('byte', (a) => {
    const s = checkString(a, 0, 'byte');
    let i = posrelat(optInteger(a, 1, 'byte', 1), s.length);
    let j = posrelat(optInteger(a, 2, 'byte', i), s.length);
    if (i <= 0) i = 1;
    if (j > s.length) j = s.length;
    const out: LuaValue[] = [];
    for (let k = i; k <= j; k++) out.push(s.charCodeAt(k - 1));
    return out;
  });
  def('char', (a) => {
    let s = '';
    for (let i = 0; i < a.length; i++) {
      const c = checkInt(a, i, 'char');
      if (c < 0 || c > 255) argError(i + 1, 'char', 'invalid value');
      s += String.fromCharCode(c);
    }
    return [s];
  });
  return lib;
}
