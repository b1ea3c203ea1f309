/** HyperLogLog commands, on Redis's exact sparse/dense string representation. */
import { defineCommands } from './define.js';

export const hyperloglogCommands = defineCommands({});
