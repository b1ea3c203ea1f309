/**
 * The Lua engine of FUNCTION libraries (Redis's function_lua.c). One interpreter holds every
 * library. Library code runs with a restricted view: its globals table is empty with a
 * metatable whose __index points, while FUNCTION LOAD runs the code, at a table holding only
 * `redis` with register_function, log, the LOG_* levels and the version (anything else is a
 * "nonexistent global" error), and afterwards at the full globals the registered functions use.
 */
import { LuaError, LuaFunction, LuaTable, numberToString, type LuaValue } from './lua/value.js';
import { LuaFailure, native, raise, type LuaVM } from './lua-vm.js';
import { addLogApi, addVersionApi, redisApi, type ScriptHost } from './redis-api.js';
import { createScriptingVM, errorMetatable, lockGlobals, protectRecursively } from './sandbox.js';
import { errorTable, extractErrorInfo } from './script-errors.js';
import { isValidFunctionName } from './shebang.js';
import { SCRIPT_FLAG_NAMES } from '../engine/script-run.js';
import type { Engine } from '../engine/engine.js';
import { monotonicMs } from '../engine/script-run.js';

/** A function a library registered. */
export interface RegisteredFunction {
  readonly name: string;
  readonly desc: string | undefined;
  /** Declared flags (ScriptFlag bits). */
  readonly flags: number;
  readonly fn: LuaFunction;
}

/** The library being loaded: the functions it registered so far, by exact name. */
interface LoadContext {
  readonly functions: Map<string, RegisteredFunction>;
  readonly start: number;
  readonly timeoutMs: number;
}

const NAME_ERROR = 'Library names can only contain letters, numbers, or underscores(_) and must be at least one character long';

/** lua_isstring + tostring: strings and numbers as strings, else undefined. */
function stringArg(v: LuaValue): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' ? numberToString(v) : undefined;
}

export class LuaFunctionEngine implements ScriptHost {
  run: ScriptHost['run'] = null;
  readonly vm: LuaVM;
  /** The globals library code and functions run with (empty; reads go through its metatable). */
  private readonly env: LuaTable;
  private readonly envMeta: LuaTable;
  /** What library code sees while FUNCTION LOAD runs it, and what functions see later. */
  private readonly loadApi: LuaTable;
  private readonly fullGlobals: LuaTable;
  private loading: LoadContext | null = null;

  constructor(readonly engine: Engine) {
    const vm = (this.vm = createScriptingVM(this));
    this.fullGlobals = vm.globals;
    this.fullGlobals.set('redis', redisApi(this, false));
    lockGlobals(vm);
    const redis = new LuaTable();
    redis.set(
      'register_function',
      native('register_function', (args) => this.registerFunction(args)),
    );
    addLogApi(redis, this);
    addVersionApi(redis);
    redis.metatable = errorMetatable();
    this.loadApi = new LuaTable();
    this.loadApi.set('redis', redis);
    this.loadApi.metatable = errorMetatable();
    protectRecursively(this.loadApi);
    this.envMeta = new LuaTable();
    this.envMeta.set('__index', this.fullGlobals);
    this.env = new LuaTable();
    this.env.metatable = this.envMeta;
    this.envMeta.readonly = true;
    this.env.readonly = true;
  }

  /**
   * Compiles and runs a library's code so it registers its functions (Redis's luaEngineCreate).
   * Returns the functions, or the error text for FUNCTION LOAD. `timeoutMs` 0: no time limit.
   */
  create(code: string, timeoutMs: number): Map<string, RegisteredFunction> | string {
    let chunk: LuaFunction;
    try {
      chunk = this.vm.load(code, '@user_function', this.env);
    } catch (e) {
      if (!(e instanceof LuaError)) throw e;
      return `Error compiling function: ${typeof e.value === 'string' ? e.value : e.message}`;
    }
    const ctx: LoadContext = { functions: new Map(), start: monotonicMs(), timeoutMs };
    this.loading = ctx;
    this.envMeta.set('__index', this.loadApi);
    this.vm.setHook(() => {
      if (ctx.timeoutMs > 0 && monotonicMs() - ctx.start > ctx.timeoutMs) this.vm.abort(errorTable('FUNCTION LOAD timeout'));
    });
    try {
      this.vm.call(chunk, []);
    } catch (e) {
      if (!(e instanceof LuaFailure)) throw e;
      return `Error registering functions: ${extractErrorInfo(e.value).msg ?? ''}`;
    } finally {
      this.vm.setHook(undefined);
      this.envMeta.set('__index', this.fullGlobals);
      this.loading = null;
    }
    return ctx.functions;
  }

  /** redis.register_function(name, callback) or redis.register_function{...}. */
  private registerFunction(args: LuaValue[]): LuaValue[] {
    const ctx = this.loading;
    if (ctx === null) raise(errorTable('redis.register_function can only be called on FUNCTION LOAD command'));
    if (args.length < 1 || args.length > 2) raise(errorTable('wrong number of arguments to redis.register_function'));
    const f = args.length === 1 ? namedArgs(args[0]) : positionalArgs(args[0], args[1]);
    if (!isValidFunctionName(f.name)) raise(errorTable(NAME_ERROR));
    if (ctx.functions.has(f.name)) raise(errorTable('Function already exists in the library'));
    ctx.functions.set(f.name, f);
    return [];
  }

  /** Memory of the interpreter (used_memory_vm_functions). */
  vmMemory(): number {
    return this.vm.memoryUsage();
  }
}

function positionalArgs(name: LuaValue, callback: LuaValue): RegisteredFunction {
  const n = stringArg(name);
  if (n === undefined) raise(errorTable('first argument to redis.register_function must be a string'));
  if (!(callback instanceof LuaFunction)) raise(errorTable('second argument to redis.register_function must be a function'));
  return { name: n, desc: undefined, flags: 0, fn: callback };
}

function namedArgs(t: LuaValue): RegisteredFunction {
  if (!(t instanceof LuaTable)) {
    raise(errorTable('calling redis.register_function with a single argument is only applicable to Lua table (representing named arguments).'));
  }
  let name: string | undefined;
  let desc: string | undefined;
  let fn: LuaFunction | undefined;
  let flags = 0;
  for (let e = t.next(undefined); e; e = t.next(e[0])) {
    const key = stringArg(e[0]);
    if (key === undefined) raise(errorTable('named argument key given to redis.register_function is not a string'));
    const v = e[1];
    switch (key.toLowerCase()) {
      case 'function_name':
        name = stringArg(v);
        if (name === undefined) raise(errorTable('function_name argument given to redis.register_function must be a string'));
        break;
      case 'description':
        desc = stringArg(v);
        if (desc === undefined) raise(errorTable('description argument given to redis.register_function must be a string'));
        break;
      case 'callback':
        if (!(v instanceof LuaFunction)) raise(errorTable('callback argument given to redis.register_function must be a function'));
        fn = v;
        break;
      case 'flags':
        if (!(v instanceof LuaTable)) raise(errorTable('flags argument to redis.register_function must be a table representing function flags'));
        flags = readFlags(v);
        break;
      default:
        raise(errorTable('unknown argument given to redis.register_function'));
    }
  }
  if (name === undefined) raise(errorTable('redis.register_function must get a function name argument'));
  if (fn === undefined) raise(errorTable('redis.register_function must get a callback argument'));
  return { name, desc, flags, fn };
}

/** The flags table {'no-writes', ...} (names compared without case), or an error. */
function readFlags(t: LuaTable): number {
  let flags = 0;
  for (let j = 1; ; j++) {
    const v = t.get(j);
    if (v === undefined) return flags;
    const s = stringArg(v);
    const f = s === undefined ? undefined : SCRIPT_FLAG_NAMES.find(([, n]) => n === s.toLowerCase());
    if (f === undefined) raise(errorTable('unknown flag given'));
    flags |= f[0];
  }
}
