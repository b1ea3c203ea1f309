/** BGREWRITEAOF and DEBUG LOADAOF (persistence/aof/). */
import { defineCommands } from './define.js';
import { registerDebugSubcommand } from './debug.js';
import { debugLoadAof } from '../persistence/aof/index.js';
import { snapshotInProgress } from '../persistence/bgsave/bgsave.js';
import { startRewrite } from '../persistence/bgsave/aof-rewrite.js';
import { saveStateOf } from '../persistence/bgsave/state.js';

export const aofCommands = defineCommands({
  bgrewriteaof: (c) => {
    const engine = c.engine;
    const running = snapshotInProgress(engine);
    if (running === 'aof') return c.reply.error('ERR Background append only file rewriting already in progress');
    // Inside EXEC (c.multi is still set while it runs) Redis schedules rather than starts.
    if (running !== null || c.multi !== null) {
      const st = saveStateOf(engine);
      st.aofRewriteScheduled = true;
      // Asked for by hand, it may run at once even after repeated failures.
      st.aofRewriteFailures = 0;
      return c.reply.simple('Background append only file rewriting scheduled');
    }
    if (startRewrite(engine) !== null) {
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
