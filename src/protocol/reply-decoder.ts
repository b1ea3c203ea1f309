/**
 * Decoding of server replies (RESP2 and RESP3) held in a latin1 string: the client side of the
 * protocol, for in-process connections (server/local-connection.ts) and the caching toolkit.
 *
 * Shapes are the ones the toolkit works with: bulk/simple/verbatim strings and doubles and big
 * numbers as latin1 strings, integers as numbers (bigint past 2^53, never a silent rounding),
 * booleans as 1/0 as RESP2 gives them, nulls as null, arrays/sets/maps as arrays (maps flattened
 * key, value, ...). Errors are values of {@link ReplyError}; push frames are flagged.
 */

/** An error reply ("-ERR ..." or a RESP3 blob error). */
export class ReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ReplyError';
  }
}

/** A decoded reply. */
export type Reply = string | number | bigint | null | ReplyError | Reply[];

/** One top-level frame: its value, and whether it was a RESP3 push (`>`). */
export interface ReplyFrame {
  readonly value: Reply;
  readonly push: boolean;
}

/** Thrown on bytes that are not a well-formed, complete reply. */
export class ReplyDecodeError extends Error {}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Decodes every frame in `s`, which must hold whole frames only. */
export function decodeReplies(s: string): ReplyFrame[] {
  const d = new Decoder(s);
  const frames: ReplyFrame[] = [];
  while (d.pos < s.length) {
    const push = s.charCodeAt(d.pos) === 0x3e; // '>'
    frames.push({ value: d.one(0), push });
  }
  return frames;
}

/** Arrays nested deeper than this are refused (a script reply cannot nest that deep). */
const MAX_DEPTH = 1000;

class Decoder {
  pos = 0;
  constructor(private readonly s: string) {}

  private line(): string {
    const end = this.s.indexOf('\r\n', this.pos);
    if (end < 0) throw new ReplyDecodeError(`incomplete line at offset ${this.pos}`);
    const l = this.s.slice(this.pos, end);
    this.pos = end + 2;
    return l;
  }

  private count(l: string): number {
    if (!/^-?[0-9]+$/.test(l)) throw new ReplyDecodeError(`bad length ${JSON.stringify(l)}`);
    return Number(l);
  }

  one(depth: number): Reply {
    if (depth > MAX_DEPTH) throw new ReplyDecodeError('reply nested too deep');
    if (this.pos >= this.s.length) throw new ReplyDecodeError('missing reply');
    const t = this.s[this.pos++];
    const l = this.line();
    switch (t) {
      case '+':
      case ',':
      case '(':
        return l;
      case '-':
        return new ReplyError(l);
      case ':':
        return integer(l);
      case '#':
        if (l !== 't' && l !== 'f') throw new ReplyDecodeError(`bad boolean ${JSON.stringify(l)}`);
        return l === 't' ? 1 : 0;
      case '_':
        if (l !== '') throw new ReplyDecodeError('bad null');
        return null;
      case '$':
      case '=':
      case '!': {
        const n = this.count(l);
        if (n < 0) return null;
        if (this.pos + n + 2 > this.s.length || this.s.slice(this.pos + n, this.pos + n + 2) !== '\r\n') {
          throw new ReplyDecodeError(`incomplete bulk at offset ${this.pos}`);
        }
        const v = this.s.slice(this.pos, this.pos + n);
        this.pos += n + 2;
        if (t === '!') return new ReplyError(v);
        return t === '=' ? v.slice(4) : v;
      }
      case '*':
      case '~':
      case '>':
      case '%':
      case '|': {
        const n = this.count(l);
        if (n < 0) return null;
        const items = t === '%' || t === '|' ? 2 * n : n;
        const out: Reply[] = [];
        for (let k = 0; k < items; k++) out.push(this.one(depth + 1));
        // An attribute map precedes the reply it annotates: skip it, return that reply.
        return t === '|' ? this.one(depth) : out;
      }
      default:
        throw new ReplyDecodeError(`bad reply type ${JSON.stringify(t)} at offset ${this.pos - l.length - 3}`);
    }
  }
}

function integer(l: string): number | bigint {
  if (!/^-?[0-9]+$/.test(l)) throw new ReplyDecodeError(`bad integer ${JSON.stringify(l)}`);
  const b = BigInt(l);
  return b > MAX_SAFE || b < -MAX_SAFE ? b : Number(l);
}
