/**
 * Differential test of MULTI/EXEC/DISCARD/WATCH/UNWATCH: the single-connection cases of
 * ./cases/transaction.ts from empty databases, and its multi-connection scenarios (another
 * client breaks a WATCH, blocked clients served after EXEC, CLIENT PAUSE, OOM), raw replies
 * compared byte for byte with redis-server in RESP2 and RESP3.
 */
import { registerCases } from '../helpers/differential.js';
import { registerMultiCases } from '../helpers/multi-connection.js';
import { TRANSACTION_CASES, TRANSACTION_MULTI_CASES } from './cases/transaction.js';

registerCases('transaction', TRANSACTION_CASES);
registerMultiCases('transaction-multi', TRANSACTION_MULTI_CASES);
