/**
 * Differential test of the bitmap commands (SETBIT, GETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD,
 * BITFIELD_RO): hand-written scenarios and seeded sweeps, each from empty databases, in RESP2 and
 * RESP3, compared byte for byte with redis-server. The cases live in ./cases/bitmap.ts; the
 * wrong-type ones run on keys of every other type.
 */
import { registerCases } from '../helpers/differential.js';
import { BITMAP_CASES, BITMAP_WRONGTYPE_CASES } from './cases/bitmap.js';

registerCases('bitmap', [...BITMAP_CASES, ...BITMAP_WRONGTYPE_CASES]);
