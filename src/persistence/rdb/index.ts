/** The RDB codec: see constants.ts (format numbers), file-read.ts / file-write.ts (framing),
 * object-read.ts / object-write.ts (values), payload.ts (DUMP/RESTORE), values.ts (adapter). */
export { RDB_VERSION, RdbType, RdbOpcode } from './constants.js';
export type { Decoded, EncodingLimits } from './decoded.js';
export { DEFAULT_LIMITS } from './decoded.js';
export { RdbError } from './errors.js';
export { readRdb, type KeySink, type ReadResult } from './file-read.js';
export { writeRdb, RdbFileWriter, EncodedValue, encodeValue, type SavedDb, type SavedKey } from './file-write.js';
export { createDumpPayload, verifyDumpPayload, decodeDumpPayload } from './payload.js';
export { buildValue, describeValue } from './values.js';
