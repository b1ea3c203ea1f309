/** sonic-kv: a Redis-compatible in-memory data store for Node.js. */
export { startServer, type StartServerOptions, type RunningServer } from './server/embedded.js';
export { ManualClock, systemClock, type Clock } from './util/clock.js';
