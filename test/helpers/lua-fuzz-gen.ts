/**
 * Seeded generators of Lua source for fuzzing the engine: token soups (mostly syntax errors, some
 * valid chunks) and random expressions over values of every type (for operator semantics).
 */

const TOKENS = [
  'local', 'function', 'end', 'if', 'then', 'else', 'elseif', 'while', 'do', 'for', 'in', 'repeat', 'until',
  'return', 'break', 'and', 'or', 'not', 'nil', 'true', 'false', '...', '..', '=', '==', '~=', '<', '<=', '>',
  '>=', '+', '-', '*', '/', '%', '^', '#', '(', ')', '{', '}', '[', ']', ';', ':', ',', '.', 'x', 'y', 'f', 't',
  '1', '0x1F', '2.5', '1e3', '"s"', "'q'", '[[long]]', '--c\n', '\n', ' ', 'x.y', 'f()', 't[1]', 'a:b()',
];

/** A random sequence of Lua tokens. */
export function tokenSoup(r: () => number, maxLen = 12): string {
  const n = 1 + Math.floor(r() * maxLen);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(TOKENS[Math.floor(r() * TOKENS.length)]);
  return out.join(' ');
}

const ATOMS = [
  '0', '1', '2', '3', '-1', '10', '0.5', '1e300', '2^53', '"10"', '"abc"', '"0x10"', '" 5 "', '"1e2"', '""',
  'nil', 'true', 'false', 'a', 'b', 's', 'n', 't', 't.x', 't[1]', 'u', '(1/0)', '#"abc"',
];
const BINOPS = ['+', '-', '*', '/', '%', '^', '..', '==', '~=', '<', '<=', '>', '>=', 'and', 'or'];

/** A random expression; the locals it uses are declared by {@link EXPR_PRELUDE}. */
export function randomExpr(r: () => number, depth = 3): string {
  if (depth === 0 || r() < 0.3) return ATOMS[Math.floor(r() * ATOMS.length)];
  const k = r();
  if (k < 0.15) return `${['- ', 'not ', '#'][Math.floor(r() * 3)]}${randomExpr(r, depth - 1)}`;
  if (k < 0.25) return `(${randomExpr(r, depth - 1)})`;
  return `${randomExpr(r, depth - 1)} ${BINOPS[Math.floor(r() * BINOPS.length)]} ${randomExpr(r, depth - 1)}`;
}

export const EXPR_PRELUDE = 'local a, b, s, n, t = 7, -2.5, "42", nil, {1, 2}\nlocal u = setmetatable({}, {__add = function() return "add" end, __concat = function() return "cat" end, __lt = function() return true end})\n';

/** Prints the value or error of each expression (tables as "table", so addresses never print). */
export function exprProgram(exprs: string[]): string {
  return EXPR_PRELUDE + exprs.map((e) =>
    `do local ok, r = pcall(function() return ${e} end) print(ok, type(r) == "table" and "table" or r) end`).join('\n');
}

/** Prints the loadstring result of each snippet (ok or the syntax error). */
export function loadProgram(snippets: string[]): string {
  return snippets.map((s) => {
    let eq = '';
    while (s.includes(`]${eq}]`) || s.endsWith(`]${eq}`)) eq += '=';
    return `do local f, e = loadstring([${eq}[${s.startsWith('\n') ? '\n' : ''}${s}]${eq}]) print(f and "ok" or e) end`;
  }).join('\n');
}

/**
 * A random valid chunk that always terminates: nested blocks, locals and closures, numeric and
 * generic for loops over small ranges, multiple assignment, varargs, tables and methods, with
 * prints of what it computes.
 */
export function randomChunk(r: () => number): string {
  const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
  let uid = 0;
  const out: string[] = [];
  const scopes: string[][] = [['g1', 'g2']];
  const vars = () => scopes.flat();
  const value = (depth: number): string => {
    const vs = vars();
    const k = r();
    if (depth <= 0 || k < 0.35) return pick([...vs, '1', '2', '"s"', 'nil', 'true', '0.5', '#tab', 'tab[1]', 'tab.k']);
    if (k < 0.5) return `${value(depth - 1)} ${pick(['..', '==', '~=', 'and', 'or'])} ${value(depth - 1)}`;
    if (k < 0.62) return `sum(${value(depth - 1)}, ${value(depth - 1)})`;
    if (k < 0.7) return `(function(...) return select("#", ...), ... end)(${value(depth - 1)}, ${value(depth - 1)})`;
    if (k < 0.78) return `{${value(depth - 1)}, k = ${value(depth - 1)}}`;
    if (k < 0.86) return `obj:get(${value(depth - 1)})`;
    if (k < 0.93) return `str(${value(depth - 1)})`;
    return `(${value(depth - 1)})`;
  };
  const show = (e: string) => `show(${e})`;
  const stmt = (depth: number): void => {
    const k = r();
    const vs = vars();
    if (k < 0.2) {
      const n = `v${uid++}`;
      out.push(`local ${n} = ${value(2)}`);
      scopes[scopes.length - 1].push(n);
    } else if (k < 0.32 && vs.length > 1) {
      out.push(`${pick(vs)}, ${pick(vs)} = ${value(2)}, ${value(2)}`);
    } else if (k < 0.45) {
      out.push(show(value(3)));
    } else if (k < 0.55 && depth > 0) {
      const i = `i${uid++}`;
      out.push(`for ${i} = ${pick(['1', '2', '3'])}, ${pick(['2', '3', '0'])}${pick(['', ', -1', ', 2'])} do`);
      scopes.push([i]);
      block(depth - 1);
      scopes.pop();
      out.push('end');
    } else if (k < 0.63 && depth > 0) {
      const kv = `k${uid++}`;
      const vv = `w${uid++}`;
      out.push(`for ${kv}, ${vv} in ${pick(['ipairs', 'pairs'])}({${value(1)}, ${value(1)}, ${value(1)}}) do`);
      scopes.push([kv, vv]);
      block(depth - 1);
      scopes.pop();
      out.push('end');
    } else if (k < 0.72 && depth > 0) {
      out.push(`if ${value(2)} then`);
      scopes.push([]);
      block(depth - 1);
      scopes.pop();
      if (r() < 0.5) {
        out.push('else');
        scopes.push([]);
        block(depth - 1);
        scopes.pop();
      }
      out.push('end');
    } else if (k < 0.8 && depth > 0) {
      const f = `f${uid++}`;
      const p = `p${uid++}`;
      out.push(`local function ${f}(${p}, ...)`);
      scopes[scopes.length - 1].push(f);
      scopes.push([p]);
      block(depth - 1);
      out.push(`return ${value(2)}, ...`);
      scopes.pop();
      out.push('end');
      out.push(show(`${f}(${value(1)}, ${value(1)})`));
    } else if (k < 0.87 && depth > 0) {
      const c = `c${uid++}`;
      out.push(`local ${c} = {}`);
      out.push(`for j = 1, 3 do local cap = j * 10 ${c}[j] = function() cap = cap + 1 return cap end end`);
      out.push(show(`${c}[1]() .. ${c}[2]() .. ${c}[1]() .. ${c}[3]()`));
    } else if (k < 0.93) {
      out.push(`tab[${pick(['1', '2', '"k"', '#tab + 1'])}] = ${value(2)}`);
    } else {
      out.push(`do local ok, e = pcall(function() return ${value(2)} + ${value(2)} end) show(ok) end`);
    }
  };
  const block = (depth: number) => {
    const n = 1 + Math.floor(r() * 4);
    for (let i = 0; i < n; i++) stmt(depth);
  };
  block(3);
  return [
    'local g1, g2 = 1, "x"',
    'local tab = {1, 2, k = "v"}',
    'local function str(v) local t = type(v) if t == "table" or t == "function" then return t end return tostring(v) end',
    'local function sum(a, b) return str(a) .. "+" .. str(b) end',
    'local obj = {n = 5} function obj:get(x) return self.n, x end',
    'local function show(...) local t = {} for i = 1, select("#", ...) do local v = select(i, ...) t[i] = type(v) == "table" and "table" or type(v) == "function" and "function" or tostring(v) end print(table.concat(t, " ")) end',
    ...out,
  ].join('\n');
}
