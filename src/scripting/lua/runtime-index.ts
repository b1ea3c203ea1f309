/**
 * Table access for compiled code: t[k] and t[k] = v with Lua 5.1's metatable rules (__index and
 * __newindex as tables or functions, chains up to 100 deep), Redis 7.0's read-only tables, and
 * the table constructor.
 */
import { LuaFunction, LuaTable, type LuaValue } from './value.js';
import { runtimeError, typeError, type Site } from './site.js';
import { callMeta, metamethod } from './runtime-call.js';

const MAXTAGLOOP = 100;

/** t[k] */
export function index(o: LuaValue, k: LuaValue, site: Site): LuaValue {
  if (o instanceof LuaTable) {
    const v = o.get(k);
    if (v !== undefined || o.metatable === undefined) return v;
  }
  return indexSlow(o, k, site);
}

/** t.name (a constant string key) */
export function indexStr(o: LuaValue, k: string, site: Site): LuaValue {
  if (o instanceof LuaTable) {
    const v = o.getStr(k);
    if (v !== undefined || o.metatable === undefined) return v;
  }
  return indexSlow(o, k, site);
}

function indexSlow(o: LuaValue, k: LuaValue, site: Site): LuaValue {
  const host = site.chunk.host;
  let t = o;
  for (let loop = 0; loop < MAXTAGLOOP; loop++) {
    let h: LuaValue;
    if (t instanceof LuaTable) {
      const v = t.get(k);
      if (v !== undefined) return v;
      const mt = t.metatable;
      if (mt === undefined) return undefined;
      h = mt.getStr('__index');
      if (h === undefined) return undefined;
    } else {
      h = metamethod(t, '__index', host);
      if (h === undefined) throw typeError(site, t, 'index', loop === 0 ? site.d1 : undefined);
    }
    if (h instanceof LuaFunction) return callMeta(h, [t, k], site)[0];
    t = h;
  }
  throw runtimeError(site, 'loop in gettable');
}

/** t[k] = v */
export function setIndex(o: LuaValue, k: LuaValue, v: LuaValue, site: Site): void {
  if (o instanceof LuaTable && o.metatable === undefined && !o.readonly) {
    if (typeof k === 'string') {
      o.setStr(k, v);
      return;
    }
    if (k === undefined) throw runtimeError(site, 'table index is nil');
    if (k !== k) throw runtimeError(site, 'table index is NaN');
    o.set(k, v);
    return;
  }
  setSlow(o, k, v, site);
}

/** t.name = v (a constant string key) */
export function setStr(o: LuaValue, k: string, v: LuaValue, site: Site): void {
  if (o instanceof LuaTable && o.metatable === undefined && !o.readonly) {
    o.setStr(k, v);
    return;
  }
  setSlow(o, k, v, site);
}

function setSlow(o: LuaValue, k: LuaValue, v: LuaValue, site: Site): void {
  const host = site.chunk.host;
  let t = o;
  for (let loop = 0; loop < MAXTAGLOOP; loop++) {
    let h: LuaValue;
    if (t instanceof LuaTable) {
      if (t.readonly) throw runtimeError(site, 'Attempt to modify a readonly table');
      if (k === undefined) throw runtimeError(site, 'table index is nil');
      if (k !== k) throw runtimeError(site, 'table index is NaN');
      const mt = t.metatable;
      if (mt === undefined || (h = mt.getStr('__newindex')) === undefined || t.get(k) !== undefined) {
        t.set(k, v);
        return;
      }
    } else {
      h = metamethod(t, '__newindex', host);
      if (h === undefined) throw typeError(site, t, 'index', loop === 0 ? site.d1 : undefined);
    }
    if (h instanceof LuaFunction) {
      callMeta(h, [t, k, v], site);
      return;
    }
    t = h;
  }
  throw runtimeError(site, 'loop in settable');
}

/**
 * {a, b, c}: a constructor with positional items only; takes ownership of `items`. `nfixed` is
 * the number of items before a trailing multi-value expression (OP_NEWTABLE's size hint).
 */
export function tableArray(items: LuaValue[], nfixed: number): LuaTable {
  return LuaTable.fromArray(items, nfixed);
}

/**
 * {x = 1, [k] = v, a, b}: `items` holds the fixed items in source order (a keyed item takes two
 * entries), `layout` says which are keyed (1) or positional (0); entries past the layout come
 * from a trailing multi-value expression and are positional. Lua stores keyed fields as it meets
 * them and positional ones at the end, so positional values win over keyed ones at 1..n.
 */
export function tableMixed(items: LuaValue[], layout: number[], site: Site): LuaTable {
  const pos: LuaValue[] = [];
  const keyed: LuaValue[] = [];
  let i = 0;
  let nkeyed = 0;
  for (const kind of layout) {
    if (kind === 0) pos.push(items[i++]);
    else {
      keyed.push(items[i], items[i + 1]);
      i += 2;
      nkeyed++;
    }
  }
  const nfixed = pos.length;
  for (; i < items.length; i++) pos.push(items[i]);
  const npos = pos.length;
  const t = LuaTable.fromArray(pos, nfixed, nkeyed);
  for (let j = 0; j < keyed.length; j += 2) {
    const k = keyed[j];
    if (k === undefined) throw runtimeError(site, 'table index is nil');
    if (k !== k) throw runtimeError(site, 'table index is NaN');
    if (typeof k === 'number' && k >= 1 && k <= npos && Number.isInteger(k)) continue;
    t.set(k, keyed[j + 1]);
  }
  return t;
}

/** Lua 5.1's `arg` table for vararg functions that do not use `...` (LUA_COMPAT_VARARG). */
export function varargTable(args: LuaValue[], nparams: number): LuaTable {
  const extra = args.length > nparams ? args.slice(nparams) : [];
  const n = extra.length;
  const t = LuaTable.fromArray(extra, n, 1);
  t.setStr('n', n);
  return t;
}
