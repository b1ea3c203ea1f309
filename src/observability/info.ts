/**
 * INFO: which sections a request selects (Redis's genInfoSectionDict: names are
 * case-insensitive; "default", "all" and "everything" expand) and the assembly of the text.
 * The section builders live in info-server.ts and info-stats.ts.
 */
import type { Engine } from '../engine/engine.js';
import { clientsSection, memorySection, persistenceSection, serverSection } from './info-server.js';
import {
  clusterSection,
  commandstatsSection,
  cpuSection,
  errorstatsSection,
  keyspaceSection,
  latencystatsSection,
  modulesSection,
  replicationSection,
  statsSection,
} from './info-stats.js';

/** A section builder returns its "# Title" line and fields, without the trailing blank line. */
type Section = (engine: Engine) => string;

/** Every section, in the order Redis prints them; `inAll` false for those only "everything" adds. */
const SECTIONS: readonly { name: string; build: Section }[] = [
  { name: 'server', build: serverSection },
  { name: 'clients', build: clientsSection },
  { name: 'memory', build: memorySection },
  { name: 'persistence', build: persistenceSection },
  { name: 'stats', build: statsSection },
  { name: 'replication', build: replicationSection },
  { name: 'cpu', build: cpuSection },
  { name: 'modules', build: modulesSection },
  { name: 'commandstats', build: commandstatsSection },
  { name: 'errorstats', build: errorstatsSection },
  { name: 'latencystats', build: latencystatsSection },
  { name: 'cluster', build: clusterSection },
  { name: 'keyspace', build: keyspaceSection },
];

const DEFAULT_SECTIONS = ['server', 'clients', 'memory', 'persistence', 'stats', 'replication', 'cpu', 'module_list', 'errorstats', 'cluster', 'keyspace'];

export interface InfoSelection {
  sections: Set<string>;
  all: boolean;
  everything: boolean;
}

/** Parses INFO's arguments (argv without the command name). */
export function selectSections(args: readonly string[]): InfoSelection {
  const sections = new Set<string>();
  let all = false;
  let everything = false;
  if (args.length === 0) for (const s of DEFAULT_SECTIONS) sections.add(s);
  for (const a of args) {
    const name = a.toLowerCase();
    if (name === 'default') for (const s of DEFAULT_SECTIONS) sections.add(s);
    else if (name === 'all') all = true;
    else if (name === 'everything') all = everything = true;
    else sections.add(name);
  }
  return { sections, all, everything };
}

/** The INFO text for a selection (CRLF line ends, a blank line between sections). */
export function infoString(engine: Engine, sel: InfoSelection): string {
  const parts: string[] = [];
  for (const s of SECTIONS) {
    const wanted = sel.all || sel.sections.has(s.name) || (s.name === 'modules' && sel.sections.has('module_list'));
    if (wanted) parts.push(s.build(engine));
  }
  return parts.join('\r\n');
}

/** Lines "name:value" joined with CRLF after a "# Title" line, ending in CRLF. */
export function section(title: string, fields: readonly (readonly [string, string | number])[]): string {
  let out = `# ${title}\r\n`;
  for (const [k, v] of fields) out += `${k}:${v}\r\n`;
  return out;
}

/** Replaces the characters that would break INFO's format (Redis's getSafeInfoString). */
export function safeInfoString(s: string): string {
  return s.replace(/[#:\r\n]/g, '_');
}
