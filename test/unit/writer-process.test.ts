/**
 * The writer of background jobs (persistence/bgsave/writer-process.ts): a child process that
 * writes, fsyncs and renames what the server streams to it, and the in-process fallback.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWriter, type SnapshotWriter, type WriterExit } from '../../src/persistence/bgsave/writer-process.js';

function withDir(fn: (dir: string) => Promise<void>): () => Promise<void> {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonic-writer-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

function start(template: string, finalPath: string | null, inProcess: boolean): { w: SnapshotWriter; exit: Promise<WriterExit> } {
  let resolve!: (e: WriterExit) => void;
  const exit = new Promise<WriterExit>((r) => (resolve = r));
  const w = startWriter(template, finalPath, resolve, inProcess);
  return { w, exit };
}

/** Writes `chunks` honouring the writer's backpressure, then ends it. */
async function feed(w: SnapshotWriter, chunks: Buffer[]): Promise<void> {
  for (const c of chunks) {
    if (w.blocked()) await new Promise<void>((r) => w.whenReady(r));
    w.write(c);
  }
  w.end();
}

for (const inProcess of [false, true]) {
  const kind = inProcess ? 'in-process' : 'child';
  test(`${kind} writer: all bytes reach the final file, temp file gone`, withDir(async (dir) => {
    const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(256 * 1024, i));
    const { w, exit } = start(join(dir, 'temp-{pid}.rdb'), join(dir, 'dump.rdb'), inProcess);
    assert.equal(w.tmp, join(dir, `temp-${w.pid}.rdb`));
    assert.equal(w.pid === process.pid, inProcess);
    await feed(w, chunks);
    const e = await exit;
    assert.equal(e.code, 0);
    assert.equal(e.signal, 0);
    assert.ok(readFileSync(join(dir, 'dump.rdb')).equals(Buffer.concat(chunks)));
    assert.equal(existsSync(w.tmp), false);
  }));

  test(`${kind} writer: without a final path the file is at its temp name when onExit runs (the parent takes it then)`, withDir(async (dir) => {
    let seen = '';
    const exit = new Promise<WriterExit>((resolve) => {
      const w = startWriter(join(dir, 'temp-rewriteaof-bg-{pid}.aof'), null, (e) => {
        seen = readFileSync(w.tmp, 'latin1');
        resolve(e);
      }, inProcess);
      void feed(w, [Buffer.from('*1\r\n$4\r\nPING\r\n')]);
    });
    assert.equal((await exit).code, 0);
    assert.equal(seen, '*1\r\n$4\r\nPING\r\n');
  }));

  test(`${kind} writer: a temp file that cannot be created is reported as the open step`, withDir(async (dir) => {
    const { w, exit } = start(join(dir, 'missing', 'temp-{pid}.rdb'), join(dir, 'dump.rdb'), inProcess);
    w.write(Buffer.from('x'));
    const e = await exit;
    assert.equal(e.code, 1);
    assert.equal(e.step, 'open');
    assert.equal((e.error as NodeJS.ErrnoException).code, 'ENOENT');
    w.end();
    assert.equal(existsSync(join(dir, 'dump.rdb')), false);
  }));
}

test('child writer: killed from outside -> the signal is reported and the temp file removed', withDir(async (dir) => {
  const { w, exit } = start(join(dir, 'temp-{pid}.rdb'), join(dir, 'dump.rdb'), false);
  w.write(Buffer.from('partial'));
  // Wait for the child to have created its temp file.
  for (let i = 0; i < 500 && !existsSync(w.tmp); i++) await new Promise((r) => setTimeout(r, 10));
  process.kill(w.pid, 'SIGKILL');
  const e = await exit;
  assert.equal(e.signal, 9);
  assert.equal(e.code, -1);
  assert.equal(existsSync(w.tmp), false);
  assert.equal(existsSync(join(dir, 'dump.rdb')), false);
}));

test('child writer: SIGUSR1 is a stop on purpose (Redis SERVER_CHILD_NOERROR_RETVAL -> signal 10)', withDir(async (dir) => {
  const { w, exit } = start(join(dir, 'temp-{pid}.rdb'), join(dir, 'dump.rdb'), false);
  for (let i = 0; i < 500 && !existsSync(w.tmp); i++) await new Promise((r) => setTimeout(r, 10));
  process.kill(w.pid, 'SIGUSR1');
  const e = await exit;
  assert.equal(e.signal, 10);
  assert.equal(existsSync(w.tmp), false);
}));

test('child writer: kill() stops it without a report and removes the temp file', withDir(async (dir) => {
  let reported = false;
  const w = startWriter(join(dir, 'temp-{pid}.rdb'), join(dir, 'dump.rdb'), () => (reported = true));
  w.write(Buffer.from('partial'));
  w.kill();
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(reported, false);
  assert.equal(existsSync(w.tmp), false);
  assert.equal(existsSync(join(dir, 'dump.rdb')), false);
}));
