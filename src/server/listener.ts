/** TCP listener: accepts connections for an Engine and tracks them so close() is complete. */
import { createServer, type Server } from 'node:net';
import { Connection } from './connection.js';
import type { Engine } from '../engine/engine.js';

export class Listener {
  private readonly server: Server;
  private readonly conns = new Set<Connection>();

  constructor(private readonly engine: Engine) {
    this.server = createServer({ noDelay: true }, (socket) => {
      if (engine.clients.size >= engine.config.num('maxclients')) {
        engine.stats.rejectedConnections++;
        socket.end('-ERR max number of clients reached\r\n');
        return;
      }
      const conn = new Connection(engine, socket, (c) => this.conns.delete(c));
      this.conns.add(conn);
    });
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
    for (const c of this.conns) c.close(false);
    this.conns.clear();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
