/**
 * What every toolkit script starts with: `now` in milliseconds. ARGV[1] carries it when the
 * toolkit runs on a virtual clock (tests); when ARGV[1] is empty the script asks the server (TIME),
 * so production decisions never depend on application clocks. Scripts read their own arguments
 * from ARGV[2] on.
 */
import { Script } from '../client/script.js';

const NOW_MS = `local now = tonumber(ARGV[1])
if not now then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
`;

/** A Script whose body can use `now` (ms); its own arguments start at ARGV[2]. */
export function timedScript(name: string, body: string): Script {
  return new Script(name, NOW_MS + body);
}
