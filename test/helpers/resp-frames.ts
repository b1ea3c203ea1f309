/**
 * Splitting a raw RESP2/RESP3 reply stream into whole values without decoding them, so tests can
 * compare replies byte for byte. Strings hold bytes 0..255 (latin1), as everywhere in Sonic.
 */

/**
 * End offset of the RESP value starting at `i` in `b`, or -1 if it is not complete yet.
 * An attribute (`|`) is not a value on its own: it belongs to the value that follows it.
 */
export function frameEnd(b: string, i: number): number {
  if (i >= b.length) return -1;
  const le = b.indexOf('\r\n', i);
  if (le < 0) return -1;
  const t = b[i];
  const n = Number(b.slice(i + 1, le));
  let p = le + 2;
  if (t === '$' || t === '=' || t === '!') return n < 0 ? p : b.length >= p + n + 2 ? p + n + 2 : -1;
  if (t === '*' || t === '~' || t === '>' || t === '%' || t === '|') {
    const items = n < 0 ? 0 : t === '%' || t === '|' ? 2 * n : n;
    for (let k = 0; k < items; k++) {
      p = frameEnd(b, p);
      if (p < 0) return -1;
    }
    if (t === '|') return frameEnd(b, p);
  }
  return p;
}

/** The RESP multibulk encoding of one command (arguments are latin1 byte strings). */
export function encodeCommand(argv: readonly string[]): string {
  let out = `*${argv.length}\r\n`;
  for (const a of argv) out += `$${a.length}\r\n${a}\r\n`;
  return out;
}
