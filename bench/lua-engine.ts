/**
 * Micro-benchmark of Sonic's Lua engine against the lua5.1 interpreter (not a test):
 *
 *   node dist/bench/lua-engine.js [--repeats N]
 *
 * Each workload runs in Sonic's engine (compiled once, then timed per run) and in lua5.1 (timed
 * inside the script with os.clock, so process start-up is excluded); runs alternate between the
 * two and the figure is the median. Both sides measure CPU time (os.clock; process.cpuUsage,
 * which includes V8's GC and compiler threads), so a loaded machine skews them alike.
 * Ratio = Sonic time / lua5.1 time (below 1 is faster).
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { LuaState } from '../src/scripting/lua/state.js';
import { openBase } from '../src/scripting/lua/lib-base.js';
import { openTable } from '../src/scripting/lua/lib-table.js';
import { openMath } from '../src/scripting/lua/lib-math.js';
import { LuaFunction, LuaTable, type LuaValue } from '../src/scripting/lua/value.js';

interface Workload {
  name: string;
  src: string;
}

const WORKLOADS: Workload[] = [
  { name: 'loop: 3M additions (local)', src: 'local x = 0 for i = 1, 3000000 do x = x + i end return x' },
  { name: 'loop: 3M additions (global)', src: 'x = 0 for i = 1, 3000000 do x = x + i end return x' },
  { name: 'calls: fib(25)', src: 'local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end return fib(25)' },
  { name: 'table: 1M inserts + reads', src: 'local t = {} for i = 1, 1000000 do t[i] = i end local s = 0 for i = 1, #t do s = s + t[i] end return s' },
  { name: 'table: 1M t[#t+1] appends', src: 'local t = {} for i = 1, 1000000 do t[#t + 1] = i end return #t' },
  { name: 'table: 200k string keys + pairs', src: 'local h = {} for i = 1, 200000 do h["k" .. i] = i end local c = 0 for k, v in pairs(h) do c = c + v end return c' },
  { name: 'string: 100k concat (s = s .. x)', src: 'local s = "" for i = 1, 100000 do s = s .. "x" end return #s' },
  { name: 'string: 200k table.concat parts', src: 'local p = {} for i = 1, 200000 do p[#p + 1] = i .. "," end return #table.concat(p)' },
  { name: 'closures + method calls (500k)', src: 'local o = {n = 0} function o:inc(k) self.n = self.n + k return self end local f = function(x) return x * 2 end for i = 1, 500000 do o:inc(f(1)) end return o.n' },
];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function sonicRun(w: Workload): { ms: number; result: unknown } {
  const L = new LuaState();
  openBase(L);
  openTable(L);
  openMath(L);
  const f = L.load(w.src, '=bench');
  const c0 = process.cpuUsage();
  const r = L.call(f);
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, result: r[0] };
}

function luaRun(w: Workload): { ms: number; result: string } {
  const script = `local t0 = os.clock() local r = (function() ${w.src} end)() io.write(string.format("%.3f %s", (os.clock() - t0) * 1000, tostring(r)))`;
  const p = spawnSync('lua5.1', ['-e', script], { encoding: 'latin1' });
  if (p.status !== 0) throw new Error(`lua5.1 failed: ${p.stderr}`);
  const [ms, result] = p.stdout.split(' ');
  return { ms: Number(ms), result };
}

/**
 * A Redis-shaped script invoked over and over (what EVALSHA does): KEYS/ARGV tables, one call
 * into a native standing in for redis.call per invocation. Reports invocations per second.
 */
function scriptInvocations(): number {
  const L = new LuaState();
  openBase(L);
  openTable(L);
  openMath(L);
  const store = new Map<string, string>([['counter', '41']]);
  L.setGlobal('call', new LuaFunction('call', (args: LuaValue[]) => [store.get(String(args[1]))]));
  const f = L.load('local v = call("GET", KEYS[1]) if v then return tonumber(v) + tonumber(ARGV[1]) end return 0', '@user_script');
  const n = 200000;
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    L.setGlobal('KEYS', LuaTable.fromArray(['counter']));
    L.setGlobal('ARGV', LuaTable.fromArray(['1']));
    L.call(f, []);
  }
  const c = process.cpuUsage(c0);
  return n / ((c.user + c.system) / 1e6);
}

function main(): void {
  const i = process.argv.indexOf('--repeats');
  const repeats = i > 0 ? Number(process.argv[i + 1]) : 5;
  if (spawnSync('lua5.1', ['-v']).status !== 0) throw new Error('lua5.1 is not installed');
  console.log(`Sonic Lua engine vs lua5.1 (median of ${repeats}; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')})`);
  console.log('| workload | sonic ms | lua5.1 ms | ratio |');
  console.log('|---|---:|---:|---:|');
  for (const w of WORKLOADS) {
    const sonic: number[] = [];
    const lua: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const a = sonicRun(w);
      const b = luaRun(w);
      if (String(a.result) !== b.result && Number(a.result) !== Number(b.result)) {
        throw new Error(`${w.name}: results differ (${String(a.result)} vs ${b.result})`);
      }
      sonic.push(a.ms);
      lua.push(b.ms);
    }
    const s = median(sonic);
    const l = median(lua);
    console.log(`| ${w.name} | ${s.toFixed(1)} | ${l.toFixed(1)} | ${(s / l).toFixed(2)} |`);
  }
  const rates: number[] = [];
  for (let r = 0; r < repeats; r++) rates.push(scriptInvocations());
  console.log(`\nRedis-shaped script invocations (KEYS/ARGV + one native call each): ${Math.round(median(rates)).toLocaleString('en-US')}/s`);
}

main();
