/**
 * The Redis buffer models behind CLIENT LIST's qbuf-free / rbs / rbp / tot-mem, and the CLIENT
 * PAUSE state machine, driven without sockets. Expected numbers were read from redis-server
 * 7.0.15's CLIENT LIST in the same situations.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QueryBufferModel, ReplyBufferModel, jemallocSize } from '../../src/server/buffer-model.js';
import { ClientPause, PauseType } from '../../src/engine/client-pause.js';
import { ManualClock } from '../../src/util/clock.js';

test('jemalloc size classes', () => {
  assert.deepEqual([1, 8, 9, 17, 100, 129, 160, 161, 16390, 40008].map(jemallocSize), [8, 8, 16, 32, 112, 160, 160, 192, 20480, 40960]);
});

test('query buffer: new client, first read, big argument, idle shrink', () => {
  const q = new QueryBufferModel();
  // A client that never sent anything: qbuf-free=4, 8 bytes allocated (tot-mem=1800 in Redis).
  assert.equal(q.free(0), 4);
  assert.equal(q.allocated(), 8);
  // First read of a small command: 16 KB of room, rounded by jemalloc (qbuf=26 qbuf-free=20448).
  q.beforeRead(0, 26, -1);
  q.afterRead(26);
  assert.equal(q.free(26), 20448);
  assert.equal(q.allocated(), 20480);
  // A 40000-byte argument taken whole from the buffer: a new buffer of its size (qbuf-free=40954).
  q.tookBigArg(40000);
  assert.equal(q.free(0), 40954);
  // Still busy (idle 0) but far above its recent peak (26 bytes): shrinks to the peak.
  q.cron(0, 0, -1);
  assert.equal(q.free(0), 26);
  // Less than 4 KB free: left alone.
  q.cron(0, 0, -1);
  assert.equal(q.free(0), 26);
  // Idle for more than 2 s with free space: all of it is given back.
  q.beforeRead(0, 30, -1);
  q.afterRead(30);
  q.cron(0, 3, -1);
  assert.equal(q.free(0), 0);
});

test('query buffer: a big argument arriving keeps its room', () => {
  const q = new QueryBufferModel();
  q.beforeRead(0, 20000, -1);
  q.afterRead(20000);
  q.expectBigArg(40000, 19980);
  assert.ok(q.free(19980) >= 40002 - 19980);
  // The cron never shrinks below the bulk being read.
  q.cron(19980, 0, 40000);
  q.cron(19980, 0, 40000);
  assert.ok(q.free(19980) + 19980 >= 40000);
});

test('reply buffer: shrinks to 1 KB two cron passes after it goes quiet, grows back on demand', () => {
  const r = new ReplyBufferModel();
  assert.deepEqual([r.size, r.peak], [16384, 16384]);
  r.cron(1_000_000);
  assert.deepEqual([r.size, r.peak], [16384, 0], 'the first pass resets the peak (Redis 7.0 quirk)');
  r.cron(1_000_100);
  assert.deepEqual([r.size, r.peak], [1024, 0]);
  r.wrote(5);
  assert.equal(r.peak, 5);
  r.wrote(5000);
  assert.equal(r.peak, 1024, 'the static buffer holds at most its size');
  r.cron(1_000_200);
  assert.equal(r.size, 2048);
});

test('CLIENT PAUSE state: most restrictive type and latest end win; timeout ends it', () => {
  const clock = new ManualClock(1_000_000);
  const p = new ClientPause(clock);
  assert.equal(p.isPaused(), false);
  p.pause(PauseType.Write, clock.now() + 1000);
  p.pause(PauseType.All, clock.now() + 500);
  assert.equal(p.type, PauseType.All);
  assert.equal(p.end, clock.now() + 1000);
  clock.advance(1000);
  assert.equal(p.isPaused(), true, 'still on at the end time itself');
  clock.advance(1);
  assert.equal(p.isPaused(), false);
  assert.equal(p.type, PauseType.Off);
  // A zero timeout is a pause already over.
  p.pause(PauseType.All, 0);
  assert.equal(p.isPaused(), false);
  p.close();
});
