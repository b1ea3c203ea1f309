/**
 * Listeners: accept connections for an Engine and track them so close() is complete. One TCP
 * server per bind address (redis-server's `bind`), plus an optional unix socket.
 */
import { UserFlag } from '../acl/user.js';
import { createServer, type Server, type Socket } from 'node:net';
import { chmodSync, unlinkSync } from 'node:fs';
import { Connection } from './connection.js';
import { startClientsCron } from './clients-cron.js';
import { SocketEventPump } from './event-pump.js';
import type { Engine } from '../engine/engine.js';

export class Listener {
  private readonly server: Server;
  private readonly conns = new Set<Connection>();
  /** Stops the clients cron (idle timeout, query buffer bookkeeping). */
  private readonly stopCron: () => void;

  /** Extra TCP servers (bind addresses after the first) and the unix socket server. */
  private readonly extra: Server[] = [];
  private unixServer: Server | undefined;
  private unixPath: string | undefined;

  constructor(private readonly engine: Engine) {
    this.server = createServer({ noDelay: true }, (socket) => this.accept(socket, false));
    this.stopCron = startClientsCron(engine, this.conns);
    // A busy script services these connections synchronously (see event-pump.ts).
    engine.eventPump = new SocketEventPump(this.conns);
  }

  private accept(socket: Socket, unix: boolean): void {
    const engine = this.engine;
    if (engine.clients.size >= engine.config.num('maxclients')) {
      engine.stats.rejectedConnections++;
      socket.end('-ERR max number of clients reached\r\n');
      return;
    }
    // Protected mode: with no password, only loopback and unix socket clients are served.
    if (!unix && engine.config.bool('protected-mode') && (engine.acl.defaultUser.flags & UserFlag.NoPass) !== 0 && !isLoopback(socket.remoteAddress)) {
      engine.stats.rejectedConnections++;
      socket.end(DENIED);
      return;
    }
    const conn = new Connection(engine, socket, (c) => this.conns.delete(c));
    if (unix) conn.client.unixSocket = true;
    this.conns.add(conn);
  }

  /**
   * Listens on `port` at every address of redis-server's `bind` list, with its rules: "*" is any
   * IPv4 address, "::*" any IPv6 one; a "-" prefix makes an address optional (skipped when not
   * available on this host); an address family the host lacks is skipped too. Any other failure
   * closes what was opened and rejects with `{ addr, code, message }`. Logs each failure as Redis.
   */
  async listenAll(port: number, binds: readonly string[], backlog = 511): Promise<{ host: string; port: number }[]> {
    const bound: { host: string; port: number }[] = [];
    const servers: Server[] = [];
    for (const spec of binds) {
      const optional = spec.startsWith('-');
      const addr = optional ? spec.slice(1) : spec;
      const ipv6 = addr.includes(':');
      const host = addr === '*' ? '0.0.0.0' : addr === '::*' ? '::' : addr;
      const server = servers.length === 0 && this.extra.length === 0 && !this.server.listening ? this.server : createServer({ noDelay: true }, (s) => this.accept(s, false));
      try {
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen({ port, host, backlog, ipv6Only: ipv6 }, () => {
            server.off('error', reject);
            resolve();
          });
        });
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code ?? '';
        this.engine.log('warning', `Warning: Could not create server TCP listening socket ${addr}:${port}: ${netError(code)}`);
        if (code === 'EADDRNOTAVAIL' && optional) continue;
        if (['ENOPROTOOPT', 'EPROTONOSUPPORT', 'ESOCKTNOSUPPORT', 'EPFNOSUPPORT', 'EAFNOSUPPORT'].includes(code)) continue;
        for (const s of servers) s.close();
        throw Object.assign(new Error(netError(code)), { code, addr });
      }
      servers.push(server);
      const a = server.address();
      bound.push(a && typeof a === 'object' ? { host: a.address, port: a.port } : { host, port });
    }
    for (const s of servers) if (s !== this.server) this.extra.push(s);
    return bound;
  }

  /** Closes the TCP servers (not the unix socket nor the connections), for a rebind. */
  async closeTcp(): Promise<void> {
    const all = [this.server, ...this.extra.splice(0)].filter((s) => s.listening);
    await Promise.all(all.map((s) => new Promise<void>((r) => s.close(() => r()))));
  }

  /** Listens on a unix socket (a stale file is removed first), with permissions `perm` when non-zero. */
  listenUnix(path: string, perm: number, backlog = 511): Promise<void> {
    try {
      unlinkSync(path);
    } catch {
      // no stale socket
    }
    const server = createServer((s) => this.accept(s, true));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen({ path, backlog }, () => {
        server.off('error', reject);
        if (perm !== 0) chmodSync(path, perm);
        this.unixServer = server;
        this.unixPath = path;
        resolve();
      });
    });
  }

  /** Removes the unix socket file (at shutdown, as Redis does). */
  unlinkUnix(): boolean {
    if (this.unixPath === undefined) return false;
    try {
      unlinkSync(this.unixPath);
    } catch {
      // already gone
    }
    return true;
  }

  /** Starts listening; resolves with the bound address. */
  listen(port: number, host: string): Promise<{ host: string; port: number }> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const a = this.server.address();
        if (a && typeof a === 'object') resolve({ host: a.address, port: a.port });
        else resolve({ host, port });
      });
    });
  }

  /** Stops accepting and closes every connection. */
  close(): Promise<void> {
    this.stopCron();
    for (const c of this.conns) c.close(false);
    this.conns.clear();
    const all = [this.server, ...this.extra.splice(0), ...(this.unixServer ? [this.unixServer] : [])];
    this.unixServer = undefined;
    return Promise.all(all.map((s) => new Promise<void>((resolve) => (s.listening ? s.close(() => resolve()) : resolve())))).then(() => {});
  }
}

function isLoopback(addr: string | undefined): boolean {
  if (addr === undefined) return false;
  const a = addr.startsWith('::ffff:') ? addr.slice(7) : addr;
  return a.startsWith('127.') || a === '::1';
}

/** Redis's reply to a non-loopback client in protected mode (then the connection closes). */
const DENIED =
  '-DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. ' +
  'In this mode connections are only accepted from the loopback interface. ' +
  'If you want to connect from external computers to Redis you may adopt one of the following solutions: ' +
  "1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface " +
  'by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible ' +
  'from internet if you do so. Use CONFIG REWRITE to make this change permanent. ' +
  "2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. " +
  "3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. " +
  '4) Setup a an authentication password for the default user. ' +
  'NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.\r\n';

/** Redis's neterr text for a failed bind/listen ("bind: Address already in use"). */
function netError(code: string): string {
  switch (code) {
    case 'EADDRINUSE':
      return 'bind: Address already in use';
    case 'EADDRNOTAVAIL':
      return 'bind: Cannot assign requested address';
    case 'EACCES':
      return 'bind: Permission denied';
    case 'EAFNOSUPPORT':
      return 'socket: Address family not supported by protocol';
    case 'ENOTFOUND':
      return "Invalid bind address";
    default:
      return code;
  }
}
