/** Differential test of MEMORY (cases in ./cases/memory.ts), RESP2 and RESP3. */
import { registerCases } from '../helpers/differential.js';
import { MEMORY_CASES } from './cases/memory.js';

registerCases('memory', MEMORY_CASES);
