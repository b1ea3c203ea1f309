/**
 * `sonic-kv/testing`: what the toolkit's tests (and its users' tests) run on -- an embedded Sonic
 * on a virtual clock (docs/cache/DESIGN.md, section 6). Re-exports only.
 */
export { VirtualClock } from './virtual-clock.js';
export { startTestServer, type TestServer, type TestServerOptions } from './test-server.js';
export { systemToolkitClock, type ToolkitClock, type TimerHandle } from '../clock.js';
export { Faults, type DropRule } from './faults.js';
export { FaultProxy, type FaultProxyOptions, type Direction, type FrameFilter } from './fault-proxy.js';
export { fromSonic, type SonicAdapter } from '../client/sonic.js';
export { LocalConnection } from '../../server/local-connection.js';
export { forkWorkers, forkWorker, stopWorkers, serveWorker, Worker, type ForkOptions } from './processes.js';
