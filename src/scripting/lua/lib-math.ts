/**
 * Lua 5.1's math library (lmathlib.c). math.random/randomseed take a pluggable generator:
 * Redis replaces them with its rand48-based versions (see rand48.ts) and the embedder may also
 * refuse them outside a script run.
 */
import { LuaFunction, LuaTable, argError, checkInt, checkNumber, luaError, type LuaValue } from './value.js';
import { powC } from './runtime-ops.js';
import { Rand48 } from './rand48.js';
import type { LuaState } from './state.js';

export interface MathOptions {
  /** A number in [0, 1) for math.random (default: a {@link Rand48} generator). */
  random?: () => number;
  /** math.randomseed(n) with n already converted as luaL_checkint does. */
  randomseed?: (seed: number) => void;
}

const RADIANS_PER_DEGREE = Math.PI / 180;

/** C frexp: x = m * 2^e with 0.5 <= |m| < 1. */
export function frexp(x: number): [number, number] {
  if (x === 0 || !Number.isFinite(x)) return [x, 0];
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  let exp = (view.getUint16(0) >> 4) & 0x7ff;
  let adjust = 0;
  if (exp === 0) { // subnormal: scale into the normal range first
    view.setFloat64(0, x * 2 ** 64);
    exp = (view.getUint16(0) >> 4) & 0x7ff;
    adjust = -64;
  }
  const e = exp - 1022;
  view.setUint16(0, (view.getUint16(0) & 0x800f) | (1022 << 4));
  return [view.getFloat64(0), e + adjust];
}

/** C ldexp: m * 2^e without intermediate overflow/underflow. */
export function ldexp(m: number, e: number): number {
  if (m === 0 || !Number.isFinite(m)) return m;
  let r = m;
  while (e > 1000) {
    r *= 2 ** 1000;
    e -= 1000;
    if (!Number.isFinite(r)) return r;
  }
  while (e < -1000) {
    r *= 2 ** -1000;
    e += 1000;
    if (r === 0) return r;
  }
  if (e < -1022) return r * 2 ** (e + 64) * 2 ** -64; // two steps keep subnormals exact
  return r * 2 ** e;
}

/** Opens the math library as the global `math`. */
export function openMath(state: LuaState, opts: MathOptions = {}): LuaTable {
  const lib = new LuaTable();
  const def = (name: string, fn: (args: LuaValue[]) => LuaValue[]) => lib.setStr(name, new LuaFunction(name, fn));
  const f1 = (name: string, fn: (x: number) => number) => def(name, (args) => [fn(checkNumber(args, 0, name))]);

  f1('abs', Math.abs);
  f1('acos', Math.acos);
  f1('asin', Math.asin);
  def('atan2', (args) => [Math.atan2(checkNumber(args, 0, 'atan2'), checkNumber(args, 1, 'atan2'))]);
  f1('atan', Math.atan);
  f1('ceil', Math.ceil);
  f1('cosh', Math.cosh);
  f1('cos', Math.cos);
  f1('deg', (x) => x / RADIANS_PER_DEGREE);
  f1('exp', Math.exp);
  f1('floor', Math.floor);
  const fmod = new LuaFunction('fmod', (args) => [checkNumber(args, 0, 'fmod') % checkNumber(args, 1, 'fmod')]);
  lib.setStr('fmod', fmod);
  def('frexp', (args) => frexp(checkNumber(args, 0, 'frexp')));
  def('ldexp', (args) => [ldexp(checkNumber(args, 0, 'ldexp'), checkInt(args, 1, 'ldexp'))]);
  f1('log10', Math.log10);
  f1('log', Math.log);
  def('max', (args) => {
    let m = checkNumber(args, 0, 'max');
    for (let i = 1; i < args.length; i++) {
      const d = checkNumber(args, i, 'max');
      if (d > m) m = d;
    }
    return [m];
  });
  def('min', (args) => {
    let m = checkNumber(args, 0, 'min');
    for (let i = 1; i < args.length; i++) {
      const d = checkNumber(args, i, 'min');
      if (d < m) m = d;
    }
    return [m];
  });
  def('modf', (args) => {
    const x = checkNumber(args, 0, 'modf');
    if (x === Infinity || x === -Infinity) return [x, x > 0 ? 0 : -0];
    const ip = Math.trunc(x);
    return [ip, x - ip];
  });
  def('pow', (args) => [powC(checkNumber(args, 0, 'pow'), checkNumber(args, 1, 'pow'))]);
  f1('rad', (x) => x * RADIANS_PER_DEGREE);
  const gen = new Rand48();
  const random = opts.random ?? (() => gen.random());
  const randomseed = opts.randomseed ?? ((n: number) => gen.seed(n));
  def('random', (args) => {
    const r = random();
    switch (args.length) {
      case 0:
        return [r];
      case 1: {
        const u = checkInt(args, 0, 'random');
        if (!(1 <= u)) argError(1, 'random', 'interval is empty');
        return [Math.floor(r * u) + 1];
      }
      case 2: {
        const l = checkInt(args, 0, 'random');
        const u = checkInt(args, 1, 'random');
        if (!(l <= u)) argError(2, 'random', 'interval is empty');
        return [Math.floor(r * (u - l + 1)) + l];
      }
      default:
        return luaError('wrong number of arguments');
    }
  });
  def('randomseed', (args) => {
    randomseed(checkInt(args, 0, 'randomseed'));
    return [];
  });
  f1('sinh', Math.sinh);
  f1('sin', Math.sin);
  f1('sqrt', Math.sqrt);
  f1('tanh', Math.tanh);
  f1('tan', Math.tan);
  lib.setStr('pi', Math.PI);
  lib.setStr('huge', Infinity);
  lib.setStr('mod', fmod); // LUA_COMPAT_MOD
  state.globals.setStr('math', lib);
  return lib;
}
