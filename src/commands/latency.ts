/**
 * LATENCY: the latency monitor's events (LATEST, HISTORY, RESET, GRAPH, DOCTOR) and the
 * per-command latency histograms (HISTOGRAM).
 */
import { defineCommands } from './define.js';
import { replyHelp } from './help.js';
import { doctorReport, latencyGraph } from '../observability/latency-monitor.js';
import { lookupByName } from './command.js';
import type { Command } from '../engine/command-table.js';
import type { Client } from '../engine/client.js';

// Sonic's own wording of the help (the layout is Redis's: syntax line, indented explanation).
const HELP = [
  'DOCTOR',
  '    A readable analysis of the latency events recorded.',
  'GRAPH <event>',
  '    An ASCII chart of the samples of <event>.',
  'HISTORY <event>',
  '    The [time, latency] samples of <event>.',
  'LATEST',
  '    The latest sample of every event.',
  'RESET [<event> ...]',
  '    Forget the samples of the given events (of all events when none is given).',
  'HISTOGRAM [COMMAND ...]',
  '    Cumulative latency distribution of the given commands (of all commands when none is',
  '    given), in power-of-two microsecond buckets.',
];

function nowSec(c: Client): number {
  return Math.floor(c.engine.clock.now() / 1000);
}

function replyHistograms(c: Client, cmds: readonly Command[]): void {
  const withData = cmds.filter((cmd) => cmd.stats.latency !== undefined);
  const r = c.reply;
  r.mapLen(withData.length);
  for (const cmd of withData) {
    const h = cmd.stats.latency!;
    r.bulk(cmd.fullname);
    r.mapLen(2);
    r.bulk('calls');
    r.int(h.total);
    r.bulk('histogram_usec');
    const buckets = h.cumulativeByPowerOfTwo();
    r.mapLen(buckets.length);
    for (const [us, n] of buckets) {
      r.int(us);
      r.int(n);
    }
  }
}

export const latencyCommands = defineCommands({
  'latency|latest': (c) => {
    const r = c.reply;
    const events = c.engine.latency.events;
    r.arrayLen(events.size);
    for (const [name, ts] of events) {
      const last = ts.samples[ts.samples.length - 1];
      r.arrayLen(4);
      r.bulk(name);
      r.int(last?.time ?? 0);
      r.int(last?.latency ?? 0);
      r.int(ts.max);
    }
  },
  'latency|history': (c, argv) => {
    const ts = c.engine.latency.events.get(argv[2]);
    const r = c.reply;
    if (ts === undefined) return r.arrayLen(0);
    r.arrayLen(ts.samples.length);
    for (const s of ts.samples) {
      r.arrayLen(2);
      r.int(s.time);
      r.int(s.latency);
    }
  },
  'latency|reset': (c, argv) => {
    const mon = c.engine.latency;
    if (argv.length === 2) return c.reply.int(mon.reset());
    let n = 0;
    for (let i = 2; i < argv.length; i++) n += mon.reset(argv[i]);
    c.reply.int(n);
  },
  'latency|graph': (c, argv) => {
    const ts = c.engine.latency.events.get(argv[2]);
    if (ts === undefined) return c.reply.error(`ERR No samples available for event '${argv[2]}'`);
    c.reply.verbatim(latencyGraph(argv[2], ts, nowSec(c)));
  },
  'latency|doctor': (c) => {
    const e = c.engine;
    c.reply.verbatim(doctorReport(e.latency, e.config.num('latency-monitor-threshold'), e.config.num('slowlog-log-slower-than'), nowSec(c)));
  },
  'latency|histogram': (c, argv) => {
    const table = c.engine.table;
    if (argv.length === 2) {
      const all: Command[] = [];
      for (const cmd of table.commands.values()) {
        all.push(cmd);
        if (cmd.subcommands) all.push(...cmd.subcommands.values());
      }
      return replyHistograms(c, all);
    }
    // Named commands; a container stands for itself and all its subcommands. Unknown names are skipped.
    const picked: Command[] = [];
    for (let i = 2; i < argv.length; i++) {
      const cmd = lookupByName(table, argv[i]);
      if (cmd === undefined) continue;
      picked.push(cmd);
      if (cmd.subcommands) picked.push(...cmd.subcommands.values());
    }
    replyHistograms(c, picked);
  },
  'latency|help': (c, argv) => replyHelp(c, argv[0], HELP),
});
