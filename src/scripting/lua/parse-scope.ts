/**
 * Parser foundations shared by the expression and statement parsers: token helpers with Lua's
 * error messages, the nesting and variable limits, and scopes (locals, upvalues, globals).
 */
import type { Expr, FuncProto, Stat, VarInfo } from './ast.js';
import { Lexer, Tok, tokenToString } from './lexer.js';

export const MAXCCALLS = 200; // LUAI_MAXCCALLS
const MAXVARS = 200; // LUAI_MAXVARS
const MAXUPVALUES = 60; // LUAI_MAXUPVALUES

interface Block {
  /** nactvar when the block started. */
  nactvar: number;
  isLoop: boolean;
}

export class FuncState {
  /** Active locals, innermost last; hidden for-loop control slots are `undefined`. */
  actives: (VarInfo | undefined)[] = [];
  blocks: Block[] = [];
  upvals = new Set<number>();
  constructor(
    readonly proto: FuncProto,
    readonly parent: FuncState | undefined,
  ) {}
}

export abstract class ParserBase {
  protected lx: Lexer;
  protected fs!: FuncState;
  private nextVarId = 0;

  constructor(source: string, chunkname: string, protected level: number) {
    this.lx = new Lexer(source, chunkname);
  }

  /** A block of statements (the statement parser provides it). */
  protected abstract chunk(): Stat[];

  // ---- helpers (lparser.c names) ----

  /** The current token (a method so TypeScript does not narrow it across advance()). */
  protected tok(): number {
    return this.lx.token;
  }

  protected errorExpected(token: number): never {
    return this.lx.syntaxError(`'${tokenToString(token)}' expected`);
  }

  protected testNext(c: number): boolean {
    if (this.lx.token === c) {
      this.lx.advance();
      return true;
    }
    return false;
  }

  protected check(c: number): void {
    if (this.lx.token !== c) this.errorExpected(c);
  }

  protected checkNext(c: number): void {
    this.check(c);
    this.lx.advance();
  }

  protected checkMatch(what: number, who: number, where: number): void {
    if (!this.testNext(what)) {
      if (where === this.lx.line) this.errorExpected(what);
      this.lx.syntaxError(
        `'${tokenToString(what)}' expected (to close '${tokenToString(who)}' at line ${where})`,
      );
    }
  }

  protected checkName(): string {
    this.check(Tok.Name);
    const s = this.lx.sval;
    this.lx.advance();
    return s;
  }

  protected enterLevel(): void {
    if (++this.level > MAXCCALLS) this.lx.error('chunk has too many syntax levels', 0);
  }

  protected leaveLevel(): void {
    this.level--;
  }

  protected errorLimit(limit: number, what: string): never {
    const line = this.fs.proto.line;
    const msg = line === 0
      ? `main function has more than ${limit} ${what}`
      : `function at line ${line} has more than ${limit} ${what}`;
    return this.lx.error(msg, 0);
  }

  // ---- scopes ----

  protected newVar(name: string): VarInfo {
    return { name, id: this.nextVarId++, captured: false, assigned: false };
  }

  /** Declares locals (not yet active); `n` counts those already declared in this statement. */
  protected checkVarLimit(n: number): void {
    if (this.fs.actives.length + n + 1 > MAXVARS) this.errorLimit(MAXVARS, 'local variables');
  }

  protected activate(vars: (VarInfo | undefined)[]): void {
    for (const v of vars) this.fs.actives.push(v);
  }

  protected enterBlock(isLoop: boolean): void {
    this.fs.blocks.push({ nactvar: this.fs.actives.length, isLoop });
  }

  protected leaveBlock(): void {
    const b = this.fs.blocks.pop()!;
    this.fs.actives.length = b.nactvar;
  }

  protected resolve(name: string, line: number): Expr {
    const fs = this.fs;
    const local = findLocal(fs, name);
    if (local) return { k: 'local', v: local };
    // search enclosing functions; each function in between gets an upvalue
    const chain: FuncState[] = [fs];
    for (let f = fs.parent; f; f = f.parent) {
      const v = findLocal(f, name);
      if (v) {
        v.captured = true;
        for (const g of chain) {
          if (!g.upvals.has(v.id)) {
            if (g.upvals.size + 1 > MAXUPVALUES) {
              const saved = this.fs;
              this.fs = g;
              this.errorLimit(MAXUPVALUES, 'upvalues');
              this.fs = saved;
            }
            g.upvals.add(v.id);
          }
        }
        return { k: 'upval', v };
      }
      chain.push(f);
    }
    return { k: 'global', name, line };
  }
}

export function newProto(line: number, name: string): FuncProto {
  return { params: [], isVararg: false, body: [], line, lastline: line, name, usesVararg: false };
}

function findLocal(fs: FuncState, name: string): VarInfo | undefined {
  const a = fs.actives;
  for (let i = a.length - 1; i >= 0; i--) {
    const v = a[i];
    if (v !== undefined && v.name === name) return v;
  }
  return undefined;
}
