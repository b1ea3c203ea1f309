/**
 * BGSAVE, SAVE, LASTSAVE and BGREWRITEAOF against redis-server, each server in its own temp dir
 * (see ../persistence.test.ts): replies while a save runs, SCHEDULE, EXEC, the -MISCONF refusals
 * after a failed save (a directory in the way of the RDB file) and the recovery.
 */
export type Step = readonly (readonly string[])[];

export const PERSISTENCE_ARG_ERRORS: Step = [['BGSAVE', 'now'], ['BGSAVE', 'schedule', 'x'], ['bgsave', 'SCHEDULE', 'SCHEDULE']];

/** A slow save (0.2 s a key) and everything asked while it runs. */
export const PERSISTENCE_WHILE_SAVING: Step = [
  ['CONFIG', 'SET', 'rdb-key-save-delay', '200000'],
  ['SET', 'k1', 'v1'],
  ['SET', 'k2', 'v2'],
  ['BGSAVE'],
  ['BGSAVE'],
  ['BGSAVE', 'SCHEDULE'],
  ['SAVE'],
  ['BGREWRITEAOF'],
  ['BGREWRITEAOF'],
  // FLUSHALL stops the running save; the scheduled rewrite then runs.
  ['FLUSHALL'],
  ['CONFIG', 'SET', 'rdb-key-save-delay', '0'],
];

export const PERSISTENCE_IN_EXEC: Step = [['MULTI'], ['BGSAVE'], ['BGREWRITEAOF'], ['EXEC']];

/** After a BGSAVE that failed with save points set: writes (and PING) are refused. */
export const PERSISTENCE_MISCONF: Step = [
  ['SET', 'a', '1'],
  ['PING'],
  ['GET', 'a'],
  ['MULTI'],
  ['SET', 'a', '3'],
  ['EXEC'],
  ['CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'no'],
  ['SET', 'a', '1'],
  ['CONFIG', 'SET', 'stop-writes-on-bgsave-error', 'yes'],
  ['INCR', 'a'],
  ['CONFIG', 'SET', 'save', ''],
  ['INCR', 'a'],
  ['CONFIG', 'SET', 'save', '3600 1'],
  ['DEL', 'a'],
];

/** Every command the persistence differential test sends. */
export const PERSISTENCE_SENT: (readonly string[])[] = [
  ...PERSISTENCE_ARG_ERRORS,
  ['LASTSAVE'],
  ...PERSISTENCE_WHILE_SAVING,
  ...PERSISTENCE_IN_EXEC,
  ['CONFIG', 'SET', 'dbfilename', 'blocked.rdb'],
  ['CONFIG', 'SET', 'save', '3600 1'],
  ['BGSAVE'],
  ...PERSISTENCE_MISCONF,
  ['CONFIG', 'SET', 'dbfilename', 'good.rdb'],
  ['INFO', 'persistence'],
];
