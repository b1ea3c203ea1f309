/**
 * Redis's geohash arithmetic, reproduced bit for bit (pure math, no reply code).
 *
 * A position is a cell of a grid of 2^step x 2^step cells over the Web Mercator limits
 * (longitude ±180, latitude ±85.05112878). Redis stores the cell of a point at step 26 as a
 * 52-bit integer with the latitude index in the even bits and the longitude index in the odd
 * bits, and uses that integer as the sorted-set score. Here a cell is kept as its two indexes
 * (a {@link Cell}) because every operation Redis does on the interleaved bits (moving to a
 * neighbour, decoding) is an operation on one index; only scores need the interleaved form.
 *
 * All arithmetic is IEEE double, in the same order as Redis's C code, so encoded scores and
 * decoded coordinates are identical to redis-server's.
 */

export const GEO_STEP_MAX = 26;
export const GEO_LAT_MIN = -85.05112878;
export const GEO_LAT_MAX = 85.05112878;
export const GEO_LONG_MIN = -180;
export const GEO_LONG_MAX = 180;

/** Earth's quadratic mean radius for WGS-84, in meters, as Redis uses for distances. */
export const EARTH_RADIUS_IN_METERS = 6372797.560856;
const MERCATOR_MAX = 20037726.37;
const D_R = Math.PI / 180.0;

/**
 * A geohash cell: latitude and longitude indexes at `step` bits each. An index may be 2^step
 * when a coordinate sits exactly on the upper limit (Redis's encoder lets it overflow too).
 * `step` 0 with both indexes 0 is the "zero" cell Redis uses to mark a skipped neighbour.
 */
export interface Cell {
  lat: number;
  lon: number;
  step: number;
}

/** A coordinate range (min/max of one axis). */
export interface Range {
  min: number;
  max: number;
}

/** The area a cell covers. */
export interface Area {
  lonMin: number;
  lonMax: number;
  latMin: number;
  latMax: number;
}

const WGS84_LON: Range = { min: GEO_LONG_MIN, max: GEO_LONG_MAX };
const WGS84_LAT: Range = { min: GEO_LAT_MIN, max: GEO_LAT_MAX };
/** The standard geohash ranges, used to print GEOHASH strings. */
const STANDARD_LAT: Range = { min: -90, max: 90 };

/** True if the pair is inside the limits GEOADD and the searches accept. */
export function validLonLat(lon: number, lat: number): boolean {
  return !(lon < GEO_LONG_MIN || lon > GEO_LONG_MAX || lat < GEO_LAT_MIN || lat > GEO_LAT_MAX);
}

/**
 * Redis's geohashEncode: the cell of (lon, lat) at `step` bits per axis over the given ranges,
 * or null when the point is outside them. Offsets are truncated to integers as C's conversion
 * to uint32 does.
 */
export function encodeCell(lon: number, lat: number, step: number, lonRange: Range = WGS84_LON, latRange: Range = WGS84_LAT): Cell | null {
  if (!validLonLat(lon, lat)) return null;
  if (lat < latRange.min || lat > latRange.max || lon < lonRange.min || lon > lonRange.max) return null;
  let latOffset = (lat - latRange.min) / (latRange.max - latRange.min);
  let lonOffset = (lon - lonRange.min) / (lonRange.max - lonRange.min);
  const scale = 2 ** step;
  latOffset *= scale;
  lonOffset *= scale;
  return { lat: Math.trunc(latOffset), lon: Math.trunc(lonOffset), step };
}

/** Spreads the low 16 bits of `v` onto the even bits of a 32-bit word. */
function spread16(v: number): number {
  v &= 0xffff;
  v = (v | (v << 8)) & 0x00ff00ff;
  v = (v | (v << 4)) & 0x0f0f0f0f;
  v = (v | (v << 2)) & 0x33333333;
  v = (v | (v << 1)) & 0x55555555;
  return v >>> 0;
}

/** Gathers the even bits of a 32-bit word into its low 16 bits. */
function gather16(v: number): number {
  v &= 0x55555555;
  v = (v | (v >>> 1)) & 0x33333333;
  v = (v | (v >>> 2)) & 0x0f0f0f0f;
  v = (v | (v >>> 4)) & 0x00ff00ff;
  v = (v | (v >>> 8)) & 0x0000ffff;
  return v;
}

/**
 * The interleaved bits of a cell (latitude on even bits, longitude on odd), shifted left by
 * `shift`, as the double the C code gets when it converts that uint64 to a score. Exact below
 * 2^53; above (an index overflowed at step 26) it rounds to nearest as strtod would.
 */
function interleavedValue(lat: number, lon: number, shift: number): number {
  // Indexes have at most 27 bits: split each at bit 16 and interleave the halves separately.
  const lo = (spread16(lat) | (spread16(lon) << 1)) >>> 0;
  const hi = (spread16(lat >>> 16) | (spread16(lon >>> 16) << 1)) >>> 0;
  // Below 2^53 the double is exact, and shifting is a multiplication by a power of two.
  if (hi < 0x200000) return (hi * 4294967296 + lo) * 2 ** shift;
  const big = ((BigInt(hi) << 32n) | BigInt(lo)) << BigInt(shift);
  return Number(big & 0xffffffffffffffffn);
}

/** Redis's geohashAlign52Bits: the cell's bits shifted to 52 bits, as a double. */
export function align52(cell: Cell): number {
  return interleavedValue(cell.lat, cell.lon, 52 - cell.step * 2);
}

/**
 * Redis's scoresOfGeoHashBox: the score range [min, max) holding every point of a cell.
 * The upper bound is the next interleaved value (the +1 may carry across both indexes).
 */
export function scoreRangeOf(cell: Cell): [number, number] {
  const shift = 52 - cell.step * 2;
  const lo = (spread16(cell.lat) | (spread16(cell.lon) << 1)) >>> 0;
  const hi = (spread16(cell.lat >>> 16) | (spread16(cell.lon >>> 16) << 1)) >>> 0;
  const bits = (BigInt(hi) << 32n) | BigInt(lo);
  const mask = 0xffffffffffffffffn;
  return [Number((bits << BigInt(shift)) & mask), Number(((bits + 1n) << BigInt(shift)) & mask)];
}

/** The 52-bit score GEOADD stores for a valid (lon, lat). */
export function scoreOf(lon: number, lat: number): number {
  const cell = encodeCell(lon, lat, GEO_STEP_MAX);
  return cell === null ? 0 : align52(cell);
}

const TWO_63 = 9223372036854775808;

/**
 * The uint64 C gets from `(uint64_t)score` on x86-64, as [high word, low word]. Redis decodes
 * any score this way, so GEOPOS on a member added with ZADD shows the same clamped position.
 */
function scoreBits(score: number): [number, number] {
  if (score >= 0 && score < 9007199254740992) {
    const v = Math.trunc(score);
    return [Math.floor(v / 4294967296), v % 4294967296];
  }
  let b: bigint;
  if (score >= TWO_63) {
    // The compiler subtracts 2^63, converts as signed, then flips bit 63 back.
    const t = score - TWO_63;
    b = t < TWO_63 ? BigInt(Math.trunc(t)) ^ (1n << 63n) : 0n;
  } else if (score > -TWO_63 && !Number.isNaN(score)) {
    b = BigInt.asUintN(64, BigInt(Math.trunc(score)));
  } else {
    b = 1n << 63n; // cvttsd2si's "integer indefinite" for NaN and out-of-range values
  }
  return [Number(b >> 32n), Number(b & 0xffffffffn)];
}

/** The step-26 cell a score encodes (Redis's decodeGeohash input). */
export function cellOfScore(score: number): Cell {
  const [hi, lo] = scoreBits(score);
  return {
    lat: (gather16(lo) | (gather16(hi) << 16)) >>> 0,
    lon: (gather16(lo >>> 1) | (gather16(hi >>> 1) << 16)) >>> 0,
    step: GEO_STEP_MAX,
  };
}

/** Redis's geohashDecode: the area a cell covers over the given ranges. */
export function decodeArea(cell: Cell, lonRange: Range = WGS84_LON, latRange: Range = WGS84_LAT): Area {
  const latScale = latRange.max - latRange.min;
  const lonScale = lonRange.max - lonRange.min;
  const cells = 2 ** cell.step;
  // The C code adds 1 to a uint32 index, which wraps at 2^32.
  const latNext = (cell.lat + 1) >>> 0;
  const lonNext = (cell.lon + 1) >>> 0;
  return {
    latMin: latRange.min + (cell.lat / cells) * latScale,
    latMax: latRange.min + (latNext / cells) * latScale,
    lonMin: lonRange.min + (cell.lon / cells) * lonScale,
    lonMax: lonRange.min + (lonNext / cells) * lonScale,
  };
}

/** The centre of an area, clamped to the WGS84 limits, as [lon, lat]. */
export function areaCentre(a: Area): [number, number] {
  let lon = (a.lonMin + a.lonMax) / 2;
  if (lon > GEO_LONG_MAX) lon = GEO_LONG_MAX;
  if (lon < GEO_LONG_MIN) lon = GEO_LONG_MIN;
  let lat = (a.latMin + a.latMax) / 2;
  if (lat > GEO_LAT_MAX) lat = GEO_LAT_MAX;
  if (lat < GEO_LAT_MIN) lat = GEO_LAT_MIN;
  return [lon, lat];
}

/** The position a score stands for: the centre of its step-26 cell, as [lon, lat]. */
export function decodeScore(score: number): [number, number] {
  return areaCentre(decodeArea(cellOfScore(score)));
}

const GEOALPHABET = '0123456789bcdefghjkmnpqrstuvwxyz';

/**
 * The 11-character GEOHASH string of a position given as [lon, lat]: Redis re-encodes the
 * decoded point over the standard latitude range ±90 (its stored hash uses ±85.05) and pads
 * the 52 bits with a final '0'.
 */
export function geohashString(lon: number, lat: number): string {
  const cell = encodeCell(lon, lat, GEO_STEP_MAX, WGS84_LON, STANDARD_LAT);
  // The decoded point always lies within the limits; an impossible miss encodes as zero bits.
  const bits = cell === null ? 0n : (() => {
    const lo = (spread16(cell.lat) | (spread16(cell.lon) << 1)) >>> 0;
    const hi = (spread16(cell.lat >>> 16) | (spread16(cell.lon >>> 16) << 1)) >>> 0;
    return (BigInt(hi) << 32n) | BigInt(lo);
  })();
  let s = '';
  for (let i = 0; i < 10; i++) s += GEOALPHABET[Number((bits >> BigInt(52 - (i + 1) * 5)) & 0x1fn)];
  return s + '0';
}

/** The zero cell: a neighbour that the search skips. */
export function isZeroCell(c: Cell): boolean {
  return c.lat === 0 && c.lon === 0 && c.step === 0;
}

const ZERO: Cell = { lat: 0, lon: 0, step: 0 };

/**
 * Moves one cell east (d > 0) or west (d < 0), wrapping around: Redis adds to the longitude
 * bits and masks them to `step`, leaving the latitude bits (even an overflowed index) alone.
 */
function moveLon(c: Cell, d: number): Cell {
  const mask = 2 ** c.step - 1;
  return { lat: c.lat, lon: (c.lon + d) & mask, step: c.step };
}

function moveLat(c: Cell, d: number): Cell {
  const mask = 2 ** c.step - 1;
  return { lat: (c.lat + d) & mask, lon: c.lon, step: c.step };
}

/** The eight neighbours of a cell, in the order Redis searches them after the cell itself. */
export interface Neighbours {
  north: Cell;
  south: Cell;
  east: Cell;
  west: Cell;
  northEast: Cell;
  northWest: Cell;
  southEast: Cell;
  southWest: Cell;
}

/** Redis's geohashNeighbors. */
export function neighboursOf(c: Cell): Neighbours {
  return {
    east: moveLon(c, 1),
    west: moveLon(c, -1),
    south: moveLat(c, -1),
    north: moveLat(c, 1),
    northWest: moveLat(moveLon(c, -1), 1),
    northEast: moveLat(moveLon(c, 1), 1),
    southEast: moveLat(moveLon(c, 1), -1),
    southWest: moveLat(moveLon(c, -1), -1),
  };
}

/** Redis's geohashEstimateStepsByRadius: the coarsest step whose cells cover the radius. */
export function estimateStepsByRadius(rangeMeters: number, lat: number): number {
  if (rangeMeters === 0) return 26;
  let step = 1;
  while (rangeMeters < MERCATOR_MAX) {
    rangeMeters *= 2;
    step++;
  }
  step -= 2;
  // Cells narrow towards the poles: use bigger ones there.
  if (lat > 66 || lat < -66) {
    step--;
    if (lat > 80 || lat < -80) step--;
  }
  if (step < 1) step = 1;
  if (step > 26) step = 26;
  return step;
}

function degRad(ang: number): number {
  return ang * D_R;
}

function radDeg(ang: number): number {
  return ang / D_R;
}

/** A search shape: a circle of `radius`, or a `width` x `height` box, in units of `conversion` meters. */
export type Shape =
  | { kind: 'radius'; lon: number; lat: number; conversion: number; radius: number }
  | { kind: 'box'; lon: number; lat: number; conversion: number; width: number; height: number };

/** Redis's geohashBoundingBox: [minLon, minLat, maxLon, maxLat] of the shape. */
export function boundingBox(s: Shape): [number, number, number, number] {
  const height = s.conversion * (s.kind === 'radius' ? s.radius : s.height / 2);
  const width = s.conversion * (s.kind === 'radius' ? s.radius : s.width / 2);
  const latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
  const lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(s.lat + latDelta)));
  const lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(s.lat - latDelta)));
  // Meridians converge towards the pole: the wider edge is the one nearer the equator.
  const south = s.lat < 0;
  return [
    south ? s.lon - lonDeltaBottom : s.lon - lonDeltaTop,
    s.lat - latDelta,
    south ? s.lon + lonDeltaBottom : s.lon + lonDeltaTop,
    s.lat + latDelta,
  ];
}

/**
 * Redis's geohashCalculateAreasByShapeWGS84: the centre cell and the neighbours worth
 * searching (useless ones replaced by the zero cell), in Redis's search order.
 */
export function searchCells(s: Shape): Cell[] {
  const [minLon, minLat, maxLon, maxLat] = boundingBox(s);
  const radiusMeters =
    (s.kind === 'radius' ? s.radius : Math.sqrt((s.width / 2) * (s.width / 2) + (s.height / 2) * (s.height / 2))) * s.conversion;
  let steps = estimateStepsByRadius(radiusMeters, s.lat);
  let cell = encodeCell(s.lon, s.lat, steps) ?? ZERO;
  let n = neighboursOf(cell);
  let area = decodeArea(cell);
  // Near a cell edge the estimated step can be too fine for a neighbour to reach the box.
  const north = decodeArea(n.north);
  const south = decodeArea(n.south);
  const east = decodeArea(n.east);
  const west = decodeArea(n.west);
  const decrease = north.latMax < maxLat || south.latMin > minLat || east.lonMax < maxLon || west.lonMin > minLon;
  if (steps > 1 && decrease) {
    steps--;
    cell = encodeCell(s.lon, s.lat, steps) ?? ZERO;
    n = neighboursOf(cell);
    area = decodeArea(cell);
  }
  if (steps >= 2) {
    if (area.latMin < minLat) n.south = n.southWest = n.southEast = ZERO;
    if (area.latMax > maxLat) n.north = n.northEast = n.northWest = ZERO;
    if (area.lonMin < minLon) n.west = n.southWest = n.northWest = ZERO;
    if (area.lonMax > maxLon) n.east = n.southEast = n.northEast = ZERO;
  }
  return [cell, n.north, n.south, n.east, n.west, n.northEast, n.northWest, n.southEast, n.southWest];
}

/** Distance along a meridian between two latitudes, in meters. */
export function latDistance(lat1: number, lat2: number): number {
  return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2) - degRad(lat1));
}

/** Haversine great-circle distance in meters, as Redis's geohashGetDistance. */
export function distance(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const lon1r = degRad(lon1);
  const lon2r = degRad(lon2);
  const v = Math.sin((lon2r - lon1r) / 2);
  // Same meridian: the formula reduces to the latitude difference.
  if (v === 0.0) return latDistance(lat1, lat2);
  const lat1r = degRad(lat1);
  const lat2r = degRad(lat2);
  const u = Math.sin((lat2r - lat1r) / 2);
  const a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
  return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
}

/**
 * Redis's geoWithinShape for a decoded point: its distance from the shape's centre in meters,
 * or -1 when it lies outside the shape.
 */
export function distanceIfWithin(s: Shape, lon: number, lat: number): number {
  if (s.kind === 'radius') {
    const d = distance(s.lon, s.lat, lon, lat);
    return d > s.radius * s.conversion ? -1 : d;
  }
  const widthM = s.width * s.conversion;
  const heightM = s.height * s.conversion;
  if (latDistance(lat, s.lat) > heightM / 2) return -1;
  if (distance(lon, lat, s.lon, lat) > widthM / 2) return -1;
  return distance(s.lon, s.lat, lon, lat);
}
