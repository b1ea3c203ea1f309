/**
 * Generates docs/COMMANDS.md: every Redis 7.0.15 command and subcommand, grouped as Redis groups
 * them, with its status in Sonic, arity, flags and syntax.
 *
 *   npm run docs                                  rewrites docs/COMMANDS.md
 *   node dist/scripts/gen-commands-doc.js --check  exits 1 if docs/COMMANDS.md is out of date
 *
 * A command counts as implemented exactly when the engine's CommandTable has a handler for it,
 * which is the same rule the server uses to answer "unknown command", so the page cannot claim
 * more than the server does. The output depends only on the table (no date), so a test can
 * regenerate it and compare it with the committed file.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HANDLERS } from '../src/commands/index.js';
import { CommandTable } from '../src/engine/command-table.js';
import type { RawCommand } from '../src/commands/table/raw.js';

/** What the renderer needs from a CommandTable: Redis's facts and what Sonic implements. */
export type CommandsDocInput = Pick<CommandTable, 'facts' | 'byFullname'>;

/** Redis's groups in the order its documentation lists them, with headings for this page. */
const GROUPS: readonly [string, string][] = [
  ['generic', 'Keys (generic)'],
  ['string', 'Strings'],
  ['list', 'Lists'],
  ['set', 'Sets'],
  ['sorted-set', 'Sorted sets'],
  ['hash', 'Hashes'],
  ['bitmap', 'Bitmaps'],
  ['hyperloglog', 'HyperLogLog'],
  ['geo', 'Geospatial'],
  ['stream', 'Streams'],
  ['pubsub', 'Pub/Sub'],
  ['transactions', 'Transactions'],
  ['scripting', 'Scripting and functions'],
  ['connection', 'Connection'],
  ['server', 'Server'],
  ['cluster', 'Cluster'],
];

/** An argument as COMMAND DOCS describes it. */
interface DocArg {
  name: string;
  type: string;
  token?: string;
  flags?: string[];
  arguments?: DocArg[];
}

/** One argument in Redis's synopsis notation: [optional], <one | of>, name [name ...]. */
function argSyntax(a: DocArg): string {
  const flags = a.flags ?? [];
  let base: string;
  if (a.type === 'pure-token') base = a.token === '' ? '""' : (a.token ?? a.name);
  else if (a.type === 'oneof') {
    // Brackets already group an optional choice; a required, tokened or repeated one needs <...>.
    const alts = (a.arguments ?? []).map(argSyntax).join(' | ');
    const bare = flags.includes('optional') && a.token === undefined && !flags.includes('multiple');
    base = bare ? alts : `<${alts}>`;
  } else if (a.type === 'block') base = (a.arguments ?? []).map(argSyntax).join(' ');
  else base = a.name;
  const tokenPrefix = a.token !== undefined && a.type !== 'pure-token' ? `${a.token} ` : '';
  let s: string;
  if (flags.includes('multiple_token')) s = `${tokenPrefix}${base} [${tokenPrefix}${base} ...]`;
  else if (flags.includes('multiple')) s = `${tokenPrefix}${base} [${base} ...]`;
  else s = tokenPrefix + base;
  return flags.includes('optional') ? `[${s}]` : s;
}

/** "SET key value [NX | XX] ..." for a command or "CLIENT KILL ..." for a subcommand. */
export function syntaxOf(raw: RawCommand): string {
  const name = raw.name.toUpperCase().replace('|', ' ');
  const args = ((raw.arguments ?? []) as DocArg[]).map(argSyntax);
  return [name, ...args].join(' ');
}

/** Escapes a table cell: a bare '|' would end the cell, even inside backticks. */
const cell = (s: string) => s.replace(/\|/g, '\\|');

function row(raw: RawCommand, status: string): string {
  const since = raw.since + (raw.docFlags?.includes('deprecated') ? ', deprecated' : '');
  const flags = raw.flags.join(', ');
  // A container's syntax is its subcommands', listed in the rows below it.
  const syntax = raw.subcommands?.length ? '' : cell(`\`${syntaxOf(raw)}\``);
  return `| ${cell(`\`${raw.name.toUpperCase().replace('|', ' ')}\``)} | ${status} | ${raw.arity} | ${flags} | ${since} | ${syntax} |`;
}

/**
 * Renders docs/COMMANDS.md from a command table. Pure: the same table gives the same text.
 */
export function renderCommandsDoc(table: CommandsDocInput): string {
  const all = [...table.facts.values()];
  const top = all.filter((r) => r.container === undefined).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const implemented = (name: string) => table.byFullname.get(name)?.handler !== undefined;
  const subsOf = (r: RawCommand) => (r.subcommands ?? []).map((s) => table.facts.get(s)).filter((s): s is RawCommand => s !== undefined);
  const topDone = (r: RawCommand) => (r.subcommands?.length ? subsOf(r).some((s) => implemented(s.name)) : implemented(r.name));

  const knownGroups = new Set(GROUPS.map(([g]) => g));
  const extraGroups = [...new Set(top.map((r) => r.group))].filter((g) => !knownGroups.has(g)).sort();
  const groups: [string, string][] = [...GROUPS, ...extraGroups.map((g): [string, string] => [g, g])];

  const subs = all.filter((r) => r.container !== undefined);
  const out: string[] = [];
  out.push('# Commands');
  out.push('');
  out.push('<!-- GENERATED by `npm run docs` (scripts/gen-commands-doc.ts) from Redis 7.0.15\'s command table and Sonic\'s handlers. Do not edit by hand. -->');
  out.push('');
  out.push(
    `Sonic implements **${top.filter(topDone).length} of ${top.length}** Redis 7.0.15 commands and ` +
      `**${subs.filter((s) => implemented(s.name)).length} of ${subs.length}** subcommands. ` +
      'A command is implemented when Sonic\'s engine has a handler for it; any other command answers ' +
      '`ERR unknown command` (a missing subcommand: `ERR unknown subcommand`), as Redis does for commands it does not know.',
  );
  out.push('');
  out.push(
    'Columns: **Sonic** is `yes` or `not yet` (for a container such as CLIENT: how many of its subcommands exist). ' +
      '**Arity** follows Redis: N means exactly N arguments counting the command name, -N means at least N. ' +
      '**Flags** are the COMMAND INFO flags; arity, flags and syntax are Redis 7.0.15\'s, which Sonic reports too.',
  );
  out.push('');
  out.push('| Group | Commands implemented | Subcommands implemented |');
  out.push('|---|---:|---:|');
  for (const [g, title] of groups) {
    const cmds = top.filter((r) => r.group === g);
    if (cmds.length === 0) continue;
    const gsubs = cmds.flatMap(subsOf);
    const subCell = gsubs.length ? `${gsubs.filter((s) => implemented(s.name)).length} / ${gsubs.length}` : '';
    out.push(`| [${title}](#${anchor(title)}) | ${cmds.filter(topDone).length} / ${cmds.length} | ${subCell} |`);
  }
  for (const [g, title] of groups) {
    const cmds = top.filter((r) => r.group === g);
    if (cmds.length === 0) continue;
    out.push('');
    out.push(`## ${title}`);
    out.push('');
    out.push('| Command | Sonic | Arity | Flags | Since | Syntax |');
    out.push('|---|---|---:|---|---|---|');
    for (const r of cmds) {
      const children = subsOf(r);
      if (children.length === 0) {
        out.push(row(r, implemented(r.name) ? 'yes' : 'not yet'));
        continue;
      }
      const done = children.filter((s) => implemented(s.name)).length;
      out.push(row(r, done === 0 ? 'not yet' : `${done} of ${children.length} subcommands`));
      for (const s of children) out.push(row(s, implemented(s.name) ? 'yes' : 'not yet'));
    }
  }
  return out.join('\n') + '\n';
}

/** GitHub's heading anchor: lowercase, spaces to '-', punctuation other than '-' dropped. */
function anchor(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');
}

function main(argv: string[]): void {
  const check = argv.includes('--check');
  const file = resolve(argv.find((a) => !a.startsWith('--')) ?? 'docs/COMMANDS.md');
  const text = renderCommandsDoc(new CommandTable(HANDLERS));
  if (check) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing counts as out of date
    }
    if (current !== text) {
      console.error(`${file} is out of date: run npm run docs`);
      process.exit(1);
    }
    return;
  }
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  console.log(`wrote ${file}`);
}

// Run only as a script, not when a test imports renderCommandsDoc.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main(process.argv.slice(2));
}
