/**
 * Expressions and function bodies (lparser.c's subexpr with Lua's precedence table, constructors,
 * call arguments), plus Lua 5.1's constant folding of numeric literals.
 */
import type { BinOp, Expr, FuncProto, TableItem } from './ast.js';
import { Tok } from './lexer.js';
import { FuncState, ParserBase, newProto } from './parse-scope.js';

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

export abstract class ExprParser extends ParserBase {
  // ---- functions ----

  protected body(needSelf: boolean, line: number, name: string): FuncProto {
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

  protected parList(proto: FuncProto): void {
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

  protected exprList(): Expr[] {
    const list = [this.expr()];
    while (this.testNext(44)) list.push(this.expr());
    return list;
  }

  protected expr(): Expr {
    return this.subExpr(0).e;
  }

  protected subExpr(limit: number): { e: Expr; op: number } {
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

  protected simpleExp(): Expr {
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

  protected primaryExp(): Expr {
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

  protected prefixExp(): Expr {
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

  protected funcArgs(): Expr[] {
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

  protected constructor_(): Expr {
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
