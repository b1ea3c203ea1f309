/**
 * Differential test: hand-written string scenarios (option errors and their precedence, GET
 * family, M* commands, APPEND/SETRANGE/GETRANGE edges, INCR family overflow, INCRBYFLOAT
 * formatting, LCS, encodings, wrong types), each from empty databases, in RESP2 and RESP3.
 * The cases live in ./cases/string-edges.ts.
 */
import { registerCases } from '../helpers/differential.js';
import { STRING_EDGE_CASES } from './cases/string-edges.js';

registerCases('string', STRING_EDGE_CASES);
