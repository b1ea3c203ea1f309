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

/** What one memory measurement loads: `count` items (keys, or stream entries), each written by `command(i)`. */
export interface MemoryWorkload {
  /** Short name for the table ("strings", "hashes", ...). */
  readonly name: string;
  /** The command that must exist in both servers. */
  readonly needs: string;
  /** The shape of each command, digits as N, for the report. */
  readonly pattern: string;
  command(i: number): string[];
  /** How many items to load, given the run's key count (--keys). */
  count(keys: number): number;
  /** DBSIZE once `count` items are loaded. */
  dbsize(count: number): number;
  /** Lines in each reply (1 for "+OK" or ":10"; 2 for a bulk string such as XADD's ID). */
  readonly replyLines: number;
}

const FIELDS = 10;

/** Collections are measured with a tenth as many keys as strings, each holding ten elements. */
const COLLECTION = { count: (keys: number) => Math.max(1, Math.round(keys / 10)), dbsize: (n: number) => n, replyLines: 1 };

/**
 * The workloads of `npm run bench`: issue 2's strings, issue 3's small hashes and sorted sets,
 * issue 4's stream (one stream with as many entries as the string workload has keys).
 */
export const MEMORY_WORKLOADS: readonly MemoryWorkload[] = [
  {
    name: 'strings',
    needs: 'set',
    pattern: 'SET key:NNNNNNN val:NNNNNNN',
    command: (i) => ['SET', ...loadKeyValue(i)],
    count: (keys) => keys,
    dbsize: (n) => n,
    replyLines: 1,
  },
  {
    ...COLLECTION,
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
    ...COLLECTION,
    name: 'sorted sets',
    needs: 'zadd',
    pattern: `ZADD zset:NNNNNNN 1 member:1 ... ${FIELDS} member:${FIELDS}`,
    command: (i) => {
      const argv = ['ZADD', `zset:${String(i).padStart(7, '0')}`];
      for (let j = 1; j <= FIELDS; j++) argv.push(String(j), `member:${j}`);
      return argv;
    },
  },
  {
    name: 'stream entries',
    needs: 'xadd',
    pattern: 'XADD stream * f1 vNNN f2 NNNNNNN f3 xNN',
    command: (i) => ['XADD', 'stream', '*', 'f1', `v${i % 1000}`, 'f2', String(i), 'f3', `x${i % 37}`],
    count: (keys) => keys,
    dbsize: () => 1,
    replyLines: 2,
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
    // Every reply is `replyLines` lines ("+OK", ":10", "$15 / <id>"), an error one line, so
    // counting '\n' counts replies.
    let atLineStart = true;
    let lines = 0;
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
          atLineStart = true;
          if (errorLine !== undefined) {
            errors++;
            firstError ??= errorLine;
            errorLine = undefined;
            answered++;
            lines = 0;
          } else if (++lines === workload.replyLines) {
            answered++;
            lines = 0;
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
