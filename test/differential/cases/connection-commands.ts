/**
 * Hand-written connection-command cases (test/differential/connection-commands.test.ts), as data:
 * PING/ECHO/HELLO/AUTH/CLIENT SETNAME errors, and the dispatcher's unknown-command and
 * unknown-subcommand texts (truncation at 128 bytes, newlines mapped to spaces, case folding).
 * Replies that carry per-connection facts (HELLO's map, CLIENT ID) are not sent here.
 */
import type { DiffCase } from '../../helpers/differential.js';

const LONG = 'x'.repeat(200);

export const CONNECTION_COMMAND_CASES: DiffCase[] = [
  {
    name: 'PING and ECHO',
    cmds: [['PING'], ['ping'], ['PING', ''], ['PING', 'hello world'], ['PING', '\x00\r\n\xff'], ['PING', 'a', 'b'], ['ECHO', ''], ['ECHO', '\r\n'],
      ['ECHO', LONG], ['ECHO', 'a', 'b'], ['ECHO'], ['PiNg']],
  },
  {
    name: 'HELLO errors (no reply with connection facts)',
    cmds: [['HELLO', '0'], ['HELLO', '1'], ['HELLO', '4'], ['HELLO', '-1'], ['HELLO', 'x'], ['HELLO', '3.0'], ['HELLO', '2', 'bogus'],
      ['HELLO', '2', 'AUTH'], ['HELLO', '2', 'AUTH', 'u'], ['HELLO', '2', 'AUTH', 'default', 'nopass'], ['HELLO', '2', 'SETNAME'],
      ['HELLO', '2', 'SETNAME', 'bad name'], ['HELLO', '2', 'AUTH', 'nobody', 'x', 'SETNAME', 'n'], ['HELLO', '2', 'SETNAME', 'n', 'bogus'],
      ['CLIENT', 'GETNAME']],
  },
  {
    name: 'AUTH without a configured password',
    cmds: [['AUTH', 'x'], ['AUTH', ''], ['AUTH', 'default', 'x'], ['AUTH', 'default', ''], ['AUTH', 'nobody', 'x'], ['AUTH', 'a', 'b', 'c'], ['AUTH']],
  },
  {
    name: 'CLIENT SETNAME/GETNAME and their errors',
    cmds: [['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'conn-1'], ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', 'a b'], ['CLIENT', 'SETNAME', 'a\nb'],
      ['CLIENT', 'SETNAME', 'a\x7f'], ['CLIENT', 'SETNAME', 'a\x1f'], ['CLIENT', 'SETNAME', '\xe9'], ['CLIENT', 'SETNAME', '!~'], ['CLIENT', 'GETNAME'],
      ['CLIENT', 'SETNAME', ''], ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME'], ['CLIENT', 'SETNAME', 'a', 'b'], ['CLIENT', 'GETNAME', 'x'],
      ['client', 'setname', LONG], ['CLIENT', 'getname'], ['CLIENT', 'SETNAME', '']],
  },
  {
    name: 'CLIENT subcommands with fixed replies',
    cmds: [['CLIENT', 'NO-EVICT', 'ON'], ['CLIENT', 'NO-EVICT', 'off'], ['CLIENT', 'NO-EVICT', 'maybe'], ['CLIENT', 'UNPAUSE'], ['CLIENT', 'UNPAUSE', 'x'],
      ['CLIENT', 'PAUSE', '-1'], ['CLIENT', 'PAUSE', 'x'], ['CLIENT', 'PAUSE', '0', 'bogus'], ['CLIENT', 'PAUSE', '0', 'WRITE'], ['CLIENT', 'UNPAUSE'],
      ['CLIENT', 'KILL', '1.2.3.4:5'], ['CLIENT', 'KILL', 'ID', 'x'], ['CLIENT', 'KILL', 'ID', '999999'], ['CLIENT', 'KILL', 'TYPE', 'bogus'],
      ['CLIENT', 'KILL', 'bogus', 'x'], ['CLIENT', 'KILL', 'SKIPME', 'maybe'], ['CLIENT', 'REPLY', 'bogus'], ['CLIENT', 'LIST', 'TYPE', 'bogus'],
      ['CLIENT', 'LIST', 'ID', 'x'], ['CLIENT', 'LIST', 'bogus'], ['CLIENT', 'HELP']],
  },
  {
    name: 'unknown commands: text, truncation, newlines, binary',
    cmds: [['NOSUCH'], ['nosuch', 'a', 'b'], ['nosuch', ''], [LONG], [LONG, 'a'], ['nosuch', LONG], ['nosuch', 'x'.repeat(100), 'y'.repeat(100), 'z'],
      ['nosuch', ...Array.from({ length: 60 }, (_, i) => String(i))], ['no\r\nsuch', 'a\nb', 'c\rd'], ['no\x00such', 'a\x00b'], [''], ['', ''],
      ['\xff\xfe', '\xe9'], ['GET|x', 'k'], ['client|list'], ['config|get', '*']],
  },
  {
    name: 'unknown subcommands of every container kind',
    cmds: [['CLIENT', 'nosuch'], ['CLIENT', 'nosuch', 'a'], ['CLIENT', LONG], ['CLIENT', 'a\r\nb'], ['CONFIG', 'nosuch'], ['OBJECT', 'nosuch', 'k'],
      ['COMMAND', 'nosuch'], ['SLOWLOG', 'nosuch'], ['LATENCY', 'nosuch'], ['FUNCTION', 'nosuch'], ['DEBUG', 'nosuch'], ['client', 'NOSUCH'], ['CLIENT', ''], ['CONFIG', 'GET'], ['CLIENT', 'SETNAME'], ['CONFIG'], ['OBJECT']],
  },
  {
    name: 'unknown subcommands of containers Sonic may not implement yet',
    cmds: [['MEMORY', 'nosuch'], ['ACL', 'nosuch'], ['XINFO', 'nosuch'], ['CLUSTER', 'nosuch'], ['SCRIPT', 'nosuch'], ['PUBSUB', 'nosuch'],
      ['MODULE', 'nosuch'], ['XGROUP', 'nosuch']],
  },
  {
    name: 'command and subcommand names are case-insensitive',
    cmds: [['sEt', 'k', 'v'], ['gEt', 'k'], ['Client', 'GetName'], ['CONFIG', 'get', 'MAXMEMORY'], ['object', 'Encoding', 'k'], ['command', 'count', 'x']],
  },
];
