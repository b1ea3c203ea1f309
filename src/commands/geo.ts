/**
 * Geo commands over sorted sets with Redis's 52-bit geohash scores (util/geohash.ts).
 * GEOADD rewrites itself into ZADD as Redis does; the searches live in geo-search.ts.
 */
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { decodeScore, distance, geohashString, scoreOf } from '../util/geohash.js';
import { defineCommands } from './define.js';
import { lonLatOrReply, replyCoordinate, replyDistance, unitOrReply } from './geo-args.js';
import { geoSearch, SearchFlags } from './geo-search.js';
import { memberScore, runZadd } from './geo-zset.js';
import { optionIs } from './string-common.js';
import { readZSet } from './zset-common.js';
import { propagateAs } from '../engine/propagation/api.js';

/** GEOADD key [NX|XX] [CH] lon lat member [lon lat member ...]: ZADD with geohash scores. */
function geoadd(c: Client, argv: string[]): void {
  let nx = false;
  let xx = false;
  let first = 2;
  // Option words are recognised until the first argument that is not one.
  for (; first < argv.length; first++) {
    const opt = argv[first];
    if (optionIs(opt, 'nx')) nx = true;
    else if (optionIs(opt, 'xx')) xx = true;
    else if (!optionIs(opt, 'ch')) break;
  }
  if ((argv.length - first) % 3 !== 0 || (xx && nx)) return c.reply.error(Errors.syntax);
  const zargv = argv.slice(0, first);
  zargv[0] = 'zadd';
  for (let i = first; i < argv.length; i += 3) {
    const xy = lonLatOrReply(c, argv, i);
    if (xy === null) return;
    zargv.push(String(scoreOf(xy[0], xy[1])), argv[i + 2]);
  }
  runZadd(c, zargv);
  // Replicas get the ZADD it became.
  propagateAs(c, zargv);
}

/**
 * The per-member reply of GEOPOS and GEOHASH: an array with `missing()` for a member that is not
 * there (or a missing key) and `found(lon, lat)` for one that is.
 */
function replyPerMember(c: Client, argv: string[], missing: () => void, found: (lon: number, lat: number) => void): void {
  const z = readZSet(c, argv[1]);
  if (z === null) return;
  c.reply.arrayLen(argv.length - 2);
  for (let j = 2; j < argv.length; j++) {
    const score = z === undefined ? undefined : memberScore(z, argv[j]);
    if (score === undefined) {
      missing();
      continue;
    }
    const [lon, lat] = decodeScore(score);
    found(lon, lat);
  }
}

/** GEOPOS key member...: [lon, lat] per member, null for a missing one. */
function geopos(c: Client, argv: string[]): void {
  replyPerMember(
    c,
    argv,
    () => c.reply.nullArray(),
    (lon, lat) => {
      c.reply.arrayLen(2);
      replyCoordinate(c, lon);
      replyCoordinate(c, lat);
    },
  );
}

/** GEOHASH key member...: the 11-character standard geohash per member, null for a missing one. */
function geohash(c: Client, argv: string[]): void {
  replyPerMember(
    c,
    argv,
    () => c.reply.nullBulk(),
    (lon, lat) => c.reply.bulk(geohashString(lon, lat)),
  );
}

/** GEODIST key member1 member2 [unit]: null when the key or either member is missing. */
function geodist(c: Client, argv: string[]): void {
  let toMeters = 1;
  // The unit is checked before the key is even looked up.
  if (argv.length === 5) {
    toMeters = unitOrReply(c, argv[4]);
    if (toMeters < 0) return;
  } else if (argv.length > 5) {
    return c.reply.error(Errors.syntax);
  }
  const z = readZSet(c, argv[1]);
  if (z === null) return;
  if (z === undefined) return c.reply.nullBulk();
  const s1 = memberScore(z, argv[2]);
  const s2 = s1 === undefined ? undefined : memberScore(z, argv[3]);
  if (s1 === undefined || s2 === undefined) return c.reply.nullBulk();
  const [lon1, lat1] = decodeScore(s1);
  const [lon2, lat2] = decodeScore(s2);
  replyDistance(c, distance(lon1, lat1, lon2, lat2) / toMeters);
}

/** The geo commands. */
export const geoCommands = defineCommands({
  geoadd,
  geopos,
  geohash,
  geodist,
  georadius: (c, argv) => geoSearch(c, argv, 1, SearchFlags.Coords),
  georadiusbymember: (c, argv) => geoSearch(c, argv, 1, SearchFlags.Member),
  georadius_ro: (c, argv) => geoSearch(c, argv, 1, SearchFlags.Coords | SearchFlags.NoStore),
  georadiusbymember_ro: (c, argv) => geoSearch(c, argv, 1, SearchFlags.Member | SearchFlags.NoStore),
  geosearch: (c, argv) => geoSearch(c, argv, 1, SearchFlags.Search),
  geosearchstore: (c, argv) => geoSearch(c, argv, 2, SearchFlags.Search | SearchFlags.SearchStore),
});
