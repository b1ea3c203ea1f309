/**
 * Differential test of the geo commands: GEOADD/GEOPOS/GEOHASH/GEODIST and every search
 * command with every option, error texts and precedence, STORE/STOREDIST, edge positions and
 * random searches, raw replies compared byte for byte in RESP2 and RESP3. Search results come
 * in sorted-set order within each geohash cell, so even unsorted replies compare exactly.
 * The cases live in ./cases/geo.ts.
 */
import { registerCases } from '../helpers/differential.js';
import { GEO_CASES } from './cases/geo.js';

registerCases('geo', GEO_CASES);
