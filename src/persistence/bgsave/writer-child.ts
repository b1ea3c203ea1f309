/**
 * The disk side of a background save or AOF rewrite, as a child process (Redis forks one; see
 * writer-process.ts for the parent side and why). Deliberately tiny: Node's fs only, nothing of
 * Sonic's engine, so it starts fast and stays small.
 *
 * argv: <temp path template, where "{pid}" stands for this process's pid> [<final path>]
 *
 * It opens the temp file, writes every byte read from stdin, and once stdin ended and the
 * parent sent "commit" on the IPC channel: fsync, close and (given a final path) rename plus a
 * directory fsync, then exits 0. The commit message keeps a dying parent (its stdin then ends
 * too) from passing off a truncated image as complete: a disconnect without it discards the file.
 * A failing step is reported to the parent as { step, code, message } and the exit code is 1,
 * after the temp file is removed. SIGUSR1 exits with 255, which the parent reads as Redis's
 * SERVER_CHILD_NOERROR_RETVAL (killed on purpose, not an error).
 */
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

const [template, finalPath] = process.argv.slice(2);
const tmp = template.split('{pid}').join(String(process.pid));
let fd = -1;
let ended = false;
let committed = false;
let failed = false;

process.title = finalPath === undefined ? 'redis-aof-rewrite' : 'redis-rdb-bgsave';

function removeTemp(): void {
  try {
    unlinkSync(tmp);
  } catch {
    // nothing to remove
  }
}

function fail(step: string, e: unknown): void {
  if (failed) return;
  failed = true;
  const err = e as NodeJS.ErrnoException;
  if (fd >= 0) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
  }
  removeTemp();
  const report = { step, code: err.code ?? '', message: err.message ?? String(e) };
  if (process.connected) process.send!(report, () => process.exit(1));
  else process.exit(1);
}

function finish(): void {
  if (failed) return;
  let step = 'fsync';
  try {
    fsyncSync(fd);
    step = 'fclose';
    closeSync(fd);
    fd = -1;
    if (finalPath !== undefined) {
      step = 'rename';
      renameSync(tmp, finalPath);
      syncDir(dirname(finalPath));
    }
  } catch (e) {
    fail(step, e);
    return;
  }
  process.exit(0);
}

/** fsync of a directory, so a rename in it is durable; some filesystems refuse it (ignored). */
function syncDir(dir: string): void {
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // not supported here
  }
}

process.on('SIGUSR1', () => {
  removeTemp();
  process.exit(255);
});

try {
  fd = openSync(tmp, 'w');
} catch (e) {
  fail('open', e);
}

process.stdin.on('data', (chunk: Buffer) => {
  if (failed) return;
  try {
    let off = 0;
    while (off < chunk.length) off += writeSync(fd, chunk, off, chunk.length - off);
  } catch (e) {
    fail('write', e);
  }
});
process.stdin.on('end', () => {
  ended = true;
  if (committed) finish();
});
process.on('message', (m) => {
  if (m !== 'commit') return;
  committed = true;
  if (ended) finish();
});
process.on('disconnect', () => {
  if (committed || failed) return;
  // The parent went away (or gave up) before the image was complete.
  failed = true;
  if (fd >= 0) closeSync(fd);
  removeTemp();
  process.exit(1);
});
