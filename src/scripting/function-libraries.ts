/**
 * The registry of FUNCTION libraries (Redis 7.0's functions.c): libraries by name, their
 * functions by name (looked up without case, as Redis's function dict does), loading a library
 * from its code (`#!lua name=<lib>` header), and the DUMP/RESTORE payload, which is the RDB
 * form of every library (RDB_OPCODE_FUNCTION2 + code) with Redis's version and CRC64 footer.
 */
import { RdbOpcode } from '../persistence/rdb/constants.js';
import { RdbReader } from '../persistence/rdb/reader.js';
import { RdbWriter } from '../persistence/rdb/writer.js';
import { RDB_VERSION } from '../persistence/rdb/constants.js';
import { crc64 } from '../persistence/rdb/crc64.js';
import { RdbError } from '../persistence/rdb/errors.js';
import { readFunctionCode } from '../persistence/rdb/file-read.js';
import type { Engine } from '../engine/engine.js';
import { LuaFunctionEngine, type RegisteredFunction } from './function-engine.js';
import { isValidFunctionName, libraryMetadata } from './shebang.js';
import { asciiLower } from './eval.js';

/** A function of a loaded library. */
export interface FunctionInfo extends RegisteredFunction {
  readonly library: FunctionLibrary;
}

export interface FunctionLibrary {
  readonly name: string;
  /** The engine's name as registered ("LUA"). */
  readonly engine: string;
  /** The whole payload given to FUNCTION LOAD, header included. */
  readonly code: string;
  /** Functions by exact name, in registration order. */
  readonly functions: Map<string, FunctionInfo>;
}

/** The only engine, registered under Redis's name for it. */
export const LUA_ENGINE_NAME = 'LUA';

/** Time a library's code may take to register its functions on FUNCTION LOAD. */
export const LOAD_TIMEOUT_MS = 500;

/** Redis 7.0.15's figures with no library loaded (INFO memory), and per library/function. */
const EMPTY_FUNCTIONS_VM_BYTES = 33792;
const ENGINE_OVERHEAD = 200;
const LIBRARY_OVERHEAD = 64;
const FUNCTION_OVERHEAD = 96;

/** FUNCTION RESTORE policies. */
export type RestorePolicy = 'append' | 'replace' | 'flush';

/** A set of libraries (the current one, or one being restored before it is joined in). */
export class LibrarySet {
  readonly libraries = new Map<string, FunctionLibrary>();
  /** Functions by ASCII-lowercased name. */
  readonly functions = new Map<string, FunctionInfo>();
  /** Functions counted per library link (FUNCTION STATS functions_count). */
  functionCount = 0;

  link(lib: FunctionLibrary): void {
    for (const f of lib.functions.values()) {
      const key = asciiLower(f.name);
      // Two names differing only in case within one library: the first one wins, as in Redis.
      if (!this.functions.has(key)) this.functions.set(key, f);
    }
    this.libraries.set(lib.name, lib);
    this.functionCount += lib.functions.size;
  }

  unlink(lib: FunctionLibrary): void {
    for (const f of lib.functions.values()) {
      const key = asciiLower(f.name);
      if (this.functions.get(key) === f) this.functions.delete(key);
    }
    this.libraries.delete(lib.name);
    this.functionCount -= lib.functions.size;
  }

  clear(): void {
    this.libraries.clear();
    this.functions.clear();
    this.functionCount = 0;
  }
}

export class FunctionLibraries {
  private current = new LibrarySet();
  private luaEngine: LuaFunctionEngine | undefined;

  constructor(private readonly engine: Engine) {}

  /** The Lua engine, created on first use. */
  get lua(): LuaFunctionEngine {
    return (this.luaEngine ??= new LuaFunctionEngine(this.engine));
  }

  get size(): number {
    return this.current.libraries.size;
  }

  get functionCount(): number {
    return this.current.functionCount;
  }

  get libraries(): ReadonlyMap<string, FunctionLibrary> {
    return this.current.libraries;
  }

  /** The function FCALL names (case-insensitive), or undefined. */
  lookup(name: string): FunctionInfo | undefined {
    return this.current.functions.get(asciiLower(name));
  }

  /** Removes every library; returns how many there were. */
  clear(): number {
    const n = this.current.libraries.size;
    this.current.clear();
    return n;
  }

  /** FUNCTION DELETE: false when there is no such library. */
  delete(name: string): boolean {
    const lib = this.current.libraries.get(name);
    if (lib === undefined) return false;
    this.current.unlink(lib);
    return true;
  }

  /**
   * Loads a library into `into` (default: the current set), as Redis's
   * functionsCreateWithLibraryCtx: returns its name, or the error text.
   */
  create(payload: string, replace: boolean, timeoutMs: number, into: LibrarySet = this.current): { name: string } | { error: string } {
    const md = libraryMetadata(payload);
    if (typeof md === 'string') return { error: md };
    if (!isValidFunctionName(md.name)) {
      return { error: 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long' };
    }
    if (asciiLower(md.engine) !== 'lua') return { error: `Engine '${md.engine}' not found` };
    const old = into.libraries.get(md.name);
    if (old !== undefined && !replace) return { error: `Library '${md.name}' already exists` };
    if (old !== undefined) into.unlink(old);
    const fail = (error: string) => {
      if (old !== undefined) into.link(old);
      return { error };
    };
    const registered = this.lua.create(md.code, timeoutMs);
    if (typeof registered === 'string') return fail(registered);
    if (registered.size === 0) return fail('No functions registered');
    for (const f of registered.values()) {
      if (into.functions.has(asciiLower(f.name))) return fail(`Function ${f.name} already exists`);
    }
    const lib: FunctionLibrary = { name: md.name, engine: LUA_ENGINE_NAME, code: payload, functions: new Map() };
    for (const f of registered.values()) lib.functions.set(f.name, { ...f, library: lib });
    into.link(lib);
    return { name: md.name };
  }

  /** Memory of the functions' interpreter (used_memory_vm_functions). */
  vmMemory(): number {
    return this.luaEngine?.vmMemory() ?? EMPTY_FUNCTIONS_VM_BYTES;
  }

  /** Libraries and functions bookkeeping (used_memory_functions), in Redis's proportions. */
  memoryOverhead(): number {
    let bytes = ENGINE_OVERHEAD;
    for (const lib of this.current.libraries.values()) {
      bytes += LIBRARY_OVERHEAD + lib.name.length + lib.code.length;
      for (const f of lib.functions.values()) bytes += FUNCTION_OVERHEAD + f.name.length + (f.desc?.length ?? 0);
    }
    return bytes;
  }

  /** Every library's code, for the RDB file (Redis saves the payloads as given). */
  codes(): string[] {
    return [...this.current.libraries.values()].map((l) => l.code);
  }

  /** FUNCTION DUMP: every library as RDB_OPCODE_FUNCTION2 records, then version and CRC64. */
  dump(compress: boolean): string {
    const w = new RdbWriter({ compress, initialSize: 256 });
    for (const lib of this.current.libraries.values()) {
      w.byte(RdbOpcode.FUNCTION2);
      w.string(lib.code);
    }
    w.byte(RDB_VERSION & 0xff);
    w.byte((RDB_VERSION >> 8) & 0xff);
    const body = w.result();
    return Buffer.concat([body, crc64(body).bytes()]).toString('latin1');
  }

  /**
   * FUNCTION RESTORE of a verified payload: loads its libraries aside, then installs them by
   * the policy. Returns null on success or the error text; on error nothing changes.
   */
  restore(payload: Buffer, policy: RestorePolicy): string | null {
    const staged = new LibrarySet();
    const r = new RdbReader(payload);
    while (payload.length - r.pos > 10) {
      const type = r.byte();
      if (type !== RdbOpcode.FUNCTION && type !== RdbOpcode.FUNCTION2) return 'given type is not a function';
      let code: string;
      try {
        code = readFunctionCode(r, type);
      } catch (e) {
        if (e instanceof RdbError) return e.message;
        throw e;
      }
      const made = this.create(code, false, 0, staged);
      if ('error' in made) return made.error;
    }
    return this.install(staged, policy);
  }

  /** Installs loaded libraries: FLUSH replaces all, APPEND/REPLACE join (Redis's libraryJoin). */
  install(staged: LibrarySet, policy: RestorePolicy): string | null {
    if (policy === 'flush') {
      this.current = staged;
      return null;
    }
    const dst = this.current;
    const replaced: FunctionLibrary[] = [];
    const undo = () => {
      for (const lib of replaced) dst.link(lib);
    };
    for (const lib of staged.libraries.values()) {
      const old = dst.libraries.get(lib.name);
      if (old === undefined) continue;
      if (policy !== 'replace') {
        undo();
        return `Library ${lib.name} already exists`;
      }
      dst.unlink(old);
      replaced.push(old);
    }
    for (const f of staged.functions.values()) {
      if (dst.functions.has(asciiLower(f.name))) {
        undo();
        return `Function ${f.name} already exists`;
      }
    }
    for (const lib of staged.libraries.values()) dst.link(lib);
    return null;
  }

  /**
   * Loads libraries read from an RDB file (their codes) aside, for snapshot loading; the result
   * is installed with install() once the whole file checked out. `replace` is DEBUG RELOAD MERGE.
   */
  stage(codes: readonly string[], replace: boolean): LibrarySet | string {
    const staged = new LibrarySet();
    for (const code of codes) {
      const made = this.create(code, replace, 0, staged);
      if ('error' in made) return made.error;
    }
    return staged;
  }
}
