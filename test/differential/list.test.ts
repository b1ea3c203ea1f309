/**
 * Differential test of the list commands: each case of ./cases/list.ts from empty databases, raw
 * replies compared byte for byte with redis-server, in RESP2 and RESP3.
 */
import { registerCases } from '../helpers/differential.js';
import { LIST_CASES } from './cases/list.js';

registerCases('list', LIST_CASES);
