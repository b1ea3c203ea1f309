/**
 * State shared while compiling one chunk to JavaScript: the constant table (error sites,
 * table-constructor layouts) and, per Lua function, its scratch temporaries.
 */
import type { Expr, FuncProto, VarInfo } from './ast.js';
import { ChunkInfo, Site } from './site.js';

export class ChunkGen {
  /** Values the generated code reads as K0, K1, ... (sites, layouts). */
  readonly consts: unknown[] = [];
  private siteIds = new Map<string, number>();

  constructor(readonly chunk: ChunkInfo) {}

  /** A constant Site for an operation; identical sites are shared. */
  site(line: number, d1?: string, d2?: string, fname?: string, method = false): string {
    const key = `${line}\u0000${d1 ?? ''}\u0000${d2 ?? ''}\u0000${fname ?? ''}\u0000${method}`;
    let id = this.siteIds.get(key);
    if (id === undefined) {
      id = this.consts.length;
      this.consts.push(new Site(this.chunk, line, d1, d2, fname, method));
      this.siteIds.set(key, id);
    }
    return `K${id}`;
  }

  constant(v: unknown): string {
    this.consts.push(v);
    return `K${this.consts.length - 1}`;
  }
}

export class FnGen {
  private temps = 0;
  private maxTemps = 0;
  private uniq = 0;
  /** The function's first zero constant: Lua's constant table keeps 0 and -0 as one entry. */
  private zero: number | undefined;

  constructor(
    readonly chunk: ChunkGen,
    readonly proto: FuncProto,
  ) {}

  /** A function-level scratch variable for use inside one expression; release it after. */
  temp(): string {
    const t = `$t${this.temps++}`;
    if (this.temps > this.maxTemps) this.maxTemps = this.temps;
    return t;
  }

  release(): void {
    this.temps--;
  }

  /** A name unique in this function, for block-scoped consts. */
  fresh(prefix: string): string {
    return `$${prefix}${this.uniq++}`;
  }

  /** A numeric constant of this function as a JS literal. */
  num(v: number): string {
    if (v === 0) {
      if (this.zero === undefined) this.zero = v;
      return numLit(this.zero);
    }
    return numLit(v);
  }

  tempDecl(): string {
    if (this.maxTemps === 0) return '';
    const names: string[] = [];
    for (let i = 0; i < this.maxTemps; i++) names.push(`$t${i}`);
    return `let ${names.join(', ')};`;
  }
}

/** The JS name of a Lua local. */
export function jsName(v: VarInfo): string {
  return `${v.name}$${v.id}`;
}

/** A JS literal for a Lua number. */
export function numLit(v: number): string {
  if (v === Infinity) return '(1/0)';
  if (v === -Infinity) return '(-1/0)';
  if (v !== v) return '(0/0)';
  if (Object.is(v, -0)) return '(-0)';
  return v < 0 ? `(${v})` : String(v);
}

/** A JS literal for a Lua (byte) string. */
export function strLit(s: string): string {
  return JSON.stringify(s);
}

/** How Lua 5.1 names the value of an expression in runtime errors (getobjname). */
export function describe(e: Expr): string | undefined {
  switch (e.k) {
    case 'local':
      return `local '${e.v.name}'`;
    case 'upval':
      return `upvalue '${e.v.name}'`;
    case 'global':
      return `global '${e.name}'`;
    case 'index':
      return `field '${e.key.k === 'str' ? e.key.v : '?'}'`;
    case 'paren':
      return describe(e.e);
    default:
      return undefined;
  }
}

/** The callee name Lua shows in "bad argument #1 to 'name'" for a call of `e`. */
export function calleeName(e: Expr): string | undefined {
  switch (e.k) {
    case 'local':
    case 'upval':
      return e.v.name;
    case 'global':
      return e.name;
    case 'index':
      return e.key.k === 'str' ? e.key.v : '?';
    case 'paren':
      return calleeName(e.e);
    default:
      return undefined;
  }
}
