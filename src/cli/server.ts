#!/usr/bin/env node
/** sonic-server: redis-server's command line (`sonic-server [config-file] [--name value ...]`). */
import { startServer } from '../server/embedded.js';

const args = process.argv.slice(2);
const params: Record<string, string> = {};
for (let i = 0; i < args.length; i++) {
  if (args[i].startsWith('--')) params[args[i].slice(2)] = args[++i] ?? '';
}
const port = Number(params.port ?? 6379);
delete params.port;
const host = params.bind?.split(' ')[0] ?? '127.0.0.1';
delete params.bind;
const srv = await startServer({ ...params, port, host });
console.log(`${process.pid}:M ${new Date().toISOString()} * Ready to accept connections tcp`);
const stop = () => void srv.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
