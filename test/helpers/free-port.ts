/** Finding a TCP port nobody listens on, for servers spawned by tests. */
import { createServer } from 'node:net';

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it, so parallel test files do not collide). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}
