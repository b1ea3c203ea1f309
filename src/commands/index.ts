/** Every command group's handlers, bound to the generated table by engine/command-table.ts. */
import type { HandlerMap } from './define.js';
import { connectionCommands } from './connection.js';
import { clientCommands } from './client.js';
import { stringCommands } from './string.js';
import { serverCommands } from './server.js';
import { commandCommands } from './command.js';
import { slowlogCommands } from './slowlog.js';
import { latencyCommands } from './latency.js';
import { debugCommands } from './debug.js';
import { configCommands } from './config.js';
import { keyspaceCommands } from './keyspace.js';
import { functionCommands } from './function.js';

export const HANDLERS: HandlerMap = {
  ...connectionCommands,
  ...clientCommands,
  ...stringCommands,
  ...serverCommands,
  ...commandCommands,
  ...slowlogCommands,
  ...latencyCommands,
  ...debugCommands,
  ...configCommands,
  ...keyspaceCommands,
  ...functionCommands,
};
