/**
 * The cluster commands of a server that is not a cluster node (cluster-enabled no, the only mode
 * Sonic runs in): every CLUSTER subcommand, READONLY, READWRITE and ASKING answer as Redis 7.0
 * does there, with "cluster support disabled" once arity passed. Clients probe CLUSTER INFO or
 * CLUSTER SLOTS to tell a cluster from a standalone server, so the exact error matters.
 */
import { RAW_COMMANDS } from './table/generated.js';
import type { Handler, HandlerMap } from './define.js';
import { Errors } from '../engine/errors.js';

const disabled: Handler = (c) => c.reply.error(Errors.clusterDisabled);

const names = [...RAW_COMMANDS.filter((r) => r.container === 'cluster').map((r) => r.name), 'readonly', 'readwrite', 'asking'];

export const clusterCommands: HandlerMap = Object.fromEntries(names.map((n) => [n, disabled]));
