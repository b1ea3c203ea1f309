/**
 * CLIENT subcommands: ID, INFO, LIST, KILL, SETNAME, GETNAME, PAUSE, UNPAUSE, REPLY, NO-EVICT,
 * UNBLOCK, HELP. (CACHING, TRACKING, GETREDIR and TRACKINGINFO: client-tracking.ts.)
 */
import type { User } from '../acl/user.js';
import { defineCommands } from './define.js';
import { Errors } from '../engine/errors.js';
import type { Client } from '../engine/client.js';
import { PauseType } from '../engine/client-pause.js';
import { replyHelp } from './help.js';
import { clientInfoLine, clientType, clientTypeByName, type ClientType } from './client-info.js';
import { setClientName } from './client-identity.js';
import { parseLongLong } from './client-args.js';
import { optionIs } from './string-common.js';

const LLONG_MAX = 9223372036854775807n;

const HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
];

export const clientCommands = defineCommands({
  'client|help': (c, argv) => replyHelp(c, argv[0], HELP),
  'client|id': (c) => c.reply.int(c.id),
  'client|info': (c) => c.reply.verbatim(clientInfoLine(c) + '\n'),
  'client|list': (c, argv) => {
    let type: ClientType | undefined;
    let out = '';
    if (argv.length === 4 && argv[2].toLowerCase() === 'type') {
      type = clientTypeByName(argv[3]);
      if (type === undefined) return c.reply.error(`ERR Unknown client type '${argv[3]}'`);
    } else if (argv.length > 3 && argv[2].toLowerCase() === 'id') {
      // Every id is validated before anything is listed.
      const ids: bigint[] = [];
      for (let j = 3; j < argv.length; j++) {
        const id = parseLongLong(argv[j]);
        if (id === null) return c.reply.error('ERR Invalid client ID');
        ids.push(id);
      }
      for (const id of ids) {
        const other = id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? c.engine.clients.get(Number(id)) : undefined;
        if (other !== undefined) out += clientInfoLine(other) + '\n';
      }
      return c.reply.verbatim(out);
    } else if (argv.length !== 2) {
      return c.reply.error(Errors.syntax);
    }
    for (const other of c.engine.clients.values()) {
      if (type !== undefined && clientType(other) !== type) continue;
      out += clientInfoLine(other) + '\n';
    }
    c.reply.verbatim(out);
  },
  'client|kill': (c, argv) => clientKill(c, argv),
  'client|setname': (c, argv) => {
    if (setClientName(c, argv[2])) c.reply.ok();
  },
  'client|getname': (c) => c.reply.bulkOrNull(c.name === '' ? null : c.name),
  'client|pause': (c, argv) => {
    if (argv.length > 4) return c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
    let type = PauseType.All;
    if (argv.length === 4) {
      const mode = argv[3].toLowerCase();
      if (mode === 'write') type = PauseType.Write;
      else if (mode !== 'all') return c.reply.error('ERR CLIENT PAUSE mode must be WRITE or ALL');
    }
    const ms = parseLongLong(argv[2]);
    if (ms === null) return c.reply.error('ERR timeout is not an integer or out of range');
    if (ms < 0n) return c.reply.error('ERR timeout is negative');
    // Redis adds the current time in signed 64 bits: a sum past the maximum wraps negative,
    // which is a pause already over.
    let end = 0;
    if (ms > 0n) {
      const sum = ms + BigInt(c.engine.clock.now());
      end = sum > LLONG_MAX ? -1 : Number(sum);
    }
    c.engine.pause.pause(type, end);
    c.reply.ok();
  },
  'client|unpause': (c) => {
    c.engine.pause.unpause();
    c.reply.ok();
  },
  'client|reply': (c, argv) => {
    const mode = argv[2].toLowerCase();
    if (mode === 'on') {
      c.replyOff = false;
      c.replySkip = false;
      c.updateReplyEnabled();
      c.reply.ok();
    } else if (mode === 'off') {
      c.replyOff = true;
      c.updateReplyEnabled();
    } else if (mode === 'skip') {
      if (!c.replyOff) c.replySkipNext = true;
    } else {
      c.reply.error(Errors.syntax);
    }
  },
  'client|unblock': (c, argv) => {
    if (argv.length > 4) return c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
    let error = false;
    if (argv.length === 4) {
      if (optionIs(argv[3], 'error')) error = true;
      else if (!optionIs(argv[3], 'timeout')) return c.reply.error('ERR CLIENT UNBLOCK reason should be TIMEOUT or ERROR');
    }
    const id = parseLongLong(argv[2]);
    if (id === null) return c.reply.error(Errors.notInteger);
    const target = id > 0n && id <= BigInt(Number.MAX_SAFE_INTEGER) ? c.engine.clients.get(Number(id)) : undefined;
    // Only clients blocked on keys can be unblocked (not those CLIENT PAUSE postponed).
    c.reply.int(target !== undefined && c.engine.blocking.unblock(target, error) ? 1 : 0);
  },
  'client|no-evict': (c, argv) => {
    const mode = argv[2].toLowerCase();
    if (mode === 'on') c.noEvict = true;
    else if (mode === 'off') c.noEvict = false;
    else return c.reply.error(Errors.syntax);
    c.reply.ok();
  },
});

/** The filters of CLIENT KILL; unset ones match every client. */
interface KillFilter {
  addr?: string;
  laddr?: string;
  type?: ClientType;
  id?: bigint;
  user?: User;
  skipMe: boolean;
}

/**
 * CLIENT KILL <addr> (old form: may kill the caller, replies OK or "No such client") and
 * CLIENT KILL <filter> <value> ... (new form: SKIPME defaults to yes, replies the count).
 * Other clients are closed at once; the caller closes after its reply.
 */
function clientKill(c: Client, argv: string[]): void {
  const filter: KillFilter = { skipMe: true };
  if (argv.length === 3) {
    filter.addr = argv[2];
    filter.skipMe = false;
  } else {
    for (let i = 2; i < argv.length; i += 2) {
      const opt = argv[i].toLowerCase();
      if (i + 1 >= argv.length) return c.reply.error(Errors.syntax);
      const val = argv[i + 1];
      if (opt === 'id') {
        const id = parseLongLong(val);
        if (id === null || id < 1n) return c.reply.error('ERR client-id should be greater than 0');
        filter.id = id;
      } else if (opt === 'type') {
        filter.type = clientTypeByName(val);
        if (filter.type === undefined) return c.reply.error(`ERR Unknown client type '${val}'`);
      } else if (opt === 'addr') {
        filter.addr = val;
      } else if (opt === 'laddr') {
        filter.laddr = val;
      } else if (opt === 'user') {
        const u = c.engine.acl.users.get(val);
        if (u === undefined) return c.reply.error(`ERR No such user '${val}'`);
        filter.user = u;
      } else if (opt === 'skipme') {
        const v = val.toLowerCase();
        if (v === 'yes') filter.skipMe = true;
        else if (v === 'no') filter.skipMe = false;
        else return c.reply.error(Errors.syntax);
      } else {
        return c.reply.error(Errors.syntax);
      }
    }
  }
  let killed = 0;
  let killSelf = false;
  for (const other of [...c.engine.clients.values()]) {
    if (filter.addr !== undefined && other.transport.addr !== filter.addr) continue;
    if (filter.laddr !== undefined && other.transport.laddr !== filter.laddr) continue;
    if (filter.type !== undefined && clientType(other) !== filter.type) continue;
    if (filter.id !== undefined && BigInt(other.id) !== filter.id) continue;
    if (filter.user !== undefined && (other.user !== filter.user || other.mustObey)) continue;
    if (other === c && filter.skipMe) continue;
    if (other === c) killSelf = true;
    else other.transport.close(false);
    killed++;
  }
  if (argv.length === 3) {
    if (killed === 0) c.reply.error('ERR No such client');
    else c.reply.ok();
  } else {
    c.reply.int(killed);
  }
  // Flagged only after the reply is queued, so the caller still gets it.
  if (killSelf) c.closeAfterReply = true;
}
