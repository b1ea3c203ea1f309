/**
 * DUMP payloads (Redis's createDumpPayload / verifyDumpPayload): the value's RDB type byte and
 * body, then the RDB version (2 bytes LE) and a CRC64 (8 bytes LE) of everything before it.
 */
import { RDB_VERSION, isObjectType } from './constants.js';
import type { Decoded, EncodingLimits, PlainDecoded } from './decoded.js';
import { crc64 } from './crc64.js';
import { RdbError } from './errors.js';
import { objectType, writeObject } from './object-write.js';
import { readObject } from './object-read.js';
import { RdbReader } from './reader.js';
import { RdbWriter } from './writer.js';

/** Serializes one value as a DUMP payload. */
export function createDumpPayload(v: PlainDecoded, limits: EncodingLimits, compress = true): Buffer {
  const w = new RdbWriter({ compress, initialSize: 64 });
  w.byte(objectType(v));
  writeObject(w, v, limits);
  w.byte(RDB_VERSION & 0xff);
  w.byte((RDB_VERSION >> 8) & 0xff);
  const body = w.result();
  const sum = crc64(body).bytes();
  return Buffer.concat([body, sum]);
}

/** A DUMP payload from a value serialized already (its type byte and body). */
export function encodedDumpPayload(type: number, body: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(1 + body.length + 2 + 8);
  out[0] = type;
  out.set(body, 1);
  out[1 + body.length] = RDB_VERSION & 0xff;
  out[2 + body.length] = (RDB_VERSION >> 8) & 0xff;
  crc64(out, 0, body.length + 3).bytes().copy(out, body.length + 3);
  return out;
}

/** True if the footer's version is one Sonic reads and (unless skipped) the CRC matches. */
export function verifyDumpPayload(p: Buffer, skipChecksum = false): boolean {
  if (p.length < 10) return false;
  const footer = p.length - 10;
  const version = p[footer] | (p[footer + 1] << 8);
  if (version > RDB_VERSION) return false;
  if (skipChecksum) return true;
  return crc64(p, 0, p.length - 8).matches(p, p.length - 8);
}

/**
 * Decodes a verified payload's value (`packed` as readObject's). Throws RdbError for anything malformed (and for module
 * values).
 */
export function decodeDumpPayload(p: Buffer, limits: EncodingLimits, packed = false): Decoded {
  const r = new RdbReader(p, 0, p.length - 10);
  const type = r.byte();
  if (!isObjectType(type)) throw new RdbError(`Unknown RDB encoding type ${type}`, 0);
  return readObject(r, type, limits, packed);
}
