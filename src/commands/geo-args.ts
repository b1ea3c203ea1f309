/** Argument helpers shared by the geo commands: coordinates, units, distances, reply formats. */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { parseDouble } from '../util/parse-double.js';
import { validLonLat } from '../util/geohash.js';
import { formatDistance, formatFixed, formatHumanDouble } from '../util/fixed-format.js';
import { optionIs } from './string-common.js';

/** A double argument, or null after replying `ERR <msg>` (or the generic float error). */
export function doubleArgOrReply(c: Client, arg: string, msg?: string): number | null {
  const v = parseDouble(arg);
  if (v === null) c.reply.error(msg !== undefined ? 'ERR ' + msg : Errors.notFloat);
  return v;
}

/**
 * Redis's extractLongLatOrReply: longitude and latitude at argv[i], argv[i+1], both parsed
 * before the range is checked. Returns [lon, lat] or null after replying.
 */
export function lonLatOrReply(c: Client, argv: string[], i: number): [number, number] | null {
  const lon = doubleArgOrReply(c, argv[i]);
  if (lon === null) return null;
  const lat = doubleArgOrReply(c, argv[i + 1]);
  if (lat === null) return null;
  if (!validLonLat(lon, lat)) {
    c.reply.error(`ERR invalid longitude,latitude pair ${formatFixed(lon, 6)},${formatFixed(lat, 6)}`);
    return null;
  }
  return [lon, lat];
}

/** Meters per unit (m, km, ft, mi, any case), or -1 after replying the unit error. */
export function unitOrReply(c: Client, unit: string): number {
  if (optionIs(unit, 'm')) return 1;
  if (optionIs(unit, 'km')) return 1000;
  if (optionIs(unit, 'ft')) return 0.3048;
  if (optionIs(unit, 'mi')) return 1609.34;
  c.reply.error('ERR unsupported unit provided. please use M, KM, FT, MI');
  return -1;
}

/** Redis's extractDistanceOrReply: `<radius> <unit>` at argv[i]; [radius, conversion] or null. */
export function distanceOrReply(c: Client, argv: string[], i: number): [number, number] | null {
  const radius = doubleArgOrReply(c, argv[i], 'need numeric radius');
  if (radius === null) return null;
  if (radius < 0) {
    c.reply.error('ERR radius cannot be negative');
    return null;
  }
  const conversion = unitOrReply(c, argv[i + 1]);
  return conversion < 0 ? null : [radius, conversion];
}

/** Redis's extractBoxOrReply: `<width> <height> <unit>`; [width, height, conversion] or null. */
export function boxOrReply(c: Client, argv: string[], i: number): [number, number, number] | null {
  const width = doubleArgOrReply(c, argv[i], 'need numeric width');
  if (width === null) return null;
  const height = doubleArgOrReply(c, argv[i + 1], 'need numeric height');
  if (height === null) return null;
  if (height < 0 || width < 0) {
    c.reply.error('ERR height or width cannot be negative');
    return null;
  }
  const conversion = unitOrReply(c, argv[i + 2]);
  return conversion < 0 ? null : [width, height, conversion];
}

/** A distance reply: a bulk string with 4 decimals in both protocols. */
export function replyDistance(c: Client, d: number): void {
  c.reply.bulk(formatDistance(d));
}

/**
 * A coordinate reply (Redis's addReplyHumanLongDouble): a bulk string in RESP2, a double in
 * RESP3, written in the "%.17Lf" human form in both.
 */
export function replyCoordinate(c: Client, d: number): void {
  const s = formatHumanDouble(d);
  if (c.reply.proto === 3) c.reply.raw(',' + s + '\r\n');
  else c.reply.bulk(s);
}
