/**
 * The geohash math (src/util/geohash.ts and the geo number formats) computed in-process and
 * compared with what redis-server replies for the same inputs: GEOADD scores, GEOPOS
 * coordinates, GEOHASH strings and GEODIST distances for thousands of random points, the
 * limits, and positions decoded from arbitrary ZADD scores. Only redis-server is sent
 * commands here (Sonic's side is the pure functions); the command-level comparison with Sonic
 * is test/differential/geo.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useDifferentialPair } from '../helpers/differential.js';
import * as G from '../../src/util/geohash.js';
import { formatDistance, formatHumanDouble } from '../../src/util/fixed-format.js';
import { formatG17 } from '../../src/protocol/reply.js';

const pair = useDifferentialPair();

function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
}

const bulk = (s: string) => `$${s.length}\r\n${s}\r\n`;

/** Random points (some rounded, as users type them) plus the corners and limits. */
function points(): [number, number][] {
  const r = rng(99);
  const out: [number, number][] = [];
  for (let i = 0; i < 4000; i++) {
    let lon = r() * 360 - 180;
    let lat = r() * 2 * G.GEO_LAT_MAX - G.GEO_LAT_MAX;
    if (i % 5 === 0) lon = Math.round(lon * 1e4) / 1e4;
    if (i % 7 === 0) lat = Math.round(lat * 10) / 10;
    out.push([lon, lat]);
  }
  out.push([180, G.GEO_LAT_MAX], [-180, G.GEO_LAT_MIN], [180, G.GEO_LAT_MIN], [-180, G.GEO_LAT_MAX], [0, 0], [-0.0000001, 0.0000001]);
  return out;
}

test('GEOADD scores, GEOPOS and GEOHASH match redis-server for random points', async () => {
  const pts = points();
  await pair.redis.run([['FLUSHALL']]);
  const cmds: string[][] = [];
  pts.forEach(([lon, lat], i) => {
    cmds.push(['GEOADD', 'g', formatG17(lon), formatG17(lat), 'm' + i], ['ZSCORE', 'g', 'm' + i], ['GEOPOS', 'g', 'm' + i], ['GEOHASH', 'g', 'm' + i]);
  });
  const replies = await pair.redis.run(cmds);
  for (let i = 0; i < pts.length; i++) {
    const [lon, lat] = pts[i];
    const score = G.scoreOf(lon, lat);
    const [dlon, dlat] = G.decodeScore(score);
    const what = `point ${formatG17(lon)},${formatG17(lat)}`;
    assert.equal(replies[4 * i + 1], bulk(formatG17(score)), what + ' score');
    assert.equal(replies[4 * i + 2], `*1\r\n*2\r\n${bulk(formatHumanDouble(dlon))}${bulk(formatHumanDouble(dlat))}`, what + ' GEOPOS');
    assert.equal(replies[4 * i + 3], `*1\r\n${bulk(G.geohashString(dlon, dlat))}`, what + ' GEOHASH');
  }
});

test('GEODIST matches redis-server in every unit', async () => {
  const pts = points();
  const r = rng(5);
  const units: [string, number][] = [['m', 1], ['km', 1000], ['ft', 0.3048], ['mi', 1609.34]];
  await pair.redis.run([['FLUSHALL']]);
  await pair.redis.run(pts.map(([lon, lat], i) => ['GEOADD', 'g', formatG17(lon), formatG17(lat), 'm' + i]));
  const pairs: [number, number, number][] = [];
  for (let i = 0; i < 3000; i++) pairs.push([Math.floor(r() * pts.length), Math.floor(r() * pts.length), i % 4]);
  // Same-meridian pairs take Redis's shortcut formula.
  pairs.push([0, 0, 0]);
  const replies = await pair.redis.run(pairs.map(([a, b, u]) => ['GEODIST', 'g', 'm' + a, 'm' + b, units[u][0]]));
  pairs.forEach(([a, b, u], i) => {
    const [lon1, lat1] = G.decodeScore(G.scoreOf(...pts[a]));
    const [lon2, lat2] = G.decodeScore(G.scoreOf(...pts[b]));
    assert.equal(replies[i], bulk(formatDistance(G.distance(lon1, lat1, lon2, lat2) / units[u][1])), `GEODIST m${a} m${b} ${units[u][0]}`);
  });
});

test('positions decoded from arbitrary sorted-set scores match redis-server', async () => {
  const scores = ['-1', '-1e10', '0', '0.5', '1', '4503599627370495.5', '9007199254740991', '9007199254740992', '9007199254740994',
    '1152921504606846976', '9223372036854775808', '18446744073709551616', '1e30', '-1e30', 'inf', '-inf', '123456789.987', '4e15'];
  await pair.redis.run([['FLUSHALL']]);
  const cmds: string[][] = [];
  scores.forEach((s, i) => cmds.push(['ZADD', 'z', s, 'x' + i], ['GEOPOS', 'z', 'x' + i], ['GEOHASH', 'z', 'x' + i]));
  const replies = await pair.redis.run(cmds);
  scores.forEach((s, i) => {
    const v = s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s);
    const [lon, lat] = G.decodeScore(v);
    assert.equal(replies[3 * i + 1], `*1\r\n*2\r\n${bulk(formatHumanDouble(lon))}${bulk(formatHumanDouble(lat))}`, `score ${s}`);
    assert.equal(replies[3 * i + 2], `*1\r\n${bulk(G.geohashString(lon, lat))}`, `score ${s}`);
  });
});
