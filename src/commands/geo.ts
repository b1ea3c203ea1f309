/** Geo commands over sorted sets with Redis's 52-bit geohash scores. */
import { defineCommands } from './define.js';

export const geoCommands = defineCommands({});
