/**
 * Seeded random command sequences for the randomized differential tests (random.test.ts compares
 * replies, propagation-random.test.ts replication streams). Both draw commands from Sonic's own
 * command table and give them mostly the right number of arguments, sometimes not; what differs
 * between them (which commands, which argument values, how often arity is broken) is a parameter.
 */
import { CmdFlag } from '../../src/engine/command-table.js';
import { Engine } from '../../src/engine/engine.js';
import { prng } from './prng.js';

/** A command to draw: its argv prefix ([name] or [container, sub]) and arity. */
export interface PoolEntry {
  prefix: string[];
  arity: number;
}

/**
 * The implemented commands that `keep` accepts (containers are left out: their subcommands are
 * listed themselves; blocking commands too: they wait for another client), plus `extra`, sorted
 * so that the pool and therefore the sequences of a seed do not depend on table order.
 */
export function commandPool(excluded: Record<string, string>, keep: (flags: number) => boolean, extra: PoolEntry[] = []): PoolEntry[] {
  const out = [...extra];
  for (const c of new Engine().table.all()) {
    if (c.subcommands !== undefined || (c.flags & CmdFlag.Blocking) !== 0 || !keep(c.flags)) continue;
    const top = c.parent?.name ?? c.name;
    if (top in excluded || c.fullname in excluded) continue;
    out.push({ prefix: c.parent ? [c.parent.name, c.name] : [c.name], arity: c.arity });
  }
  return out.sort((a, b) => a.prefix.join('|').localeCompare(b.prefix.join('|')));
}

export interface SequenceShape {
  seed: number;
  sequences: number;
  perSequence: number;
  pool: PoolEntry[];
  keys: readonly string[];
  /** One random argument. */
  arg: (rnd: () => number) => string;
  /** Most extra arguments a variadic command gets (exclusive). */
  extraArgs: number;
  /** Chance of an argument count drawn from [0, shortSpan(need, n)) instead. */
  shortChance: number;
  shortSpan: (need: number, n: number) => number;
  /** Chance that the first argument is a key, so commands meet each other's values. */
  keyFirst: number;
  /** A fixed form for some commands (e.g. SELECT of a valid database), else undefined. */
  special?: (prefix: string[], pick: <T>(xs: readonly T[]) => T) => string[] | undefined;
  /** Commands appended to a sequence so it leaves its connection usable (DISCARD ...). */
  closing: (seq: string[][]) => string[][];
}

/** The sequences of `shape.seed`: the same seed always gives the same sequences. */
export function generateSequences(shape: SequenceShape): string[][][] {
  const rnd = prng(shape.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const seqs: string[][][] = [];
  for (let s = 0; s < shape.sequences; s++) {
    const seq: string[][] = [];
    for (let i = 0; i < shape.perSequence; i++) {
      const { prefix, arity } = pick(shape.pool);
      const fixed = shape.special?.(prefix, pick);
      if (fixed !== undefined) {
        seq.push(fixed);
        continue;
      }
      const need = Math.abs(arity) - prefix.length;
      let n = need + (arity < 0 ? Math.floor(rnd() * shape.extraArgs) : 0);
      if (rnd() < shape.shortChance) n = Math.floor(rnd() * shape.shortSpan(need, n));
      const argv = [...prefix];
      for (let k = 0; k < n; k++) argv.push(shape.arg(rnd));
      if (n > 0 && rnd() < shape.keyFirst) argv[prefix.length] = pick(shape.keys);
      seq.push(argv);
    }
    seq.push(...shape.closing(seq));
    seqs.push(seq);
  }
  return seqs;
}
