/**
 * Cuts a stream of server output (RESP2 or RESP3) into whole frames, as bytes arrive in arbitrary
 * chunks. FaultProxy uses it to see pub/sub and push frames one by one without decoding the rest.
 */

const CRLF = Buffer.from('\r\n');

/** Thrown for bytes that cannot start a RESP frame. */
export class RespSplitError extends Error {}

/** Where the frame starting at `i` ends (exclusive), or -1 when it is not complete yet. */
export function frameEnd(b: Buffer, i: number): number {
  if (i >= b.length) return -1;
  const le = b.indexOf(CRLF, i);
  if (le < 0) return -1;
  const after = le + 2;
  const t = b[i];
  switch (t) {
    case 0x2b: // + simple string
    case 0x2d: // - error
    case 0x3a: // : integer
    case 0x5f: // _ null
    case 0x23: // # boolean
    case 0x2c: // , double
    case 0x28: // ( big number
      return after;
    case 0x24: // $ bulk
    case 0x21: // ! blob error
    case 0x3d: {
      // = verbatim
      const n = count(b, i, le);
      if (n < 0) return after;
      const end = after + n + 2;
      return end <= b.length ? end : -1;
    }
    case 0x2a: // * array
    case 0x7e: // ~ set
    case 0x3e: // > push
    case 0x25: // % map
    case 0x7c: {
      // | attribute (followed by the frame it annotates)
      let n = count(b, i, le);
      if (n < 0) return after;
      if (t === 0x25 || t === 0x7c) n *= 2;
      let p = after;
      for (let k = 0; k < n && p >= 0; k++) p = frameEnd(b, p);
      if (p >= 0 && t === 0x7c) p = frameEnd(b, p);
      return p;
    }
    default:
      throw new RespSplitError(`not a RESP frame type: 0x${t.toString(16)} at offset ${i}`);
  }
}

function count(b: Buffer, i: number, le: number): number {
  const s = b.toString('latin1', i + 1, le);
  if (!/^-?[0-9]+$/.test(s)) throw new RespSplitError(`bad length ${JSON.stringify(s)}`);
  return Number(s);
}

/** Accumulates chunks and hands out whole frames in order. */
export class RespSplitter {
  private pending: Buffer = Buffer.alloc(0);

  /** Adds a chunk; returns the frames it completed (the rest waits for more bytes). */
  push(chunk: Buffer): Buffer[] {
    const b = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    let i = 0;
    for (;;) {
      const end = frameEnd(b, i);
      if (end < 0) break;
      frames.push(b.subarray(i, end));
      i = end;
    }
    this.pending = b.subarray(i);
    return frames;
  }

  /** Bytes of an incomplete frame waiting for the rest. */
  get buffered(): number {
    return this.pending.length;
  }
}
