/**
 * LZF, the compression of RDB strings (Marc Lehmann's liblzf format, which Redis embeds).
 *
 * The stream is a sequence of items, each starting with a control byte `c`:
 *  - c < 32: a literal run of c + 1 bytes follows;
 *  - otherwise a back reference: length-2 in the top 3 bits (7 = one more byte holds length-2-7),
 *    then the distance-1 in the low 5 bits (high part) and one more byte (low part): copy
 *    length bytes starting distance bytes back in the output (runs may overlap).
 *
 * The compressor is a greedy hash-chain-free matcher: a table indexed by a hash of the next
 * three bytes remembers the last position those bytes were seen, and a candidate within the
 * 8 KiB window that really matches is extended as far as possible (at most 264 bytes).
 */

const MAX_LITERAL = 32;
const MAX_OFFSET = 1 << 13;
const MAX_REF = (1 << 8) + (1 << 3);
const HASH_BITS = 14;
const HASH_SIZE = 1 << HASH_BITS;

let table = new Int32Array(HASH_SIZE);

/**
 * Compresses `input` into at most `maxOut` bytes. Returns the compressed bytes, or null when the
 * result would not fit (the caller then stores the data uncompressed, as Redis does).
 */
export function lzfCompress(input: Uint8Array, maxOut: number): Buffer | null {
  const n = input.length;
  if (n === 0 || maxOut <= 0) return null;
  const out = Buffer.allocUnsafe(maxOut + MAX_LITERAL + 4);
  if (table.length !== HASH_SIZE) table = new Int32Array(HASH_SIZE);
  table.fill(-1);
  let op = 1; // out[litStart - 1] is the control byte of the pending literal run
  let litStart = 1;
  let lit = 0;
  let ip = 0;
  while (ip < n) {
    // The last two bytes can only be literals: no three-byte match starts there.
    let ref = -1;
    if (ip + 2 < n) {
      const h = (((input[ip] << 16) | (input[ip + 1] << 8) | input[ip + 2]) * 2654435761) >>> (32 - HASH_BITS);
      ref = table[h];
      table[h] = ip;
    }
    const off = ip - ref - 1;
    if (ref >= 0 && off < MAX_OFFSET && input[ref] === input[ip] && input[ref + 1] === input[ip + 1] && input[ref + 2] === input[ip + 2]) {
      let len = 3;
      const maxLen = Math.min(MAX_REF, n - ip);
      while (len < maxLen && input[ref + len] === input[ip + len]) len++;
      // Close the pending literal run (or drop its unused control byte).
      if (lit > 0) out[litStart - 1] = lit - 1;
      else op--;
      const l = len - 2;
      if (op + 3 > maxOut) return null;
      if (l < 7) {
        out[op++] = (l << 5) | (off >>> 8);
      } else {
        out[op++] = (7 << 5) | (off >>> 8);
        out[op++] = l - 7;
      }
      out[op++] = off & 0xff;
      // Remember the positions inside the match so later data can refer to them.
      const end = ip + len;
      for (let p = ip + 1; p < end && p + 2 < n; p++) {
        table[(((input[p] << 16) | (input[p + 1] << 8) | input[p + 2]) * 2654435761) >>> (32 - HASH_BITS)] = p;
      }
      ip = end;
      litStart = ++op;
      lit = 0;
    } else {
      if (op >= maxOut) return null;
      out[op++] = input[ip++];
      if (++lit === MAX_LITERAL) {
        out[litStart - 1] = MAX_LITERAL - 1;
        litStart = ++op;
        lit = 0;
      }
    }
  }
  if (lit > 0) out[litStart - 1] = lit - 1;
  else op--;
  if (op > maxOut) return null;
  return out.subarray(0, op);
}

/**
 * Decompresses `input` into exactly `outLen` bytes. Returns null when the data is malformed or
 * does not produce exactly outLen bytes (Redis's "Invalid LZF compressed string").
 */
export function lzfDecompress(input: Uint8Array, outLen: number): Buffer | null {
  const out = Buffer.allocUnsafe(outLen);
  return lzfDecompressInto(input, 0, input.length, out, outLen) ? out : null;
}

/**
 * lzfDecompress of input[from, to) into out[0, outLen) (out may be longer: a reused buffer);
 * false when the data is malformed or does not produce exactly outLen bytes.
 */
export function lzfDecompressInto(input: Uint8Array, from: number, to: number, out: Uint8Array, outLen: number): boolean {
  const n = to;
  let ip = from;
  let op = 0;
  while (ip < n) {
    const ctrl = input[ip++];
    if (ctrl < 32) {
      const run = ctrl + 1;
      if (op + run > outLen || ip + run > n) return false;
      for (let k = 0; k < run; k++) out[op++] = input[ip++];
    } else {
      let len = ctrl >>> 5;
      if (len === 7) {
        if (ip >= n) return false;
        len += input[ip++];
      }
      if (ip >= n) return false;
      const ref = op - ((ctrl & 0x1f) << 8) - input[ip++] - 1;
      len += 2;
      if (ref < 0 || op + len > outLen) return false;
      for (let k = 0; k < len; k++) out[op++] = out[ref + k];
    }
  }
  return op === outLen;
}
