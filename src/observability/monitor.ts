/**
 * MONITOR: every command a client runs is echoed to the monitoring clients as
 * `+<sec>.<usec> [<db> <peer>] "arg" ...`, with arguments quoted by Redis's sdscatrepr rules.
 */
import type { Client } from '../engine/client.js';

/** Quotes a byte string as Redis's sdscatrepr does: C escapes, \xHH for non-printables. */
export function reprBytes(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    switch (ch) {
      case 0x5c:
        out += '\\\\';
        break;
      case 0x22:
        out += '\\"';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        // isprint() in the C locale: 0x20..0x7e.
        if (ch >= 0x20 && ch <= 0x7e) out += s[i];
        else out += '\\x' + (ch < 16 ? '0' : '') + ch.toString(16);
    }
  }
  return out + '"';
}

/**
 * What a monitor shows as the source of a command: "unix:<socket path>" for unix socket
 * clients, else the peer address. Script clients' transports report "lua" as their address.
 */
export function monitorSource(c: Client): string {
  if (c.unixSocket) {
    const path = c.engine.config.get<string | undefined>('unixsocket');
    return `unix:${path ?? ''}`;
  }
  return c.transport.addr;
}

/** The line sent to monitors for one command (including the trailing CRLF). */
export function monitorLine(c: Client, dbIndex: number, argv: readonly string[], nowMicros: number): string {
  const sec = Math.floor(nowMicros / 1e6);
  const usec = String(nowMicros - sec * 1e6).padStart(6, '0');
  let line = `+${sec}.${usec} [${dbIndex} ${monitorSource(c)}]`;
  for (let j = 0; j < argv.length; j++) line += ' ' + reprBytes(argv[j]);
  return line + '\r\n';
}

/**
 * Sends one command to every monitor. Monitors' replies are flushed on the next turn of the
 * event loop, so a batch of commands costs one socket write per monitor.
 */
export function feedMonitors(monitors: Set<Client>, c: Client, argv: readonly string[], nowMicros: number): void {
  const line = monitorLine(c, c.dbIndex, argv, nowMicros);
  for (const m of monitors) {
    if (m.closing) {
      monitors.delete(m);
      continue;
    }
    m.reply.raw(line);
    scheduleFlush(m);
  }
}

const pending = new Set<Client>();
let scheduled = false;

function scheduleFlush(m: Client): void {
  pending.add(m);
  if (scheduled) return;
  scheduled = true;
  setImmediate(() => {
    scheduled = false;
    for (const p of pending) if (!p.closing) p.transport.flush();
    pending.clear();
  });
}
