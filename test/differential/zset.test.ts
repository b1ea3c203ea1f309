/**
 * Differential test of the sorted-set commands: hand-written scenarios and a seeded random
 * sequence, each from empty databases, replies compared byte for byte with redis-server in RESP2
 * and RESP3 (ZSCAN's pairs loosely, see test/helpers/loose.ts). The cases live in ./cases/zset.ts.
 */
import { registerCases } from '../helpers/differential.js';
import { ZSET_CASES } from './cases/zset.js';

registerCases('zset', ZSET_CASES);
