/**
 * Acceptance (issue 7, write-behind): writers enqueue while a flusher writes to a sink; the server
 * (a child process with `appendonly yes`, `appendfsync always`) is SIGKILLed mid-run and restarted
 * on the same directory and port -> 0 acknowledged writes lost: after a final flush the sink holds,
 * for every key, its last acknowledged payload (or a later one whose enqueue was in flight at the
 * crash: applied by the server, its reply lost -- in doubt, never acknowledged).
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { createToolkit } from '../../src/cache/toolkit.js';
import { spawnSonic, tempDir } from '../helpers/sonic-process.js';
import { requireRedisServer, waitForPong } from '../helpers/redis-server.js';
import { freePort } from '../helpers/free-port.js';
import { TARGET_NAMES, type TargetName } from './targets.js';

const KEYS = 300;
const WRITERS = 8;
const RUN_MS = 5000;
const KILL_AT_MS = 2000;
const DOWN_MS = 300;
const AOF = ['--save', '', '--appendonly', 'yes', '--appendfsync', 'always'];

/** Starts the server in `dir` on `port` (same dir and port after a crash: it reloads its AOF). */
async function launch(name: TargetName, dir: string, port: number): Promise<ChildProcess> {
  const child =
    name === 'sonic' ? spawnSonic(dir, AOF, port).child : spawn('redis-server', ['--port', String(port), '--dir', dir, ...AOF], { cwd: dir, stdio: 'ignore' });
  await waitForPong(port, 20000);
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

for (const name of TARGET_NAMES) {
  describe(`write-behind acceptance on ${name}`, () => {
    it('the server SIGKILLed and restarted mid-run: 0 acknowledged writes lost', async () => {
      if (name === 'redis') requireRedisServer();
      const dir = tempDir('wb');
      const port = await freePort();
      let server = await launch(name, dir, port);
      const redis = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: null });
      redis.on('error', () => undefined);
      const sink = new Map<string, string>();
      let sinkWrites = 0;
      const wb = createToolkit({ client: redis, prefix: 'wb' }).writeBehind({
        shards: 2,
        batchSize: 100,
        visibilityTimeout: 1000,
        block: 500,
        // A slow store, so writes are waiting in the server when it crashes.
        write: async (batch) => {
          await new Promise((r) => setTimeout(r, 30));
          sinkWrites++;
          for (const i of batch) sink.set(i.key, i.payload);
        },
      });
      try {
        const acked = new Map<string, string>();
        /** Payloads sent after the key's last acknowledged one whose outcome is unknown. */
        const inDoubt = new Map<string, Set<string>>();
        const busy = new Set<string>();
        let seq = 0;
        let ackedBefore = 0;
        let ackedAfter = 0;
        let failed = 0;
        let restarted = false;
        let waitingAtCrash = 0;
        const t0 = Date.now();
        const writer = async () => {
          while (Date.now() - t0 < RUN_MS) {
            const key = `k${Math.floor(Math.random() * KEYS)}`;
            if (busy.has(key)) continue; // one write in flight per key: acks come in server order
            busy.add(key);
            const payload = `${key}#${++seq}`;
            try {
              await wb.enqueue(key, payload);
              acked.set(key, payload);
              inDoubt.delete(key);
              if (restarted) ackedAfter++;
              else ackedBefore++;
            } catch {
              failed++;
              if (!inDoubt.has(key)) inDoubt.set(key, new Set());
              inDoubt.get(key)!.add(payload);
            }
            busy.delete(key);
          }
        };
        const crash = (async () => {
          await new Promise((r) => setTimeout(r, KILL_AT_MS));
          waitingAtCrash = (await redis.hlen('wb:{wb:0}:h')) + (await redis.hlen('wb:{wb:1}:h'));
          await kill(server);
          await new Promise((r) => setTimeout(r, DOWN_MS));
          server = await launch(name, dir, port);
          restarted = true;
        })();
        await Promise.all([...Array.from({ length: WRITERS }, writer), crash]);
        await wb.flush();

        let exact = 0;
        let doubtful = 0;
        const lost: string[] = [];
        for (const [key, payload] of acked) {
          const got = sink.get(key);
          if (got === payload) exact++;
          else if (got !== undefined && inDoubt.get(key)?.has(got)) doubtful++;
          else lost.push(`${key}: acked ${payload}, sink ${got}`);
        }
        console.log(
          `# ${name}: ${ackedBefore} writes acked before the crash, ${ackedAfter} after, ${failed} failed; ${acked.size} keys, ` +
            `${exact} hold the last acked payload, ${doubtful} a later in-doubt one; ${waitingAtCrash} writes waiting at the crash; ${sinkWrites} sink batches`,
        );
        assert.deepEqual(lost, [], '0 acknowledged writes lost');
        assert.ok(ackedBefore > 0 && ackedAfter > 0, 'writes acknowledged on both sides of the crash');
        assert.ok(waitingAtCrash > 0, 'acknowledged writes were waiting for the store when the server crashed');
        assert.equal(await redis.hlen('wb:{wb:0}:h') + (await redis.hlen('wb:{wb:1}:h')), 0, 'nothing left waiting');
      } finally {
        await wb.close();
        redis.disconnect();
        await kill(server);
      }
    });
  });
}
