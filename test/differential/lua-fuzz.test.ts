/**
 * Differential fuzz of the Lua engine against lua5.1 with a fixed seed: random expressions
 * (operator semantics, coercion, metamethods, error messages) and token soups (syntax errors)
 * must print the same. NaN's sign is platform noise (x86 prints -nan for most), so NaN prints
 * are compared without it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requireLua51, runReference, runSonic } from '../helpers/lua-engine.js';
import { exprProgram, loadProgram, randomChunk, randomExpr, tokenSoup } from '../helpers/lua-fuzz-gen.js';
import { prng } from '../helpers/prng.js';

const noNanSign = (s: string) => s.replace(/-nan/g, 'nan');

function compareLines(program: string): string[] {
  const ref = runReference(program);
  // a whole-program failure would make the comparison vacuous
  assert.ok(!ref.includes('lua5.1: '), `the generated program fails in lua5.1: ${ref.slice(0, 300)}`);
  const want = noNanSign(ref).split('\n');
  const got = noNanSign(runSonic(program)).split('\n');
  const diffs: string[] = [];
  for (let i = 0; i < Math.max(want.length, got.length); i++) {
    if (want[i] !== got[i]) diffs.push(`line ${i + 1}: lua5.1 ${JSON.stringify(want[i])} sonic ${JSON.stringify(got[i])}`);
  }
  return diffs;
}

/** Runs `batches` programs of 100 generated items each; lists the items whose output differs. */
function fuzzBatches(seed: number, make: (r: () => number) => string, program: (items: string[]) => string): string[] {
  const r = prng(seed);
  const failures: string[] = [];
  for (let batch = 0; batch < 6; batch++) {
    const items = Array.from({ length: 100 }, () => make(r));
    for (const d of compareLines(program(items))) {
      const line = Number(d.match(/^line (\d+)/)![1]);
      failures.push(`${JSON.stringify(items[line - 1])} -> ${d}`);
    }
  }
  return failures;
}

test('lua differential fuzz: random expressions', () => {
  requireLua51();
  const failures = fuzzBatches(2024, (r) => randomExpr(r, 3), exprProgram);
  assert.equal(failures.length, 0, failures.slice(0, 30).join('\n'));
});

test('lua differential fuzz: token soups (syntax errors)', () => {
  requireLua51();
  const failures = fuzzBatches(99, (r) => tokenSoup(r, 10), loadProgram);
  assert.equal(failures.length, 0, failures.slice(0, 30).join('\n'));
});

test('lua differential fuzz: random programs (scoping, closures, loops, varargs)', () => {
  requireLua51();
  const r = prng(77);
  const failures: string[] = [];
  for (let i = 0; i < 120; i++) {
    const src = randomChunk(r);
    const want = noNanSign(runReference(src));
    const got = noNanSign(runSonic(src));
    if (want !== got) failures.push(`${src}\n--- lua5.1:\n${want}--- sonic:\n${got}`);
  }
  assert.equal(failures.length, 0, failures.slice(0, 3).join('\n=====\n'));
});
