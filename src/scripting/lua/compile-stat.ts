/**
 * Statements and functions to JavaScript. Lua locals become JS `let` bindings (declared in the
 * loop body, so closures capture a fresh binding per iteration as in Lua); each Lua function
 * becomes a JS function taking its arguments as an array, wrapped in a LuaFunction.
 */
import { isMulti, type Expr, type FuncProto, type Stat, type VarInfo } from './ast.js';
import { ChunkGen, FnGen, describe, jsName, strLit } from './compile-gen.js';
import { exp, list, multi, test } from './compile-expr.js';

/** Compiles a function expression to JS code evaluating to a new LuaFunction. */
export function compileFunction(chunk: ChunkGen, f: FuncProto): string {
  const g = new FnGen(chunk, f);
  const body = block(g, f.body);
  const np = f.params.length;
  let prologue = '';
  if (np > 0) prologue += `let ${f.params.map((p, i) => `${jsName(p)} = A[${i}]`).join(', ')};`;
  if (f.usesVararg) prologue += np === 0 ? 'const $va = A;' : `const $va = A.length > ${np} ? A.slice(${np}) : E;`;
  if (f.argVar !== undefined) {
    prologue += f.usesVararg ? `let ${jsName(f.argVar)};` : `let ${jsName(f.argVar)} = VT(A, ${np});`;
  }
  const name = strLit(f.name);
  const inner = `${prologue}${g.tempDecl()}\n${body}\n`;
  const def = chunk.site(f.line || 1);
  // CT.depth/CT.sites track Lua frames for error positions; errors need no cleanup here
  // because the boundary that catches them restores CT.
  return `new F(${name}, function (A) {
const $d = ++CT.depth; CT.sites[$d] = CT.site;
if ($d > CT.max || --H.n < 0) EN(H, ${def});
${inner}CT.depth = $d - 1;
return E;
})`;
}

function block(g: FnGen, stats: Stat[]): string {
  return stats.map((s) => stat(g, s)).join('\n');
}

function hook(g: FnGen, line: number): string {
  return `if (--H.n < 0) HK(H, ${g.chunk.site(line)});`;
}

function stat(g: FnGen, s: Stat): string {
  switch (s.k) {
    case 'local':
      return localStat(g, s.vars, s.exprs);
    case 'localfunc':
      return `let ${jsName(s.v)} = ${compileFunction(g.chunk, s.f)};`;
    case 'assign':
      return assign(g, s.targets, s.exprs, s.line);
    case 'call':
      return `${multi(g, s.call)};`;
    case 'do':
      return `{\n${block(g, s.body)}\n}`;
    case 'while':
      return `while (${test(g, s.cond)}) {\n${hook(g, s.line)}\n${block(g, s.body)}\n}`;
    case 'repeat':
      return `do {\n${hook(g, s.line)}\n${block(g, s.body)}\nif (${test(g, s.cond)}) break;\n} while (true);`;
    case 'if': {
      let code = '';
      s.conds.forEach((c, i) => {
        code += `${i === 0 ? 'if' : ' else if'} (${test(g, c)}) {\n${block(g, s.blocks[i])}\n}`;
      });
      if (s.orelse !== undefined) code += ` else {\n${block(g, s.orelse)}\n}`;
      return code;
    }
    case 'fornum':
      return forNum(g, s);
    case 'forin':
      return forIn(g, s);
    case 'funcstat':
      return `${store(g, s.target, compileFunction(g.chunk, s.f), s.line)};`;
    case 'return':
      return `{ const $r = ${list(g, s.exprs)}; CT.depth = $d - 1; return $r; }`;
    case 'break':
      return 'break;';
  }
}

function localStat(g: FnGen, vars: VarInfo[], exprs: Expr[]): string {
  const n = vars.length;
  const decls: string[] = [];
  const out: string[] = [];
  for (let i = 0; i < exprs.length; i++) {
    const e = exprs[i];
    const isLast = i === exprs.length - 1;
    if (isLast && isMulti(e) && i < n - 1) {
      const m = g.fresh('m');
      decls.push(`${m} = ${multi(g, e)}`);
      for (let j = i; j < n; j++) decls.push(`${jsName(vars[j])} = ${m}[${j - i}]`);
      return `${flush(out)}let ${decls.join(', ')};`;
    }
    if (i < n) decls.push(`${jsName(vars[i])} = ${exp(g, e)}`);
    else {
      // extra expressions are evaluated for their effects, after the assignments' values
      if (decls.length > 0) out.push(`let ${decls.splice(0).join(', ')};`);
      out.push(`${isMulti(e) ? multi(g, e) : exp(g, e)};`);
    }
  }
  for (let i = exprs.length; i < n; i++) decls.push(jsName(vars[i]));
  if (decls.length > 0) out.push(`let ${decls.join(', ')};`);
  return out.join(' ');
}

function flush(out: string[]): string {
  return out.length ? out.join(' ') + ' ' : '';
}

/** Code storing `v` into an assignable expression. */
function store(g: FnGen, target: Expr, v: string, line: number, obj?: string, key?: string): string {
  switch (target.k) {
    case 'local':
    case 'upval':
      return `${jsName(target.v)} = ${v}`;
    case 'global':
      return `SS(G, ${strLit(target.name)}, ${v}, ${g.chunk.site(line)})`;
    case 'index': {
      const s = g.chunk.site(line, describe(target.obj));
      const o = obj ?? exp(g, target.obj);
      if (target.key.k === 'str') return `SS(${o}, ${strLit(target.key.v)}, ${v}, ${s})`;
      return `SX(${o}, ${key ?? exp(g, target.key)}, ${v}, ${s})`;
    }
    default:
      throw new Error(`not assignable: ${target.k}`);
  }
}

function assign(g: FnGen, targets: Expr[], exprs: Expr[], line: number): string {
  if (targets.length === 1 && exprs.length === 1) return `${store(g, targets[0], exp(g, exprs[0]), line)};`;
  // Lua evaluates the targets' tables and keys, then all values, then stores right to left.
  const pre: string[] = [];
  const places: { obj?: string; key?: string }[] = targets.map((t) => {
    if (t.k !== 'index') return {};
    const obj = g.fresh('o');
    pre.push(`const ${obj} = ${exp(g, t.obj)};`);
    if (t.key.k === 'str') return { obj };
    const key = g.fresh('k');
    pre.push(`const ${key} = ${exp(g, t.key)};`);
    return { obj, key };
  });
  const n = targets.length;
  const vals: string[] = [];
  exprs.forEach((e, i) => {
    const isLast = i === exprs.length - 1;
    if (isLast && isMulti(e) && i < n) {
      const m = g.fresh('m');
      pre.push(`const ${m} = ${multi(g, e)};`);
      for (let j = i; j < n; j++) vals.push(`${m}[${j - i}]`);
    } else if (i < n) {
      const v = g.fresh('v');
      pre.push(`const ${v} = ${exp(g, e)};`);
      vals.push(v);
    } else {
      pre.push(`${isMulti(e) ? multi(g, e) : exp(g, e)};`);
    }
  });
  while (vals.length < n) vals.push('undefined');
  for (let i = n - 1; i >= 0; i--) pre.push(`${store(g, targets[i], vals[i], line, places[i].obj, places[i].key)};`);
  return `{ ${pre.join(' ')} }`;
}

function forNum(g: FnGen, s: Stat & { k: 'fornum' }): string {
  const site = g.chunk.site(s.line);
  const a = g.fresh('a');
  const b = g.fresh('b');
  const stepLit = s.step === undefined ? 1 : s.step.k === 'num' ? s.step.v : undefined;
  let code = `{ let ${a} = ${exp(g, s.start)}, ${b} = ${exp(g, s.limit)}`;
  let c: string;
  if (stepLit === undefined) {
    c = g.fresh('c');
    code += `, ${c} = ${exp(g, s.step!)};`;
  } else {
    c = g.num(stepLit);
    code += ';';
  }
  code += ` if (typeof ${a} !== 'number') ${a} = FN(${a}, 0, ${site});`;
  code += ` if (typeof ${b} !== 'number') ${b} = FN(${b}, 1, ${site});`;
  if (stepLit === undefined) code += ` if (typeof ${c} !== 'number') ${c} = FN(${c}, 2, ${site});`;
  const direct = !s.v.captured && !s.v.assigned;
  const i = direct ? jsName(s.v) : g.fresh('i');
  const step = c;
  let cond: string;
  if (stepLit === undefined) cond = `(${c} > 0 ? ${i} <= ${b} : ${b} <= ${i})`;
  else cond = stepLit > 0 ? `${i} <= ${b}` : `${b} <= ${i}`;
  // Lua computes init - step, then adds step before each test (forprep/forloop).
  code += `\nfor (let ${i} = ${a} - ${step}; (${i} += ${step}, ${cond}); ) {\n${hook(g, s.line)}\n`;
  if (!direct) code += `let ${jsName(s.v)} = ${i};\n`;
  code += `${block(g, s.body)}\n} }`;
  return code;
}

function forIn(g: FnGen, s: Stat & { k: 'forin' }): string {
  const site = g.chunk.site(s.line);
  const r = g.fresh('r');
  const f = g.fresh('f');
  const st = g.fresh('s');
  const c = g.fresh('c');
  const md = g.fresh('md');
  const p = g.fresh('p');
  const k = g.fresh('k');
  const v = g.fresh('v');
  const rr = g.fresh('rr');
  const nv = s.vars.length;
  let code = `{ const ${r} = ${list(g, s.exprs)};`;
  code += ` let ${f} = ${r}[0], ${st} = ${r}[1], ${c} = ${r}[2], ${p} = -1;`;
  // pairs()/next and ipairs() loops over plain tables run without calls or allocations
  code += ` const ${md} = ${f} instanceof F && ${st} instanceof T ? (${f}.call === NX && ${c} === undefined ? 1 : ${f}.call === IP && ${c} === 0 ? 2 : 0) : 0;`;
  code += `\nfor (;;) {\n${hook(g, s.line)}\nlet ${k}, ${v}`;
  const rest = s.vars.slice(2);
  code += rest.length ? `, ${rest.map(jsName).join(', ')};` : ';';
  code += `\nif (${md} === 1) { ${p} = ${st}.nextCursor(${p}); if (${p} < 0) break; ${k} = ${st}.cursorKey(${p}); ${v} = ${st}.cursorValue(${p}); }`;
  code += `\nelse if (${md} === 2) { ${v} = ${st}.get(${c} + 1); if (${v} === undefined) break; ${k} = ++${c}; }`;
  code += `\nelse { CT.site = ${site}; const ${rr} = ${f} instanceof F ? ${f}.call([${st}, ${c}]) : C(${f}, [${st}, ${c}], ${site}); ${k} = ${rr}[0]; if (${k} === undefined) break; ${c} = ${k}; ${v} = ${rr}[1];`;
  rest.forEach((rv, i) => {
    code += ` ${jsName(rv)} = ${rr}[${i + 2}];`;
  });
  code += ' }';
  code += `\nlet ${jsName(s.vars[0])} = ${k}`;
  code += nv > 1 ? `, ${jsName(s.vars[1])} = ${v};` : ';';
  code += `\n${block(g, s.body)}\n} }`;
  return code;
}
