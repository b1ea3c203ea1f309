/**
 * The Lua 5.1 syntax tree the parser produces and the compiler consumes. Names are already
 * resolved: a variable reference is a local of the current function, an upvalue (a local of an
 * enclosing function), or a global.
 */

/** A local variable declaration (parameter, `local`, loop variable, `self`, `arg`). */
export interface VarInfo {
  name: string;
  /** Unique within the chunk; the compiled JS name is `${name}$${id}`. */
  id: number;
  /** Referenced from a nested function. */
  captured: boolean;
  /** Assigned after its declaration. */
  assigned: boolean;
}

export interface FuncProto {
  params: VarInfo[];
  isVararg: boolean;
  /** Lua 5.1's LUA_COMPAT_VARARG: a vararg function that never mentions `...` gets `arg`. */
  argVar?: VarInfo;
  body: Stat[];
  line: number;
  lastline: number;
  /** Name used for the LuaFunction ("foo", "t.m", "t:m", "?"). */
  name: string;
  /** Uses `...` in its body. */
  usesVararg: boolean;
}

export type BinOp =
  | 'add' | 'sub' | 'mul' | 'div' | 'mod' | 'pow' | 'concat'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';

export type Expr =
  | { k: 'nil' }
  | { k: 'true' }
  | { k: 'false' }
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'vararg' }
  | { k: 'func'; f: FuncProto }
  | { k: 'local'; v: VarInfo }
  | { k: 'upval'; v: VarInfo }
  | { k: 'global'; name: string; line: number }
  | { k: 'index'; obj: Expr; key: Expr; line: number }
  | { k: 'call'; fn: Expr; args: Expr[]; line: number }
  | { k: 'method'; obj: Expr; name: string; args: Expr[]; line: number }
  | { k: 'bin'; op: BinOp; a: Expr; b: Expr; line: number }
  | { k: 'and'; a: Expr; b: Expr }
  | { k: 'or'; a: Expr; b: Expr }
  | { k: 'not'; a: Expr }
  | { k: 'unm'; a: Expr; line: number }
  | { k: 'len'; a: Expr; line: number }
  | { k: 'paren'; e: Expr }
  | { k: 'table'; items: TableItem[]; line: number };

export type TableItem =
  | { k: 'pos'; v: Expr }
  | { k: 'keyed'; key: Expr; v: Expr; line: number };

export type Stat =
  | { k: 'local'; vars: VarInfo[]; exprs: Expr[]; line: number }
  | { k: 'localfunc'; v: VarInfo; f: FuncProto }
  | { k: 'assign'; targets: Expr[]; exprs: Expr[]; line: number }
  | { k: 'call'; call: Expr }
  | { k: 'do'; body: Stat[] }
  | { k: 'while'; cond: Expr; body: Stat[]; line: number }
  | { k: 'repeat'; body: Stat[]; cond: Expr; line: number }
  | { k: 'if'; conds: Expr[]; blocks: Stat[][]; orelse?: Stat[] }
  | { k: 'fornum'; v: VarInfo; start: Expr; limit: Expr; step?: Expr; body: Stat[]; line: number }
  | { k: 'forin'; vars: VarInfo[]; exprs: Expr[]; body: Stat[]; line: number }
  | { k: 'funcstat'; target: Expr; f: FuncProto; line: number }
  | { k: 'return'; exprs: Expr[]; line: number }
  | { k: 'break' };

/** Expressions that may produce several values (in the last position of a list). */
export function isMulti(e: Expr): boolean {
  return e.k === 'call' || e.k === 'method' || e.k === 'vararg';
}
