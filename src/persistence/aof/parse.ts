/**
 * Reading the command part of an AOF file the way Redis's loadSingleAppendOnlyFile does: lines
 * starting with `#` are annotations (timestamps) and skipped; every command is a RESP multibulk
 * `*<argc>\r\n` then `$<len>\r\n<bytes>\r\n` per argument. A file that ends inside a command is
 * "truncated" (the caller may cut it at the last complete command); anything else malformed is a
 * format error.
 */

/** One parse step's outcome. */
export type AofStep =
  | { kind: 'command'; argv: string[]; end: number }
  | { kind: 'eof' }
  | { kind: 'truncated' }
  | { kind: 'format' };

/** Redis reads header lines with fgets into a buffer of this size (AOF_ANNOTATION_LINE_MAX_LEN). */
const LINE_MAX = 1024;

/** Reads a header line starting at `pos` the way fgets does: up to '\n' or LINE_MAX-1 bytes. */
function readLine(buf: Buffer, pos: number): { line: string; next: number } | null {
  if (pos >= buf.length) return null;
  const limit = Math.min(buf.length, pos + LINE_MAX - 1);
  let i = pos;
  while (i < limit && buf[i] !== 0x0a) i++;
  const next = i < limit ? i + 1 : i;
  return { line: buf.toString('latin1', pos, next), next };
}

/** C's strtol/atoi on a header's digits (after its first byte). */
function leadingInt(s: string): number {
  const m = /^[ \t]*([+-]?\d+)/.exec(s);
  return m === null ? 0 : Number(m[1]);
}

/** Parses the command starting at byte `pos` of `buf`. */
export function nextAofCommand(buf: Buffer, pos: number): AofStep {
  for (;;) {
    const h = readLine(buf, pos);
    if (h === null) return { kind: 'eof' };
    pos = h.next;
    if (h.line[0] === '#') continue;
    if (h.line[0] !== '*') return { kind: 'format' };
    if (h.line.length === 1) return { kind: 'truncated' };
    const argc = leadingInt(h.line.slice(1));
    if (argc < 1) return { kind: 'format' };
    const argv: string[] = [];
    for (let j = 0; j < argc; j++) {
      const a = readLine(buf, pos);
      if (a === null) return { kind: 'truncated' };
      if (a.line[0] !== '$') return { kind: 'format' };
      pos = a.next;
      const len = leadingInt(a.line.slice(1));
      if (len < 0) return { kind: 'format' };
      if (pos + len > buf.length) return { kind: 'truncated' };
      argv.push(buf.toString('latin1', pos, pos + len));
      pos += len;
      // The CRLF after the bytes is skipped unchecked, as Redis's fread does.
      if (pos + 2 > buf.length) return { kind: 'truncated' };
      pos += 2;
    }
    return { kind: 'command', argv, end: pos };
  }
}
