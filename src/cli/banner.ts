/**
 * The start-up banner, shown like redis-server's logo (always-show-logo, or standard output on a
 * terminal). Sonic's own drawing; the "Port:" and " PID: " fields are kept because tools (the
 * upstream test harness among them) wait for " PID: <pid>" in the log.
 */
import { REDIS_VERSION } from '../config/version.js';

export function bannerText(opts: { sonicVersion: string; mode: string; port: number; pid: number }): string {
  const lines = [
    '',
    '    ____              _',
    '   / ___|  ___  _ __ (_) ___',
    `   \\___ \\ / _ \\| '_ \\| |/ __|     Sonic ${opts.sonicVersion} (Redis ${REDIS_VERSION} compatible) 64 bit`,
    `    ___) | (_) | | | | | (__      Running in ${opts.mode} mode`,
    `   |____/ \\___/|_| |_|_|\\___|     Port: ${opts.port}`,
    `                                  PID: ${opts.pid}`,
    '',
    '',
  ];
  return lines.join('\n');
}
