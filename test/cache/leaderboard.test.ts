/**
 * Leaderboards on Sonic (in process) and on redis-server (ioredis): scores, 1-based ranks, ties in
 * the server's order, top-N, pages, around-me at the edges, removal, and time-windowed boards
 * (writes land in the server's window, past windows stay readable until window end + keep).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createToolkit, type Toolkit } from '../../src/cache/toolkit.js';
import { VirtualClock } from '../../src/cache/testing/virtual-clock.js';
import { ToolkitOptionError } from '../../src/cache/errors.js';
import { startTarget, TARGET_NAMES, type Target } from '../cache-acceptance/targets.js';

const DAY = 86_400_000;
/** 2030-01-02 10:00 UTC, a Wednesday. */
const T0 = Date.UTC(2030, 0, 2, 10);

const pairs = (es: { member: string; score: number; rank: number }[]) => es.map((e) => `${e.rank}:${e.member}=${e.score}`);

/** The docs example (docs/cache/leaderboard.md): a weekly top 10 and a player's neighbourhood. */
async function topTenExample(tk: Toolkit) {
  const weekly = tk.leaderboard('points', { window: 'weekly', keep: '28d' });
  await weekly.incr('alice', 30);
  await weekly.incr('bob', 50);
  await weekly.incr('alice', 25);
  await weekly.best('carol', 40);
  const top10 = await weekly.top(10);
  const aroundBob = await weekly.around('bob', 1);
  const page2 = await weekly.page(2, 10);
  const lastWeek = await weekly.top(10, { at: Date.now() - 7 * 86_400_000 });
  return { top10, aroundBob, page2, lastWeek, bobRank: await weekly.rank('bob') };
}

for (const name of TARGET_NAMES) {
  describe(`leaderboard on ${name}`, () => {
    let target: Target;
    let clock: VirtualClock;
    let tk: Toolkit;
    let n = 0;
    const board = () => `b${n++}`;

    before(async () => {
      clock = new VirtualClock(T0);
      target = await startTarget(name, { clock });
      tk = createToolkit({ client: target.adapter(), clock });
    });
    after(async () => {
      await target.close();
    });

    it('the docs example: a weekly top 10', async () => {
      const r = await topTenExample(createToolkit({ client: target.adapter(), clock, prefix: 'example' }));
      assert.deepEqual(r.top10, [
        { member: 'alice', score: 55, rank: 1 },
        { member: 'bob', score: 50, rank: 2 },
        { member: 'carol', score: 40, rank: 3 },
      ]);
      assert.deepEqual(pairs(r.aroundBob), ['1:alice=55', '2:bob=50', '3:carol=40']);
      assert.deepEqual(r.page2, []);
      assert.deepEqual(r.lastWeek, []);
      assert.equal(r.bobRank, 2);
    });

    it('add, incr, best, score, rank (1-based), count, remove', async () => {
      const lb = tk.leaderboard(board());
      assert.equal(await lb.add('alice', 10), 10);
      assert.equal(await lb.add('bob', 20.5), 20.5);
      assert.equal(await lb.incr('alice', 15), 25);
      assert.equal(await lb.incr('carol'), 1);
      assert.equal(await lb.best('bob', 3), 20.5);
      assert.equal(await lb.best('bob', 30), 30);
      assert.equal(await lb.score('bob'), 30);
      assert.equal(await lb.score('nobody'), null);
      assert.equal(await lb.rank('bob'), 1);
      assert.equal(await lb.rank('alice'), 2);
      assert.equal(await lb.rank('carol'), 3);
      assert.equal(await lb.rank('nobody'), null);
      assert.equal(await lb.count(), 3);
      assert.equal(await lb.remove(['alice', 'nobody']), 1);
      assert.equal(await lb.rank('carol'), 2);
      assert.equal(await lb.remove([]), 0);
    });

    it('top-N and pages; ties in the server order (member bytes, reversed on desc boards)', async () => {
      const lb = tk.leaderboard(board());
      for (const [m, s] of [['a', 5], ['b', 5], ['c', 5], ['d', 9], ['e', 1]] as const) await lb.add(m, s);
      assert.deepEqual(pairs(await lb.top(3)), ['1:d=9', '2:c=5', '3:b=5']);
      assert.deepEqual(pairs(await lb.page(2, 2)), ['3:b=5', '4:a=5']);
      assert.deepEqual(pairs(await lb.page(3, 2)), ['5:e=1']);
      assert.deepEqual(await lb.page(4, 2), []);
      assert.deepEqual(await lb.top(0), []);
      assert.throws(() => lb.page(0, 2), ToolkitOptionError);
      const asc = tk.leaderboard(board(), { order: 'asc' });
      for (const [m, s] of [['a', 5], ['b', 5], ['c', 5], ['d', 9], ['e', 1]] as const) await asc.add(m, s);
      assert.deepEqual(pairs(await asc.top(10)), ['1:e=1', '2:a=5', '3:b=5', '4:c=5', '5:d=9']);
      assert.equal(await asc.rank('d'), 5);
      assert.equal(await asc.best('d', 2), 2);
      assert.equal(await asc.best('d', 7), 2);
    });

    it('around-me: n above and below, clipped at the ends; [] for an absent member', async () => {
      const lb = tk.leaderboard(board());
      for (let i = 1; i <= 10; i++) await lb.add(`p${i}`, i * 10);
      // Ranks: p10 is 1st ... p1 is 10th.
      assert.deepEqual(pairs(await lb.around('p5', 2)), ['4:p7=70', '5:p6=60', '6:p5=50', '7:p4=40', '8:p3=30']);
      assert.deepEqual(pairs(await lb.around('p10', 2)), ['1:p10=100', '2:p9=90', '3:p8=80']);
      assert.deepEqual(pairs(await lb.around('p1', 1)), ['9:p2=20', '10:p1=10']);
      assert.deepEqual(pairs(await lb.around('p3', 0)), ['8:p3=30']);
      assert.deepEqual(await lb.around('nobody', 3), []);
    });

    it('UTF-8 members and infinite scores round-trip', async () => {
      const lb = tk.leaderboard(board());
      await lb.add('zoë 🚀', Infinity);
      await lb.add('ø', -Infinity);
      await lb.add('mid', 1e21);
      assert.deepEqual(pairs(await lb.top()), ['1:zoë 🚀=Infinity', '2:mid=1e+21', '3:ø=-Infinity']);
      assert.equal(await lb.score('zoë 🚀'), Infinity);
      await assert.rejects(() => lb.add('x', NaN), ToolkitOptionError);
    });

    it('daily boards: writes go to the day they happen in, past days stay readable until end + keep', async () => {
      const lb = tk.leaderboard(board(), { window: 'daily', keep: '1d' });
      const day1 = lb.windowStart();
      assert.equal(day1, Date.UTC(2030, 0, 2));
      await lb.incr('alice', 5);
      await clock.advance(DAY);
      await lb.incr('bob', 7);
      await lb.incr('alice', 1);
      assert.deepEqual(pairs(await lb.top()), ['1:bob=7', '2:alice=1']);
      assert.deepEqual(pairs(await lb.top(10, { at: T0 })), ['1:alice=5']);
      assert.equal(await lb.rank('bob', { at: new Date(T0) }), null);
      const io = target.ioredis();
      assert.equal(Number(await io.call('PEXPIRETIME', lb.key(T0))), day1 + DAY + DAY);
      if (target.sonic) {
        // Virtual time on Sonic: the past day's board goes once its keep time is over.
        await clock.advance(DAY + 1);
        assert.equal(await io.exists(lb.key(T0)), 0);
        assert.equal(await lb.count({ at: T0 }), 0);
      }
    });

    it('weekly boards start on Monday 00:00 UTC; custom windows from an origin', async () => {
      const weekly = tk.leaderboard(board(), { window: 'weekly' });
      assert.equal(weekly.windowStart(Date.UTC(2030, 0, 2, 10)), Date.UTC(2029, 11, 31));
      assert.equal(weekly.windowStart(Date.UTC(2029, 11, 31)), Date.UTC(2029, 11, 31));
      assert.equal(weekly.windowStart(Date.UTC(2029, 11, 30, 23, 59)), Date.UTC(2029, 11, 24));
      const hourly = tk.leaderboard(board(), { window: { size: '1h', origin: 30 * 60_000 } });
      assert.equal(hourly.windowStart(Date.UTC(2030, 0, 2, 10, 29)), Date.UTC(2030, 0, 2, 9, 30));
      assert.throws(() => tk.leaderboard('x', { window: { size: 0 } }), ToolkitOptionError);
    });

    it("a write goes to the server's window even when the toolkit's clock disagrees", async () => {
      // The toolkit's clock is two days behind; decisions are the server's (time: 'server').
      const skewed = createToolkit({ client: target.adapter(), clock: new VirtualClock(clock.now() - 2 * DAY), time: 'server' });
      const lb = skewed.leaderboard(board(), { window: 'daily' });
      await lb.add('zed', 3);
      const [s, us] = (await target.ioredis().call('TIME')) as [string, string];
      const serverNow = Number(s) * 1000 + Math.floor(Number(us) / 1000);
      assert.equal(await lb.rank('zed', { at: serverNow }), 1);
      assert.equal(await lb.count(), 0);
    });
  });
}
