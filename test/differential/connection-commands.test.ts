/**
 * Differential test: connection commands and the dispatcher's error texts (PING, ECHO, HELLO and
 * AUTH errors, CLIENT SETNAME/GETNAME, unknown commands and subcommands), each case from empty
 * databases, in RESP2 and RESP3. The cases live in ./cases/connection-commands.ts.
 */
import { registerCases } from '../helpers/differential.js';
import { CONNECTION_COMMAND_CASES } from './cases/connection-commands.js';

registerCases('connection', CONNECTION_COMMAND_CASES);
