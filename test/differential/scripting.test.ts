/**
 * Differential test of scripting: EVAL and its variants, SCRIPT, the redis.* API, reply <-> Lua
 * conversions, errors with their script positions, the sandbox, binary safety, and FUNCTION
 * with FCALL (./cases/scripting.ts), raw replies compared byte for byte with redis-server in
 * RESP2 and RESP3.
 */
import { registerCases } from '../helpers/differential.js';
import { SCRIPTING_CASES } from './cases/scripting.js';

registerCases('scripting', SCRIPTING_CASES);
