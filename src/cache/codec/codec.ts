/**
 * How cached values become the bytes stored in the server (a latin1 string) and back: a codec
 * (JSON by default, pluggable), compression above a size threshold, and a marker for cached
 * misses (negative caching). The first byte says how the rest is stored, so entries written with
 * or without compression, or by an older setting, all decode:
 *   '0' codec bytes, '1' deflate(codec bytes), '2' brotli(codec bytes), 'n' a cached miss.
 */
import { brotliCompressSync, brotliDecompressSync, deflateRawSync, inflateRawSync } from 'node:zlib';
import { ToolkitOptionError } from '../errors.js';

/** Turns values into bytes and back. Bytes are Buffers. */
export interface Codec<V = unknown> {
  encode(value: V): Buffer;
  decode(bytes: Buffer): V;
}

/** JSON, UTF-8 (the default). */
export const jsonCodec: Codec = {
  encode: (v) => Buffer.from(JSON.stringify(v), 'utf8'),
  decode: (b) => JSON.parse(b.toString('utf8')) as unknown,
};

/** Strings stored as UTF-8 bytes. */
export const stringCodec: Codec<string> = {
  encode: (v) => Buffer.from(v, 'utf8'),
  decode: (b) => b.toString('utf8'),
};

/** Buffers stored as they are. */
export const bufferCodec: Codec<Buffer> = {
  encode: (v) => v,
  decode: (b) => b,
};

export interface CompressOptions {
  /** Payloads of at least this many bytes are compressed. Default 1024. */
  threshold?: number;
  /** Default 'deflate' (fast); 'brotli' packs tighter at more CPU. */
  algorithm?: 'deflate' | 'brotli';
}

/** The marker payload of a cached miss. */
export const NEGATIVE = 'n';

/** Encodes values with a codec and optional compression (see the file comment). */
export class PayloadCodec<V> {
  private readonly threshold: number;
  private readonly algorithm: 'deflate' | 'brotli';

  constructor(
    private readonly codec: Codec<V>,
    compress: CompressOptions | boolean | undefined,
  ) {
    const o = compress === true ? {} : compress === false || compress === undefined ? null : compress;
    this.threshold = o === null ? Infinity : (o.threshold ?? 1024);
    this.algorithm = o?.algorithm ?? 'deflate';
    if (!(this.threshold >= 0)) throw new ToolkitOptionError(`compress.threshold must be >= 0, got ${this.threshold}`);
  }

  encode(value: V): string {
    const raw = this.codec.encode(value);
    if (raw.length < this.threshold) return '0' + raw.toString('latin1');
    if (this.algorithm === 'brotli') return '2' + brotliCompressSync(raw).toString('latin1');
    return '1' + deflateRawSync(raw).toString('latin1');
  }

  /** The value, or undefined for a cached miss. */
  decode(payload: string): V | undefined {
    const kind = payload.charCodeAt(0);
    if (payload === NEGATIVE) return undefined;
    const body = Buffer.from(payload.slice(1), 'latin1');
    if (kind === 0x30) return this.codec.decode(body);
    if (kind === 0x31) return this.codec.decode(inflateRawSync(body));
    if (kind === 0x32) return this.codec.decode(brotliDecompressSync(body));
    throw new ToolkitOptionError(`cannot decode a cached payload starting with byte ${kind}`);
  }
}
