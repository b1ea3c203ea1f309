/** Every command group's handlers, bound to the generated table by engine/command-table.ts. */
import type { HandlerMap } from './define.js';
import { connectionCommands } from './connection.js';
import { stringCommands } from './string.js';

export const HANDLERS: HandlerMap = {
  ...connectionCommands,
  ...stringCommands,
};
