/** Connection commands: PING, ECHO (more in later work: HELLO, AUTH, QUIT, RESET, SELECT ...). */
import { defineCommands } from './define.js';
import { Errors } from '../engine/errors.js';

export const connectionCommands = defineCommands({
  ping: (c, argv) => {
    if (argv.length > 2) return c.reply.error(Errors.wrongArity('ping'));
    if (argv.length === 2) c.reply.bulk(argv[1]);
    else c.reply.simple('PONG');
  },
  echo: (c, argv) => c.reply.bulk(argv[1]),
});
