/**
 * Leaderboards on sorted sets (docs/cache/leaderboard.md). A board is one sorted set; a
 * time-windowed board is one sorted set per window (`<prefix>:{lb:<name>}:<windowStart ms>`),
 * written in the window the server's time falls in and expiring `keep` after the window ends, so
 * past windows stay queryable for a while and then collect themselves.
 *
 * Ranks are 1-based everywhere (rank 1 is the best score: the highest with order 'desc', the
 * default, the lowest with 'asc'). Equal scores are ordered as the server orders them: by member
 * bytes, descending on a 'desc' board (ZREVRANGE), ascending on an 'asc' board (ZRANGE).
 */
import type { ToolkitContext } from '../toolkit.js';
import type { Reply } from '../client/adapter.js';
import { optMs, toMs, type Duration } from '../options.js';
import { ToolkitError, ToolkitOptionError } from '../errors.js';
import { LB_AROUND, LB_WRITE } from '../scripts/leaderboard.lua.js';

const DAY = 86_400_000;
/** 1970-01-05, a Monday: weekly windows start on Mondays, 00:00 UTC. */
const MONDAY = 4 * DAY;

/** Window length: 'daily' (00:00 UTC), 'weekly' (Monday 00:00 UTC), or any fixed size from an origin (ms since the epoch). */
export type WindowSpec = 'daily' | 'weekly' | { size: Duration; origin?: number };

export interface LeaderboardOptions {
  /** 'desc' (default): higher scores rank first; 'asc': lower scores rank first (race times). */
  order?: 'desc' | 'asc';
  /** Makes the board time-windowed (one board per window). Default: one board forever. */
  window?: WindowSpec;
  /** How long a window's board is kept after the window ends. Default: one window length. */
  keep?: Duration;
}

export interface LeaderboardEntry {
  member: string;
  score: number;
  /** 1-based: 1 is the best. */
  rank: number;
}

/** Which window a read looks at: any time inside it (ms or Date). Default: now, on the toolkit's clock. */
export interface AtOption {
  at?: number | Date;
}

const utf8 = (s: string): string => Buffer.from(s, 'utf8').toString('latin1');
const fromUtf8 = (s: string): string => Buffer.from(s, 'latin1').toString('utf8');

function scoreArg(n: number): string {
  if (Number.isNaN(n)) throw new ToolkitOptionError('a leaderboard score must be a number, got NaN');
  return n === Infinity ? 'inf' : n === -Infinity ? '-inf' : String(n);
}

function parseScore(s: string): number {
  return s === 'inf' ? Infinity : s === '-inf' ? -Infinity : Number(s);
}

export class Leaderboard {
  private readonly desc: boolean;
  private readonly size: number;
  private readonly origin: number;
  private readonly keep: number;

  constructor(
    private readonly ctx: ToolkitContext,
    readonly name: string,
    options: LeaderboardOptions = {},
  ) {
    const order = options.order ?? 'desc';
    if (order !== 'desc' && order !== 'asc') throw new ToolkitOptionError(`leaderboard order must be 'desc' or 'asc'`);
    this.desc = order === 'desc';
    const w = options.window;
    this.size = w === undefined ? 0 : w === 'daily' ? DAY : w === 'weekly' ? 7 * DAY : toMs(w.size, 'window.size');
    this.origin = w === 'weekly' ? MONDAY : typeof w === 'object' ? (w.origin ?? 0) : 0;
    if (w !== undefined && !(this.size > 0)) throw new ToolkitOptionError('window size must be > 0');
    if (!Number.isFinite(this.origin)) throw new ToolkitOptionError('window origin must be a finite number of ms');
    this.keep = optMs(options.keep, this.size, 'keep');
  }

  /** Start (ms) of the window holding time `at` (0 for a board without windows). */
  windowStart(at?: number | Date): number {
    if (this.size === 0) return 0;
    const t = at === undefined ? this.ctx.clock.now() : typeof at === 'number' ? at : at.getTime();
    return this.origin + Math.floor((t - this.origin) / this.size) * this.size;
  }

  /** The sorted set holding the window of time `at`. */
  key(at?: number | Date): string {
    return this.keyOf(this.windowStart(at));
  }

  /** Sets a member's score (in the current window). Returns the score. */
  add(member: string, score: number): Promise<number> {
    return this.write('set', member, score);
  }

  /** Keeps the better of the member's score and `score` (higher on 'desc', lower on 'asc'). Returns the kept score. */
  best(member: string, score: number): Promise<number> {
    return this.write(this.desc ? 'gt' : 'lt', member, score);
  }

  /** Adds `by` (default 1) to a member's score, from 0 when absent. Returns the new score. */
  incr(member: string, by = 1): Promise<number> {
    return this.write('incr', member, by);
  }

  /** The member's score, or null. */
  async score(member: string, o: AtOption = {}): Promise<number | null> {
    const s = (await this.call(['ZSCORE', this.key(o.at), utf8(member)])) as string | null;
    return s === null ? null : parseScore(s);
  }

  /** The member's 1-based rank, or null when absent. */
  async rank(member: string, o: AtOption = {}): Promise<number | null> {
    const r = (await this.call([this.desc ? 'ZREVRANK' : 'ZRANK', this.key(o.at), utf8(member)])) as number | null;
    return r === null ? null : r + 1;
  }

  /** The best `n` (default 10). */
  top(n = 10, o: AtOption = {}): Promise<LeaderboardEntry[]> {
    return this.range(0, n, o);
  }

  /** Page `page` (1-based) of `size` entries: ranks (page-1)*size+1 .. page*size. */
  page(page: number, size: number, o: AtOption = {}): Promise<LeaderboardEntry[]> {
    if (!(Number.isInteger(page) && page >= 1 && Number.isInteger(size) && size >= 1)) {
      throw new ToolkitOptionError(`page and size must be integers >= 1, got ${page}, ${size}`);
    }
    return this.range((page - 1) * size, size, o);
  }

  /** The member with up to `n` entries above and `n` below it (fewer at the top or bottom); [] when absent. */
  async around(member: string, n: number, o: AtOption = {}): Promise<LeaderboardEntry[]> {
    if (!(Number.isInteger(n) && n >= 0)) throw new ToolkitOptionError(`around needs an integer n >= 0, got ${n}`);
    const key = this.key(o.at);
    const r = (await this.ctx.adapter.runScript(LB_AROUND, [key], [utf8(member), String(n), this.desc ? 'd' : 'a'])) as [number, string[]] | null;
    return r === null ? [] : entries(r[1], r[0]);
  }

  /** How many members the board has. */
  async count(o: AtOption = {}): Promise<number> {
    return (await this.call(['ZCARD', this.key(o.at)])) as number;
  }

  /** Removes members; returns how many were there. */
  async remove(members: string | readonly string[], o: AtOption = {}): Promise<number> {
    const list = typeof members === 'string' ? [members] : members;
    if (list.length === 0) return 0;
    return (await this.call(['ZREM', this.key(o.at), ...list.map(utf8)])) as number;
  }

  private async range(offset: number, n: number, o: AtOption): Promise<LeaderboardEntry[]> {
    if (n <= 0) return [];
    const argv = ['ZRANGE', this.key(o.at), String(offset), String(offset + n - 1)];
    if (this.desc) argv.push('REV');
    argv.push('WITHSCORES');
    return entries((await this.call(argv)) as string[], offset);
  }

  private keyOf(start: number): string {
    return this.ctx.keys.key(`lb:${utf8(this.name)}`, this.size === 0 ? 'all' : String(start));
  }

  private call(argv: string[]): Promise<Reply> {
    return this.ctx.adapter.call(argv, argv[1]);
  }

  /** One write in the window the server's time is in (guessed from our clock, corrected by the script). */
  private async write(op: 'set' | 'incr' | 'gt' | 'lt', member: string, score: number): Promise<number> {
    let start = this.windowStart();
    // The server answers with its window when ours differs; a second miss means its window moved on meanwhile.
    for (let attempt = 0; ; attempt++) {
      const args = [this.ctx.scriptNow(), op, utf8(member), scoreArg(score), String(this.size), String(this.origin), String(start), String(this.keep)];
      const [ok, v] = (await this.ctx.adapter.runScript(LB_WRITE, [this.keyOf(start)], args)) as [number, string | number];
      if (ok === 1) return parseScore(String(v));
      if (attempt === 4) throw new ToolkitError(`leaderboard ${this.name}: the server's window kept moving (windows too short?)`);
      start = Number(v);
    }
  }
}

function entries(flat: string[], firstRank: number): LeaderboardEntry[] {
  const out: LeaderboardEntry[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    out.push({ member: fromUtf8(flat[i]), score: parseScore(flat[i + 1]), rank: firstRank + i / 2 + 1 });
  }
  return out;
}
