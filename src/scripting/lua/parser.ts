/**
 * Lua 5.1 parser: source text to a resolved syntax tree. The grammar, the checks and their
 * messages follow lparser.c (recursive descent with the same precedence table), so syntax
 * errors match Lua's, including the nesting limit ("chunk has too many syntax levels") and the
 * 200-locals / 60-upvalues limits. This file has the statements; parse-expr.ts the expressions
 * and function bodies, parse-scope.ts the token helpers and scopes.
 */
import type { Expr, FuncProto, Stat, VarInfo } from './ast.js';
import { Tok } from './lexer.js';
import { ExprParser } from './parse-expr.js';
import { FuncState, MAXCCALLS, newProto } from './parse-scope.js';

/**
 * Parses a chunk. `level` is the caller's C-call depth (Lua's nCcalls at load time), which
 * counts against the nesting limit. Throws LuaError with Lua's message on a syntax error.
 */
export function parse(source: string, chunkname: string, level = 0): FuncProto {
  return new Parser(source, chunkname, level).chunkMain();
}

class Parser extends ExprParser {
  chunkMain(): FuncProto {
    const proto = newProto(0, 'main chunk');
    proto.isVararg = true;
    this.fs = new FuncState(proto, undefined);
    this.lx.advance();
    proto.body = this.chunk();
    this.check(Tok.Eos);
    proto.lastline = this.lx.line;
    return proto;
  }

  // ---- statements ----

  protected blockFollow(): boolean {
    switch (this.lx.token) {
      case Tok.Else:
      case Tok.Elseif:
      case Tok.End:
      case Tok.Until:
      case Tok.Eos:
        return true;
      default:
        return false;
    }
  }

  protected chunk(): Stat[] {
    const out: Stat[] = [];
    let isLast = false;
    this.enterLevel();
    while (!isLast && !this.blockFollow()) {
      const tok = this.lx.token;
      isLast = tok === Tok.Return || tok === Tok.Break;
      out.push(this.statement());
      this.testNext(59); // ';'
    }
    this.leaveLevel();
    return out;
  }

  protected block(): Stat[] {
    this.enterBlock(false);
    const body = this.chunk();
    this.leaveBlock();
    return body;
  }

  protected statement(): Stat {
    const line = this.lx.line;
    switch (this.lx.token) {
      case Tok.If:
        return this.ifStat(line);
      case Tok.While:
        return this.whileStat(line);
      case Tok.Do: {
        this.lx.advance();
        const body = this.block();
        this.checkMatch(Tok.End, Tok.Do, line);
        return { k: 'do', body };
      }
      case Tok.For:
        return this.forStat(line);
      case Tok.Repeat:
        return this.repeatStat(line);
      case Tok.Function:
        return this.funcStat(line);
      case Tok.Local:
        this.lx.advance();
        return this.testNext(Tok.Function) ? this.localFunc() : this.localStat();
      case Tok.Return:
        return this.retStat();
      case Tok.Break: {
        this.lx.advance();
        if (!this.fs.blocks.some((b) => b.isLoop)) this.lx.syntaxError('no loop to break');
        return { k: 'break' };
      }
      default:
        return this.exprStat();
    }
  }

  protected ifStat(line: number): Stat {
    const conds: Expr[] = [];
    const blocks: Stat[][] = [];
    const thenBlock = () => {
      this.lx.advance(); // IF or ELSEIF
      conds.push(this.expr());
      this.checkNext(Tok.Then);
      blocks.push(this.block());
    };
    thenBlock();
    while (this.lx.token === Tok.Elseif) thenBlock();
    let orelse: Stat[] | undefined;
    if (this.lx.token === Tok.Else) {
      this.lx.advance();
      orelse = this.block();
    }
    this.checkMatch(Tok.End, Tok.If, line);
    return { k: 'if', conds, blocks, orelse };
  }

  protected whileStat(line: number): Stat {
    this.lx.advance();
    const cond = this.expr();
    this.enterBlock(true);
    this.checkNext(Tok.Do);
    const body = this.block();
    this.checkMatch(Tok.End, Tok.While, line);
    this.leaveBlock();
    return { k: 'while', cond, body, line };
  }

  protected repeatStat(line: number): Stat {
    this.enterBlock(true); // loop block
    this.enterBlock(false); // scope block: the condition sees the body's locals
    this.lx.advance();
    const body = this.chunk();
    this.checkMatch(Tok.Until, Tok.Repeat, line);
    const cond = this.expr();
    const condLine = this.lx.lastline;
    this.leaveBlock();
    this.leaveBlock();
    return { k: 'repeat', body, cond, line: condLine };
  }

  protected forStat(line: number): Stat {
    this.enterBlock(true);
    this.lx.advance();
    const name = this.checkName();
    let st: Stat;
    switch (this.lx.token) {
      case 61:
        st = this.forNum(name, line);
        break;
      case 44:
      case Tok.In:
        st = this.forList(name);
        break;
      default:
        return this.lx.syntaxError(`'=' or 'in' expected`);
    }
    this.checkMatch(Tok.End, Tok.For, line);
    this.leaveBlock();
    return st;
  }

  protected forNum(name: string, line: number): Stat {
    this.checkVarLimit(0);
    this.checkVarLimit(1);
    this.checkVarLimit(2);
    this.checkVarLimit(3);
    const v = this.newVar(name);
    this.checkNext(61);
    const start = this.expr();
    this.checkNext(44);
    const limit = this.expr();
    const step = this.testNext(44) ? this.expr() : undefined;
    this.activate([undefined, undefined, undefined]);
    this.checkNext(Tok.Do);
    const prepLine = this.lx.lastline;
    this.enterBlock(false);
    this.activate([v]);
    const body = this.block();
    this.leaveBlock();
    void line;
    return { k: 'fornum', v, start, limit, step, body, line: prepLine };
  }

  protected forList(first: string): Stat {
    const vars: VarInfo[] = [];
    let n = 3;
    this.checkVarLimit(0);
    this.checkVarLimit(1);
    this.checkVarLimit(2);
    this.checkVarLimit(n++);
    vars.push(this.newVar(first));
    while (this.testNext(44)) {
      const nm = this.checkName();
      this.checkVarLimit(n++);
      vars.push(this.newVar(nm));
    }
    this.checkNext(Tok.In);
    const line = this.lx.line;
    const exprs = this.exprList();
    this.activate([undefined, undefined, undefined]);
    this.checkNext(Tok.Do);
    this.enterBlock(false);
    this.activate(vars);
    const body = this.block();
    this.leaveBlock();
    return { k: 'forin', vars, exprs, body, line };
  }

  protected funcStat(line: number): Stat {
    this.lx.advance();
    // funcname -> NAME {'.' NAME} [':' NAME]
    const first = this.checkName();
    let target: Expr = this.resolve(first, this.lx.lastline);
    let fname = first;
    let needSelf = false;
    while (this.lx.token === 46) {
      this.lx.advance();
      const key = this.checkName();
      target = { k: 'index', obj: target, key: { k: 'str', v: key }, line: this.lx.lastline };
      fname += '.' + key;
    }
    if (this.lx.token === 58) {
      this.lx.advance();
      const key = this.checkName();
      target = { k: 'index', obj: target, key: { k: 'str', v: key }, line: this.lx.lastline };
      fname += ':' + key;
      needSelf = true;
    }
    if (target.k === 'local' || target.k === 'upval') target.v.assigned = true;
    const f = this.body(needSelf, line, fname);
    return { k: 'funcstat', target, f, line };
  }

  protected localFunc(): Stat {
    const name = this.checkName();
    this.checkVarLimit(0);
    const v = this.newVar(name);
    this.activate([v]);
    const f = this.body(false, this.lx.line, name);
    return { k: 'localfunc', v, f };
  }

  protected localStat(): Stat {
    const vars: VarInfo[] = [];
    do {
      const name = this.checkName();
      this.checkVarLimit(vars.length);
      vars.push(this.newVar(name));
    } while (this.testNext(44));
    const exprs = this.testNext(61) ? this.exprList() : [];
    const line = this.lx.lastline;
    this.activate(vars);
    return { k: 'local', vars, exprs, line };
  }

  protected retStat(): Stat {
    this.lx.advance();
    const exprs = this.blockFollow() || this.lx.token === 59 ? [] : this.exprList();
    return { k: 'return', exprs, line: this.lx.lastline };
  }

  protected exprStat(): Stat {
    const e = this.primaryExp();
    if (e.k === 'call' || e.k === 'method') return { k: 'call', call: e };
    const targets: Expr[] = [e];
    this.checkAssignable(e);
    while (this.testNext(44)) {
      const t = this.primaryExp();
      this.checkAssignable(t);
      targets.push(t);
      if (targets.length - 1 > MAXCCALLS - this.level) {
        this.errorLimit(MAXCCALLS - this.level, 'variables in assignment');
      }
    }
    this.checkNext(61);
    const exprs = this.exprList();
    for (const t of targets) if (t.k === 'local' || t.k === 'upval') t.v.assigned = true;
    return { k: 'assign', targets, exprs, line: this.lx.lastline };
  }

  protected checkAssignable(e: Expr): void {
    if (e.k !== 'local' && e.k !== 'upval' && e.k !== 'global' && e.k !== 'index') {
      this.lx.syntaxError('syntax error');
    }
  }
}
