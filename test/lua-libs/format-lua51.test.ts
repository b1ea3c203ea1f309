/**
 * A high-volume cross-check of string.format and tostring against the stock Lua 5.1 interpreter
 * (/usr/bin/lua5.1, the same lstrlib.c and the same glibc printf as Redis's Lua): tens of
 * thousands of generated specs and numbers in one process, cheaper than EVAL batches. Redis
 * itself is the oracle of string-oracle.test.ts; this adds volume, chiefly on rounding.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { LuaError, LuaFunction, numberToString } from '../../src/scripting/lua/value.js';
import { openString } from '../../src/scripting/lua/lib-string.js';
import { prng } from '../helpers/prng.js';

const LUA = 'lua5.1';

/** A number whose decimal expansion is short, so ties at some precision are likely. */
function tieProne(rnd: () => number): number {
  const digits = 1 + Math.floor(rnd() * 17);
  let m = '';
  for (let i = 0; i < digits; i++) m += String(Math.floor(rnd() * 10));
  m = m.replace(/^0+/, '') || '5';
  return Number(m + '5') / 2 ** Math.floor(rnd() * 12) / 10 ** Math.floor(rnd() * 6);
}

test('string.format and tostring agree with lua5.1 on generated cases', () => {
  assert.equal(spawnSync(LUA, ['-v']).status, 0, 'lua5.1 is not installed (apt-get install lua5.1)');
  const rnd = prng(51);
  const convs = 'dioxXeEfgGc';
  const lines: string[] = [];
  const cases: [string, number][] = [];
  for (let k = 0; k < 30000; k++) {
    let flags = '';
    for (let i = Math.floor(rnd() * 3); i > 0; i--) flags += '-+ #0'[Math.floor(rnd() * 5)];
    const width = rnd() < 0.5 ? '' : String(Math.floor(rnd() * 30));
    const prec = rnd() < 0.3 ? '' : '.' + String(Math.floor(rnd() * 25));
    const fmt = `%${flags}${width}${prec}${convs[Math.floor(rnd() * convs.length)]}`;
    const r = rnd();
    const n = r < 0.5 ? tieProne(rnd) * (rnd() < 0.3 ? -1 : 1) : r < 0.8 ? (rnd() - 0.5) * 10 ** Math.floor(rnd() * 60 - 30) : Math.floor((rnd() - 0.5) * 2 ** Math.floor(rnd() * 66));
    cases.push([fmt, n]);
    lines.push(`${fmt}\t${n === 0 && Object.is(n, -0) ? '-0' : String(n)}`);
  }
  const script = `
for line in io.lines() do
  local f, v = line:match('^([^\\t]*)\\t(.*)$')
  local n = tonumber(v)
  local ok, r = pcall(string.format, f, n)
  local esc = function(x) return (x:gsub('[^%w ]', function(c) return string.format('\\\\%03d', c:byte()) end)) end
  io.write(esc(ok and r or 'ERR'), '\\t', esc(tostring(n)), '\\n')
end`;
  const res = spawnSync(LUA, ['-e', script], { input: lines.join('\n') + '\n', encoding: 'latin1', maxBuffer: 1 << 28 });
  assert.equal(res.status, 0, res.stderr);
  const out = res.stdout.split('\n');
  const format = openString().getStr('format') as LuaFunction;
  const quote = (s: string) => s.replace(/[^A-Za-z0-9 ]/g, (c) => '\\' + String(c.charCodeAt(0)).padStart(3, '0'));
  const bad: string[] = [];
  for (let i = 0; i < cases.length; i++) {
    const [fmt, n] = cases[i];
    let mine: string;
    try {
      mine = format.call([fmt, n])[0] as string;
    } catch (e) {
      if (!(e instanceof LuaError)) throw e;
      mine = 'ERR';
    }
    const got = `${quote(mine)}\t${quote(numberToString(n))}`;
    if (got !== out[i]) bad.push(`${fmt} ${n}: lua5.1 ${out[i]} sonic ${got}`);
  }
  assert.equal(bad.length, 0, `${bad.length} differ:\n${bad.slice(0, 20).join('\n')}`);
});
