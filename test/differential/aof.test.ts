/** Differential test of the AOF commands that write no files (cases in ./cases/aof.ts). */
import { registerCases } from '../helpers/differential.js';
import { AOF_CASES } from './cases/aof.js';

registerCases('aof', AOF_CASES);
