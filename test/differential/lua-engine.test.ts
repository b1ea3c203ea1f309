/**
 * Differential test of Sonic's Lua 5.1 engine against the reference lua5.1 interpreter: every
 * corpus script must print byte-identical output (including error messages with positions).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireLua51, runReference, runSonic } from '../helpers/lua-engine.js';
import { SYNTAX_CASES } from './lua/corpus-syntax.js';
import type { Case } from './lua/corpus-syntax.js';
import { VALUE_CASES } from './lua/corpus-values.js';
import { CONTROL_CASES } from './lua/corpus-control.js';
import { META_CASES } from './lua/corpus-meta.js';
import { ERROR_CASES } from './lua/corpus-errors.js';
import { LIB_CASES } from './lua/corpus-lib.js';

const GROUPS: [string, Case[]][] = [
  ['syntax', SYNTAX_CASES],
  ['values', VALUE_CASES],
  ['control', CONTROL_CASES],
  ['metatables', META_CASES],
  ['errors', ERROR_CASES],
  ['libraries', LIB_CASES],
];

test('lua5.1 is installed', () => requireLua51());

for (const [group, cases] of GROUPS) {
  test(`lua differential: ${group} (${cases.length} cases)`, () => {
    requireLua51();
    const failures: string[] = [];
    for (const [name, src] of cases) {
      const want = runReference(src);
      let got: string;
      try {
        got = runSonic(src);
      } catch (e) {
        got = `<<crash: ${(e as Error).stack}>>`;
      }
      if (got !== want) failures.push(`--- ${name}\n${src}\n--- lua5.1:\n${want}--- sonic:\n${got}`);
    }
    assert.equal(failures.length, 0, `${failures.length} of ${cases.length} cases differ:\n${failures.join('\n')}`);
  });
}
