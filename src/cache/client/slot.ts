/**
 * Redis Cluster's key -> slot mapping (CRC16/XMODEM of the hash tag, mod 16384), for adapters that
 * must pick a node themselves (node-redis cluster routing, dedicated connections by key).
 * Keys are latin1 strings: one char per byte.
 */

const TABLE = (() => {
  const t = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 8;
    for (let b = 0; b < 8; b++) c = c & 0x8000 ? ((c << 1) ^ 0x1021) & 0xffff : (c << 1) & 0xffff;
    t[i] = c;
  }
  return t;
})();

function crc16(s: string, from: number, to: number): number {
  let crc = 0;
  for (let i = from; i < to; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ s.charCodeAt(i)) & 0xff];
  return crc;
}

/** The slot of `key`: only the part inside the first non-empty `{...}` counts when there is one. */
export function keySlot(key: string): number {
  const open = key.indexOf('{');
  if (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close > open + 1) return crc16(key, open + 1, close) & 16383;
  }
  return crc16(key, 0, key.length) & 16383;
}

/**
 * The key a command is routed by when the caller gave none: EVAL/EVALSHA's first key (none when
 * numkeys is 0), else the first argument, which is the first key of nearly every keyed command.
 */
export function routeKeyOf(argv: readonly string[]): string | undefined {
  const cmd = argv[0]?.toUpperCase();
  if (cmd === 'EVAL' || cmd === 'EVALSHA' || cmd === 'EVAL_RO' || cmd === 'EVALSHA_RO') {
    return Number(argv[2]) > 0 ? argv[3] : undefined;
  }
  return argv[1];
}
