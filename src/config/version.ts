/** The Redis version Sonic is compatible with, as reported to clients and in logs. */
export const REDIS_VERSION = '7.0.15';
