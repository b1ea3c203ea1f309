/**
 * Differential test of XREAD BLOCK and XREADGROUP BLOCK over several connections, in RESP2 and
 * RESP3. The scenarios live in ./cases/stream-blocking.ts.
 */
import { registerMultiCases } from '../helpers/multi-connection.js';
import { STREAM_BLOCKING_CASES } from './cases/stream-blocking.js';

registerMultiCases('stream-blocking', STREAM_BLOCKING_CASES);
