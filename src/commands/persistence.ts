/** BGSAVE (persistence/bgsave/): a point-in-time snapshot written in the background. */
import { defineCommands } from './define.js';
import { Errors } from '../engine/errors.js';
import { flushAllSave, snapshotInProgress, startBgsave } from '../persistence/bgsave/bgsave.js';
import { afterFlushAll } from './database.js';
import { saveStateOf } from '../persistence/bgsave/state.js';

export const persistenceCommands = defineCommands({
  bgsave: (c, argv) => {
    let schedule = false;
    if (argv.length > 1) {
      if (argv.length === 2 && argv[1].toLowerCase() === 'schedule') schedule = true;
      else return c.reply.error(Errors.syntax);
    }
    const engine = c.engine;
    const running = snapshotInProgress(engine);
    // Inside EXEC (c.multi is still set while it runs) Redis schedules rather than starts.
    const inExec = c.multi !== null;
    if (running === 'rdb') return c.reply.error('ERR Background save already in progress');
    if (running !== null || inExec) {
      if (!schedule && !inExec) {
        return c.reply.error(
          "ERR Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.",
        );
      }
      saveStateOf(engine).bgsaveScheduled = true;
      return c.reply.simple('Background saving scheduled');
    }
    if (startBgsave(engine)) c.reply.simple('Background saving started');
    else c.reply.error('ERR');
  },
});

// FLUSHALL stops a running BGSAVE and, with save points configured, saves the empty dataset.
afterFlushAll.push(flushAllSave);
