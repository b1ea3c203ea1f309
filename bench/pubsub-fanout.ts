/**
 * Pub/Sub fan-out benchmark: `subscribers` connections SUBSCRIBE to one channel, one connection
 * PUBLISHes `messages` messages with up to `pipeline` in flight, and the figure is messages
 * delivered per second (messages x subscribers / time until the last subscriber got the last
 * message). redis-benchmark has no such test.
 *
 * The driver is deliberately cheap so it measures the server: every frame it expects has a known
 * size (the same channel and payload each time, PUBLISH always answering the same count), so
 * subscribers and the publisher only count bytes, never parse.
 */
import { connect, type Socket } from 'node:net';
import { encodeCommand } from './resp-client.js';

export interface FanoutOptions {
  port: number;
  subscribers: number;
  messages: number;
  /** PUBLISH commands in flight at most. */
  pipeline: number;
  payloadBytes: number;
  timeoutMs?: number;
}

export interface FanoutResult {
  /** Messages received by all subscribers together, per second. */
  deliveredPerSec: number;
  /** PUBLISH commands answered per second. */
  publishesPerSec: number;
  elapsedMs: number;
}

const CHANNEL = 'bench:fanout';

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = connect(port, '127.0.0.1', () => {
      s.off('error', reject);
      s.setNoDelay(true);
      resolve(s);
    });
    s.once('error', reject);
  });
}

function bulk(s: string): string {
  return `$${s.length}\r\n${s}\r\n`;
}

export async function pubsubFanout(o: FanoutOptions): Promise<FanoutResult> {
  const payload = 'x'.repeat(o.payloadBytes);
  const confirmation = '*3\r\n' + bulk('subscribe') + bulk(CHANNEL) + ':1\r\n';
  const frame = '*3\r\n' + bulk('message') + bulk(CHANNEL) + bulk(payload);
  const reply = `:${o.subscribers}\r\n`;
  const publish = encodeCommand(['PUBLISH', CHANNEL, payload]);
  const subs: Socket[] = [];
  const sockets: Socket[] = [];
  const timeoutMs = o.timeoutMs ?? 120_000;
  try {
    // Subscribers, each confirmed before the clock starts.
    const received: number[] = [];
    let confirmed = 0;
    let finished = 0;
    let onConfirmed!: () => void;
    let onFinished!: () => void;
    const allConfirmed = new Promise<void>((r) => (onConfirmed = r));
    const allFinished = new Promise<void>((r) => (onFinished = r));
    const expected = confirmation.length + o.messages * frame.length;
    for (let i = 0; i < o.subscribers; i++) {
      const s = await open(o.port);
      subs.push(s);
      sockets.push(s);
      received.push(0);
      s.on('data', (d: Buffer) => {
        const before = received[i];
        received[i] += d.length;
        if (before < confirmation.length && received[i] >= confirmation.length && ++confirmed === o.subscribers) onConfirmed();
        if (before < expected && received[i] >= expected && ++finished === o.subscribers) onFinished();
      });
      s.write(encodeCommand(['SUBSCRIBE', CHANNEL]));
    }
    await withTimeout(allConfirmed, timeoutMs, 'subscribers did not all confirm');

    const pub = await open(o.port);
    sockets.push(pub);
    let sent = 0;
    let answeredBytes = 0;
    const replyBytes = o.messages * reply.length;
    let onAnswered!: () => void;
    const allAnswered = new Promise<void>((r) => (onAnswered = r));
    const sendMore = () => {
      const answered = Math.floor(answeredBytes / reply.length);
      const room = Math.min(o.pipeline - (sent - answered), o.messages - sent);
      if (room <= 0) return;
      pub.write(room === 1 ? publish : publish.repeat(room));
      sent += room;
    };
    pub.on('data', (d: Buffer) => {
      answeredBytes += d.length;
      if (answeredBytes >= replyBytes) onAnswered();
      else sendMore();
    });
    const t0 = performance.now();
    sendMore();
    await withTimeout(allAnswered, timeoutMs, 'PUBLISH replies missing');
    const tPublished = performance.now();
    await withTimeout(allFinished, timeoutMs, 'subscribers did not get every message');
    const elapsedMs = performance.now() - t0;
    return {
      deliveredPerSec: (o.messages * o.subscribers) / (elapsedMs / 1000),
      publishesPerSec: o.messages / ((tPublished - t0) / 1000),
      elapsedMs,
    };
  } finally {
    for (const s of sockets) s.destroy();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const t = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} within ${ms} ms`)), ms)));
  return Promise.race([p, t]).finally(() => clearTimeout(timer));
}
