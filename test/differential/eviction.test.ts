/** Differential test of maxmemory eviction (cases in ./cases/eviction.ts), RESP2 and RESP3. */
import { registerCases } from '../helpers/differential.js';
import { EVICTION_CASES } from './cases/eviction.js';

registerCases('eviction', EVICTION_CASES);
