/** DUMP, RESTORE, SAVE and the other commands built on the RDB codec. */
import { defineCommands } from './define.js';

export const dumpCommands = defineCommands({});
