/**
 * Lua 5.1 lexer over a byte string (one char per byte). Token rules and error texts follow
 * llex.c so syntax errors read exactly like Lua's ("user_script:1: unfinished string near
 * '"abc'"). Character classes are C-locale ones: bytes >= 128 are neither letters nor spaces.
 */
import { LuaError } from './value.js';
import { chunkId } from './chunkname.js';
import { str2number } from './number.js';

/** Token codes: single-char tokens are their byte value; the rest start at 257 (Lua's order). */
export const enum Tok {
  And = 257, Break, Do, Else, Elseif, End, False, For, Function, If, In, Local, Nil, Not, Or,
  Repeat, Return, Then, True, Until, While,
  Concat, Dots, Eq, Ge, Le, Ne, Number, Name, String, Eos,
}

const TOKEN_NAMES = [
  'and', 'break', 'do', 'else', 'elseif', 'end', 'false', 'for', 'function', 'if', 'in', 'local',
  'nil', 'not', 'or', 'repeat', 'return', 'then', 'true', 'until', 'while',
  '..', '...', '==', '>=', '<=', '~=', '<number>', '<name>', '<string>', '<eof>',
];

const RESERVED = new Map<string, number>();
for (let i = 0; i <= Tok.While - Tok.And; i++) RESERVED.set(TOKEN_NAMES[i], Tok.And + i);

const EOZ = -1;
const NL = 10;
const CR = 13;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isAlpha(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
}
function isAlnum(c: number): boolean {
  return isAlpha(c) || isDigit(c);
}
/** C isspace in the C locale (newlines are handled before this is asked). */
function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/** luaX_token2str: how a token is named in messages. */
export function tokenToString(token: number): string {
  if (token < 257) {
    return token < 32 || token === 127 ? `char(${token})` : String.fromCharCode(token);
  }
  return TOKEN_NAMES[token - 257];
}

export class Lexer {
  private pos = 0;
  private current: number;
  /** Line of the current position (ls->linenumber). */
  line = 1;
  /** Line of the last token consumed (ls->lastline). */
  lastline = 1;
  /** The current token. */
  token: number = Tok.Eos;
  /** Semantic value of the current token: string for names/strings, number for numbers. */
  sval = '';
  nval = 0;
  private aheadToken: number = Tok.Eos;
  private aheadS = '';
  private aheadN = 0;
  /** Text of the last token lexed (Lua's buffer), used in "near '...'" messages. */
  private buff = '';
  /** Chunk name as shown in messages ("user_script", `[string "..."]`). */
  readonly chunk: string;

  constructor(private readonly src: string, chunkname: string) {
    this.chunk = chunkId(chunkname);
    this.current = src.length > 0 ? src.charCodeAt(0) : EOZ;
  }

  /** Lookahead token (only valid after {@link lookahead}). */
  get ahead(): number {
    return this.aheadToken;
  }

  /** The current byte (a method so TypeScript does not narrow it across next()). */
  private cur(): number {
    return this.current;
  }

  private next(): void {
    const p = ++this.pos;
    this.current = p < this.src.length ? this.src.charCodeAt(p) : EOZ;
  }

  private saveAndNext(): void {
    this.buff += String.fromCharCode(this.cur());
    this.next();
  }

  /** Advances to the next token (luaX_next). */
  advance(): void {
    this.lastline = this.line;
    if (this.aheadToken !== Tok.Eos) {
      this.token = this.aheadToken;
      this.sval = this.aheadS;
      this.nval = this.aheadN;
      this.aheadToken = Tok.Eos;
    } else {
      this.token = this.lex();
      this.sval = this.lexS;
      this.nval = this.lexN;
    }
  }

  /** Reads one token ahead without consuming the current one (luaX_lookahead). */
  lookahead(): void {
    this.aheadToken = this.lex();
    this.aheadS = this.lexS;
    this.aheadN = this.lexN;
  }

  /** Raises a syntax error "chunk:line: msg [near 'token']" (luaX_lexerror). */
  error(msg: string, token: number | 0): never {
    let text = `${this.chunk}:${this.line}: ${msg}`;
    if (token) text += ` near '${this.tokenText(token)}'`;
    throw new LuaError(text);
  }

  /** luaX_syntaxerror: an error near the current token. */
  syntaxError(msg: string): never {
    return this.error(msg, this.token);
  }

  private tokenText(token: number): string {
    if (token === Tok.Name || token === Tok.String || token === Tok.Number) {
      const b = this.buff;
      const z = b.indexOf('\0');
      return z < 0 ? b : b.slice(0, z); // the C buffer ends at the first zero byte
    }
    return tokenToString(token);
  }

  private lexS = '';
  private lexN = 0;

  private incLine(): void {
    const old = this.cur();
    this.next();
    if ((this.cur() === NL || this.cur() === CR) && this.cur() !== old) this.next();
    this.line++;
  }

  private lex(): number {
    this.buff = '';
    for (;;) {
      const c = this.cur();
      switch (c) {
        case NL:
        case CR:
          this.incLine();
          continue;
        case 45: { // '-'
          this.next();
          if (this.cur() !== 45) return 45;
          this.next();
          if (this.cur() === 91) {
            const sep = this.skipSep();
            this.buff = '';
            if (sep >= 0) {
              this.readLongString(false, sep);
              this.buff = '';
              continue;
            }
          }
          while (this.cur() !== NL && this.cur() !== CR && this.cur() !== EOZ) this.next();
          continue;
        }
        case 91: { // '['
          const sep = this.skipSep();
          if (sep >= 0) {
            this.lexS = this.readLongString(true, sep);
            return Tok.String;
          }
          if (sep === -1) return 91;
          return this.error('invalid long string delimiter', Tok.String);
        }
        case 61: // '=' or '=='
          return this.withEq(61, Tok.Eq);
        case 60: // '<' or '<='
          return this.withEq(60, Tok.Le);
        case 62: // '>' or '>='
          return this.withEq(62, Tok.Ge);
        case 126: // '~' or '~='
          return this.withEq(126, Tok.Ne);
        case 34: // '"'
        case 39: // '\''
          this.lexS = this.readString(c);
          return Tok.String;
        case 46: // '.'
          this.saveAndNext();
          if (this.cur() === 46) {
            this.saveAndNext();
            if (this.cur() === 46) {
              this.saveAndNext();
              return Tok.Dots;
            }
            return Tok.Concat;
          }
          if (!isDigit(this.cur())) return 46;
          this.lexN = this.readNumeral();
          return Tok.Number;
        case EOZ:
          return Tok.Eos;
        default: {
          if (isSpace(c)) {
            this.next();
            continue;
          }
          if (isDigit(c)) {
            this.lexN = this.readNumeral();
            return Tok.Number;
          }
          if (isAlpha(c) || c === 95) {
            const start = this.pos;
            do this.next();
            while (isAlnum(this.cur()) || this.cur() === 95);
            const word = this.src.slice(start, this.pos);
            this.buff = word;
            const reserved = RESERVED.get(word);
            if (reserved !== undefined) return reserved;
            this.lexS = word;
            return Tok.Name;
          }
          this.next();
          return c;
        }
      }
    }
  }

  /** A one-char token, or its two-char form when '=' follows. */
  private withEq(single: number, double: number): number {
    this.next();
    if (this.cur() !== 61) return single;
    this.next();
    return double;
  }

  private readNumeral(): number {
    const start = this.pos - this.buff.length; // a leading '.' was already saved
    do this.next();
    while (isDigit(this.cur()) || this.cur() === 46);
    if (this.cur() === 69 || this.cur() === 101) { // E e
      this.next();
      if (this.cur() === 43 || this.cur() === 45) this.next();
    }
    while (isAlnum(this.cur()) || this.cur() === 95) this.next();
    this.buff = this.src.slice(start, this.pos);
    const n = str2number(this.buff);
    if (n === undefined) return this.error('malformed number', Tok.Number);
    return n;
  }

  /** At '[' or ']': counts '=' signs; returns the level, or -(count)-1 if not a bracket. */
  private skipSep(): number {
    let count = 0;
    const s = this.cur();
    this.saveAndNext();
    while (this.cur() === 61) {
      this.saveAndNext();
      count++;
    }
    return this.cur() === s ? count : -count - 1;
  }

  private readLongString(isString: boolean, sep: number): string {
    this.saveAndNext(); // second '['
    if (this.cur() === NL || this.cur() === CR) this.incLine();
    for (;;) {
      const c = this.cur();
      if (c === EOZ) {
        this.error(isString ? 'unfinished long string' : 'unfinished long comment', Tok.Eos);
      } else if (c === 91) { // '[': a nested [[ is an error in Lua 5.1 (LUA_COMPAT_LSTR == 1)
        if (this.skipSep() === sep) {
          this.saveAndNext();
          if (sep === 0) this.error('nesting of [[...]] is deprecated', 91);
        }
      } else if (c === 93) { // ']'
        if (this.skipSep() === sep) {
          this.saveAndNext();
          break;
        }
      } else if (c === NL || c === CR) {
        this.buff += '\n';
        this.incLine();
        if (!isString) this.buff = '';
      } else {
        // copy a run of ordinary bytes at once
        const src = this.src;
        const start = this.pos;
        let p = start + 1;
        for (; p < src.length; p++) {
          const d = src.charCodeAt(p);
          if (d === 91 || d === 93 || d === NL || d === CR) break;
        }
        if (isString) this.buff += src.slice(start, p);
        this.pos = p - 1;
        this.next();
      }
    }
    if (!isString) return '';
    return this.buff.slice(2 + sep, this.buff.length - (2 + sep));
  }

  private readString(del: number): string {
    this.saveAndNext();
    let out = '';
    for (;;) {
      const c = this.cur();
      if (c === del) break;
      switch (c) {
        case EOZ:
          return this.error('unfinished string', Tok.Eos);
        case NL:
        case CR:
          this.buff = this.buff[0] + out;
          return this.error('unfinished string', Tok.String);
        case 92: { // backslash
          this.next();
          let e = this.cur();
          switch (e) {
            case 97: e = 7; break; // \a
            case 98: e = 8; break; // \b
            case 102: e = 12; break; // \f
            case 110: e = 10; break; // \n
            case 114: e = 13; break; // \r
            case 116: e = 9; break; // \t
            case 118: e = 11; break; // \v
            case NL:
            case CR:
              out += '\n';
              this.incLine();
              continue;
            case EOZ:
              continue; // reported as unfinished on the next round
            default: {
              if (!isDigit(e)) {
                out += String.fromCharCode(e);
                this.next();
                continue;
              }
              let v = 0;
              let i = 0;
              do {
                v = 10 * v + (this.cur() - 48);
                this.next();
              } while (++i < 3 && isDigit(this.cur()));
              if (v > 255) {
                this.buff = this.buff[0] + out;
                this.error('escape sequence too large', Tok.String);
              }
              out += String.fromCharCode(v);
              continue;
            }
          }
          out += String.fromCharCode(e);
          this.next();
          continue;
        }
        default: {
          // copy a run of ordinary bytes at once
          const start = this.pos;
          let p = start;
          const src = this.src;
          for (;;) {
            p++;
            if (p >= src.length) break;
            const d = src.charCodeAt(p);
            if (d === del || d === 92 || d === NL || d === CR) break;
          }
          out += src.slice(start, p);
          this.pos = p - 1;
          this.next();
        }
      }
    }
    this.next(); // closing delimiter
    const q = String.fromCharCode(del);
    this.buff = q + out + q;
    return out;
  }
}
