/**
 * Servicing the other connections while a script runs past busy-reply-threshold (Redis's
 * processEventsWhileBlocked). Node cannot run its event loop while a script runs synchronously,
 * so each connection's socket is read directly, without blocking, through its file descriptor
 * (libuv keeps sockets non-blocking: EAGAIN means nothing arrived); the bytes go through the
 * connection's own parser and the dispatcher, which answers BUSY to anything but the commands
 * allowed while busy (SCRIPT KILL, FUNCTION KILL, SHUTDOWN NOSAVE ...). Replies leave with the
 * connection's normal flush: Node writes to a socket synchronously when its queue is empty.
 *
 * Limits, unlike Redis: new connections cannot be accepted while the script runs (Node offers
 * no synchronous accept), so SCRIPT KILL / SHUTDOWN NOSAVE must come from a connection opened
 * before the script went busy (the kernel queues new ones until it ends). Connections without
 * a usable descriptor (none on Windows, where Node does not expose one; in-process clients)
 * are skipped: their clients wait for the script to end.
 */
import type { Client } from '../engine/client.js';
import type { EventPump } from '../engine/script-run.js';
import type { Connection } from './connection.js';

export class SocketEventPump implements EventPump {
  constructor(private readonly conns: ReadonlySet<Connection>) {}

  processEventsWhileBlocked(except: Client): void {
    for (const conn of this.conns) if (conn.client !== except) conn.pollSync();
  }
}
