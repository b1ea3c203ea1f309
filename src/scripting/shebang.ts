/**
 * The first line of scripts and libraries: `#!lua flags=no-writes,allow-oom` on EVAL scripts
 * (Redis's evalExtractShebangFlags) and `#!lua name=mylib` on FUNCTION libraries
 * (functionExtractLibMetaData), with Redis's error texts. The line is split with redis-cli's
 * quoting rules (sdssplitargs) and, as in Redis, ends at a NUL byte.
 */
import { SCRIPT_FLAG_NAMES, ScriptFlag } from '../engine/script-run.js';
import { splitArgs } from '../protocol/split-args.js';
import { cString } from '../util/bytes.js';

/** An EVAL script's flags, and how many bytes of shebang to skip (the newline is kept). */
export interface EvalShebang {
  flags: number;
  length: number;
}

/** The words of the first line of `body` (up to, not including, the newline), or null. */
function firstLineWords(body: string): { words: string[] | null; length: number } | null {
  const nl = cString(body).indexOf('\n');
  if (nl < 0) return null;
  const words = splitArgs(cString(body.slice(0, nl)));
  return { words, length: nl };
}

/** The flags of an EVAL script, or Redis's error text. Without a shebang: EvalCompat. */
export function evalShebang(body: string): EvalShebang | string {
  if (!body.startsWith('#!')) return { flags: ScriptFlag.EvalCompat, length: 0 };
  const line = firstLineWords(body);
  if (line === null) return 'Invalid script shebang';
  const parts = line.words;
  if (parts === null || parts.length === 0) return 'Invalid engine in script shebang';
  if (parts[0] !== '#!lua') return `Unexpected engine in script shebang: ${parts[0]}`;
  let flags = 0;
  for (let j = 1; j < parts.length; j++) {
    const part = parts[j];
    if (!part.startsWith('flags=')) return `Unknown lua shebang option: ${part}`;
    const list = part.slice(6);
    if (list === '') continue;
    for (const name of list.split(',')) {
      const f = SCRIPT_FLAG_NAMES.find(([, n]) => n === name);
      if (f === undefined) return `Unexpected flag in script shebang: ${name}`;
      flags |= f[0];
    }
  }
  return { flags, length: line.length };
}

/** A FUNCTION library's header: its engine and name, and the code after the header line. */
export interface LibraryMetadata {
  engine: string;
  name: string;
  /** The code from the header's newline on (line numbers stay those of the payload). */
  code: string;
}

/** Parses a library's `#!<engine> name=<name>` header, or returns Redis's error text. */
export function libraryMetadata(payload: string): LibraryMetadata | string {
  if (!payload.startsWith('#!')) return 'Missing library metadata';
  const line = firstLineWords(payload);
  if (line === null || line.words === null || line.words.length === 0) return 'Invalid library metadata';
  const parts = line.words;
  let name: string | undefined;
  for (let i = 1; i < parts.length; i++) {
    const part = parts[i];
    if (part.slice(0, 5).toLowerCase() === 'name=') {
      if (name !== undefined) return 'Invalid metadata value, name argument was given multiple times';
      name = part.slice(5);
      continue;
    }
    return `Invalid metadata value given: ${cString(part)}`;
  }
  if (name === undefined) return 'Library name was not given';
  return { engine: parts[0].slice(2), name, code: payload.slice(line.length) };
}

/** Library and function names: letters, digits and underscores, at least one (functionsVerifyName). */
export function isValidFunctionName(name: string): boolean {
  return /^[A-Za-z0-9_]+$/.test(name);
}
