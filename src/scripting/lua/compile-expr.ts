/**
 * Expressions to JavaScript. Every Lua value is a JS value (nil = undefined), so simple
 * operations on numbers compile to inline JS arithmetic guarded by typeof checks and fall back
 * to the runtime helpers (metamethods, coercion, errors) otherwise. Calls return arrays of
 * results; a call in single-value position takes element 0.
 */
import { isMulti, type BinOp, type Expr } from './ast.js';
import { calleeName, describe, jsName, strLit, type FnGen } from './compile-gen.js';
import { compileFunction } from './compile-stat.js';

const ARITH: Partial<Record<BinOp, { helper: string; js: string }>> = {
  add: { helper: 'ADD', js: '+' },
  sub: { helper: 'SUB', js: '-' },
  mul: { helper: 'MUL', js: '*' },
  div: { helper: 'DIV', js: '/' },
};

const COMPARE: Partial<Record<BinOp, { helper: string; js: string }>> = {
  lt: { helper: 'LT', js: '<' },
  le: { helper: 'LE', js: '<=' },
  gt: { helper: 'GT', js: '>' },
  ge: { helper: 'GE', js: '>=' },
};

/** A value we can read twice without side effects (a variable or a constant). */
function isSimple(e: Expr): boolean {
  return e.k === 'local' || e.k === 'upval' || e.k === 'num' || e.k === 'str' || e.k === 'nil' ||
    e.k === 'true' || e.k === 'false';
}

/** An expression whose JS value is always a boolean. */
function isBoolean(e: Expr): boolean {
  if (e.k === 'true' || e.k === 'false' || e.k === 'not') return true;
  if (e.k === 'bin') return e.op === 'eq' || e.op === 'ne' || e.op in COMPARE;
  if (e.k === 'paren') return isBoolean(e.e);
  return false;
}

/** Compiles `e` to a JS expression for its first value. */
export function exp(g: FnGen, e: Expr): string {
  switch (e.k) {
    case 'nil':
      return 'undefined';
    case 'true':
      return 'true';
    case 'false':
      return 'false';
    case 'num':
      return g.num(e.v);
    case 'str':
      return strLit(e.v);
    case 'vararg':
      return '$va[0]';
    case 'func':
      return compileFunction(g.chunk, e.f);
    case 'local':
    case 'upval':
      return jsName(e.v);
    case 'global':
      return `IS(G, ${strLit(e.name)}, ${g.chunk.site(e.line)})`;
    case 'index': {
      const s = g.chunk.site(e.line, describe(e.obj));
      if (e.key.k === 'str') return `IS(${exp(g, e.obj)}, ${strLit(e.key.v)}, ${s})`;
      return `IX(${exp(g, e.obj)}, ${exp(g, e.key)}, ${s})`;
    }
    case 'call':
    case 'method':
      return `${multi(g, e)}[0]`;
    case 'paren':
      return exp(g, e.e);
    case 'and':
    case 'or':
      return andOr(g, e);
    case 'not':
      return `!${test(g, e.a)}`;
    case 'unm': {
      const s = g.chunk.site(e.line, describe(e.a));
      if (isSimple(e.a)) {
        const a = exp(g, e.a);
        return `(typeof ${a} === 'number' ? -${a} : UNM(${a}, ${s}))`;
      }
      return `UNM(${exp(g, e.a)}, ${s})`;
    }
    case 'len':
      return `LEN(${exp(g, e.a)}, ${g.chunk.site(e.line, describe(e.a))})`;
    case 'bin':
      return binary(g, e.op, e.a, e.b, e.line);
    case 'table':
      return table(g, e);
  }
}

/** Compiles a multi-value expression (call, method call, `...`) to a JS array expression. */
export function multi(g: FnGen, e: Expr): string {
  if (e.k === 'vararg') return '$va';
  if (e.k === 'call') {
    const f = g.temp();
    const fn = exp(g, e.fn);
    const a = g.temp();
    const args = list(g, e.args);
    g.release();
    g.release();
    const s = g.chunk.site(e.line, describe(e.fn), undefined, calleeName(e.fn));
    return callCode(f, fn, a, args, s);
  }
  if (e.k === 'method') {
    const o = g.temp();
    const obj = exp(g, e.obj);
    const idx = g.chunk.site(e.line, describe(e.obj));
    const f = g.temp();
    const a = g.temp();
    const args = list(g, e.args, o);
    g.release();
    g.release();
    g.release();
    const s = g.chunk.site(e.line, `method '${e.name}'`, undefined, e.name, true);
    return `(${o} = ${obj}, ${callCode(f, `IS(${o}, ${strLit(e.name)}, ${idx})`, a, args, s)})`;
  }
  return `[${exp(g, e)}]`;
}

/**
 * A call: evaluate the function, then the arguments, record the call site for error positions,
 * and call LuaFunctions directly (no helper frame, so recursion uses less JS stack).
 */
export function callCode(f: string, fn: string, a: string, args: string, site: string): string {
  return `(${f} = ${fn}, ${a} = ${args}, CT.site = ${site}, ${f} instanceof F ? ${f}.call(${a}) : C(${f}, ${a}, ${site}))`;
}

/**
 * Compiles an expression list to a JS array of all its values (the last expression expands if
 * it is multi-valued). `self` prepends a value (method calls).
 */
export function list(g: FnGen, es: Expr[], self?: string): string {
  if (es.length === 0) return self === undefined ? 'E' : `[${self}]`;
  const last = es[es.length - 1];
  if (isMulti(last)) {
    if (es.length === 1 && self === undefined) return multi(g, last);
    const head = es.slice(0, -1).map((e) => exp(g, e));
    if (self !== undefined) head.unshift(self);
    return `[${head.join(', ')}, ...${multi(g, last)}]`;
  }
  const items = es.map((e) => exp(g, e));
  if (self !== undefined) items.unshift(self);
  return `[${items.join(', ')}]`;
}

/** Compiles `e` as a condition: a JS boolean expression (Lua truthiness). */
export function test(g: FnGen, e: Expr): string {
  switch (e.k) {
    case 'true':
      return 'true';
    case 'false':
    case 'nil':
      return 'false';
    case 'num':
    case 'str':
    case 'table':
    case 'func':
      return e.k === 'table' ? `(${exp(g, e)}, true)` : 'true';
    case 'not':
      return `!${test(g, e.a)}`;
    case 'and':
      return `(${test(g, e.a)} && ${test(g, e.b)})`;
    case 'or':
      return `(${test(g, e.a)} || ${test(g, e.b)})`;
    case 'paren':
      return test(g, e.e);
    case 'local':
    case 'upval': {
      const n = jsName(e.v);
      return `(${n} !== undefined && ${n} !== false)`;
    }
    case 'bin':
      if (isBoolean(e)) return exp(g, e);
      break;
  }
  const t = g.temp();
  const v = exp(g, e);
  g.release();
  return `((${t} = ${v}) !== undefined && ${t} !== false)`;
}

function andOr(g: FnGen, e: Expr & { k: 'and' | 'or' }): string {
  if (isBoolean(e.a)) {
    const a = exp(g, e.a);
    return e.k === 'and' ? `(${a} ? ${exp(g, e.b)} : false)` : `(${a} ? true : ${exp(g, e.b)})`;
  }
  const t = g.temp();
  const a = exp(g, e.a);
  g.release();
  const b = exp(g, e.b);
  const falsy = `(${t} = ${a}) === undefined || ${t} === false`;
  return e.k === 'and' ? `(${falsy} ? ${t} : ${b})` : `(${falsy} ? ${b} : ${t})`;
}

function binary(g: FnGen, op: BinOp, ea: Expr, eb: Expr, line: number): string {
  const arith = ARITH[op];
  if (arith !== undefined) {
    const s = g.chunk.site(line, describe(ea), describe(eb));
    const a = exp(g, ea);
    const b = exp(g, eb);
    if (isSimple(ea) && isSimple(eb)) {
      const checks: string[] = [];
      if (ea.k !== 'num') checks.push(`typeof ${a} === 'number'`);
      if (eb.k !== 'num') checks.push(`typeof ${b} === 'number'`);
      const fast = `${a} ${arith.js} ${b}`;
      return checks.length === 0 ? `(${fast})` : `(${checks.join(' && ')} ? ${fast} : ${arith.helper}(${a}, ${b}, ${s}))`;
    }
    return `${arith.helper}(${a}, ${b}, ${s})`;
  }
  switch (op) {
    case 'mod':
      return `MOD(${exp(g, ea)}, ${exp(g, eb)}, ${g.chunk.site(line, describe(ea), describe(eb))})`;
    case 'pow':
      return `POW(${exp(g, ea)}, ${exp(g, eb)}, ${g.chunk.site(line, describe(ea), describe(eb))})`;
    case 'concat':
      return `CAT(${exp(g, ea)}, ${exp(g, eb)}, ${g.chunk.site(line, describe(ea), describe(eb))})`;
    case 'eq':
    case 'ne': {
      const not = op === 'ne' ? '!' : '';
      // comparing with a constant never involves __eq (only two tables do)
      if (isConst(ea) || isConst(eb)) return `(${exp(g, ea)} ${not ? '!==' : '==='} ${exp(g, eb)})`;
      return `${not}EQ(${exp(g, ea)}, ${exp(g, eb)}, ${g.chunk.site(line)})`;
    }
  }
  const cmp = COMPARE[op]!;
  const s = g.chunk.site(line);
  const a = exp(g, ea);
  const b = exp(g, eb);
  if (isSimple(ea) && isSimple(eb) && (ea.k === 'num' || eb.k === 'num')) {
    const v = ea.k === 'num' ? b : a;
    return `(typeof ${v} === 'number' ? ${a} ${cmp.js} ${b} : ${cmp.helper}(${a}, ${b}, ${s}))`;
  }
  return `${cmp.helper}(${a}, ${b}, ${s})`;
}

function isConst(e: Expr): boolean {
  return e.k === 'nil' || e.k === 'true' || e.k === 'false' || e.k === 'num' || e.k === 'str';
}

function table(g: FnGen, e: Expr & { k: 'table' }): string {
  if (e.items.length === 0) return 'new T()';
  const last = e.items[e.items.length - 1];
  const multiLast = last.k === 'pos' && isMulti(last.v);
  const fixed = multiLast ? e.items.slice(0, -1) : e.items;
  const parts: string[] = [];
  const layout: number[] = [];
  for (const it of fixed) {
    if (it.k === 'pos') {
      parts.push(exp(g, it.v));
      layout.push(0);
    } else {
      parts.push(exp(g, it.key), exp(g, it.v));
      layout.push(1);
    }
  }
  if (multiLast) parts.push(`...${multi(g, (last as { v: Expr }).v)}`);
  const arr = `[${parts.join(', ')}]`;
  if (!layout.includes(1)) return `TA(${arr}, ${layout.length})`;
  return `TM(${arr}, ${g.chunk.constant(layout)}, ${g.chunk.site(e.line)})`;
}
