/**
 * A queue consumer process for the queue acceptance test: processes jobs of one queue on the
 * server at `port`; each job's handler records it in the sink hash `done` (HINCRBY job id), so the
 * parent can count jobs processed at least once and duplicates. It is SIGKILLed at random.
 */
import { Redis } from 'ioredis';
import { serveWorker } from '../../../src/cache/testing/processes.js';
import { createToolkit } from '../../../src/cache/toolkit.js';
import type { Processor } from '../../../src/cache/patterns/queue.js';

interface Start {
  kind: 'start';
  port: number;
  prefix: string;
  queue: string;
  sink: string;
  concurrency: number;
  visibilityMs: number;
  maxAttempts: number;
}

let redis: Redis | null = null;
let sinkClient: Redis | null = null;
let processor: Processor | null = null;

serveWorker(async (msg) => {
  const m = msg as Start | { kind: 'stop' };
  if (m.kind === 'start') {
    redis = new Redis({ port: m.port, host: '127.0.0.1', maxRetriesPerRequest: null });
    redis.on('error', () => undefined);
    // The sink's own client batches its writes per tick (autopipelining: the toolkit's adapter
    // does not support it on the client it is given, see the report).
    sinkClient = new Redis({ port: m.port, host: '127.0.0.1', maxRetriesPerRequest: null, enableAutoPipelining: true });
    sinkClient.on('error', () => undefined);
    const sink = m.sink;
    const r = sinkClient;
    const q = createToolkit({ client: redis, prefix: m.prefix }).queue(m.queue);
    processor = await q.process(
      async (job) => {
        // Some work in flight, so a SIGKILL finds jobs between delivery and ack.
        await new Promise((res) => setTimeout(res, Math.random() * 2));
        await r.hincrby(sink, job.payload, 1);
      },
      { concurrency: m.concurrency, visibilityTimeout: m.visibilityMs, maxAttempts: m.maxAttempts, block: 500 },
    );
    return { consumer: processor.consumer.name };
  }
  await processor?.stop();
  redis?.disconnect();
  sinkClient?.disconnect();
  return processor?.stats ?? null;
});
