/** Base, table and math library behaviour and argument errors. */
import type { Case } from './corpus-syntax.js';

const L = (lines: string[]) => lines.join('\n');
const show = 'local function show(t, n) local o = {} for i = 1, n or #t do o[#o + 1] = tostring(t[i]) end return table.concat(o, ",") end\n';

export const LIB_CASES: Case[] = [
  ['select', L([
    'print(select(1, "a", "b", "c"))', 'print(select(3, "a", "b", "c"))', 'print(select(4, "a", "b", "c"))',
    'print(select(-1, "a", "b", "c"))', 'print(select(-3, "a", "b", "c"))', 'print(pcall(select, -4, "a", "b", "c"))',
    'print(pcall(select, 0, "a"))', 'print(select("#"))', 'print(select("#", nil))', 'print(select("#x", 1, 2))',
    'print(pcall(select, "x"))', 'print(pcall(select))', 'print(select(2.9, "a", "b", "c"))', 'print(select("2", "a", "b"))',
  ])],
  ['unpack', L([
    'print(unpack({1, 2, 3}))', 'print(unpack({1, 2, 3}, 2))', 'print(unpack({1, 2, 3}, 2, 3))', 'print(unpack({1, 2, 3}, 3, 2))',
    'print(unpack({1, 2, 3}, -1, 1))', 'print(unpack({}, 1, 2))', 'print(unpack({n = 3}))', 'print(pcall(unpack))',
    'print(pcall(unpack, {}, 1, 1e8))', 'print(select("#", unpack({}, 1, 7997)))', 'print(pcall(unpack, {}, 1, 7998))',
    'print(pcall(unpack, {}, "a"))', 'print(unpack({1, 2}, "1", "2"))', 'print(pcall(unpack, {}, 1, 2^31 + 5))',
  ])],
  ['next and pairs', L([
    'print(next({}))', 'print(next({10}))', 'print(next({10}, 1))', 'print(pcall(next, {}, "nokey"))', 'print(pcall(next, {}, 1))',
    'print(pcall(next))', 'print(pcall(pairs))', 'print(pcall(ipairs, nil))', 'local t = {a = 1} print(next(t, "a"))',
    'local f, s, c = pairs({}) print(f == next, type(f), c)', 'local f, s, c = ipairs({}) print(type(f), c)',
    'print(pcall(next, {1, 2}, 3))', 'print(next({nil, 2}))',
  ])],
  ['type errors in base', L([
    'print(pcall(type))', 'print(pcall(tostring))', 'print(pcall(tonumber))', 'print(pcall(getmetatable))',
    'print(pcall(rawequal))', 'print(pcall(ipairs))', 'print(pcall(loadstring))', 'print(pcall(loadstring, {}))',
    'print(pcall(error))', 'print(pcall(collectgarbage, "bogus"))', 'print(type(collectgarbage("count")))',
    'print(collectgarbage("step"), collectgarbage("setpause", 100), collectgarbage("setpause", 200), collectgarbage())',
    'print(type(gcinfo()))', 'print(_VERSION, _G._G == _G, _G.print == print)',
  ])],
  ['loadstring runs', L([
    'local f = loadstring("return 1 + 1") print(f())', 'print(loadstring("return ...")(1, 2))',
    'local f = loadstring("x_global = 5") f() print(x_global)', 'print(pcall(loadstring("error(\'in chunk\')")))',
    'print(pcall(loadstring("error(\'named\')", "=name")))', 'print(pcall(loadstring("local x = nil return x.y", "@file")))',
    'local f = loadstring("local a = ... return a * 2") print(f(21))', 'print(loadstring("", "=empty") ~= nil)',
  ])],
  ['table.insert', L([
    show, 'local t = {} table.insert(t, "a") table.insert(t, "b") table.insert(t, 1, "c") print(show(t))',
    'local t = {1, 2, 3} table.insert(t, 2, "x") print(show(t))', 'local t = {1, 2} table.insert(t, 5, "far") print(show(t, 5), #t)',
    'local t = {} table.insert(t, nil) print(#t)', 'print(pcall(table.insert, {}, 1, 2, 3))', 'print(pcall(table.insert, {}))',
    'print(pcall(table.insert, nil, 1))', 'print(pcall(table.insert, {}, "x", 1))', 'local t = {1} table.insert(t, 1.5, "f") print(show(t))',
    'local t = {1, 2} table.insert(t, #t + 1, 3) print(show(t))',
  ])],
  ['table.remove', L([
    show, 'local t = {1, 2, 3} print(table.remove(t), show(t))', 'local t = {1, 2, 3} print(table.remove(t, 1), show(t))',
    'local t = {} print(table.remove(t), #t)', 'print(select("#", table.remove({})))', 'local t = {1, 2, 3} print(table.remove(t, 5), show(t))',
    'local t = {1, 2, 3} print(table.remove(t, 0), show(t))', 'local t = {1, nil, 3} print(table.remove(t, 1), #t)', 'print(pcall(table.remove))',
  ])],
  ['table.concat', L([
    'print(table.concat({1, 2, 3}))', 'print(table.concat({1, 2, 3}, ", "))', 'print(table.concat({1, 2, 3}, "-", 2))', 'print(table.concat({1, 2, 3}, "-", 2, 3))',
    'print(table.concat({}, "x"))', 'print(table.concat({1, 2}, "", 3))', 'print(table.concat({"a", 1.5, 2^53}, "|"))',
    'print(pcall(table.concat, {1, {}, 3}))', 'print(pcall(table.concat, {1, nil, 3}, ",", 1, 3))', 'print(pcall(table.concat, {}, {}))',
    'print(pcall(table.concat, nil))', 'print(table.concat({"a", "b"}, 1))', 'print(pcall(table.concat, {true}))',
  ])],
  ['table.sort', L([
    show, 'local t = {5, 2, 8, 1, 9, 3} table.sort(t) print(show(t))', 'local t = {5, 2, 8, 1} table.sort(t, function(a, b) return a > b end) print(show(t))',
    'local t = {"banana", "apple", "cherry"} table.sort(t) print(show(t))', 'local t = {} table.sort(t) print(#t)', 'local t = {1} table.sort(t) print(show(t))',
    'local t = {3, 1, 2} table.sort(t, nil) print(show(t))', 'print(pcall(table.sort, {1, "x", 2}))', 'print(pcall(table.sort, {1, 2}, 3))',
    'local t = {} for i = 1, 100 do t[i] = (i * 37) % 101 end table.sort(t) local ok = true for i = 2, 100 do if t[i - 1] > t[i] then ok = false end end print(ok, t[1], t[100])',
    'local t = {} for i = 1, 50 do t[i] = 50 - i end print(pcall(table.sort, t, function(a, b) return true end))',
    'local t = {5, 3, 1, 4, 2} table.sort(t, function(a, b) return a <= b end) print(show(t))',
    'local t = {} for i = 1, 20 do t[i] = i % 3 end table.sort(t, function(a, b) return a < b end) print(show(t))',
    'local t = {{v = 2}, {v = 1}, {v = 3}} table.sort(t, function(a, b) return a.v < b.v end) print(t[1].v, t[2].v, t[3].v)',
    'print(pcall(table.sort, {1, 2, 3}, function(a, b) error("cmp") end))',
    'local mt = {__lt = function(a, b) return a.v < b.v end} local t = {setmetatable({v = 3}, mt), setmetatable({v = 1}, mt)} table.sort(t) print(t[1].v, t[2].v)',
    'local t = {3, 2, 1, 0/0} print(pcall(table.sort, t))',
  ])],
  ['table misc', L([
    'print(table.getn({1, 2, 3}), table.maxn({1, 2, [10] = 3, [5.5] = 1}), table.maxn({}), table.maxn({[-1] = 1}))',
    'print(pcall(table.setn, {}, 1))', 'print(table.foreachi({10, 20}, function(i, v) print(i, v) end))',
    'print(table.foreachi({10, 20}, function(i, v) if i == 2 then return "stop" .. v end end))',
    'local n = 0 table.foreach({a = 1, b = 2}, function(k, v) n = n + v end) print(n)', 'print(table.foreach({x = 7}, function(k, v) return v end))',
    'print(pcall(table.foreach, {}, 1))', 'print(pcall(table.getn))',
  ])],
  ['length border', L([
    'local t = {} for i = 1, 10 do t[i] = i end print(#t) t[10] = nil print(#t) t[5] = nil print(#t)',
    'local t = {1, 2, 3, nil, 5} print(#t)', 'local t = {n = 1, 1} print(#t)', 'local t = {} t[1] = 1 t[2] = 2 t[3] = 3 t[3] = nil print(#t)',
    'local t = {} t[2] = 2 print(#t) t[1] = 1 print(#t)', 'local t = {10, 20, 30} table.remove(t, 1) print(#t, t[1])',
  ])],
  ['math', L([
    'print(math.floor(3.7), math.floor(-3.7), math.ceil(3.2), math.ceil(-3.2), math.floor(-0.5), math.ceil(-0.5))',
    'print(math.abs(-3), math.abs(3), math.abs(-0), math.max(1, 5, 3), math.min(1, 5, 3), math.max(-1), math.min(2, "1"))',
    'print(math.sqrt(16), math.sqrt(2), math.sqrt(-1) ~= math.sqrt(-1), math.pow(2, 10), math.pow(2, 0.5), math.exp(0), math.exp(1))',
    'print(math.log(1), math.log(math.exp(2)), math.log10(1000), math.log(0), math.log(-1) ~= math.log(-1))',
    'print(math.sin(0), math.cos(0), math.tan(0), math.sin(math.pi / 2), math.cos(math.pi), math.asin(1), math.acos(1), math.atan(1))',
    'print(math.atan2(1, 1), math.atan2(-1, -1), math.atan2(0, -1), math.sinh(0), math.cosh(0), math.tanh(0), math.tanh(100))',
    'print(math.deg(math.pi), math.rad(180), math.deg(1), math.rad(1))',
    'print(math.fmod(7, 3), math.fmod(-7, 3), math.fmod(7, -3), math.fmod(5.5, 2), math.fmod(1, 0) ~= math.fmod(1, 0), math.mod(7, 3))',
    'print(math.modf(3.7), math.modf(-3.7), math.modf(5), math.modf(-0.5), math.modf(math.huge), math.modf(-math.huge))',
    'print(math.frexp(8), math.frexp(0), math.frexp(-3), math.frexp(0.1), math.frexp(1e-310), math.frexp(math.huge))',
    'print(math.ldexp(0.5, 4), math.ldexp(1, -1074), math.ldexp(1, 1024), math.ldexp(-0.75, 2), math.ldexp(3, 2.9))',
    'print(math.huge, -math.huge, math.pi, math.huge > 1e308, math.pi * 2)',
    'print(pcall(math.floor)) print(pcall(math.floor, "x")) print(pcall(math.max)) print(pcall(math.min, 1, nil)) print(math.floor("3.5"))',
    'print(pcall(math.random, 2, 1)) print(pcall(math.random, 0)) print(pcall(math.random, 1, 2, 3)) print(pcall(math.randomseed))',
    'print(math.random(1, 1), math.random(5, 5), type(math.random()), math.random() < 1, math.random(3) <= 3)',
    'local ok = true for i = 1, 200 do local r = math.random(10) if r < 1 or r > 10 or r % 1 ~= 0 then ok = false end end print(ok)',
    'local ok = true for i = 1, 200 do local r = math.random(-3, 3) if r < -3 or r > 3 then ok = false end end print(ok)',
  ])],
];
