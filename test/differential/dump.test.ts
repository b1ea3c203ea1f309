/**
 * Differential test of DUMP, RESTORE and SAVE against redis-server (RESP2 and RESP3): the cases
 * in ./cases/dump.ts.
 */
import { registerCases } from '../helpers/differential.js';
import { DUMP_CASES } from './cases/dump.js';

registerCases('dump', DUMP_CASES);
