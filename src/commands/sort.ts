/** SORT and SORT_RO. */
import { defineCommands } from './define.js';

export const sortCommands = defineCommands({});
