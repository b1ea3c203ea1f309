/**
 * Differential test of BZPOPMIN, BZPOPMAX and BZMPOP over several connections, in RESP2 and
 * RESP3. The scenarios live in ./cases/zset-blocking.ts.
 */
import { registerMultiCases } from '../helpers/multi-connection.js';
import { ZSET_BLOCKING_CASES } from './cases/zset-blocking.js';

registerMultiCases('zset-blocking', ZSET_BLOCKING_CASES);
