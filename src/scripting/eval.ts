/**
 * EVAL scripts (Redis's eval.c): the interpreter EVAL runs in, set up as Redis's scriptingInit
 * (libraries, the redis table, globals locked), and the script cache keyed by SHA1, where each
 * script is compiled once. SCRIPT FLUSH starts over with a fresh interpreter.
 */
import { ScriptFlag } from '../engine/script-run.js';
import type { Engine } from '../engine/engine.js';
import type { LuaFunction } from './lua/value.js';
import { LuaError, LuaTable } from './lua/value.js';
import type { LuaVM } from './lua-vm.js';
import { redisApi, type ScriptHost } from './redis-api.js';
import { evalShebang } from './shebang.js';
import { sha1hex } from './sha1.js';
import { createScriptingVM, lockGlobals } from './sandbox.js';
import { native } from './lua-vm.js';

/** A cached EVAL script. */
export interface EvalScript {
  readonly sha: string;
  readonly body: string;
  /** Declared flags; EvalCompat without a shebang. */
  readonly flags: number;
  readonly fn: LuaFunction;
}

/** Bytes Redis accounts per cached script besides its body (dict entry, luaScript, sha sds). */
const SCRIPT_OVERHEAD = 24 + 16 + 48;

/** ASCII lowercase (C's tolower): SHA arguments are compared case-insensitively. */
export function asciiLower(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.replace(/[A-Z]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 32));
  }
  return s;
}

export class EvalScripts implements ScriptHost {
  run: ScriptHost['run'] = null;
  private state: LuaVM | undefined;
  private readonly scripts = new Map<string, EvalScript>();
  /** Bytes of the cached bodies and their bookkeeping (used_memory_scripts_eval). */
  bodyBytes = 0;
  /** The last body hashed, so a hot EVAL hashes its body once for the flags check and the run. */
  private lastBody = '';
  private lastSha = '';
  private lastGetSha = '';
  private lastGot: EvalScript | undefined;

  constructor(readonly engine: Engine) {}

  /** The interpreter, created on first use. */
  get vm(): LuaVM {
    return (this.state ??= this.createState());
  }

  private createState(): LuaVM {
    const vm = createScriptingVM(this);
    const g = vm.globals;
    g.set('redis', redisApi(this, true));
    // The error handler Redis installs as a global; scripts can see (and call) it.
    g.set(
      '__redis__err__handler',
      native('__redis__err__handler', (args) => {
        const err = args[0];
        if (err instanceof LuaTable) return [err];
        const t = new LuaTable();
        t.set('err', 'ERR ' + (typeof err === 'string' ? err : String(err ?? 'nil')));
        return [t];
      }),
    );
    lockGlobals(vm);
    return vm;
  }

  get size(): number {
    return this.scripts.size;
  }

  /** SHA1 of a script body (memoised for the last one). */
  shaOf(body: string): string {
    if (body !== this.lastBody) {
      this.lastSha = sha1hex(body);
      this.lastBody = body;
    }
    return this.lastSha;
  }

  /** The cached script for a SHA (any case), or undefined. */
  get(sha: string): EvalScript | undefined {
    // EVALSHA looks its script up twice (flags, then the run): remember the last answer.
    if (sha === this.lastGetSha && this.lastGot !== undefined && this.scripts.get(this.lastGot.sha) === this.lastGot) return this.lastGot;
    const s = this.scripts.get(sha.length === 40 ? asciiLower(sha) : sha);
    this.lastGetSha = sha;
    this.lastGot = s;
    return s;
  }

  /** True if a script with this SHA is cached (SCRIPT EXISTS: case-insensitive). */
  has(sha: string): boolean {
    return this.scripts.has(asciiLower(sha));
  }

  /**
   * Compiles and caches `body` unless already cached (Redis's luaCreateFunction). Returns the
   * script, or the error text (without code) for a bad shebang or a syntax error.
   */
  create(body: string): EvalScript | string {
    const sha = this.shaOf(body);
    const cached = this.scripts.get(sha);
    if (cached !== undefined) return cached;
    const shebang = evalShebang(body);
    if (typeof shebang === 'string') return shebang;
    let fn: LuaFunction;
    try {
      // The shebang line is skipped but its newline kept, so line numbers stay the user's.
      fn = this.vm.load(body.slice(shebang.length), '@user_script');
    } catch (e) {
      if (!(e instanceof LuaError)) throw e;
      return `Error compiling script (new function): ${typeof e.value === 'string' ? e.value : e.message}`;
    }
    const script: EvalScript = { sha, body, flags: shebang.flags, fn };
    this.scripts.set(sha, script);
    this.bodyBytes += body.length + SCRIPT_OVERHEAD;
    return script;
  }

  /**
   * The flags a script declares, without compiling it: from the cache, else from its shebang;
   * undefined when unknown (EVALSHA of an uncached script, a bad shebang).
   */
  declaredFlags(bodyOrSha: string, isSha: boolean): number | undefined {
    if (isSha) return bodyOrSha.length === 40 ? this.get(bodyOrSha)?.flags : undefined;
    const cached = this.scripts.get(this.shaOf(bodyOrSha));
    if (cached !== undefined) return cached.flags;
    const shebang = evalShebang(bodyOrSha);
    return typeof shebang === 'string' ? undefined : shebang.flags;
  }

  /** SCRIPT FLUSH: forgets every script and starts a fresh interpreter. */
  flush(): void {
    this.scripts.clear();
    this.bodyBytes = 0;
    this.state = undefined;
    this.lastBody = this.lastSha = this.lastGetSha = '';
    this.lastGot = undefined;
  }

  /** Memory of the interpreter (used_memory_lua / used_memory_vm_eval). */
  vmMemory(): number {
    return this.state?.memoryUsage() ?? EMPTY_VM_BYTES;
  }

  /** Memory of the cache itself (used_memory_scripts_eval), counted as Redis's dict would. */
  cacheMemory(): number {
    const n = this.scripts.size;
    if (n === 0) return 0;
    let slots = 4;
    while (slots < n) slots *= 2;
    return this.bodyBytes + slots * 8;
  }
}

/** What a fresh Lua state takes in Redis (used_memory_lua right after start-up). */
export const EMPTY_VM_BYTES = 32768;

export { ScriptFlag };
