/**
 * The multi-part AOF manifest of Redis 7.0 (aof.c): one line per file,
 * `file <name> seq <n> type <b|h|i>`, naming at most one BASE file, the INCR files in increasing
 * sequence order and the HISTORY files a rewrite left behind. File names follow
 * `<appendfilename>.<seq>.base.rdb|.aof` and `<appendfilename>.<seq>.incr.aof`; the manifest
 * itself is `<appendfilename>.manifest`, all inside `appenddirname`.
 */
import { splitArgs } from '../../protocol/split-args.js';
import { reprBytes } from '../../observability/monitor.js';

export type AofFileType = 'b' | 'h' | 'i';

export interface AofFileInfo {
  name: string;
  seq: number;
  type: AofFileType;
}

export interface AofManifest {
  base: AofFileInfo | null;
  incr: AofFileInfo[];
  history: AofFileInfo[];
  /** Sequence numbers of the current base and of the last incr file (0 when none). */
  baseSeq: number;
  incrSeq: number;
}

export function emptyManifest(): AofManifest {
  return { base: null, incr: [], history: [], baseSeq: 0, incrSeq: 0 };
}

/** A manifest Redis would refuse: the message is Redis's, `line` the offending line (1-based). */
export class ManifestError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly text: string,
  ) {
    super(message);
  }
}

const MAX_LINE = 1024;

/** Parses a manifest's bytes (latin1) with Redis's rules and error messages. */
export function parseManifest(text: string): AofManifest {
  const am = emptyManifest();
  let maxSeq = 0;
  let lineNo = 0;
  let pos = 0;
  if (text.length === 0) throw new ManifestError('Found an empty AOF manifest', 0, '');
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    // Redis reads at most MAX_LINE bytes per line (newline included).
    const end = nl < 0 ? text.length : nl + 1;
    let raw = text.slice(pos, Math.min(end, pos + MAX_LINE));
    pos += raw.length;
    lineNo++;
    if (raw[0] === '#') {
      // A long comment line is read in pieces; each piece after the first is a line of its own.
      continue;
    }
    if (!raw.includes('\n')) throw new ManifestError('The AOF manifest file contains too long line', lineNo, raw);
    raw = raw.replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '');
    if (raw.length === 0) throw new ManifestError('Invalid AOF manifest file format', lineNo, raw);
    const argv = splitArgs(raw);
    if (argv === null || argv.length < 6 || argv.length % 2 !== 0) throw new ManifestError('Invalid AOF manifest file format', lineNo, raw);
    let name: string | null = null;
    let seq = 0;
    let type = '';
    for (let i = 0; i < argv.length; i += 2) {
      const k = argv[i].toLowerCase();
      if (k === 'file') {
        name = argv[i + 1];
        if (name.includes('/')) throw new ManifestError("File can't be a path, just a filename", lineNo, raw);
      } else if (k === 'seq') {
        seq = atoll(argv[i + 1]);
      } else if (k === 'type') {
        type = argv[i + 1].slice(0, 1);
      }
    }
    if (name === null || name === '' || seq === 0 || type === '') throw new ManifestError('Invalid AOF manifest file format', lineNo, raw);
    const info = { name, seq, type: type as AofFileType };
    if (type === 'b') {
      if (am.base !== null) throw new ManifestError('Found duplicate base file information', lineNo, raw);
      am.base = info;
      am.baseSeq = seq;
    } else if (type === 'h') {
      am.history.push(info);
    } else if (type === 'i') {
      if (seq <= maxSeq) throw new ManifestError('Found a non-monotonic sequence number', lineNo, raw);
      am.incr.push(info);
      am.incrSeq = seq;
      maxSeq = seq;
    } else {
      throw new ManifestError('Unknown AOF file type', lineNo, raw);
    }
  }
  if (lineNo === 0) throw new ManifestError('Found an empty AOF manifest', 0, '');
  return am;
}

/** C's atoll: optional sign and leading digits, 0 when none. */
function atoll(s: string): number {
  const m = /^[ \t]*([+-]?\d+)/.exec(s);
  return m === null ? 0 : Number(m[1]);
}

/** Whether a name must be quoted in the manifest (Redis's sdsneedsrepr). */
function needsRepr(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x5c || c === 0x22 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x07 || c === 0x08 || c <= 0x20 || c >= 0x7f) return true;
  }
  return false;
}

function formatLine(f: AofFileInfo): string {
  return `file ${needsRepr(f.name) ? reprBytes(f.name) : f.name} seq ${f.seq} type ${f.type}\n`;
}

/** The manifest's text: base first, then history, then incr files (Redis's order). */
export function formatManifest(am: AofManifest): string {
  let out = '';
  if (am.base !== null) out += formatLine(am.base);
  for (const h of am.history) out += formatLine(h);
  for (const i of am.incr) out += formatLine(i);
  return out;
}

export function manifestName(appendfilename: string): string {
  return appendfilename + '.manifest';
}

export function baseName(appendfilename: string, seq: number, rdb: boolean): string {
  return `${appendfilename}.${seq}.base.${rdb ? 'rdb' : 'aof'}`;
}

export function incrName(appendfilename: string, seq: number): string {
  return `${appendfilename}.${seq}.incr.aof`;
}
