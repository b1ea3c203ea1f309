/**
 * Compiles a parsed chunk to JavaScript source and instantiates it with `new Function`. The
 * generated code reads the runtime helpers from `R`, its constants (error sites, constructor
 * layouts) from `K`, the chunk's global table from `G` and the state's hook counter from `H`.
 */
import type { FuncProto } from './ast.js';
import { ChunkGen } from './compile-gen.js';
import { compileFunction } from './compile-stat.js';
import type { ChunkInfo } from './site.js';
import { LuaFunction, LuaTable, NO_VALUES } from './value.js';
import { CT, call, enter, hook, type HookState } from './runtime-call.js';
import { index, indexStr, setIndex, setStr, tableArray, tableMixed, varargTable } from './runtime-index.js';
import { add, concat, div, eq, forNum, ge, gt, le, len, lt, mod, mul, pow, sub, unm } from './runtime-ops.js';
import { ipairsAux, nextImpl } from './runtime-iter.js';

const RT = {
  F: LuaFunction, T: LuaTable, C: call, IX: index, IS: indexStr, SX: setIndex, SS: setStr,
  ADD: add, SUB: sub, MUL: mul, DIV: div, MOD: mod, POW: pow, UNM: unm, CAT: concat, LEN: len,
  EQ: eq, LT: lt, LE: le, GT: gt, GE: ge, TA: tableArray, TM: tableMixed, VT: varargTable,
  FN: forNum, EN: enter, HK: hook, CT, E: NO_VALUES, NX: nextImpl, IP: ipairsAux,
};
const HELPERS = Object.keys(RT).join(', ');

/** JS source of a chunk (exposed for debugging and tests). */
export function chunkSource(proto: FuncProto, chunk: ChunkInfo): { js: string; consts: unknown[] } {
  const cg = new ChunkGen(chunk);
  const main = compileFunction(cg, proto);
  const decl = cg.consts.length ? `const ${cg.consts.map((_, i) => `K${i} = K[${i}]`).join(', ')};` : '';
  return { js: `"use strict";\nconst {${HELPERS}} = R;\n${decl}\nreturn ${main};`, consts: cg.consts };
}

/** Instantiates a chunk's main function bound to the global table `env`. */
export function instantiate(proto: FuncProto, chunk: ChunkInfo, env: LuaTable, hookState: HookState): LuaFunction {
  const { js, consts } = chunkSource(proto, chunk);
  const factory = new Function('R', 'K', 'G', 'H', js) as (r: typeof RT, k: unknown[], g: LuaTable, h: HookState) => LuaFunction;
  return factory(RT, consts, env, hookState);
}
