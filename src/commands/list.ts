/** List commands, blocking ones included (the list group of Redis 7.0). */
import { defineCommands } from './define.js';

export const listCommands = defineCommands({});
