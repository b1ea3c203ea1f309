/**
 * Pipelined bulk loader for the memory figures: one command per key (`SET key:NNNNNNN
 * val:NNNNNNN`, a 10-field HSET, a 10-member ZADD), the same bytes to every server, so
 * bytes-per-key figures compare like with like. Unlike `redis-benchmark -r`, whose random keys
 * collide, this yields exactly `count` distinct keys.
 */
import { connect } from 'node:net';
import { encodeCommand } from './resp-client.js';

/** Commands per socket write. */
const BATCH = 1000;
/** Commands sent but not yet answered; bounds both servers' input buffers the same way. */
const WINDOW = 16 * BATCH;

/** The i-th key and value of the load, fixed-width so every key has the same size. */
export function loadKeyValue(i: number): [string, string] {
  const n = String(i).padStart(7, '0');
  return [`key:${n}`, `val:${n}`];
}

/** What one memory measurement loads: `count` keys, each written by `command(i)`. */
export interface MemoryWorkload {
  /** Short name for the table ("strings", "hashes", ...). */
  readonly name: string;
  /** The command that must exist in both servers. */
  readonly needs: string;
  /** The shape of each command, digits as N, for the report. */
  readonly pattern: string;
  command(i: number): string[];
}

const FIELDS = 10;

/** The workloads of `npm run bench`: issue 2's strings, issue 3's small hashes and sorted sets. */
export const MEMORY_WORKLOADS: readonly MemoryWorkload[] = [
  { name: 'strings', needs: 'set', pattern: 'SET key:NNNNNNN val:NNNNNNN', command: (i) => ['SET', ...loadKeyValue(i)] },
  {
    name: 'hashes',
    needs: 'hset',
    pattern: `HSET hash:NNNNNNN field:1 value:1 ... field:${FIELDS} value:${FIELDS}`,
    command: (i) => {
      const argv = ['HSET', `hash:${String(i).padStart(7, '0')}`];
      for (let j = 1; j <= FIELDS; j++) argv.push(`field:${j}`, `value:${j}`);
      return argv;
    },
  },
  {
    name: 'sorted sets',
    needs: 'zadd',
    pattern: `ZADD zset:NNNNNNN 1 member:1 ... ${FIELDS} member:${FIELDS}`,
    command: (i) => {
      const argv = ['ZADD', `zset:${String(i).padStart(7, '0')}`];
      for (let j = 1; j <= FIELDS; j++) argv.push(String(j), `member:${j}`);
      return argv;
    },
  },
];

/** Result of a load: elapsed time and the first error reply, if any. */
export interface LoadResult {
  count: number;
  ms: number;
  errors: number;
  firstError: string | undefined;
}

/** Sends `count` commands of `workload` to host:port, pipelined, and waits for every reply. */
export function loadKeys(port: number, count: number, workload: MemoryWorkload = MEMORY_WORKLOADS[0], host = '127.0.0.1'): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket = connect({ port, host });
    let sent = 0;
    let answered = 0;
    let errors = 0;
    let firstError: string | undefined;
    // Every reply is one line ("+OK", ":10" or "-ERR ..."), so counting '\n' counts replies.
    let atLineStart = true;
    let errorLine: string | undefined;

    const pump = () => {
      while (sent < count && sent - answered < WINDOW) {
        const end = Math.min(count, sent + BATCH);
        let chunk = '';
        for (let i = sent; i < end; i++) chunk += encodeCommand(workload.command(i));
        sent = end;
        if (!socket.write(chunk, 'latin1')) {
          socket.once('drain', pump);
          return;
        }
      }
    };

    socket.setNoDelay(true);
    socket.on('connect', pump);
    socket.on('data', (buf: Buffer) => {
      for (let i = 0; i < buf.length; i++) {
        const b = buf[i];
        if (atLineStart) {
          atLineStart = false;
          if (b === 0x2d /* '-' */) errorLine = '';
        }
        if (errorLine !== undefined && b !== 0x0a && b !== 0x0d) errorLine += String.fromCharCode(b);
        if (b === 0x0a) {
          answered++;
          atLineStart = true;
          if (errorLine !== undefined) {
            errors++;
            firstError ??= errorLine;
            errorLine = undefined;
          }
        }
      }
      if (answered >= count) {
        socket.destroy();
        resolve({ count, ms: performance.now() - started, errors, firstError });
      } else pump();
    });
    socket.on('error', reject);
    socket.on('close', () => {
      if (answered < count) reject(new Error(`connection closed after ${answered} of ${count} replies`));
    });
  });
}
