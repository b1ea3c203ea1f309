/**
 * Cases generated from Sonic's command table (test/differential/arity.test.ts): a wrong number of
 * arguments for every implemented command and subcommand, an unknown subcommand for every
 * implemented container, and COMMAND INFO / COMMAND DOCS for every implemented command.
 *
 * Being generated from the table, these cases cover every command by construction, so they are
 * NOT counted by the coverage test (./index.ts): coverage must come from hand-written cases.
 */
import { Engine } from '../../../src/engine/engine.js';
import type { Command } from '../../../src/engine/command-table.js';
import type { DiffCase } from '../../helpers/differential.js';

/** Argument values that no command takes as a keyword, so only the count matters. */
function filler(n: number): string[] {
  return Array.from({ length: n }, (_, i) => `arg${i}`);
}

/** argv prefix of a command: ['get'] or ['client', 'setname'] (as a client would send it, uppercased). */
function prefix(c: Command): string[] {
  return c.parent ? [c.parent.name.toUpperCase(), c.name.toUpperCase()] : [c.name.toUpperCase()];
}

/** Every implemented command and subcommand, sorted by full name. */
export function implementedCommands(): Command[] {
  return new Engine().table.all().sort((a, b) => a.fullname.localeCompare(b.fullname));
}

/**
 * Wrong-arity argv lists for `c`: one argument short of its minimum, and for fixed arity one
 * argument too many as well. A container's own arity is checked with no subcommand at all.
 */
export function wrongArity(c: Command): string[][] {
  const p = prefix(c);
  const n = Math.abs(c.arity);
  const out: string[][] = [];
  if (c.subcommands !== undefined) {
    // "CLIENT" alone; containers have arity -2.
    if (n > 1) out.push(p);
    return out;
  }
  if (n - 1 >= p.length) out.push([...p, ...filler(n - 1 - p.length)]);
  if (c.arity > 0) out.push([...p, ...filler(n + 1 - p.length)]);
  return out;
}

export function arityCases(): DiffCase[] {
  const out: DiffCase[] = [];
  for (const c of implementedCommands()) {
    const cmds = wrongArity(c);
    if (cmds.length > 0) out.push({ name: `wrong arity: ${c.fullname}`, cmds });
  }
  return out;
}

export function unknownSubcommandCases(): DiffCase[] {
  return implementedCommands()
    .filter((c) => c.subcommands !== undefined)
    .map((c) => ({
      name: `unknown subcommand: ${c.fullname}`,
      cmds: [[c.name.toUpperCase(), 'nosuchsub'], [c.name, 'NoSuchSub', 'a', 'b'], [c.name, 'x'.repeat(150)]],
    }));
}

/**
 * COMMAND INFO and COMMAND DOCS, per implemented command (COMMAND COUNT is compared by shape only:
 * Sonic implements a subset, so the counts differ by nature).
 */
export function commandInfoCases(): DiffCase[] {
  return implementedCommands().map((c) => ({
    name: `COMMAND INFO/DOCS: ${c.fullname}`,
    cmds: [['COMMAND', 'INFO', c.fullname], ['COMMAND', 'DOCS', c.fullname], ['COMMAND', 'INFO', c.fullname.toUpperCase()]],
  }));
}
