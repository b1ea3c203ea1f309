/** The reply of every `<CMD> HELP`: a header, the command's lines, and the HELP entry itself. */
import type { Client } from '../engine/client.js';

/** Replies with Redis's help layout for `cmd` (argv[0] as the user typed it). */
export function replyHelp(c: Client, cmd: string, lines: readonly string[]): void {
  const r = c.reply;
  r.arrayLen(lines.length + 3);
  r.simple(`${cmd.toUpperCase()} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`);
  for (const l of lines) r.simple(l);
  r.simple('HELP');
  r.simple('    Prints this help.');
}
