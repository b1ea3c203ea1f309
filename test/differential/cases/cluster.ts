/** Cluster commands on a standalone server: arity first, then "cluster support disabled". */
import type { DiffCase } from '../../helpers/differential.js';
import { RAW_COMMANDS } from '../../../src/commands/table/generated.js';

/** Each CLUSTER subcommand with the fewest arguments its arity allows, filled with "0". */
const everySubcommand = RAW_COMMANDS.filter((r) => r.container === 'cluster').map((r) => {
  const [, sub] = r.name.split('|');
  return ['CLUSTER', sub.toUpperCase(), ...Array<string>(Math.abs(r.arity) - 2).fill('0')];
});

export const CLUSTER_CASES: readonly DiffCase[] = [
  { name: 'every CLUSTER subcommand', cmds: everySubcommand },
  {
    name: 'CLUSTER arity and unknown subcommands; READONLY, READWRITE, ASKING',
    cmds: [['CLUSTER'], ['CLUSTER', 'nosuch'], ['CLUSTER', 'INFO', 'extra'], ['cluster', 'help', 'x'], ['CLUSTER', 'KEYSLOT'], ['READONLY'], ['READWRITE'], ['ASKING'], ['READONLY', 'x'], ['asking', 'x']],
  },
];
