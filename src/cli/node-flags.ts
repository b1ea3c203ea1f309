/**
 * V8 flags sonic-server runs with. They must be given when Node starts (V8 sizes its heap then),
 * so they appear in three places that a test keeps in step: the shebang of cli/server.ts, the
 * `npm start` script and the benchmark's server command line.
 *
 * --max-semi-space-size=2: V8's young generation grows to 3 x 16 MB by default and stays there
 * under a steady request load. A key/value store's young objects are short-lived request
 * garbage, so a 2 MB semi-space costs little in scavenges but returns ~30 MB of RSS: measured
 * with 1M small string keys, 164 -> 129 bytes/key (Redis 7.0.15: 99), and with 100k hashes of
 * 10 fields, 661 -> 318 bytes/key (Redis: 272).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=2'];
