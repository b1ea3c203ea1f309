/** Server commands: INFO, TIME, LASTSAVE, MONITOR, SHUTDOWN, LOLWUT. */
import { defineCommands } from './define.js';
import { Errors } from '../engine/errors.js';
import type { ShutdownOptions } from '../engine/engine.js';
import { infoString, selectSections } from '../observability/info.js';
import { REDIS_VERSION } from '../config/version.js';

export const serverCommands = defineCommands({
  info: (c, argv) => {
    c.reply.verbatim(infoString(c.engine, selectSections(argv.slice(1))));
  },
  time: (c) => {
    const us = c.engine.clock.nowMicros();
    const sec = Math.floor(us / 1e6);
    c.reply.arrayLen(2);
    c.reply.bulk(String(sec));
    c.reply.bulk(String(us - sec * 1e6));
  },
  lastsave: (c) => c.reply.int(c.engine.lastSave),
  monitor: (c) => {
    // A client already monitoring (or a replica) ignores MONITOR silently, as in Redis.
    if (c.monitor || c.replica !== null) return;
    c.monitor = true;
    c.engine.monitors.add(c);
    c.reply.ok();
  },
  lolwut: (c, argv) => {
    if (argv.length >= 3 && argv[1].toLowerCase() === 'version') {
      if (!/^-?(0|[1-9][0-9]{0,18})$/.test(argv[2])) return c.reply.error(Errors.notInteger);
    }
    // Redis 7.0 draws art only for VERSION 5 and 6; Sonic answers every version as 7.0 does
    // by default: the version line.
    c.reply.verbatim(`Redis ver. ${REDIS_VERSION}\n`);
  },
  shutdown: (c, argv) => {
    const opts: ShutdownOptions = { save: false, nosave: false, now: false, force: false };
    let abort = false;
    for (let i = 1; i < argv.length; i++) {
      const a = argv[i].toLowerCase();
      if (a === 'nosave') opts.nosave = true;
      else if (a === 'save') opts.save = true;
      else if (a === 'now') opts.now = true;
      else if (a === 'force') opts.force = true;
      else if (a === 'abort') abort = true;
      else return c.reply.error(Errors.syntax);
    }
    if ((abort && (opts.save || opts.nosave || opts.now || opts.force)) || (opts.save && opts.nosave)) {
      return c.reply.error(Errors.syntax);
    }
    // Sonic shuts down at once (no replicas to wait for), so there is never one to abort.
    if (abort) return c.reply.error('ERR No shutdown in progress.');
    const engine = c.engine;
    // Like Redis, the client gets no reply: its connection closes with the server.
    // A handler returns false when it refused to stop (the final save failed without FORCE).
    if (engine.shutdownHandler === undefined) engine.close();
    else if (engine.shutdownHandler(opts) === false) c.reply.error('ERR Errors trying to SHUTDOWN. Check logs.');
  },
});
