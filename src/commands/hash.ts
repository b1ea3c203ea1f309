/** Hash commands (the hash group of Redis 7.0). */
import { defineCommands } from './define.js';

export const hashCommands = defineCommands({});
