/**
 * Differential test of Pub/Sub: the multi-connection scenarios of ./cases/pubsub.ts, whole byte
 * streams (replies and pushes) compared with redis-server in RESP2 and RESP3.
 */
import { registerStreamCases } from '../helpers/stream-scenario.js';
import { PUBSUB_CASES } from './cases/pubsub.js';

registerStreamCases('pubsub', PUBSUB_CASES);
