/**
 * XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER, DELCONSUMER, HELP) and XACK, after Redis 7.0's
 * xgroupCommand / xackCommand, with its checks in its order: the CREATE/SETID options first,
 * then the key (which must exist unless MKSTREAM), then the group, then the subcommand's own
 * argument count. Destroying a group wakes the XREADGROUP clients blocked on it (-NOGROUP).
 */
import { notify, Notify } from '../engine/notify.js';
import type { Client } from '../engine/client.js';
import { Errors } from '../engine/errors.js';
import { Stream } from '../types/stream.js';
import { idKey, MIN_ID, parseStreamId, type StreamId } from '../types/stream-id.js';
import { createGroup, destroyGroup, INVALID_ENTRIES_READ, type StreamGroup } from '../types/stream-group.js';
import { parseInt64, type Int64 } from '../util/int64.js';
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';
import { optionIs } from './string-common.js';
import { readStream, strictIdOrReply, writeStream } from './stream-common.js';

const HELP = [
  'CREATE <key> <groupname> <id|$> [option]',
  '    Create a new consumer group. Options are:',
  '    * MKSTREAM',
  '      Create the empty stream if it does not exist.',
  '    * ENTRIESREAD entries_read',
  "      Set the group's entries_read counter (internal use).",
  'CREATECONSUMER <key> <groupname> <consumer>',
  '    Create a new consumer in the specified group.',
  'DELCONSUMER <key> <groupname> <consumer>',
  '    Remove the specified consumer.',
  'DESTROY <key> <groupname>',
  '    Remove the specified group.',
  'SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]',
  '    Set the current group ID and entries_read counter.',
];

/** What the common part of XGROUP found: the stream (if any), its group and the options. */
interface Target {
  s: Stream | undefined;
  g: StreamGroup | undefined;
  mkstream: boolean;
  entriesRead: Int64;
}

/** True when `arg` is "$" as a C string. */
function isDollar(arg: string): boolean {
  return arg.charCodeAt(0) === 36 && (arg.length === 1 || arg.charCodeAt(1) === 0);
}

/**
 * The checks every subcommand but HELP shares (argv[2] is the key, argv[3] the group); null
 * after replying an error. `needGroup` for the subcommands that work on an existing group.
 */
function target(c: Client, argv: string[], needGroup: boolean): Target | null {
  const sub = argv[1];
  const create = optionIs(sub, 'create');
  const setid = optionIs(sub, 'setid');
  const t: Target = { s: undefined, g: undefined, mkstream: false, entriesRead: INVALID_ENTRIES_READ };
  for (let i = 5; i < argv.length; ) {
    if (create && optionIs(argv[i], 'mkstream')) {
      t.mkstream = true;
      i++;
    } else if ((create || setid) && optionIs(argv[i], 'entriesread') && i + 1 < argv.length) {
      const n = parseInt64(argv[i + 1]);
      if (n === null) {
        c.reply.error(Errors.notInteger);
        return null;
      }
      if (n < 0 && n !== INVALID_ENTRIES_READ) {
        c.reply.error(Errors.entriesReadInvalid);
        return null;
      }
      t.entriesRead = n;
      i += 2;
    } else {
      c.reply.error(Errors.subcommandSyntax(sub, argv[0]));
      return null;
    }
  }
  const s = writeStream(c, argv[2]);
  if (s === null) return null;
  t.s = s;
  if (!t.mkstream) {
    if (s === undefined) {
      c.reply.error(Errors.xgroupNoKey);
      return null;
    }
    t.g = s.group(argv[3]);
    if (t.g === undefined && needGroup) {
      c.reply.error(Errors.noSuchGroup(argv[3], argv[2]));
      return null;
    }
  }
  return t;
}

function create(c: Client, argv: string[]): void {
  const t = target(c, argv, false);
  if (t === null) return;
  if (argv.length > 8) return c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
  let id: StreamId | null;
  if (isDollar(argv[4])) id = t.s === undefined ? MIN_ID : t.s.lastId;
  else id = strictIdOrReply(c, argv[4]);
  if (id === null) return;
  let s = t.s;
  if (s === undefined) {
    s = new Stream();
    c.db.set(argv[2], s);
  }
  if (createGroup(s, argv[3], id, t.entriesRead) === null) return c.reply.error(Errors.busyGroup);
  c.engine.dirty++;
  c.reply.ok();
  notify(c, Notify.Stream, 'xgroup-create', argv[2]);
}

function setid(c: Client, argv: string[]): void {
  const t = target(c, argv, true);
  if (t === null) return;
  if (argv.length !== 5 && argv.length !== 7) return c.reply.error(Errors.subcommandSyntax(argv[1], argv[0]));
  let id: StreamId;
  if (isDollar(argv[4])) {
    id = t.s!.lastId;
  } else {
    const p = parseStreamId(argv[4], 0, false);
    if (p === null) return c.reply.error(Errors.invalidStreamId);
    id = p.id;
  }
  t.g!.lastId = id;
  t.g!.entriesRead = t.entriesRead;
  c.engine.dirty++;
  c.reply.ok();
  notify(c, Notify.Stream, 'xgroup-setid', argv[2]);
}

export const streamGroupCommands = defineCommands({
  'xgroup|create': create,
  'xgroup|setid': setid,
  'xgroup|destroy': (c, argv) => {
    const t = target(c, argv, false);
    if (t === null) return;
    if (t.g === undefined || !destroyGroup(t.s!, argv[3])) return c.reply.int(0);
    c.engine.dirty++;
    c.reply.int(1);
    notify(c, Notify.Stream, 'xgroup-destroy', argv[2]);
    // XREADGROUP clients blocked on the group get -NOGROUP.
    c.engine.blocking.keys.signal(c.db, argv[2]);
  },
  'xgroup|createconsumer': (c, argv) => {
    const t = target(c, argv, true);
    if (t === null) return;
    const created = t.g!.createConsumer(argv[4], c.engine.clock.now()) !== null;
    if (created) {
      c.engine.dirty++;
      notify(c, Notify.Stream, 'xgroup-createconsumer', argv[2]);
    }
    c.reply.int(created ? 1 : 0);
  },
  'xgroup|delconsumer': (c, argv) => {
    const t = target(c, argv, true);
    if (t === null) return;
    const consumer = t.g!.consumer(argv[4]);
    let pending = 0;
    if (consumer !== undefined) {
      pending = t.g!.deleteConsumer(consumer);
      c.engine.dirty++;
      notify(c, Notify.Stream, 'xgroup-delconsumer', argv[2]);
    }
    c.reply.int(pending);
  },
  'xgroup|help': (c, argv) => replyHelp(c, argv[0], HELP),

  /** XACK key group id [id ...]: acknowledged entries leave the group's and their consumer's PEL. */
  xack: (c, argv) => {
    const s = readStream(c, argv[1]);
    if (s === null) return;
    const g = s?.group(argv[2]);
    if (g === undefined) return c.reply.int(0);
    const keys: string[] = [];
    for (let j = 3; j < argv.length; j++) {
      const id = strictIdOrReply(c, argv[j]);
      if (id === null) return;
      keys.push(idKey(id));
    }
    let acked = 0;
    for (const k of keys) if (g.ack(k)) acked++;
    c.engine.dirty += acked;
    c.reply.int(acked);
  },
});
