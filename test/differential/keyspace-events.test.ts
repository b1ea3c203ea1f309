/**
 * Differential test of keyspace notifications: the event streams of ./cases/keyspace-events.ts,
 * byte for byte against redis-server, in RESP2 and RESP3.
 */
import { registerStreamCases } from '../helpers/stream-scenario.js';
import { KEYSPACE_EVENT_CASES } from './cases/keyspace-events.js';

registerStreamCases('keyspace-events', KEYSPACE_EVENT_CASES);
