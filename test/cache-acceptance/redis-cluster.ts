/**
 * A real Redis Cluster for tests: three redis-server masters (`--cluster-enabled yes`), joined by
 * `redis-cli --cluster create`, ready once every node reports `cluster_state:ok` and agrees on the
 * slot map. Ports (client and bus) are picked free, so runs never collide.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { freePort } from '../helpers/free-port.js';
import { RawConnection } from '../helpers/raw-connection.js';
import { startRedisServer, type RedisServer } from '../helpers/redis-server.js';

const run = promisify(execFile);

export interface RedisCluster {
  readonly ports: readonly number[];
  stop(): void;
}

async function clusterOk(port: number): Promise<boolean> {
  const c = await RawConnection.open(port, 0);
  try {
    const info = await c.cmd('CLUSTER', 'INFO');
    return info.includes('cluster_state:ok') && info.includes('cluster_slots_assigned:16384') && info.includes('cluster_known_nodes:3');
  } finally {
    c.close();
  }
}

export async function startRedisCluster(masters = 3): Promise<RedisCluster> {
  const servers: RedisServer[] = [];
  const stop = () => {
    for (const s of servers) s.stop();
  };
  try {
    for (let i = 0; i < masters; i++) {
      const bus = await freePort();
      servers.push(
        await startRedisServer({
          args: ['--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-port', String(bus), '--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no'],
        }),
      );
    }
    const addrs = servers.map((s) => `127.0.0.1:${s.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addrs, '--cluster-replicas', '0', '--cluster-yes']);
    const deadline = Date.now() + 15000;
    for (const s of servers) {
      while (!(await clusterOk(s.port))) {
        if (Date.now() > deadline) throw new Error(`cluster node ${s.port} did not reach cluster_state:ok`);
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    return { ports: servers.map((s) => s.port), stop };
  } catch (e) {
    stop();
    throw e;
  }
}
