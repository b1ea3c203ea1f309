/** Sorted-set commands, blocking ones included (the sorted-set group of Redis 7.0). */
import { defineCommands } from './define.js';

export const zsetCommands = defineCommands({});
