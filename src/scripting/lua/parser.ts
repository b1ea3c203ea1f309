/**
 * Lua 5.1 parser: source text to a resolved syntax tree. The grammar, the checks and their
 * messages follow lparser.c (recursive descent with the same precedence table), so syntax
 * errors match Lua's, including the nesting limit ("chunk has too many syntax levels") and the
 * 200-locals / 60-upvalues limits.
 */
import type { BinOp, Expr, FuncProto, Stat, TableItem, VarInfo } from './ast.js';
import { Lexer, Tok, tokenToString } from './lexer.js';

const MAXCCALLS = 200; // LUAI_MAXCCALLS
const MAXVARS = 200; // LUAI_MAXVARS
const MAXUPVALUES = 60; // LUAI_MAXUPVALUES

interface Block {
  /** nactvar when the block started. */
  nactvar: number;
  isLoop: boolean;
}

class FuncState {
  /** Active locals, innermost last; hidden for-loop control slots are `undefined`. */
  actives: (VarInfo | undefined)[] = [];
  blocks: Block[] = [];
  upvals = new Set<number>();
  constructor(
    readonly proto: FuncProto,
    readonly parent: FuncState | undefined,
  ) {}
}

const BINOPS: Record<number, { op: BinOp | 'and' | 'or'; left: number; right: number }> = {
  43: { op: 'add', left: 6, right: 6 },
  45: { op: 'sub', left: 6, right: 6 },
  42: { op: 'mul', left: 7, right: 7 },
  47: { op: 'div', left: 7, right: 7 },
  37: { op: 'mod', left: 7, right: 7 },
  94: { op: 'pow', left: 10, right: 9 },
  [Tok.Concat]: { op: 'concat', left: 5, right: 4 },
  [Tok.Ne]: { op: 'ne', left: 3, right: 3 },
  [Tok.Eq]: { op: 'eq', left: 3, right: 3 },
  60: { op: 'lt', left: 3, right: 3 },
  [Tok.Le]: { op: 'le', left: 3, right: 3 },
  62: { op: 'gt', left: 3, right: 3 },
  [Tok.Ge]: { op: 'ge', left: 3, right: 3 },
  [Tok.And]: { op: 'and', left: 2, right: 2 },
  [Tok.Or]: { op: 'or', left: 1, right: 1 },
};
const UNARY_PRIORITY = 8;

/**
 * Parses a chunk. `level` is the caller's C-call depth (Lua's nCcalls at load time), which
 * counts against the nesting limit. Throws LuaError with Lua's message on a syntax error.
 */
export function parse(source: string, chunkname: string, level = 0): FuncProto {
  return new Parser(source, chunkname, level).chunkMain();
}

class Parser {
  private lx: Lexer;
  private fs!: FuncState;
  private nextVarId = 0;

  constructor(source: string, chunkname: string, private level: number) {
    this.lx = new Lexer(source, chunkname);
  }

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

  // ---- helpers (lparser.c names) ----

  /** The current token (a method so TypeScript does not narrow it across advance()). */
  private tok(): number {
    return this.lx.token;
  }

  private errorExpected(token: number): never {
    return this.lx.syntaxError(`'${tokenToString(token)}' expected`);
  }

  private testNext(c: number): boolean {
    if (this.lx.token === c) {
      this.lx.advance();
      return true;
    }
    return false;
  }

  private check(c: number): void {
    if (this.lx.token !== c) this.errorExpected(c);
  }

  private checkNext(c: number): void {
    this.check(c);
    this.lx.advance();
  }

  private checkMatch(what: number, who: number, where: number): void {
    if (!this.testNext(what)) {
      if (where === this.lx.line) this.errorExpected(what);
      this.lx.syntaxError(
        `'${tokenToString(what)}' expected (to close '${tokenToString(who)}' at line ${where})`,
      );
    }
  }

  private checkName(): string {
    this.check(Tok.Name);
    const s = this.lx.sval;
    this.lx.advance();
    return s;
  }

  private enterLevel(): void {
    if (++this.level > MAXCCALLS) this.lx.error('chunk has too many syntax levels', 0);
  }

  private leaveLevel(): void {
    this.level--;
  }

  private errorLimit(limit: number, what: string): never {
    const line = this.fs.proto.line;
    const msg = line === 0
      ? `main function has more than ${limit} ${what}`
      : `function at line ${line} has more than ${limit} ${what}`;
    return this.lx.error(msg, 0);
  }

  // ---- scopes ----

  private newVar(name: string): VarInfo {
    return { name, id: this.nextVarId++, captured: false, assigned: false };
  }

  /** Declares locals (not yet active); `n` counts those already declared in this statement. */
  private checkVarLimit(n: number): void {
    if (this.fs.actives.length + n + 1 > MAXVARS) this.errorLimit(MAXVARS, 'local variables');
  }

  private activate(vars: (VarInfo | undefined)[]): void {
    for (const v of vars) this.fs.actives.push(v);
  }

  private enterBlock(isLoop: boolean): void {
    this.fs.blocks.push({ nactvar: this.fs.actives.length, isLoop });
  }

  private leaveBlock(): void {
    const b = this.fs.blocks.pop()!;
    this.fs.actives.length = b.nactvar;
  }

  private resolve(name: string, line: number): Expr {
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

  // ---- statements ----

  private blockFollow(): boolean {
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

  private chunk(): Stat[] {
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

  private block(): Stat[] {
    this.enterBlock(false);
    const body = this.chunk();
    this.leaveBlock();
    return body;
  }

  private statement(): Stat {
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

  private ifStat(line: number): Stat {
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

  private whileStat(line: number): Stat {
    this.lx.advance();
    const cond = this.expr();
    this.enterBlock(true);
    this.checkNext(Tok.Do);
    const body = this.block();
    this.checkMatch(Tok.End, Tok.While, line);
    this.leaveBlock();
    return { k: 'while', cond, body, line };
  }

  private repeatStat(line: number): Stat {
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

  private forStat(line: number): Stat {
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

  private forNum(name: string, line: number): Stat {
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

  private forList(first: string): Stat {
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

  private funcStat(line: number): Stat {
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

  private localFunc(): Stat {
    const name = this.checkName();
    this.checkVarLimit(0);
    const v = this.newVar(name);
    this.activate([v]);
    const f = this.body(false, this.lx.line, name);
    return { k: 'localfunc', v, f };
  }

  private localStat(): Stat {
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

  private retStat(): Stat {
    this.lx.advance();
    const exprs = this.blockFollow() || this.lx.token === 59 ? [] : this.exprList();
    return { k: 'return', exprs, line: this.lx.lastline };
  }

  private exprStat(): Stat {
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

  private checkAssignable(e: Expr): void {
    if (e.k !== 'local' && e.k !== 'upval' && e.k !== 'global' && e.k !== 'index') {
      this.lx.syntaxError('syntax error');
    }
  }

  // ---- functions ----

  private body(needSelf: boolean, line: number, name: string): FuncProto {
    const proto = newProto(line, name);
    const fs = new FuncState(proto, this.fs);
    this.fs = fs;
    this.checkNext(40); // '('
    if (needSelf) {
      const self = this.newVar('self');
      proto.params.push(self);
      this.activate([self]);
    }
    this.parList(proto);
    this.checkNext(41); // ')'
    proto.body = this.chunk();
    proto.lastline = this.lx.line;
    this.checkMatch(Tok.End, Tok.Function, line);
    this.fs = fs.parent!;
    return proto;
  }

  private parList(proto: FuncProto): void {
    if (this.lx.token === 41) return;
    do {
      switch (this.lx.token) {
        case Tok.Name: {
          const name = this.checkName();
          this.checkVarLimit(0);
          const v = this.newVar(name);
          proto.params.push(v);
          this.activate([v]);
          break;
        }
        case Tok.Dots: {
          this.lx.advance();
          proto.isVararg = true;
          this.checkVarLimit(0);
          const arg = this.newVar('arg');
          proto.argVar = arg;
          this.activate([arg]);
          break;
        }
        default:
          this.lx.syntaxError(`<name> or '...' expected`);
      }
    } while (!proto.isVararg && this.testNext(44));
  }

  // ---- expressions ----

  private exprList(): Expr[] {
    const list = [this.expr()];
    while (this.testNext(44)) list.push(this.expr());
    return list;
  }

  private expr(): Expr {
    return this.subExpr(0).e;
  }

  private subExpr(limit: number): { e: Expr; op: number } {
    this.enterLevel();
    let e: Expr;
    const t = this.lx.token;
    if (t === Tok.Not || t === 45 || t === 35) {
      this.lx.advance();
      const a = this.subExpr(UNARY_PRIORITY).e;
      const line = this.lx.lastline;
      if (t === Tok.Not) e = { k: 'not', a };
      else if (t === 35) e = { k: 'len', a, line };
      else {
        const n = numeral(a);
        e = n !== undefined && -n === -n ? { k: 'num', v: -n } : { k: 'unm', a, line };
      }
    } else {
      e = this.simpleExp();
    }
    let op = this.lx.token;
    let info = BINOPS[op];
    while (info !== undefined && info.left > limit) {
      this.lx.advance();
      const r = this.subExpr(info.right);
      const line = this.lx.lastline;
      if (info.op === 'and' || info.op === 'or') e = { k: info.op, a: e, b: r.e };
      else e = fold(info.op, e, r.e) ?? { k: 'bin', op: info.op, a: e, b: r.e, line };
      op = r.op;
      info = BINOPS[op];
    }
    this.leaveLevel();
    return { e, op };
  }

  private simpleExp(): Expr {
    let e: Expr;
    switch (this.lx.token) {
      case Tok.Number:
        e = { k: 'num', v: this.lx.nval };
        break;
      case Tok.String:
        e = { k: 'str', v: this.lx.sval };
        break;
      case Tok.Nil:
        e = { k: 'nil' };
        break;
      case Tok.True:
        e = { k: 'true' };
        break;
      case Tok.False:
        e = { k: 'false' };
        break;
      case Tok.Dots: {
        const proto = this.fs.proto;
        if (!proto.isVararg) this.lx.syntaxError(`cannot use '...' outside a vararg function`);
        proto.usesVararg = true;
        e = { k: 'vararg' };
        break;
      }
      case 123: // '{'
        return this.constructor_();
      case Tok.Function: {
        this.lx.advance();
        return { k: 'func', f: this.body(false, this.lx.line, '?') };
      }
      default:
        return this.primaryExp();
    }
    this.lx.advance();
    return e;
  }

  private primaryExp(): Expr {
    let e = this.prefixExp();
    for (;;) {
      switch (this.lx.token) {
        case 46: { // '.'
          this.lx.advance();
          const key = this.checkName();
          e = { k: 'index', obj: e, key: { k: 'str', v: key }, line: this.lx.lastline };
          break;
        }
        case 91: { // '['
          this.lx.advance();
          const key = this.expr();
          this.checkNext(93);
          e = { k: 'index', obj: e, key, line: this.lx.lastline };
          break;
        }
        case 58: { // ':'
          this.lx.advance();
          const name = this.checkName();
          const line = this.lx.line;
          const args = this.funcArgs();
          e = { k: 'method', obj: e, name, args, line };
          break;
        }
        case 40:
        case Tok.String:
        case 123: {
          const line = this.lx.line;
          const args = this.funcArgs();
          e = { k: 'call', fn: e, args, line };
          break;
        }
        default:
          return e;
      }
    }
  }

  private prefixExp(): Expr {
    switch (this.lx.token) {
      case 40: {
        const line = this.lx.line;
        this.lx.advance();
        const e = this.expr();
        this.checkMatch(41, 40, line);
        return { k: 'paren', e };
      }
      case Tok.Name: {
        const name = this.lx.sval;
        this.lx.advance();
        return this.resolve(name, this.lx.lastline);
      }
      default:
        return this.lx.syntaxError('unexpected symbol');
    }
  }

  private funcArgs(): Expr[] {
    const line = this.lx.line;
    switch (this.lx.token) {
      case 40: {
        if (line !== this.lx.lastline) {
          this.lx.syntaxError('ambiguous syntax (function call x new statement)');
        }
        this.lx.advance();
        const args = this.tok() === 41 ? [] : this.exprList();
        this.checkMatch(41, 40, line);
        return args;
      }
      case 123:
        return [this.constructor_()];
      case Tok.String: {
        const s = this.lx.sval;
        this.lx.advance();
        return [{ k: 'str', v: s }];
      }
      default:
        return this.lx.syntaxError('function arguments expected');
    }
  }

  private constructor_(): Expr {
    const line = this.lx.line;
    const items: TableItem[] = [];
    this.checkNext(123);
    do {
      if (this.lx.token === 125) break;
      if (this.lx.token === Tok.Name) {
        this.lx.lookahead();
        if (this.lx.ahead !== 61) {
          items.push({ k: 'pos', v: this.expr() });
        } else {
          const key = this.checkName();
          this.checkNext(61);
          const v = this.expr();
          items.push({ k: 'keyed', key: { k: 'str', v: key }, v, line: this.lx.lastline });
        }
      } else if (this.lx.token === 91) {
        this.lx.advance();
        const key = this.expr();
        this.checkNext(93);
        this.checkNext(61);
        const v = this.expr();
        items.push({ k: 'keyed', key, v, line: this.lx.lastline });
      } else {
        items.push({ k: 'pos', v: this.expr() });
      }
    } while (this.testNext(44) || this.testNext(59));
    this.checkMatch(125, 123, line);
    return { k: 'table', items, line };
  }
}

/** A numeral, possibly parenthesized (Lua's isnumeral after discharging). */
function numeral(e: Expr): number | undefined {
  if (e.k === 'num') return e.v;
  if (e.k === 'paren') return numeral(e.e);
  return undefined;
}

/**
 * Lua 5.1's constant folding (lcode.c constfolding): arithmetic on two numerals is done at
 * compile time, except division or modulo by zero and results that are NaN. It is observable
 * through the constant table, where 0 and -0 are one entry.
 */
function fold(op: BinOp, a: Expr, b: Expr): Expr | undefined {
  const x = numeral(a);
  const y = numeral(b);
  if (x === undefined || y === undefined) return undefined;
  let r: number;
  switch (op) {
    case 'add': r = x + y; break;
    case 'sub': r = x - y; break;
    case 'mul': r = x * y; break;
    case 'div':
      if (y === 0) return undefined;
      r = x / y;
      break;
    case 'mod':
      if (y === 0) return undefined;
      r = x - Math.floor(x / y) * y;
      break;
    case 'pow': r = x === 1 || (x === -1 && !Number.isFinite(y) && y === y) ? 1 : Math.pow(x, y); break;
    default:
      return undefined;
  }
  return r !== r ? undefined : { k: 'num', v: r };
}

function newProto(line: number, name: string): FuncProto {
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
