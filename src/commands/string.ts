/** The string command group. */
import { defineCommands } from './define.js';
import { Errors } from '../engine/errors.js';
import { isString, stringBytes } from '../types/value.js';

export const stringCommands = defineCommands({
  get: (c, argv) => {
    const v = c.db.lookupRead(argv[1]);
    if (v === undefined) return c.reply.nullBulk();
    if (!isString(v)) return c.reply.error(Errors.wrongType);
    c.reply.bulk(stringBytes(v));
  },
  set: (c, argv) => {
    c.db.set(argv[1], argv[2]);
    c.engine.dirty++;
    c.reply.ok();
  },
});
