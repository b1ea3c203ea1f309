/**
 * Where the shared reference facts live: `../shared/reference` beside the repository (CI clones
 * it there too), or $SONIC_REFERENCE_DIR. Tests read the RDB files Redis wrote from there; the
 * files are never copied into the repository.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REFERENCE_DIR = resolve(process.env.SONIC_REFERENCE_DIR ?? join(process.cwd(), '../shared/reference'));

/** The RDB files written by Redis (and their logical JSON dumps). */
export const REFERENCE_RDB_DIR = join(REFERENCE_DIR, 'rdb');

if (!existsSync(REFERENCE_RDB_DIR)) {
  throw new Error(`reference RDB files not found at ${REFERENCE_RDB_DIR}: put ../shared beside the repository or set SONIC_REFERENCE_DIR`);
}
