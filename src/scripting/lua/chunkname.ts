/**
 * How Lua 5.1 shows a chunk name in messages (luaO_chunkid):
 * "@file" shows the file name (tail-truncated), "=name" shows name verbatim, anything else
 * is source text shown as [string "first line..."].
 */
// LUA_IDSIZE: Redis's vendored luaconf.h says 60, but the reference redis-server (Debian's
// build, on the system liblua5.1) and lua5.1 both use 80, so names truncate after 63 bytes.
const IDSIZE = 80;

export function chunkId(source: string): string {
  const nul = source.indexOf('\0');
  if (nul >= 0) source = source.slice(0, nul); // C strings end at the first zero byte
  if (source.startsWith('=')) return source.slice(1, IDSIZE);
  if (source.startsWith('@')) {
    const name = source.slice(1);
    const room = IDSIZE - 8; // sizeof(" '...' ")
    return name.length > room ? '...' + name.slice(name.length - room) : name;
  }
  const room = IDSIZE - 17; // sizeof(" [string \"...\"] ")
  let len = source.search(/[\n\r]/);
  if (len < 0) len = source.length;
  if (len > room) len = room;
  return len < source.length ? `[string "${source.slice(0, len)}..."]` : `[string "${source}"]`;
}
