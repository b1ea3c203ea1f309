/**
 * SORT and SORT_RO, following Redis's sortCommandGeneric: option parsing, the "nosort" fast
 * paths that keep a list's or sorted set's own order (BY a pattern without '*'), numeric or
 * ALPHA ordering by the element or by BY-pattern lookups (`key*` strings, `key*->field`
 * hash fields), LIMIT (a partial sort with Redis's pqsort when BY is used), GET lookups and
 * STORE into a list.
 *
 * Comparisons as Redis makes them: numbers with ties broken by the element's bytes; ALPHA
 * with strcoll (the server runs under the C/C.UTF-8 collation, i.e. bytes up to the first
 * NUL) for replies, and full binary comparison when storing.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { isString, stringBytes, typeOf, type CollectionValue } from '../types/value.js';
import { string2d as parseDouble } from '../util/strtod.js';
import { pqsort } from '../util/pqsort.js';
import { parseInt64 } from '../util/int64.js';
import { defineCommands } from './define.js';
import { notify, Notify } from '../engine/notify.js';
import { clusterEnabled } from './keyspace-common.js';
import { aclCommandByFullname } from '../acl/catalog.js';
import { checkCommandWithAllKeys } from '../acl/check.js';
import { KeyPerm } from '../acl/selector.js';
import { allElements, elementRange, hashField, lengthOf, prepareSortedSet, storeList } from './sort-sources.js';
import { optionIs } from './string-common.js';

/** One element being sorted, with what it sorts by. */
interface SortItem {
  obj: string;
  score: number;
  /** ALPHA with BY: the looked-up value, null when missing (sorts first). */
  cmp: string | null;
}

/** The part of `s` before its first NUL byte: what C string functions see. */
function cEnd(s: string): number {
  const i = s.indexOf('\0');
  return i < 0 ? s.length : i;
}

/**
 * Redis's lookupKeyByPattern: "#" is the element itself; otherwise the first '*' is replaced
 * by the element to name a string key, or a hash key and field when "->field" follows.
 * Returns null when the pattern has no '*', the key is missing or of the wrong type.
 */
function lookupByPattern(c: Client, pattern: string, subst: string): string | null {
  if (pattern.charCodeAt(0) === 35 /* # */ && (pattern.length === 1 || pattern.charCodeAt(1) === 0)) return subst;
  const end = cEnd(pattern);
  const star = pattern.indexOf('*');
  if (star < 0 || star >= end) return null;
  const arrow = pattern.indexOf('->', star + 1);
  const hasField = arrow >= 0 && arrow + 2 < end;
  const key = pattern.slice(0, star) + subst + pattern.slice(star + 1, hasField ? arrow : pattern.length);
  const v = c.db.lookupRead(key);
  if (v === undefined) return null;
  if (hasField) {
    if (isString(v) || typeOf(v) !== 'hash') return null;
    return hashField(v as CollectionValue, pattern.slice(arrow + 2)) ?? null;
  }
  return isString(v) ? stringBytes(v) : null;
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** Smallest normal double: strtod reports ERANGE below it. */
const DBL_MIN = 2.2250738585072014e-308;

/**
 * The number SORT reads from a value with strtod: leading white space skipped, the C string
 * (up to a NUL) fully consumed, no overflow or underflow, not NaN. Null when Redis reports
 * "One or more scores can't be converted into double".
 */
function sortScore(s: string): number | null {
  const end = cEnd(s);
  let i = 0;
  while (i < end && isSpace(s.charCodeAt(i))) i++;
  // Nothing to convert: strtod leaves the end pointer at the start, fine only for "".
  if (i === end) return end === 0 ? 0 : null;
  const v = parseDouble(i === 0 && end === s.length ? s : s.slice(i, end));
  if (v === null) return null;
  if (v !== 0 && Math.abs(v) < DBL_MIN) return null; // glibc flags inexact denormals as ERANGE
  return v;
}

/** Byte-wise comparison of two C strings (strcmp / strcoll in the C locale). */
function cStringCompare(a: string, b: string): number {
  const ea = cEnd(a);
  const eb = cEnd(b);
  const n = Math.min(ea, eb);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return ea - eb;
}

function binaryCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds Redis's sortCompare for the given mode. */
function comparator(alpha: boolean, byPattern: boolean, store: boolean, desc: boolean): (a: SortItem, b: SortItem) => number {
  let cmp: (a: SortItem, b: SortItem) => number;
  if (!alpha) {
    cmp = (a, b) => (a.score > b.score ? 1 : a.score < b.score ? -1 : binaryCompare(a.obj, b.obj));
  } else if (byPattern) {
    const strings = store ? binaryCompare : cStringCompare;
    cmp = (a, b) => {
      if (a.cmp === null || b.cmp === null) return a.cmp === b.cmp ? 0 : a.cmp === null ? -1 : 1;
      return strings(a.cmp, b.cmp);
    };
  } else {
    const strings = store ? binaryCompare : cStringCompare;
    cmp = (a, b) => strings(a.obj, b.obj);
  }
  return desc ? (a, b) => -cmp(a, b) : cmp;
}

/** A LIMIT argument as a C long, or null after replying. */
function longArgOrReply(c: Client, arg: string): number | null {
  const v = parseInt64(arg);
  if (v === null) {
    c.reply.error(Errors.notInteger);
    return null;
  }
  // Only the clamped value matters, so precision beyond 2^53 is irrelevant.
  return Number(v);
}

function userReadsAllKeys(c: Client, argv: string[]): boolean {
  const cmd = aclCommandByFullname(c.lastCommand);
  return cmd !== undefined && checkCommandWithAllKeys(c.user, cmd, argv, KeyPerm.Read);
}

function sortGeneric(c: Client, argv: string[], readonly: boolean): void {
  let desc = false;
  let alpha = false;
  let limitStart = 0;
  let limitCount = -1;
  let dontSort = false;
  let sortBy: string | null = null;
  let storeKey: string | null = null;
  const gets: string[] = [];
  const cluster = clusterEnabled(c.engine);
  // BY and GET patterns name keys the ACL cannot check: they need read access to every key.
  const fullKeyAccess = c.user.allowAll || c.mustObey || userReadsAllKeys(c, argv);
  for (let j = 2; j < argv.length; j++) {
    const arg = argv[j];
    const left = argv.length - j - 1;
    if (optionIs(arg, 'asc')) desc = false;
    else if (optionIs(arg, 'desc')) desc = true;
    else if (optionIs(arg, 'alpha')) alpha = true;
    else if (optionIs(arg, 'limit') && left >= 2) {
      const s = longArgOrReply(c, argv[j + 1]);
      if (s === null) return;
      const n = longArgOrReply(c, argv[j + 2]);
      if (n === null) return;
      limitStart = s;
      limitCount = n;
      j += 2;
    } else if (!readonly && optionIs(arg, 'store') && left >= 1) {
      storeKey = argv[++j];
    } else if (optionIs(arg, 'by') && left >= 1) {
      sortBy = argv[++j];
      // A pattern without '*' names no per-element key: nothing to sort by ("nosort").
      const star = sortBy.indexOf('*');
      if (star < 0 || star >= cEnd(sortBy)) dontSort = true;
      else if (cluster) return c.reply.error('ERR BY option of SORT denied in Cluster mode.');
      else if (!fullKeyAccess) return c.reply.error('ERR BY option of SORT denied due to insufficient ACL permissions.');
    } else if (optionIs(arg, 'get') && left >= 1) {
      if (cluster) return c.reply.error('ERR GET option of SORT denied in Cluster mode.');
      if (!fullKeyAccess) return c.reply.error('ERR GET option of SORT denied due to insufficient ACL permissions.');
      gets.push(argv[++j]);
    } else {
      return c.reply.error(Errors.syntax);
    }
  }

  const found = c.db.lookupRead(argv[1]);
  let src: CollectionValue | undefined;
  if (found !== undefined) {
    const t = typeOf(found);
    if (t !== 'set' && t !== 'list' && t !== 'zset') return c.reply.error(Errors.wrongType);
    src = found as CollectionValue;
  }
  const type = src === undefined ? 'list' : src.type;

  // An unsorted set would come out in hash order: when the result is stored, or seen by a
  // script, it must be deterministic, so Redis sorts it ALPHA instead.
  if (dontSort && type === 'set' && (storeKey !== null || c.isScript)) {
    dontSort = false;
    alpha = true;
    sortBy = null;
  }
  if (src !== undefined && type === 'zset') prepareSortedSet(c, src);

  let vectorLen = src === undefined ? 0 : lengthOf(src);
  let start = Math.min(Math.max(limitStart, 0), vectorLen);
  limitCount = Math.min(Math.max(limitCount, -1), vectorLen);
  let end = limitCount < 0 ? vectorLen - 1 : start + limitCount - 1;
  if (start >= vectorLen) {
    start = vectorLen - 1;
    end = vectorLen - 2;
  }
  if (end >= vectorLen) end = vectorLen - 1;

  let items: SortItem[];
  if (dontSort && (type === 'list' || type === 'zset')) {
    // Native order: only the LIMIT range is loaded, counted from the tail for DESC.
    const elements = src !== undefined && end >= start ? elementRange(src, start, end, desc) : [];
    items = elements.map((obj) => ({ obj, score: 0, cmp: null }));
    vectorLen = items.length;
    if (end >= start) {
      end -= start;
      start = 0;
    }
  } else {
    items = (src === undefined ? [] : allElements(src)).map((obj) => ({ obj, score: 0, cmp: null }));
  }

  let conversionError = false;
  if (!dontSort) {
    for (const it of items) {
      let by: string | null;
      if (sortBy !== null) {
        by = lookupByPattern(c, sortBy, it.obj);
        if (by === null) continue;
      } else {
        by = it.obj;
      }
      if (alpha) {
        if (sortBy !== null) it.cmp = by;
      } else {
        const score = sortScore(by);
        if (score === null) conversionError = true;
        else it.score = score;
      }
    }
    const cmp = comparator(alpha, sortBy !== null, storeKey !== null, desc);
    if (sortBy !== null && (start !== 0 || end !== items.length - 1)) pqsort(items, cmp, start, end);
    else items.sort(cmp);
  }

  const picked = end - start + 1;
  const outputLen = gets.length > 0 ? gets.length * picked : picked;
  if (conversionError) return c.reply.error("ERR One or more scores can't be converted into double");
  if (storeKey === null) {
    const r = c.reply;
    r.arrayLen(outputLen);
    for (let j = start; j <= end; j++) {
      const obj = items[j].obj;
      if (gets.length === 0) r.bulk(obj);
      for (const g of gets) r.bulkOrNull(lookupByPattern(c, g, obj));
    }
    return;
  }
  const out: string[] = [];
  for (let j = start; j <= end; j++) {
    const obj = items[j].obj;
    if (gets.length === 0) out.push(obj);
    else for (const g of gets) out.push(lookupByPattern(c, g, obj) ?? '');
  }
  if (outputLen > 0) {
    storeList(c, storeKey, out);
    notify(c, Notify.List, 'sortstore', storeKey);
    c.engine.dirty += outputLen;
  } else if (c.db.delete(storeKey)) {
    notify(c, Notify.Generic, 'del', storeKey);
    c.engine.dirty++;
  }
  c.reply.int(outputLen);
}

/** SORT and SORT_RO. */
export const sortCommands = defineCommands({
  sort: (c, argv) => sortGeneric(c, argv, false),
  sort_ro: (c, argv) => sortGeneric(c, argv, true),
});
