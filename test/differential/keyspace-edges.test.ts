/**
 * Differential test: hand-written keyspace scenarios (DEL/EXISTS/TYPE, RENAME/COPY/MOVE with
 * TTLs, SELECT/SWAPDB/FLUSH*, KEYS globs, SCAN options, the EXPIRE family with NX/XX/GT/LT,
 * TTL/EXPIRETIME, OBJECT), each from empty databases, in RESP2 and RESP3. KEYS/SCAN results are
 * compared as sorted sets (test/helpers/loose.ts). The cases live in ./cases/keyspace-edges.ts.
 */
import { registerCases } from '../helpers/differential.js';
import { KEYSPACE_EDGE_CASES } from './cases/keyspace-edges.js';

registerCases('keyspace', KEYSPACE_EDGE_CASES);
