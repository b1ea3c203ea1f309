/**
 * The adapters on a real 3-master Redis Cluster (redis-server 7.0): ioredis Cluster and the
 * node-redis 4 and 5 cluster clients. Commands are routed by key, scripts and pipelines whose keys
 * share one hash tag run on that tag's node (also after SCRIPT FLUSH), nodes() lists the three
 * masters, and dedicated(routeKey) opens a connection to the node owning the key.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Cluster } from 'ioredis';
import { createCluster as createCluster4 } from 'redis';
import { createCluster as createCluster5 } from 'redis5';
import type { RedisAdapter } from '../../src/cache/client/adapter.js';
import { fromIoredis } from '../../src/cache/client/ioredis.js';
import { fromNodeRedis } from '../../src/cache/client/node-redis.js';
import { Script } from '../../src/cache/client/script.js';
import { keySlot } from '../../src/cache/client/slot.js';
import { startRedisCluster, type RedisCluster } from './redis-cluster.js';

const ALL_BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
const pair = new Script('pair', "redis.call('SET', KEYS[1], ARGV[1]); redis.call('SET', KEYS[2], ARGV[1]); return {KEYS[1], redis.call('GET', KEYS[2])}");

interface Opened {
  adapter: RedisAdapter;
  close(): Promise<void>;
}

const CLIENTS: { name: string; open(ports: readonly number[]): Promise<Opened> }[] = [
  {
    name: 'ioredis Cluster',
    async open(ports) {
      const c = new Cluster([{ host: '127.0.0.1', port: ports[0] }]);
      c.on('error', () => undefined);
      await new Promise<void>((resolve, reject) => {
        c.once('ready', resolve);
        c.once('error', reject);
      });
      return { adapter: fromIoredis(c), close: async () => c.disconnect() };
    },
  },
  ...([4, 5] as const).map((v) => ({
    name: `node-redis ${v} cluster`,
    async open(ports: readonly number[]): Promise<Opened> {
      const rootNodes = [{ url: `redis://127.0.0.1:${ports[0]}` }];
      const c = v === 4 ? createCluster4({ rootNodes }) : createCluster5({ rootNodes });
      c.on('error', () => undefined);
      await c.connect();
      return {
        adapter: fromNodeRedis(c),
        close: async () => {
          if (v === 4) await (c as ReturnType<typeof createCluster4>).disconnect();
          else (c as ReturnType<typeof createCluster5>).destroy();
        },
      };
    },
  })),
];

/** The master owning each slot, from CLUSTER SLOTS: slot -> "host:port". */
async function slotOwners(a: RedisAdapter): Promise<(slot: number) => string> {
  const ranges = (await a.call(['CLUSTER', 'SLOTS'], 'any')) as [number, number, [string, number, string]][];
  return (slot) => {
    const r = ranges.find(([lo, hi]) => slot >= lo && slot <= hi);
    assert.ok(r, `slot ${slot} unassigned`);
    return `${r[2][0]}:${r[2][1]}`;
  };
}

let cluster: RedisCluster;
before(async () => {
  cluster = await startRedisCluster(3);
});
after(() => cluster?.stop());

for (const [ci, client] of CLIENTS.entries()) {
  describe(`cluster adapter: ${client.name}`, () => {
    let t: Opened;
    before(async () => {
      t = await client.open(cluster.ports);
    });
    after(async () => {
      await t?.close();
    });
    const k = (s: string) => `c${ci}:${s}`;

    it('nodes() lists the three masters, each answering for itself', async () => {
      assert.equal(t.adapter.cluster, true);
      const nodes = await t.adapter.nodes();
      assert.deepEqual(nodes.map((n) => n.id).sort(), cluster.ports.map((p) => `127.0.0.1:${p}`).sort());
      const ids = await Promise.all(nodes.map((n) => n.call(['CLUSTER', 'MYID'])));
      assert.equal(new Set(ids).size, 3);
    });

    it('call() is routed by key: each key lands on the master owning its slot', async () => {
      const owner = await slotOwners(t.adapter);
      const nodes = await t.adapter.nodes();
      const keys = Array.from({ length: 24 }, (_, i) => k(`key${i}:${ALL_BYTES.slice(i * 10, i * 10 + 10)}`));
      for (const key of keys) assert.equal(await t.adapter.call(['SET', key, ALL_BYTES]), 'OK');
      for (const key of keys) assert.equal(await t.adapter.call(['GET', key]), ALL_BYTES);
      const seen = new Set<string>();
      for (const key of keys) {
        const holders: string[] = [];
        for (const n of nodes) {
          // The node's own connection: EXISTS on a key of another node's slot is a MOVED error.
          const has = await n.call(['EXISTS', key]).catch((e: Error) => (e.message.startsWith('MOVED') ? 0 : Promise.reject(e)));
          if (has === 1) holders.push(n.id);
        }
        assert.deepEqual(holders, [owner(keySlot(key))], `key ${JSON.stringify(key)}`);
        assert.equal(await nodes[0].call(['CLUSTER', 'KEYSLOT', key]), keySlot(key));
        seen.add(holders[0]);
      }
      assert.equal(seen.size, 3, 'the keys spread over all three masters');
    });

    it('runScript with keys of one hash tag runs on its node, also after SCRIPT FLUSH', async () => {
      for (const n of await t.adapter.nodes()) await n.call(['SCRIPT', 'FLUSH']);
      for (let i = 0; i < 6; i++) {
        const tag = k(`{tag${i}}`);
        const keys = [`${tag}:a`, `${tag}:b`];
        assert.deepEqual(await t.adapter.runScript(pair, keys, [ALL_BYTES]), [keys[0], ALL_BYTES]);
        assert.deepEqual(await t.adapter.runScript(pair, keys, ['v2']), [keys[0], 'v2']);
      }
    });

    it('pipeline with one slot: replies and errors in order', async () => {
      const tag = k('{pipe}');
      const out = await t.adapter.pipeline([
        ['SET', `${tag}:n`, '10'],
        ['INCRBY', `${tag}:n`, '5'],
        ['HSET', `${tag}:n`, 'f', 'v'],
        { script: pair, keys: [`${tag}:x`, `${tag}:y`], args: [ALL_BYTES] },
        ['MGET', `${tag}:n`, `${tag}:y`],
      ]);
      assert.deepEqual(out.slice(0, 2), ['OK', 15]);
      assert.ok(out[2] instanceof Error && out[2].message.startsWith('WRONGTYPE'), String(out[2]));
      assert.deepEqual(out.slice(3), [[`${tag}:x`, ALL_BYTES], ['15', ALL_BYTES]]);
    });

    it("dedicated(routeKey) connects to the key's master; subscriptions see PUBLISH from any node", async () => {
      for (const [i, key] of [k('{d1}'), k('{d2}'), k('{d3}'), k('{d4}')].entries()) {
        // A channel per round: the cluster bus may still be carrying the previous round's message
        // to this node, and it would land on a reused channel as a second delivery.
        const channel = k(`news${i}`);
        await t.adapter.call(['SET', key, 'here']);
        const d = await t.adapter.dedicated(key);
        try {
          // A plain connection to the wrong node would answer MOVED.
          assert.equal(await d.call(['GET', key]), 'here');
          const got: string[] = [];
          d.onMessage((_ch, msg) => got.push(msg));
          await d.subscribe([channel]);
          // The count is the receiving node's subscribers only; the bus carries it to the others.
          await t.adapter.call(['PUBLISH', channel, ALL_BYTES], k('{other}'));
          const deadline = Date.now() + 3000;
          while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
          // Long enough for a duplicate delivery to show up too.
          await new Promise((r) => setTimeout(r, 50));
          assert.deepEqual(got, [ALL_BYTES]);
        } finally {
          await d.close();
        }
      }
    });
  });
}
