/** FUNCTION subcommands available before the Lua engine lands: FLUSH. */
import { defineCommands } from './define.js';
import { Errors } from '../engine/errors.js';

export const functionCommands = defineCommands({
  'function|flush': (c, argv) => {
    if (argv.length > 3) return c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
    if (argv.length === 3) {
      const mode = argv[2].toLowerCase();
      if (mode !== 'sync' && mode !== 'async') return c.reply.error('ERR FUNCTION FLUSH only supports SYNC|ASYNC option');
    }
    // SYNC and ASYNC differ only in when memory is released; an empty-able registry frees at once.
    c.engine.functions.clear();
    c.engine.dirty++;
    c.reply.ok();
  },
});
