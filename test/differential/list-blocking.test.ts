/**
 * Differential test of the blocking list commands over several connections (a client blocks,
 * another makes a key ready, the blocked reply is compared), plus CLIENT UNBLOCK, timeouts and
 * disconnects, in RESP2 and RESP3. The scenarios live in ./cases/list-blocking.ts.
 */
import { registerMultiCases } from '../helpers/multi-connection.js';
import { LIST_BLOCKING_CASES } from './cases/list-blocking.js';

registerMultiCases('list-blocking', LIST_BLOCKING_CASES);
