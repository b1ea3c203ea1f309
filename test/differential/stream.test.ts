/**
 * Differential test of the stream commands and consumer groups (without blocking), in RESP2 and
 * RESP3. The cases live in ./cases/stream.ts and ./cases/stream-group.ts.
 */
import { registerCases } from '../helpers/differential.js';
import { STREAM_CASES } from './cases/stream.js';
import { STREAM_GROUP_CASES } from './cases/stream-group.js';

registerCases('stream', [...STREAM_CASES, ...STREAM_GROUP_CASES]);
