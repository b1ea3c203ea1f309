/** Connection commands: PING, ECHO, QUIT, RESET, HELLO, AUTH. */
import { defineCommands } from './define.js';
import { Errors } from '../engine/errors.js';
import { resetHooks, type Client } from '../engine/client.js';
import { redactArgument } from '../observability/redact.js';
import { setClientName } from './client-identity.js';
import { UserFlag } from '../acl/user.js';
import { parseLongLong } from './client-args.js';
import { REDIS_VERSION } from '../config/version.js';

export const connectionCommands = defineCommands({
  ping: (c, argv) => {
    if (argv.length > 2) return c.reply.error(Errors.wrongArity('ping'));
    // A RESP2 subscriber cannot tell a reply from a message: it gets ["pong", <arg or "">].
    if (c.subscriptions !== 0 && c.proto === 2) {
      c.reply.arrayLen(2);
      c.reply.bulk('pong');
      c.reply.bulk(argv.length === 2 ? argv[1] : '');
    } else if (argv.length === 2) c.reply.bulk(argv[1]);
    else c.reply.simple('PONG');
  },
  echo: (c, argv) => c.reply.bulk(argv[1]),
  quit: (c) => {
    c.reply.ok();
    c.closeAfterReply = true;
  },
  reset: (c) => {
    if (c.replica !== null) return c.reply.error('ERR can only reset normal client connections');
    resetConnection(c);
    c.reply.simple('RESET');
  },
  auth: (c, argv) => {
    if (argv.length > 3) return c.reply.error(Errors.syntax);
    redactArgument(c, 1);
    let user = 'default';
    let pass: string;
    if (argv.length === 2) {
      // The old one-argument form only makes sense when the default user has a password.
      if ((c.engine.acl.defaultUser.flags & UserFlag.NoPass) !== 0) {
        return c.reply.error(
          'ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?',
        );
      }
      pass = argv[1];
    } else {
      user = argv[1];
      pass = argv[2];
      redactArgument(c, 2);
    }
    if (c.engine.acl.authenticate(c, user, pass)) c.reply.ok();
    else c.reply.error(Errors.wrongPass);
  },
  hello: (c, argv) => {
    let ver = 0;
    let next = 1;
    if (argv.length >= 2) {
      const v = parseLongLong(argv[next++]);
      if (v === null) return c.reply.error('ERR Protocol version is not an integer or out of range');
      if (v < 2n || v > 3n) return c.reply.error('NOPROTO unsupported protocol version');
      ver = Number(v);
    }
    for (let j = next; j < argv.length; j++) {
      const more = argv.length - 1 - j;
      const opt = argv[j].toLowerCase();
      if (opt === 'auth' && more >= 2) {
        redactArgument(c, j + 1);
        redactArgument(c, j + 2);
        if (!c.engine.acl.authenticate(c, argv[j + 1], argv[j + 2])) return c.reply.error(Errors.wrongPass);
        j += 2;
      } else if (opt === 'setname' && more >= 1) {
        if (!setClientName(c, argv[j + 1])) return;
        j++;
      } else {
        return c.reply.error(`ERR Syntax error in HELLO option '${argv[j]}'`);
      }
    }
    if (!c.authenticated) {
      return c.reply.error(
        'NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time',
      );
    }
    if (ver !== 0) c.reply.proto = ver as 2 | 3;
    const r = c.reply;
    r.mapLen(7);
    r.bulk('server');
    r.bulk('redis');
    r.bulk('version');
    r.bulk(REDIS_VERSION);
    r.bulk('proto');
    r.int(r.proto);
    r.bulk('id');
    r.int(c.id);
    r.bulk('mode');
    r.bulk('standalone');
    r.bulk('role');
    r.bulk('master');
    r.bulk('modules');
    r.arrayLen(0);
  },
});

/**
 * RESET: back to the state of a new connection (Redis's clearClientConnectionState): no
 * MONITOR, MULTI, subscriptions or tracking, db 0, RESP2, default user, no name, replies on.
 * A pending CLIENT REPLY SKIP still applies to RESET's own reply, as in Redis.
 */
export function resetConnection(c: Client): void {
  if (c.monitor) {
    c.monitor = false;
    c.engine.monitors.delete(c);
  }
  for (const hook of resetHooks) hook(c);
  c.db = c.engine.dbs[0];
  c.reply.proto = 2;
  c.user = c.engine.acl.defaultUser;
  c.authenticated = c.engine.acl.newClientAuthenticated();
  c.name = '';
  c.replyOff = false;
  c.replySkipNext = false;
  c.updateReplyEnabled();
}
