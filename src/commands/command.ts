/**
 * COMMAND and its subcommands: the command table as data (INFO, DOCS, COUNT, LIST, GETKEYS,
 * GETKEYSANDFLAGS). Only commands Sonic implements are listed; their facts are Redis 7.0.15's.
 * COMMAND DOCS omits summaries and complexity texts, which the facts do not carry.
 */
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';
import { Errors } from '../engine/errors.js';
import type { Command, CommandTable } from '../engine/command-table.js';
import { commandHasKeys, getKeys } from '../engine/get-keys.js';
import { globMatch } from '../util/glob.js';
import type { KeySpecRaw } from './table/raw.js';
import type { ReplyBuffer } from '../protocol/reply.js';
import type { Client } from '../engine/client.js';

function replySet(r: ReplyBuffer, items: readonly string[], simple: boolean): void {
  r.setLen(items.length);
  for (const it of items) {
    if (simple) r.simple(it);
    else r.bulk(it);
  }
}

function replyKeySpec(r: ReplyBuffer, ks: KeySpecRaw): void {
  r.mapLen(ks.notes !== undefined ? 4 : 3);
  if (ks.notes !== undefined) {
    r.bulk('notes');
    r.bulk(ks.notes);
  }
  r.bulk('flags');
  replySet(r, ks.flags, true);
  r.bulk('begin_search');
  r.mapLen(2);
  r.bulk('type');
  r.bulk(ks.begin_search.type);
  r.bulk('spec');
  const bs = ks.begin_search.spec;
  if (ks.begin_search.type === 'index') {
    r.mapLen(1);
    r.bulk('index');
    r.int(bs.index!);
  } else if (ks.begin_search.type === 'keyword') {
    r.mapLen(2);
    r.bulk('keyword');
    r.bulk(bs.keyword!);
    r.bulk('startfrom');
    r.int(bs.startfrom!);
  } else {
    r.mapLen(0);
  }
  r.bulk('find_keys');
  r.mapLen(2);
  r.bulk('type');
  r.bulk(ks.find_keys.type);
  r.bulk('spec');
  const fk = ks.find_keys.spec;
  if (ks.find_keys.type === 'range') {
    r.mapLen(3);
    r.bulk('lastkey');
    r.int(fk.lastkey!);
    r.bulk('keystep');
    r.int(fk.keystep!);
    r.bulk('limit');
    r.int(fk.limit!);
  } else if (ks.find_keys.type === 'keynum') {
    r.mapLen(3);
    r.bulk('keynumidx');
    r.int(fk.keynumidx!);
    r.bulk('firstkey');
    r.int(fk.firstkey!);
    r.bulk('keystep');
    r.int(fk.keystep!);
  } else {
    r.mapLen(0);
  }
}

/** One command's COMMAND INFO entry (a 10-element array), subcommands included. */
export function replyCommandInfo(r: ReplyBuffer, cmd: Command): void {
  const raw = cmd.raw;
  r.arrayLen(10);
  r.bulk(cmd.fullname);
  r.int(cmd.arity);
  replySet(r, raw.flags, true);
  r.int(raw.firstKey);
  r.int(raw.lastKey);
  r.int(raw.step);
  replySet(
    r,
    raw.aclCategories.map((a) => '@' + a),
    true,
  );
  replySet(r, raw.tips, false);
  r.setLen(raw.keySpecs.length);
  for (const ks of raw.keySpecs) replyKeySpec(r, ks);
  if (cmd.subcommands === undefined) {
    r.setLen(0);
  } else {
    r.arrayLen(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) replyCommandInfo(r, sub);
  }
}

interface ArgDoc {
  name: string;
  type: string;
  key_spec_index?: number;
  token?: string;
  since?: string;
  flags?: string[];
  arguments?: ArgDoc[];
}

function replyArgs(r: ReplyBuffer, args: readonly ArgDoc[]): void {
  r.arrayLen(args.length);
  for (const a of args) {
    const nested = a.type === 'oneof' || a.type === 'block';
    let n = 2;
    if (a.key_spec_index !== undefined) n++;
    if (a.token !== undefined) n++;
    if (a.since !== undefined) n++;
    if (a.flags !== undefined && a.flags.length) n++;
    if (nested) n++;
    r.mapLen(n);
    r.bulk('name');
    r.bulk(a.name);
    r.bulk('type');
    r.bulk(a.type);
    if (a.key_spec_index !== undefined) {
      r.bulk('key_spec_index');
      r.int(a.key_spec_index);
    }
    if (a.token !== undefined) {
      r.bulk('token');
      r.bulk(a.token);
    }
    if (a.since !== undefined) {
      r.bulk('since');
      r.bulk(a.since);
    }
    if (a.flags !== undefined && a.flags.length) {
      r.bulk('flags');
      replySet(r, a.flags, true);
    }
    if (nested) {
      r.bulk('arguments');
      replyArgs(r, a.arguments ?? []);
    }
  }
}

/** One command's COMMAND DOCS map (without summary/complexity/history, which Sonic does not carry). */
export function replyCommandDocs(r: ReplyBuffer, cmd: Command): void {
  const raw = cmd.raw;
  const args = raw.arguments as ArgDoc[] | undefined;
  const docFlags = raw.docFlags ?? [];
  let n = 1;
  if (raw.since) n++;
  if (docFlags.length) n++;
  if (args !== undefined) n++;
  if (cmd.subcommands !== undefined) n++;
  r.mapLen(n);
  if (raw.since) {
    r.bulk('since');
    r.bulk(raw.since);
  }
  r.bulk('group');
  r.bulk(raw.group);
  if (docFlags.length) {
    r.bulk('doc_flags');
    replySet(r, docFlags, true);
  }
  if (args !== undefined) {
    r.bulk('arguments');
    replyArgs(r, args);
  }
  if (cmd.subcommands !== undefined) {
    r.bulk('subcommands');
    r.mapLen(cmd.subcommands.size);
    for (const sub of cmd.subcommands.values()) {
      r.bulk(sub.fullname);
      replyCommandDocs(r, sub);
    }
  }
}

/** A command by name as COMMAND INFO/DOCS take it: "get", or "config|get" for a subcommand. */
export function lookupByName(table: CommandTable, name: string): Command | undefined {
  const parts = name.toLowerCase().split('|');
  if (parts.length > 2) return undefined;
  const base = table.commands.get(parts[0]);
  if (parts.length === 1 || base === undefined) return base;
  return base.subcommands?.get(parts[1]);
}

function listCommands(table: CommandTable, keep: (cmd: Command) => boolean): string[] {
  const out: string[] = [];
  for (const cmd of table.commands.values()) {
    if (keep(cmd)) out.push(cmd.fullname);
    for (const sub of cmd.subcommands?.values() ?? []) if (keep(sub)) out.push(sub.fullname);
  }
  return out;
}

function getKeysCommand(c: Client, argv: string[], withFlags: boolean): void {
  const r = c.reply;
  const args = argv.slice(2);
  const cmd = c.engine.table.lookup(args);
  if (cmd === undefined) return r.error('ERR Invalid command specified');
  if (!commandHasKeys(cmd)) return r.error('ERR The command has no key arguments');
  if ((cmd.arity > 0 && cmd.arity !== args.length) || args.length < -cmd.arity) {
    return r.error('ERR Invalid number of arguments specified for command');
  }
  const keys = getKeys(cmd, args);
  if (keys.length === 0) {
    if (cmd.raw.flags.includes('no_mandatory_keys')) return r.arrayLen(0);
    return r.error('ERR Invalid arguments specified for command');
  }
  r.arrayLen(keys.length);
  for (const k of keys) {
    if (withFlags) {
      r.arrayLen(2);
      r.bulk(args[k.pos]);
      replySet(r, k.flags, true);
    } else {
      r.bulk(args[k.pos]);
    }
  }
}

// Sonic's own wording of the help (the layout is Redis's: syntax line, indented explanation).
const HELP = [
  '(no subcommand)',
  '    Details of every command.',
  'COUNT',
  '    Number of commands.',
  'LIST [FILTERBY (MODULE <name>|ACLCAT <category>|PATTERN <pattern>)]',
  '    Names of the commands and subcommands, optionally filtered.',
  'INFO [<command-name> ...]',
  '    Details of the given commands (of every command when none is given).',
  'DOCS [<command-name> ...]',
  '    Documentation of the given commands (of every command when none is given).',
  'GETKEYS <full-command>',
  '    The key arguments of a full command line.',
  'GETKEYSANDFLAGS <full-command>',
  '    The key arguments of a full command line, with how each key is accessed.',
];

export const commandCommands = defineCommands({
  command: (c) => {
    const table = c.engine.table;
    c.reply.arrayLen(table.commands.size);
    for (const cmd of table.commands.values()) replyCommandInfo(c.reply, cmd);
  },
  'command|count': (c) => c.reply.int(c.engine.table.commands.size),
  'command|info': (c, argv) => {
    const table = c.engine.table;
    if (argv.length === 2) {
      c.reply.arrayLen(table.commands.size);
      for (const cmd of table.commands.values()) replyCommandInfo(c.reply, cmd);
      return;
    }
    c.reply.arrayLen(argv.length - 2);
    for (let i = 2; i < argv.length; i++) {
      const cmd = lookupByName(table, argv[i]);
      if (cmd === undefined) c.reply.nullBulk();
      else replyCommandInfo(c.reply, cmd);
    }
  },
  'command|docs': (c, argv) => {
    const table = c.engine.table;
    const cmds: Command[] = [];
    if (argv.length === 2) cmds.push(...table.commands.values());
    else {
      for (let i = 2; i < argv.length; i++) {
        const cmd = lookupByName(table, argv[i]);
        if (cmd !== undefined) cmds.push(cmd);
      }
    }
    c.reply.mapLen(cmds.length);
    for (const cmd of cmds) {
      c.reply.bulk(cmd.fullname);
      replyCommandDocs(c.reply, cmd);
    }
  },
  'command|list': (c, argv) => {
    let keep: (cmd: Command) => boolean = () => true;
    for (let i = 2; i < argv.length; i++) {
      if (argv[i].toLowerCase() !== 'filterby' || argv.length - 1 - i !== 2) return c.reply.error(Errors.syntax);
      const type = argv[i + 1].toLowerCase();
      const arg = argv[i + 2];
      if (type === 'module') keep = () => false; // Sonic has no modules
      else if (type === 'aclcat') {
        const cat = arg.toLowerCase();
        keep = (cmd) => cmd.raw.aclCategories.includes(cat);
      } else if (type === 'pattern') keep = (cmd) => globMatch(arg, cmd.fullname, true);
      else return c.reply.error(Errors.syntax);
      i += 2;
    }
    c.reply.bulkArray(listCommands(c.engine.table, keep));
  },
  'command|getkeys': (c, argv) => getKeysCommand(c, argv, false),
  'command|getkeysandflags': (c, argv) => getKeysCommand(c, argv, true),
  'command|help': (c, argv) => replyHelp(c, argv[0], HELP),
});

