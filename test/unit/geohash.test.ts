/**
 * Mathematical properties of the geohash module. Bit-exactness against redis-server is proven by
 * test/differential/geohash.test.ts; these checks hold for any correct implementation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as G from '../../src/util/geohash.js';

function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
}

function randomPoint(r: () => number): [number, number] {
  return [r() * 360 - 180, r() * (2 * G.GEO_LAT_MAX) - G.GEO_LAT_MAX];
}

test('encode then decode lands in the same cell, within half a cell of the point', () => {
  const r = rng(1);
  const cellLon = 360 / 2 ** 26;
  const cellLat = (2 * G.GEO_LAT_MAX) / 2 ** 26;
  for (let i = 0; i < 20000; i++) {
    const [lon, lat] = randomPoint(r);
    const score = G.scoreOf(lon, lat);
    assert.ok(Number.isInteger(score) && score >= 0 && score < 2 ** 52, `score ${score}`);
    const [dlon, dlat] = G.decodeScore(score);
    assert.ok(Math.abs(dlon - lon) <= cellLon / 2 + 1e-12, `lon ${lon} -> ${dlon}`);
    assert.ok(Math.abs(dlat - lat) <= cellLat / 2 + 1e-12, `lat ${lat} -> ${dlat}`);
    // The decoded centre encodes back to the same score.
    assert.equal(G.scoreOf(dlon, dlat), score);
  }
});

test('scores interleave latitude on even bits and longitude on odd bits', () => {
  // The south-west corner is cell 0; one cell east sets bit 1, one cell north sets bit 0.
  assert.equal(G.scoreOf(-180, -85.05112878), 0);
  const cellLon = 360 / 2 ** 26;
  const cellLat = (2 * G.GEO_LAT_MAX) / 2 ** 26;
  assert.equal(G.scoreOf(-180 + cellLon * 1.5, -85.05112878), 2);
  assert.equal(G.scoreOf(-180, -85.05112878 + cellLat * 1.5), 1);
  // A point on the upper limits overflows the index as Redis's encoder does (past 52 bits).
  assert.ok(G.scoreOf(180, 85.05112878) >= 2 ** 52);
});

test('invalid coordinates are refused', () => {
  assert.equal(G.validLonLat(180.0001, 0), false);
  assert.equal(G.validLonLat(0, -85.06), false);
  assert.equal(G.validLonLat(-180, 85.05112878), true);
  assert.equal(G.encodeCell(200, 0, 26), null);
});

test('neighbours are the adjacent cells, wrapping around in longitude', () => {
  const r = rng(2);
  for (let i = 0; i < 2000; i++) {
    const [lon, lat] = randomPoint(r);
    const step = 1 + Math.floor(r() * 26);
    const cell = G.encodeCell(lon, lat, step)!;
    const a = G.decodeArea(cell);
    const n = G.neighboursOf(cell);
    const max = 2 ** step;
    if (cell.lon + 1 < max) assert.equal(G.decodeArea(n.east).lonMin, a.lonMax);
    else assert.equal(n.east.lon, 0);
    if (cell.lon > 0) assert.equal(G.decodeArea(n.west).lonMax, a.lonMin);
    else assert.equal(n.west.lon, max - 1);
    if (cell.lat + 1 < max) assert.equal(G.decodeArea(n.north).latMin, a.latMax);
    if (cell.lat > 0) assert.equal(G.decodeArea(n.south).latMax, a.latMin);
    assert.deepEqual([n.northEast.lat, n.northEast.lon], [n.north.lat, n.east.lon]);
    assert.deepEqual([n.southWest.lat, n.southWest.lon], [n.south.lat, n.west.lon]);
  }
});

test('the score range of a coarse cell holds exactly the scores of its points', () => {
  const r = rng(3);
  for (let i = 0; i < 2000; i++) {
    const [lon, lat] = randomPoint(r);
    const step = 1 + Math.floor(r() * 26);
    const [min, max] = G.scoreRangeOf(G.encodeCell(lon, lat, step)!);
    const s = G.scoreOf(lon, lat);
    assert.ok(min <= s && s < max, `step ${step}: ${min} <= ${s} < ${max}`);
    assert.equal(max - min, 2 ** (52 - 2 * step));
  }
});

test('distances: symmetric, zero on the same point, known city pairs', () => {
  // Palermo (13.361389, 38.115556) to Catania (15.087269, 37.502669): about 166.27 km.
  const d = G.distance(13.361389, 38.115556, 15.087269, 37.502669);
  assert.ok(Math.abs(d - 166274) < 5, `${d}`);
  assert.equal(G.distance(15.087269, 37.502669, 13.361389, 38.115556), d);
  assert.equal(G.distance(1, 2, 1, 2), 0);
  // A quarter of a meridian, and half the equator.
  const quarter = (Math.PI / 2) * G.EARTH_RADIUS_IN_METERS;
  assert.ok(Math.abs(G.distance(0, 0, 0, 90) - quarter) < 1e-6);
  assert.ok(Math.abs(G.distance(0, 0, 180, 0) - 2 * quarter) < 1e-6);
});

test('the search cells cover every point of the shape', () => {
  const r = rng(4);
  for (let i = 0; i < 300; i++) {
    const [lon, lat] = randomPoint(r);
    const radius = 10 ** (r() * 6); // 1 m .. 1000 km
    const shape: G.Shape = { kind: 'radius', lon, lat, conversion: 1, radius };
    const cells = G.searchCells(shape).filter((c) => !G.isZeroCell(c));
    const ranges = cells.map(G.scoreRangeOf);
    for (let k = 0; k < 40; k++) {
      // A point inside the radius must fall in one of the searched ranges.
      const ang = r() * 2 * Math.PI;
      const dist = r() * radius * 0.99;
      const plat = lat + ((dist * Math.cos(ang)) / G.EARTH_RADIUS_IN_METERS) * (180 / Math.PI);
      const plon = lon + ((dist * Math.sin(ang)) / (G.EARTH_RADIUS_IN_METERS * Math.cos((plat * Math.PI) / 180))) * (180 / Math.PI);
      if (!G.validLonLat(plon, plat)) continue;
      const s = G.scoreOf(plon, plat);
      const [dl, dt] = G.decodeScore(s);
      if (G.distanceIfWithin(shape, dl, dt) < 0) continue;
      assert.ok(ranges.some(([a, b]) => a <= s && s < b), `point ${plon},${plat} of radius ${radius} around ${lon},${lat}`);
    }
  }
});

test('step estimation shrinks with the radius and widens towards the poles', () => {
  assert.equal(G.estimateStepsByRadius(0, 0), 26);
  assert.ok(G.estimateStepsByRadius(100, 0) > G.estimateStepsByRadius(100000, 0));
  assert.equal(G.estimateStepsByRadius(100, 70), G.estimateStepsByRadius(100, 0) - 1);
  assert.equal(G.estimateStepsByRadius(100, -81), G.estimateStepsByRadius(100, 0) - 2);
  assert.equal(G.estimateStepsByRadius(1e9, 0), 1);
});

test('box shapes: inside when within half the width and height', () => {
  const box: G.Shape = { kind: 'box', lon: 0, lat: 0, conversion: 1000, width: 200, height: 100 };
  assert.ok(G.distanceIfWithin(box, 0.8, 0.4) >= 0);
  assert.equal(G.distanceIfWithin(box, 0, 0.5), -1);
  assert.equal(G.distanceIfWithin(box, 0.95, 0), -1);
  const [minLon, minLat, maxLon, maxLat] = G.boundingBox(box);
  assert.ok(minLon < -0.89 && maxLon > 0.89 && minLat < -0.44 && maxLat > 0.44);
});

test('GEOHASH strings use the standard ±90 latitude range and end in 0', () => {
  const s = G.geohashString(0, 0);
  assert.equal(s.length, 11);
  assert.equal(s, 's0000000000');
  assert.equal(G.geohashString(-180, -85.05112878).slice(0, 1), '0');
  assert.match(G.geohashString(13.361389, 38.115556), /^sqc8b49rn[a-z0-9]0$/);
});
