/** Cases of the geo differential test (test/differential/geo.test.ts), as data. */
import type { DiffCase } from '../../helpers/differential.js';

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number): () => number {
  return () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed / 0x7fffffff);
}

const SICILY = ['GEOADD', 'Sicily', '13.361389', '38.115556', 'Palermo', '15.087269', '37.502669', 'Catania', '12.758489', '38.788135', 'edge1', '17.241510', '38.788135', 'edge2'];
const NYC = [
  'GEOADD', 'nyc',
  '-73.9454966', '40.747533', 'lic market',
  '-73.9733487', '40.7648057', 'central park n/q/r',
  '-73.9903085', '40.7362513', 'union square',
  '-74.0131604', '40.7126674', 'wtc one',
  '-73.7858139', '40.6428986', 'jfk',
  '-73.9375699', '40.7498929', 'q4',
  '-73.9564142', '40.7480973', '4545',
];

/** A random geo set and random searches over it, every option combination. */
function randomSearches(): string[][] {
  const r = rng(2024);
  const out: string[][] = [];
  const num = (v: number) => String(Math.round(v * 1e6) / 1e6);
  for (let k = 0; k < 3; k++) {
    const clat = r() * 160 - 80;
    const clon = r() * 360 - 180;
    const add = ['GEOADD', 'rnd' + k];
    for (let i = 0; i < 150; i++) {
      let lat = clat + (r() - 0.5) * 20;
      let lon = clon + (r() - 0.5) * 40;
      lat = Math.max(-85, Math.min(85, lat));
      if (lon > 180) lon -= 360;
      if (lon < -180) lon += 360;
      add.push(num(lon), num(lat), 'p' + i);
    }
    out.push(add);
    for (let q = 0; q < 25; q++) {
      const radius = String(Math.floor(r() * 1500) + 1);
      const opts: string[] = [];
      if (r() < 0.5) opts.push('WITHDIST');
      if (r() < 0.3) opts.push('WITHCOORD');
      if (r() < 0.3) opts.push('WITHHASH');
      const sort = r();
      if (sort < 0.3) opts.push('ASC');
      else if (sort < 0.6) opts.push('DESC');
      if (r() < 0.4) {
        opts.push('COUNT', String(1 + Math.floor(r() * 20)));
        if (r() < 0.3) opts.push('ANY');
      }
      const lon = num(clon + (r() - 0.5) * 10 > 180 ? 180 : Math.max(-180, clon + (r() - 0.5) * 10));
      const lat = num(Math.max(-85, Math.min(85, clat + (r() - 0.5) * 10)));
      out.push(['GEORADIUS', 'rnd' + k, lon, lat, radius, 'km', ...opts]);
      out.push(['GEOSEARCH', 'rnd' + k, 'FROMLONLAT', lon, lat, 'BYBOX', radius, String(Math.floor(r() * 1500) + 1), 'km', ...opts]);
      out.push(['GEORADIUSBYMEMBER', 'rnd' + k, 'p' + Math.floor(r() * 150), radius, 'km', ...opts]);
      out.push(['GEOSEARCH', 'rnd' + k, 'FROMMEMBER', 'p' + Math.floor(r() * 150), 'BYRADIUS', radius, 'km', ...opts]);
    }
  }
  return out;
}

export const GEO_CASES: DiffCase[] = [
  {
    name: 'GEOADD options, replies and errors',
    cmds: [
      ['GEOADD', 'g', '13.361389', '38.115556', 'Palermo'],
      ['GEOADD', 'g', '13.361389', '38.115556', 'Palermo'],
      ['GEOADD', 'g', 'CH', '13.5', '38.1', 'Palermo', '15.087269', '37.502669', 'Catania'],
      ['GEOADD', 'g', 'NX', '1', '1', 'Palermo', '2', '2', 'new'],
      ['GEOADD', 'g', 'XX', '3', '3', 'Palermo', '4', '4', 'other'],
      ['GEOADD', 'g', 'xx', 'ch', '5', '5', 'Palermo'],
      ['GEOADD', 'g', 'ch', 'nx', 'ch', '6', '6', 'Palermo', '7', '7', 'x7'],
      ['GEOADD', 'g', 'XX', 'NX', '1', '1', 'a'],
      ['GEOADD', 'g', 'GT', '1', '1', 'a'],
      ['GEOADD', 'g', '1', '1'],
      ['GEOADD', 'g', '1', '1', 'a', '2'],
      ['GEOADD', 'g', 'nx', 'xx', 'ch'],
      ['GEOADD', 'g', 'ch', 'ch', 'ch'],
      ['GEOADD', 'g', '200', '100', 'bad'],
      ['GEOADD', 'g', '-180.0000001', '0', 'bad'],
      ['GEOADD', 'g', '0', '85.05112879', 'bad'],
      ['GEOADD', 'g', '1e300', '-1e300', 'bad'],
      ['GEOADD', 'g', 'inf', '0', 'bad'],
      ['GEOADD', 'g', '200.0078125', '0', 'bad'],
      ['GEOADD', 'g', '-0', '-0', 'zero'],
      ['GEOADD', 'g', 'abc', '0', 'bad'],
      ['GEOADD', 'g', '0', 'nan', 'bad'],
      ['GEOADD', 'g', ' 1', '0', 'bad'],
      ['GEOADD', 'g', '1e-400', '0', 'bad'],
      ['GEOADD', 'g', '0x10', '0x1p3', 'hex', '4.9e-324', '1', 'denormal'],
      ['GEOADD', 'g', '1', '1', 'ok', '200', '0', 'bad'],
      ['GEOADD', 'g', '180', '85.05112878', 'ne', '-180', '-85.05112878', 'sw', '180', '-85.05112878', 'se'],
      ['ZRANGE', 'g', '0', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'g'],
      ['SET', 's', 'x'],
      ['GEOADD', 's', '1', '1', 'a'],
      ['GEOADD', 's', '1', '1'],
    ],
  },
  {
    name: 'GEOPOS, GEOHASH and GEODIST',
    cmds: [
      SICILY,
      ['GEOPOS', 'Sicily', 'Palermo', 'nope', 'Catania', 'edge1'],
      ['GEOPOS', 'nokey', 'a', 'b'],
      ['GEOHASH', 'Sicily', 'Palermo', 'Catania', 'nope', 'edge2'],
      ['GEOHASH', 'nokey', 'a'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'MI'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'Ft'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'm\0x'],
      ['GEODIST', 'Sicily', 'Palermo', 'Palermo'],
      ['GEODIST', 'Sicily', 'Palermo', 'nope'],
      ['GEODIST', 'Sicily', 'nope', 'Palermo'],
      ['GEODIST', 'nokey', 'a', 'b'],
      ['GEODIST', 'nokey', 'a', 'b', 'parsecs'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'yards'],
      ['GEODIST', 'Sicily', 'Palermo', 'Catania', 'km', 'extra'],
      ['ZADD', 'z', '-1', 'neg', '1e30', 'huge', '0.5', 'half', '9007199254740993', 'big'],
      ['GEOPOS', 'z', 'neg', 'huge', 'half', 'big'],
      ['GEOHASH', 'z', 'neg', 'huge', 'half', 'big'],
      ['GEODIST', 'z', 'neg', 'huge'],
      ['SET', 's', 'x'],
      ['GEOPOS', 's', 'a'],
      ['GEOHASH', 's', 'a'],
      ['GEODIST', 's', 'a', 'b'],
      ['GEODIST', 's', 'a', 'b', 'bad'],
    ],
  },
  {
    name: 'GEORADIUS and GEORADIUSBYMEMBER options',
    cmds: [
      SICILY,
      NYC,
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'ASC'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'DESC', 'WITHDIST', 'WITHCOORD', 'WITHHASH'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'withhash', 'withcoord', 'withdist', 'asc', 'count', '1'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '2', 'ANY'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '2', 'ANY', 'DESC'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'ANY'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '0'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '-5'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', 'x'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '9223372036854775807'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'COUNT', '9223372036854775808'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'BOGUS'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'parsecs'],
      ['GEORADIUS', 'Sicily', '15', '37', '-1', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', 'abc', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', '0', 'km'],
      ['GEORADIUS', 'Sicily', '200', '37', '200', 'km'],
      ['GEORADIUS', 'Sicily', 'x', '37', '200', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'FROMMEMBER', 'Palermo'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST'],
      ['GEORADIUS', 'Sicily', '15', '37', '50000', 'km'],
      ['GEORADIUS', 'Sicily', '15', '37', '1e12', 'km', 'WITHDIST'],
      ['GEORADIUS', 'nyc', '-73.9798091', '40.7598464', '3', 'km', 'asc'],
      ['GEORADIUS', 'nyc', '-73.9798091', '40.7598464', '3', 'km', 'withdist', 'asc'],
      ['GEORADIUS', 'nyc', '-73.9798091', '40.7598464', '10', 'km', 'COUNT', '3', 'DESC'],
      ['GEORADIUS', 'nyc', '-73.9798091', '40.7598464', '10', 'km', 'COUNT', '3', 'ANY', 'ASC'],
      ['GEORADIUSBYMEMBER', 'nyc', 'wtc one', '7', 'km'],
      ['GEORADIUSBYMEMBER', 'nyc', 'wtc one', '7', 'km', 'withdist', 'withcoord'],
      ['GEORADIUSBYMEMBER', 'nyc', 'nope', '7', 'km'],
      ['GEORADIUSBYMEMBER', 'nyc', 'wtc one', '-7', 'km'],
      ['GEORADIUSBYMEMBER', 'nokey', 'wtc one', 'bad', 'km'],
      ['GEORADIUSBYMEMBER', 'nokey', 'x', '7', 'km', 'BOGUS'],
      ['GEORADIUSBYMEMBER', 'nokey', 'x', '7', 'km', 'STORE', 'dst'],
      ['GEORADIUS', 'nokey', '15', '37', '200', 'km'],
      ['GEORADIUS', 'nokey', '15', '37', '200', 'km', 'ANY'],
      ['GEORADIUS', 'nokey', '200', '37', '200', 'km'],
      ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'ASC'],
      ['GEORADIUS_RO', 'Sicily', '15', '37', '200', 'km', 'STORE', 'dst'],
      ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '200', 'km', 'WITHDIST', 'DESC'],
      ['GEORADIUSBYMEMBER_RO', 'Sicily', 'Palermo', '200', 'km', 'STOREDIST', 'dst'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHDIST', 'STORE', 'dst'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'WITHCOORD', 'STOREDIST', 'dst'],
      ['EXISTS', 'dst'],
      ['SET', 's', 'x'],
      ['GEORADIUS', 's', '15', '37', '200', 'km'],
      ['GEORADIUS', 's', '200', '37', '200', 'km'],
      ['GEORADIUSBYMEMBER', 's', 'a', '200', 'km'],
    ],
  },
  {
    name: 'GEOSEARCH options and error precedence',
    cmds: [
      SICILY,
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ASC'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '200', 'km', 'DESC', 'WITHDIST', 'WITHCOORD', 'WITHHASH'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'ASC', 'WITHDIST'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '100', '100', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'COUNT', '1', 'ANY'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '200', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'Palermo', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'],
      ['GEOSEARCH', 'Sicily', 'BYRADIUS', '200', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'BYBOX', '1', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'km', 'BYRADIUS', '200', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '-1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', 'w', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', 'h', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1', 'yd'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '1', '1'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMMEMBER', 'nope', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STORE', 'dst'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'STOREDIST'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'ANY'],
      ['geoSEARCH', 'Sicily', 'withdist'],
      ['geosearch', 'Sicily', 'FROMLONLAT', '15', '37', 'withdist'],
      ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'x', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'nokey', 'FROMMEMBER', 'x', 'BYRADIUS', '-1', 'km'],
      ['GEOSEARCH', 'nokey', 'FROMLONLAT', '500', '1', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'nokey', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCH', 'Sicily', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km', 'COUNT', '0'],
      ['SET', 's', 'x'],
      ['GEOSEARCH', 's', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'],
    ],
  },
  {
    name: 'STORE, STOREDIST and GEOSEARCHSTORE',
    cmds: [
      SICILY,
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd1'],
      ['ZRANGE', 'd1', '0', '-1', 'WITHSCORES'],
      ['OBJECT', 'ENCODING', 'd1'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'd2'],
      ['ZRANGE', 'd2', '0', '-1', 'WITHSCORES'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STOREDIST', 'd2', 'COUNT', '1', 'DESC'],
      ['ZRANGE', 'd2', '0', '-1', 'WITHSCORES'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd2', 'STOREDIST', 'd3'],
      ['EXISTS', 'd2', 'd3'],
      ['GEORADIUSBYMEMBER', 'Sicily', 'Palermo', '500', 'km', 'STOREDIST', 'd4'],
      ['ZRANGE', 'd4', '0', '-1', 'WITHSCORES'],
      ['SET', 'd5', 'string'],
      ['EXPIRE', 'd5', '1000'],
      ['GEORADIUS', 'Sicily', '15', '37', '200', 'km', 'STORE', 'd5'],
      ['TYPE', 'd5'],
      ['TTL', 'd5'],
      ['GEORADIUS', 'Sicily', '0', '0', '1', 'km', 'STORE', 'd5'],
      ['EXISTS', 'd5'],
      ['GEORADIUS', 'nokey', '0', '0', '1', 'km', 'STORE', 'd4'],
      ['EXISTS', 'd4'],
      ['GEOSEARCHSTORE', 'd6', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km'],
      ['ZRANGE', 'd6', '0', '-1', 'WITHSCORES'],
      ['GEOSEARCHSTORE', 'd7', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'STOREDIST', 'DESC', 'COUNT', '2'],
      ['ZRANGE', 'd7', '0', '-1', 'WITHSCORES'],
      ['GEOSEARCHSTORE', 'd7', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'WITHDIST'],
      ['GEOSEARCHSTORE', 'd7', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'STORE', 'x'],
      ['GEOSEARCHSTORE', 'd7', 'Sicily', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km', 'STOREDIST', 'x'],
      ['GEOSEARCHSTORE', 'd7', 'nokey', 'FROMLONLAT', '15', '37', 'BYBOX', '400', '400', 'km'],
      ['EXISTS', 'd7'],
      ['GEOSEARCHSTORE', 'Sicily', 'Sicily', 'FROMMEMBER', 'Palermo', 'BYRADIUS', '10', 'km'],
      ['ZRANGE', 'Sicily', '0', '-1'],
      ['SET', 's', 'x'],
      ['GEOSEARCHSTORE', 'd8', 's', 'FROMLONLAT', '15', '37', 'BYRADIUS', '1', 'km'],
      ['GEOSEARCHSTORE', 's', 'd6', 'FROMLONLAT', '15', '37', 'BYRADIUS', '200', 'km'],
      ['TYPE', 's'],
    ],
  },
  {
    name: 'STORE encodings follow the listpack limits',
    cmds: [
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '2'],
      ['GEOADD', 'g', '1', '1', 'a', '1.001', '1.001', 'b', '1.002', '1.002', 'c'],
      ['OBJECT', 'ENCODING', 'g'],
      ['GEORADIUS', 'g', '1', '1', '100', 'km', 'STORE', 'd1', 'COUNT', '2'],
      ['OBJECT', 'ENCODING', 'd1'],
      ['GEORADIUS', 'g', '1', '1', '100', 'km', 'STORE', 'd2'],
      ['OBJECT', 'ENCODING', 'd2'],
      ['CONFIG', 'SET', 'zset-max-listpack-entries', '128'],
      ['CONFIG', 'SET', 'zset-max-listpack-value', '3'],
      ['GEOADD', 'h', '1', '1', 'long-member', '1', '1', 'ab'],
      ['GEORADIUS', 'h', '1', '1', '1', 'km', 'STORE', 'd3', 'COUNT', '1', 'DESC'],
      ['OBJECT', 'ENCODING', 'd3'],
      ['CONFIG', 'SET', 'zset-max-listpack-value', '64'],
    ],
  },
  {
    name: 'searches at the poles, the antimeridian and with huge radii',
    cmds: [
      ['GEOADD', 'w', '179.5', '0', 'east', '-179.5', '0', 'west', '0', '85', 'north', '0', '-85', 'south', '180', '85.05112878', 'corner', '-180', '-85.05112878', 'corner2'],
      ['GEORADIUS', 'w', '180', '0', '200', 'km', 'WITHDIST', 'ASC'],
      ['GEOSEARCH', 'w', 'FROMLONLAT', '-180', '0', 'BYBOX', '400', '400', 'km', 'WITHDIST', 'ASC'],
      ['GEORADIUS', 'w', '0', '85.05112878', '1000', 'km', 'WITHCOORD'],
      ['GEORADIUS', 'w', '0', '-85', '500', 'km', 'WITHCOORD', 'WITHHASH'],
      ['GEORADIUS', 'w', '0', '0', '20000', 'km', 'WITHDIST', 'ASC'],
      ['GEORADIUS', 'w', '0', '0', '50000', 'km'],
      ['GEOSEARCH', 'w', 'FROMLONLAT', '0', '0', 'BYBOX', '40000', '40000', 'km', 'DESC'],
      ['GEORADIUSBYMEMBER', 'w', 'corner', '10000', 'km', 'WITHDIST', 'DESC'],
      ['GEOSEARCH', 'w', 'FROMMEMBER', 'east', 'BYRADIUS', '0', 'm', 'WITHDIST'],
      ['GEOSEARCH', 'w', 'FROMMEMBER', 'east', 'BYBOX', '0', '0', 'm', 'WITHDIST'],
    ],
  },
  {
    name: 'equal distances: ties in ASC/DESC and COUNT keep Redis order',
    cmds: [
      ['GEOADD', 't', '1', '1', 'a', '1', '1', 'b', '1', '1', 'c', '1', '1', 'd', '1', '1', 'e', '1', '1', 'f', '1', '1', 'g', '1', '1', 'h', '2', '2', 'far'],
      ['GEORADIUS', 't', '1', '1', '500', 'km', 'ASC'],
      ['GEORADIUS', 't', '1', '1', '500', 'km', 'DESC'],
      ['GEORADIUS', 't', '1', '1', '500', 'km', 'COUNT', '3'],
      ['GEORADIUS', 't', '1', '1', '500', 'km', 'COUNT', '3', 'DESC'],
      ['GEORADIUS', 't', '1', '1', '500', 'km', 'COUNT', '8', 'DESC'],
      ['GEORADIUS', 't', '1', '1', '500', 'km', 'COUNT', '3', 'ANY'],
      ['GEORADIUS', 't', '1', '1', '500', 'km', 'COUNT', '3', 'ANY', 'DESC'],
    ],
  },
  { name: 'random sets, random radius and box searches with every option', cmds: randomSearches() },
  {
    name: 'binary members and keys',
    cmds: [
      ['GEOADD', 'b\0k', '1', '1', '\0\xff\r\n', '2', '2', 'm\0'],
      ['GEOPOS', 'b\0k', '\0\xff\r\n', 'm\0', 'm'],
      ['GEOHASH', 'b\0k', '\0\xff\r\n'],
      ['GEODIST', 'b\0k', '\0\xff\r\n', 'm\0', 'km'],
      ['GEOSEARCH', 'b\0k', 'FROMMEMBER', 'm\0', 'BYRADIUS', '500', 'km', 'WITHDIST'],
    ],
  },
];
