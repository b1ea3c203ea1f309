/**
 * GEOSEARCH, GEOSEARCHSTORE, GEORADIUS[_RO] and GEORADIUSBYMEMBER[_RO]: one search, as Redis's
 * georadiusGeneric, with its argument parsing order and error precedence.
 *
 * The search covers the centre geohash cell and its useful neighbours (util/geohash.ts
 * searchCells), reads each cell's score range from the sorted set in order, keeps the points
 * inside the shape, then sorts by distance when asked (partially, with Redis's pqsort, when
 * COUNT cuts the result, so ties come out as in Redis).
 */
import { readZSet } from './zset-common.js';
import type { Client } from '../engine/client.js';
import { notify, Notify } from '../engine/notify.js';
import { Errors } from '../engine/errors.js';
import type { CollectionValue } from '../types/value.js';
import { decodeScore, distanceIfWithin, isZeroCell, scoreRangeOf, searchCells, type Shape } from '../util/geohash.js';
import { pqsort } from '../util/pqsort.js';
import { parseInt64 } from '../util/int64.js';
import { boxOrReply, distanceOrReply, lonLatOrReply, replyCoordinate, replyDistance } from './geo-args.js';
import { forEachInScoreRange, memberScore, storeSortedSet } from './geo-zset.js';
import { optionIs } from './string-common.js';
import { cString } from '../util/bytes.js';

/** Which command variant runs the search (Redis's RADIUS_* / GEOSEARCH* flags). */
export const enum SearchFlags {
  Coords = 1,
  Member = 2,
  NoStore = 4,
  Search = 8,
  SearchStore = 16,
}

/** A point found by a search. */
interface GeoPoint {
  lon: number;
  lat: number;
  dist: number;
  score: number;
  member: string;
}

function byDistAsc(a: GeoPoint, b: GeoPoint): number {
  return a.dist > b.dist ? 1 : a.dist === b.dist ? 0 : -1;
}

function byDistDesc(a: GeoPoint, b: GeoPoint): number {
  return -byDistAsc(a, b);
}

/** The position of a member, or null when it is absent. */
function memberPosition(z: CollectionValue, member: string): [number, number] | null {
  const score = memberScore(z, member);
  return score === undefined ? null : decodeScore(score);
}

const enum Sort {
  None,
  Asc,
  Desc,
}

/** Runs the search command in `argv`, whose source key is argv[srcIndex]. */
export function geoSearch(c: Client, argv: string[], srcIndex: number, flags: number): void {
  const z = readZSet(c, argv[srcIndex]);
  if (z === null) return;
  let storeKey: string | null = null;
  let storeDist = false;
  let lon = 0;
  let lat = 0;
  let kind: 'radius' | 'box' = 'radius';
  let radius = 0;
  let width = 0;
  let height = 0;
  let conversion = 0;
  let base: number;
  if (flags & SearchFlags.Coords) {
    base = 6;
    const xy = lonLatOrReply(c, argv, 2);
    if (xy === null) return;
    [lon, lat] = xy;
    const d = distanceOrReply(c, argv, base - 2);
    if (d === null) return;
    [radius, conversion] = d;
  } else if (flags & SearchFlags.Member) {
    base = 5;
    // Without the key the member cannot be located; parsing still goes on to pick the reply.
    if (z !== undefined) {
      const xy = memberPosition(z, argv[2]);
      if (xy === null) return c.reply.error('ERR could not decode requested zset member');
      [lon, lat] = xy;
      const d = distanceOrReply(c, argv, base - 2);
      if (d === null) return;
      [radius, conversion] = d;
    }
  } else {
    base = 2;
    if (flags & SearchFlags.SearchStore) {
      base = 3;
      storeKey = argv[1];
    }
  }

  let withDist = false;
  let withHash = false;
  let withCoord = false;
  let fromMember = false;
  let fromLonLat = false;
  let byRadius = false;
  let byBox = false;
  let sort = Sort.None;
  let any = false;
  let count = 0;
  const isSearch = (flags & SearchFlags.Search) !== 0;
  const canStore = !(flags & SearchFlags.NoStore) && !isSearch;
  const remaining = argv.length - base;
  for (let i = 0; i < remaining; i++) {
    const arg = argv[base + i];
    if (optionIs(arg, 'withdist')) withDist = true;
    else if (optionIs(arg, 'withhash')) withHash = true;
    else if (optionIs(arg, 'withcoord')) withCoord = true;
    else if (optionIs(arg, 'any')) any = true;
    else if (optionIs(arg, 'asc')) sort = Sort.Asc;
    else if (optionIs(arg, 'desc')) sort = Sort.Desc;
    else if (optionIs(arg, 'count') && i + 1 < remaining) {
      const n = parseInt64(argv[base + i + 1]);
      if (n === null) return c.reply.error(Errors.notInteger);
      if (n <= 0) return c.reply.error('ERR COUNT must be > 0');
      // Counts past 2^53 lose precision but still exceed any possible result size.
      count = Number(n);
      i++;
    } else if (optionIs(arg, 'store') && i + 1 < remaining && canStore) {
      storeKey = argv[base + i + 1];
      storeDist = false;
      i++;
    } else if (optionIs(arg, 'storedist') && i + 1 < remaining && canStore) {
      storeKey = argv[base + i + 1];
      storeDist = true;
      i++;
    } else if (optionIs(arg, 'storedist') && isSearch && flags & SearchFlags.SearchStore) {
      storeDist = true;
    } else if (optionIs(arg, 'frommember') && i + 1 < remaining && isSearch && !fromLonLat) {
      if (z !== undefined) {
        const xy = memberPosition(z, argv[base + i + 1]);
        if (xy === null) return c.reply.error('ERR could not decode requested zset member');
        [lon, lat] = xy;
      }
      fromMember = true;
      i++;
    } else if (optionIs(arg, 'fromlonlat') && i + 2 < remaining && isSearch && !fromMember) {
      const xy = lonLatOrReply(c, argv, base + i + 1);
      if (xy === null) return;
      [lon, lat] = xy;
      fromLonLat = true;
      i += 2;
    } else if (optionIs(arg, 'byradius') && i + 2 < remaining && isSearch && !byBox) {
      const d = distanceOrReply(c, argv, base + i + 1);
      if (d === null) return;
      [radius, conversion] = d;
      kind = 'radius';
      byRadius = true;
      i += 2;
    } else if (optionIs(arg, 'bybox') && i + 3 < remaining && isSearch && !byRadius) {
      const b = boxOrReply(c, argv, base + i + 1);
      if (b === null) return;
      [width, height, conversion] = b;
      kind = 'box';
      byBox = true;
      i += 3;
    } else {
      return c.reply.error(Errors.syntax);
    }
  }

  if (storeKey !== null && (withDist || withHash || withCoord)) {
    const what = flags & SearchFlags.SearchStore ? 'GEOSEARCHSTORE' : 'STORE option in GEORADIUS';
    return c.reply.error(`ERR ${what} is not compatible with WITHDIST, WITHHASH and WITHCOORD options`);
  }
  // The command name is printed as sent, up to a NUL byte as C's %s does.
  const name = cString(argv[0]);
  if (isSearch && !(fromMember || fromLonLat)) {
    return c.reply.error(`ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for ${name}`);
  }
  if (isSearch && !(byRadius || byBox)) {
    return c.reply.error(`ERR exactly one of BYRADIUS and BYBOX can be specified for ${name}`);
  }
  if (any && count === 0) return c.reply.error('ERR the ANY argument requires COUNT argument');

  if (z === undefined) {
    if (storeKey === null) return c.reply.arrayLen(0);
    deleteStoreKey(c, storeKey);
    return c.reply.int(0);
  }

  // COUNT means "the closest N": sort ascending unless ANY asked for the first N found.
  if (count !== 0 && sort === Sort.None && !any) sort = Sort.Asc;

  const shape: Shape =
    kind === 'radius' ? { kind, lon, lat, conversion, radius } : { kind, lon, lat, conversion, width, height };
  const points = collect(z, shape, any ? count : 0);

  if (points.length === 0 && storeKey === null) return c.reply.arrayLen(0);
  const total = points.length;
  const returned = count === 0 || total < count ? total : count;
  if (sort !== Sort.None) {
    const cmp = sort === Sort.Asc ? byDistAsc : byDistDesc;
    if (returned === total) points.sort(cmp);
    else pqsort(points, cmp, 0, returned - 1);
  }

  if (storeKey === null) {
    const r = c.reply;
    const options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoord ? 1 : 0);
    r.arrayLen(returned);
    for (let i = 0; i < returned; i++) {
      const p = points[i];
      if (options !== 0) r.arrayLen(options + 1);
      r.bulk(p.member);
      if (withDist) replyDistance(c, p.dist / conversion);
      if (withHash) r.int(Math.trunc(p.score));
      if (withCoord) {
        r.arrayLen(2);
        replyCoordinate(c, p.lon);
        replyCoordinate(c, p.lat);
      }
    }
    return;
  }
  if (returned > 0) {
    const members: string[] = new Array(returned);
    const scores: number[] = new Array(returned);
    for (let i = 0; i < returned; i++) {
      members[i] = points[i].member;
      scores[i] = storeDist ? points[i].dist / conversion : points[i].score;
    }
    storeSortedSet(c, storeKey, members, scores);
    notify(c, Notify.Zset, isSearch ? 'geosearchstore' : 'georadiusstore', storeKey);
    c.engine.dirty += returned;
  } else {
    deleteStoreKey(c, storeKey);
  }
  c.reply.int(returned);
}

/** An empty result deletes the STORE destination (Redis's dbDelete, with its del event). */
function deleteStoreKey(c: Client, key: string): void {
  if (!c.db.delete(key)) return;
  notify(c, Notify.Generic, 'del', key);
  c.engine.dirty++;
}

/**
 * Redis's membersOfAllNeighbors: the points of every search cell that lie inside the shape,
 * cell by cell in score order. A cell equal to the last one searched is skipped (huge radii
 * make neighbours coincide). With `limit` (COUNT ... ANY) the search stops once it has enough.
 */
function collect(z: CollectionValue, shape: Shape, limit: number): GeoPoint[] {
  const points: GeoPoint[] = [];
  const cells = searchCells(shape);
  let last = -1;
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i];
    if (isZeroCell(cell)) continue;
    if (last > 0 && cell.lat === cells[last].lat && cell.lon === cells[last].lon && cell.step === cells[last].step) continue;
    if (points.length !== 0 && limit !== 0 && points.length >= limit) break;
    const [min, max] = scoreRangeOf(cell);
    forEachInScoreRange(z, min, max, (member, score) => {
      const [plon, plat] = decodeScore(score);
      const dist = distanceIfWithin(shape, plon, plat);
      if (dist >= 0) points.push({ lon: plon, lat: plat, dist, score, member });
      return !(points.length !== 0 && limit !== 0 && points.length >= limit);
    });
    last = i;
  }
  return points;
}

