/**
 * Packed entry sequences: the compact form of small collections (the role Redis's listpack plays
 * for small hashes and sorted sets).
 *
 * A sequence of byte strings is kept in ONE latin1 JS string: each entry is a length header
 * followed by the entry's bytes. One string per collection costs a single heap object instead of
 * an array plus one string per element, which is what makes 100k small hashes fit in about the
 * memory Redis uses for them. Lookups scan the sequence (O(n), n bounded by the *-max-listpack-*
 * configs exactly as Redis bounds its listpacks) and every edit builds a new string, so callers
 * convert to a hashed representation once a collection passes those limits.
 *
 * Header: the body length as a little-endian base-128 varint, one char per 7 bits, the high bit
 * (0x80) meaning "more follows". Lengths below 128 - the common case - take one char.
 *
 * Positions (`pos`) are char offsets of an entry's header; 0 is the first entry and `p.length`
 * is "after the last". Functions never validate: positions must come from this module.
 */

/** The header + body of one entry. */
export function encodeEntry(s: string): string {
  let n = s.length;
  if (n < 0x80) return String.fromCharCode(n) + s;
  let h = '';
  while (n >= 0x80) {
    h += String.fromCharCode((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  return h + String.fromCharCode(n) + s;
}

/**
 * Writes the header of an entry of `n` body bytes into `buf` at `at` (for building a sequence
 * in a buffer); returns the position of the body.
 */
export function writeHeader(buf: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    buf[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  buf[at++] = n;
  return at;
}

/**
 * Appends entry `s` to `parts` as header and body, for one join('') of a whole sequence: no
 * intermediate header + body string per entry (lengths below 128 have a one-char header, which
 * V8 takes from its single-character cache).
 */
export function pushEntry(parts: string[], s: string): void {
  const n = s.length;
  if (n < 0x80) parts.push(String.fromCharCode(n), s);
  else parts.push(encodeEntry(s));
}

/** Packs `entries` into one sequence. */
export function pack(entries: readonly string[]): string {
  return entries.map(encodeEntry).join('');
}

/** Every entry of the sequence, in order. */
export function unpack(p: string): string[] {
  const out: string[] = [];
  for (let pos = 0; pos < p.length; pos = next(p, pos)) out.push(entryAt(p, pos));
  return out;
}

/** Number of entries (a full scan: callers keep their own count when they need it often). */
export function count(p: string): number {
  let n = 0;
  for (let pos = 0; pos < p.length; pos = next(p, pos)) n++;
  return n;
}

/** Body length of the entry at `pos`. */
export function entryLength(p: string, pos: number): number {
  let c = p.charCodeAt(pos);
  if (c < 0x80) return c;
  let n = 0;
  let shift = 0;
  while (c >= 0x80) {
    n += (c & 0x7f) * 2 ** shift;
    shift += 7;
    c = p.charCodeAt(++pos);
  }
  return n + c * 2 ** shift;
}

/** Offset of the first body char of the entry at `pos`. */
export function bodyStart(p: string, pos: number): number {
  while (p.charCodeAt(pos) >= 0x80) pos++;
  return pos + 1;
}

/** Position of the entry after the one at `pos` (p.length after the last). */
export function next(p: string, pos: number): number {
  const c = p.charCodeAt(pos);
  if (c < 0x80) return pos + 1 + c;
  return bodyStart(p, pos) + entryLength(p, pos);
}

/** The entry at `pos`. */
export function entryAt(p: string, pos: number): string {
  const c = p.charCodeAt(pos);
  if (c < 0x80) return p.slice(pos + 1, pos + 1 + c);
  const start = bodyStart(p, pos);
  return p.slice(start, start + entryLength(p, pos));
}

/** True if the entry at `pos` equals `s`, without slicing it out. */
export function entryEquals(p: string, pos: number, s: string): boolean {
  const n = entryLength(p, pos);
  if (n !== s.length) return false;
  const start = bodyStart(p, pos);
  return p.startsWith(s, start);
}

/**
 * Position of the first entry equal to `s` among the entries at index 0, step, 2*step ... (step 2
 * searches the field names of field/value pairs), or -1.
 */
export function find(p: string, s: string, step = 1): number {
  let pos = 0;
  while (pos < p.length) {
    if (entryEquals(p, pos, s)) return pos;
    pos = next(p, pos);
    for (let k = 1; k < step && pos < p.length; k++) pos = next(p, pos);
  }
  return -1;
}

/** Position of the entry `n` entries after `pos`. */
export function skip(p: string, pos: number, n: number): number {
  for (let k = 0; k < n && pos < p.length; k++) pos = next(p, pos);
  return pos;
}

/*
 * Edits build the new sequence with Array.join, which makes one flat string. With `+`, V8 would
 * keep a rope of fragments (and slices pinning the old sequence) until the string is next read
 * flat: about 4x the memory for collections that are written more than read.
 */

/** The sequence with the entry at `pos` replaced by `s`. */
export function replaceAt(p: string, pos: number, s: string): string {
  return [p.slice(0, pos), encodeEntry(s), p.slice(next(p, pos))].join('');
}

/** The sequence without the `n` entries starting at `pos`. */
export function removeAt(p: string, pos: number, n = 1): string {
  return [p.slice(0, pos), p.slice(skip(p, pos, n))].join('');
}

/** The sequence with `entries` inserted before the entry at `pos` (p.length appends). */
export function insertAt(p: string, pos: number, ...entries: string[]): string {
  const parts = [p.slice(0, pos)];
  for (const e of entries) parts.push(encodeEntry(e));
  parts.push(p.slice(pos));
  return parts.join('');
}

/** Bytes of the sequence (its length as a latin1 string): what the memory estimate counts. */
export function packedBytes(p: string): number {
  return p.length;
}

/**
 * unpack() for entries that outlive the sequence (converting to a hashed representation): V8
 * returns slices of a long string as views that keep the whole parent alive, so each entry is
 * copied out through a Buffer round trip and the old sequence can be collected.
 */
export function unpackDetached(p: string): string[] {
  const buf = Buffer.from(p, 'latin1');
  const out: string[] = [];
  for (let pos = 0; pos < p.length; pos = next(p, pos)) {
    const start = bodyStart(p, pos);
    out.push(buf.toString('latin1', start, start + entryLength(p, pos)));
  }
  return out;
}
