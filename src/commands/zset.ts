/**
 * Sorted-set commands, blocking ones included (the sorted-set group of Redis 7.0). The value type
 * is types/zset.ts; handlers are split by theme: adds and single-member reads (zset-add.ts),
 * ranges (zset-range.ts), set operations (zset-setops.ts), pops (zset-pop.ts), blocking pops
 * (zset-blocking.ts), random members and ZSCAN (zset-random.ts).
 */
import { defineCommands } from './define.js';
import { zsetAddCommands } from './zset-add.js';
import { zsetRangeCommands } from './zset-range.js';
import { zsetSetopCommands } from './zset-setops.js';
import { zsetPopCommands } from './zset-pop.js';
import { zsetRandomCommands } from './zset-random.js';
import { zsetBlockingCommands } from './zset-blocking.js';

export const zsetCommands = defineCommands({
  ...zsetAddCommands,
  ...zsetRangeCommands,
  ...zsetSetopCommands,
  ...zsetPopCommands,
  ...zsetRandomCommands,
  ...zsetBlockingCommands,
});
