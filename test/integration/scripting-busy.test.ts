/**
 * Busy scripts, on sonic-server and redis-server alike (Sonic runs as a child process: a busy
 * script blocks its whole thread, so the test's clients cannot share it): past
 * busy-reply-threshold other clients get BUSY, SCRIPT KILL / FUNCTION KILL stop a script that
 * has not written (even one looping on pcall), a script that wrote is UNKILLABLE, FUNCTION STATS
 * shows the running function, and the caller gets Redis's "killed" error. Replies are compared
 * byte for byte, except FUNCTION STATS's duration.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RawConnection, type CommandInput } from '../helpers/raw-connection.js';
import { startRedisServer, waitForPong, type RedisServer } from '../helpers/redis-server.js';
import { freePort } from '../helpers/free-port.js';
import { encodeCommand } from '../helpers/resp-frames.js';

const SERVER = fileURLToPath(new URL('../../src/cli/server.js', import.meta.url));

interface Side {
  readonly name: string;
  readonly port: number;
}

let redis: RedisServer;
let sonic: ChildProcess;
const sides: Side[] = [];

before(async () => {
  redis = await startRedisServer();
  const port = await freePort();
  sonic = spawn(process.execPath, [SERVER, '--port', String(port), '--save', '', '--enable-debug-command', 'yes'], { stdio: 'ignore' });
  await waitForPong(port);
  sides.push({ name: 'redis', port: redis.port }, { name: 'sonic', port });
});

after(() => {
  redis?.stop();
  sonic?.kill('SIGKILL');
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls PING on `b` until the server answers BUSY (the script passed the threshold). */
async function waitBusy(b: RawConnection): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const r = await b.cmd('PING');
    if (r.startsWith('-BUSY')) return r;
    await sleep(10);
  }
  throw new Error('the script never became busy');
}

/** Masks FUNCTION STATS's duration_ms value, which differs by nature. */
function maskDuration(reply: string): string {
  return reply.replace(/(duration_ms\r\n:)\d+/, '$1N');
}

interface BusyCase {
  readonly name: string;
  readonly setup?: readonly CommandInput[];
  /** What client A sends (it becomes busy); the replies to all of it are read at the end. */
  readonly busy: readonly CommandInput[];
  /** What client B sends, one command at a time, once the server is busy. */
  readonly meanwhile: readonly CommandInput[];
}

const LOOP = 'while true do end';
const lib = (body: string) => `#!lua name=busylib\nredis.register_function('spin', function(KEYS, ARGV) ${body} end)`;

const CASES: BusyCase[] = [
  {
    name: 'a looping EVAL: BUSY for others, allowed commands, SCRIPT KILL',
    busy: [['EVAL', LOOP, '0'], ['PING']],
    meanwhile: [['GET', 'x'], ['FUNCTION', 'KILL'], ['FUNCTION', 'STATS'], ['SHUTDOWN'], ['MULTI'], ['DISCARD'], ['SCRIPT', 'KILL']],
  },
  {
    name: 'an EVAL looping on pcall cannot catch SCRIPT KILL',
    busy: [['EVAL', "local f = function() while 1 do redis.call('ping') end end while 1 do pcall(f) end", '0']],
    meanwhile: [['SCRIPT', 'KILL']],
  },
  {
    name: 'an EVAL that wrote is UNKILLABLE and runs to its end',
    busy: [
      [
        'EVAL',
        "redis.call('set', KEYS[1], 'y'); local t0 = tonumber(redis.call('time')[1]) * 1000000 + tonumber(redis.call('time')[2]); while true do local t = redis.call('time'); if tonumber(t[1]) * 1000000 + tonumber(t[2]) - t0 > 400000 then break end end; return 'done'",
        '1',
        'x',
      ],
    ],
    meanwhile: [['SCRIPT', 'KILL'], ['GET', 'x']],
  },
  {
    name: 'a looping FCALL: FUNCTION STATS shows it, SCRIPT KILL refuses, FUNCTION KILL stops it',
    setup: [['FUNCTION', 'LOAD', 'REPLACE', lib(LOOP)]],
    busy: [['FCALL', 'spin', '0', 'arg']],
    meanwhile: [['PING'], ['SCRIPT', 'KILL'], ['FUNCTION', 'STATS'], ['FUNCTION', 'KILL']],
  },
];

for (const c of CASES) {
  test(`busy scripts: ${c.name}`, async () => {
    const results: Record<string, string[]> = {};
    for (const side of sides) {
      const setup = await RawConnection.open(side.port);
      await setup.run([['CONFIG', 'SET', 'busy-reply-threshold', '50'], ...(c.setup ?? [])]);
      setup.close();
      const a = await RawConnection.open(side.port);
      const b = await RawConnection.open(side.port);
      const out: string[] = [];
      a.send(c.busy.map((cmd) => (typeof cmd === 'string' ? cmd : encodeCommand(cmd))).join(''));
      out.push(await waitBusy(b));
      for (const cmd of c.meanwhile) out.push(maskDuration(await b.cmd(...(cmd as string[]))));
      for (const cmd of c.busy) out.push(await a.reply(JSON.stringify(cmd)));
      out.push(await b.cmd('PING'));
      a.close();
      b.close();
      results[side.name] = out;
    }
    assert.deepEqual(results.sonic, results.redis);
  });
}

test('busy scripts: SHUTDOWN NOSAVE stops a server whose script wrote', async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [SERVER, '--port', String(port), '--save', ''], { stdio: 'ignore' });
  try {
    await waitForPong(port);
    const a = await RawConnection.open(port);
    const b = await RawConnection.open(port);
    await b.cmd('CONFIG', 'SET', 'busy-reply-threshold', '50');
    a.send(encodeCommand(['EVAL', "redis.call('set',KEYS[1],'y'); while true do end", '1', 'x']));
    await waitBusy(b);
    assert.match(await b.cmd('SCRIPT', 'KILL'), /^-UNKILLABLE/);
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    b.send(encodeCommand(['SHUTDOWN', 'NOSAVE']));
    assert.equal(await exited, 0);
    a.close();
    b.close();
  } finally {
    child.kill('SIGKILL');
  }
});
