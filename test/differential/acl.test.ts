/**
 * Differential test of ACL: users, rules, AUTH with users and the NOPERM paths (top level,
 * MULTI, EXEC, scripts) with their ACL LOG entries, from ./cases/acl.ts, raw replies compared
 * with redis-server in RESP2 and RESP3 (loose only where test/helpers/loose.ts says why).
 */
import { registerCases } from '../helpers/differential.js';
import { registerMultiCases } from '../helpers/multi-connection.js';
import { ACL_CASES, ACL_MULTI_CASES } from './cases/acl.js';

registerCases('acl', ACL_CASES);
registerMultiCases('acl-multi', ACL_MULTI_CASES);
