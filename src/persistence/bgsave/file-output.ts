/**
 * A snapshot's file on disk, written the crash-safe way: a temp file in the target's directory,
 * fsync, rename over the target, fsync of the directory. A crash at any moment leaves the
 * previous file intact. Chunks are written as they come (to the page cache: fast); the final
 * fsync runs on libuv's thread pool so a big file never stalls the event loop.
 */
import { close, closeSync, fsync, open, openSync, rename, unlinkSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class FileOutput {
  private fd = -1;
  /** The error that stopped writing, if any (reported at the end). */
  error: Error | null = null;

  /** Opens `tmp` for writing; throws the system error. */
  constructor(readonly tmp: string) {
    this.fd = openSync(tmp, 'w');
  }

  /** Writes a chunk; errors are thrown (the snapshot then fails). */
  write(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) off += writeSync(this.fd, chunk, off, chunk.length - off);
  }

  /**
   * fsync, close and rename onto `path` (null: the file stays at its temp name); `cb` gets null
   * or the error (with the failing step).
   */
  commit(path: string | null, cb: (err: Error | null, step: string) => void): void {
    const fd = this.fd;
    this.fd = -1;
    fsync(fd, (e1) => {
      close(fd, (e2) => {
        const e = e1 ?? e2;
        if (e) {
          this.discard();
          return cb(e, e1 ? 'fsync' : 'fclose');
        }
        if (path === null) return cb(null, '');
        rename(this.tmp, path, (e3) => {
          if (e3) {
            this.discard();
            return cb(e3, 'rename');
          }
          syncDir(dirname(path), () => cb(null, ''));
        });
      });
    });
  }

  /** Closes and removes the temp file (failed or aborted snapshot). */
  discard(): void {
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = -1;
    }
    try {
      unlinkSync(this.tmp);
    } catch {
      // nothing to remove
    }
  }
}

/** fsync of a directory, so a rename in it is durable; some filesystems refuse it (ignored). */
function syncDir(dir: string, cb: () => void): void {
  open(dir, 'r', (e, dfd) => {
    if (e) return cb();
    fsync(dfd, () => close(dfd, () => cb()));
  });
}
