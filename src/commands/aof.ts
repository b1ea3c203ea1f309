/** BGREWRITEAOF and DEBUG LOADAOF (persistence/aof/). */
import { defineCommands } from './define.js';
import { registerDebugSubcommand } from './debug.js';
import { debugLoadAof } from '../persistence/aof/index.js';
import { startAofRewrite } from '../persistence/aof/rewrite-start.js';

export const aofCommands = defineCommands({
  bgrewriteaof: (c) => {
    // Sonic rewrites synchronously for now (no fork): the rewrite is done when the reply goes out.
    if (startAofRewrite(c.engine) !== null) {
      return c.reply.error("ERR Can't execute an AOF background rewriting. Please check the server logs for more information.");
    }
    c.reply.simple('Background append only file rewriting started');
  },
});

registerDebugSubcommand(
  'loadaof',
  (n) => n >= 2,
  (c) => {
    if (!debugLoadAof(c.engine)) {
      c.engine.log('warning', 'Fatal error loading the AOF on DEBUG LOADAOF. Exiting.');
      process.exit(1);
    }
    c.reply.ok();
  },
  ['LOADAOF', '    Flush the AOF buffers on disk and reload the AOF in memory.'],
);
