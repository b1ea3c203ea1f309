/**
 * The adapter for ioredis 5 (`Redis` and `Cluster`). It sends through `callBuffer`, so binary
 * values come back intact (converted to latin1 strings here), and never mutates the user's client
 * (no defineCommand: that adds methods and sends EVAL on every new socket).
 */
import type { RedisAdapter, Reply } from './adapter.js';
import { evalWithFallback, type Script } from './script.js';

/** The part of ioredis's Redis/Cluster API the adapter uses (structural: no import of ioredis). */
export interface IoredisLike {
  callBuffer(command: string, ...args: (string | Buffer)[]): Promise<unknown>;
  /** Present on ioredis Cluster instances. */
  readonly isCluster?: boolean;
}

/** Wraps an ioredis client or cluster client. */
export function fromIoredis(client: IoredisLike): RedisAdapter {
  const send = async (argv: readonly string[]): Promise<Reply> => {
    const [cmd, ...rest] = argv;
    // Buffers in, so arguments are bytes (ioredis would encode JS strings as UTF-8).
    const reply = await client.callBuffer(cmd, ...rest.map((a) => Buffer.from(a, 'latin1')));
    return toReply(reply);
  };
  return {
    kind: 'ioredis',
    cluster: client.isCluster === true,
    call: (argv) => send(argv),
    runScript: (script: Script, keys, args) => evalWithFallback(send, script, keys, args),
  };
}

/** ioredis's reply values (Buffer, number, null, arrays; errors are rejections) as Reply. */
export function toReply(v: unknown): Reply {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return v.toString('latin1');
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(toReply);
  throw new TypeError(`unexpected reply value of type ${typeof v}`);
}
