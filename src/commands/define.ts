/**
 * Binding of handlers to the generated command table. A group file declares its commands with
 * `defineCommands({...})`; keys must be names from the Redis 7.0.15 table ("get", "client|list"),
 * so a misspelt or invented command does not compile, and a command exists in Sonic exactly when it
 * has a handler here.
 */
import type { CommandName } from './table/generated.js';
import type { Client } from '../engine/client.js';

/** Runs one command. `argv[0]` is the command name as sent; arity is already checked. */
export type Handler = (c: Client, argv: string[]) => void;

export type HandlerMap = { readonly [K in CommandName]?: Handler };

export function defineCommands<T extends { [K in keyof T]: K extends CommandName ? Handler : never }>(handlers: T): T {
  return handlers;
}
