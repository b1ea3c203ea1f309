/**
 * Transaction commands: MULTI, EXEC, DISCARD, WATCH, UNWATCH. The queueing itself happens in
 * the dispatcher; the state and EXEC live in engine/transaction.ts, the WATCH bookkeeping in
 * keyspace/watched-keys.ts.
 */
import { defineCommands } from './define.js';
import { resetHooks } from '../engine/client.js';
import { beginTransaction, discardTransaction, execTransaction } from '../engine/transaction.js';

// RESET leaves MULTI and drops every WATCH, as Redis's clearClientConnectionState.
resetHooks.push(discardTransaction);

export const transactionCommands = defineCommands({
  multi: (c) => beginTransaction(c),
  exec: (c) => execTransaction(c.engine, c),
  discard: (c) => {
    if (c.multi === null) return c.reply.error('ERR DISCARD without MULTI');
    discardTransaction(c);
    c.reply.ok();
  },
  watch: (c, argv) => {
    if (c.multi !== null) return c.reply.error('ERR WATCH inside MULTI is not allowed');
    // Once a watched key changed the transaction fails anyway: no point watching more.
    if (!c.watch.dirty) for (let i = 1; i < argv.length; i++) c.watch.watch(c.db, argv[i]);
    c.reply.ok();
  },
  unwatch: (c) => {
    c.watch.unwatchAll();
    c.watch.dirty = false;
    c.reply.ok();
  },
});
