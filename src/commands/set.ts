/** Set commands (the set group of Redis 7.0). */
import { defineCommands } from './define.js';

export const setCommands = defineCommands({});
