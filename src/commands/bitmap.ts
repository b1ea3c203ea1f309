/** Bitmap commands on string values (the bitmap group of Redis 7.0). */
import { defineCommands } from './define.js';

export const bitmapCommands = defineCommands({});
