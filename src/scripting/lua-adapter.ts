/**
 * The one place that knows the Lua engine's API (./lua/): opens a state with the standard
 * libraries Redis loads and adapts it to LuaVM.
 */
import type { LuaVM } from './lua-vm.js';

export function openLuaVM(): LuaVM {
  throw new Error('the Lua engine is not available yet');
}
