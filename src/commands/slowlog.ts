/** SLOWLOG GET/LEN/RESET/HELP (the log itself is observability/slowlog.ts, fed by the dispatcher). */
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';

const COUNT_ERR = 'ERR count should be greater than or equal to -1';

// Sonic's own wording of the help (the layout is Redis's: syntax line, indented explanation).
const HELP = [
  'GET [<count>]',
  '    Newest <count> entries of the slow log (10 by default, -1 for all). Each entry holds:',
  '    id, unix time, duration in microseconds, arguments, client address, client name.',
  'LEN',
  '    Number of entries in the slow log.',
  'RESET',
  '    Empty the slow log.',
];

export const slowlogCommands = defineCommands({
  'slowlog|get': (c, argv) => {
    const log = c.engine.slowlog;
    let count = 10;
    if (argv.length === 3) {
      const s = argv[2];
      const n = /^-?(0|[1-9][0-9]{0,18})$/.test(s) ? Number(s) : NaN;
      if (!Number.isFinite(n) || n < -1) return c.reply.error(COUNT_ERR);
      count = n === -1 ? log.length : n;
    }
    const entries = log.get(count);
    const r = c.reply;
    r.arrayLen(entries.length);
    for (const e of entries) {
      r.arrayLen(6);
      r.int(e.id);
      r.int(e.time);
      r.int(e.duration);
      r.bulkArray(e.argv);
      r.bulk(e.peer);
      r.bulk(e.name);
    }
  },
  'slowlog|len': (c) => c.reply.int(c.engine.slowlog.length),
  'slowlog|reset': (c) => {
    c.engine.slowlog.reset();
    c.reply.ok();
  },
  'slowlog|help': (c, argv) => replyHelp(c, argv[0], HELP),
});
