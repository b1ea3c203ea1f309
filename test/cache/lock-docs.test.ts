/**
 * docs/cache/lock.md's "lock around a job" example, run as written (imports replaced by the
 * test's server): the page cannot drift from the API.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { startTarget, type Target } from '../cache-acceptance/targets.js';
import { createToolkit } from '../../src/cache/toolkit.js';

const docPath = fileURLToPath(new URL('../../../docs/cache/lock.md', import.meta.url));

/** The ts block after `<!-- example: <name>` in the page, without its import lines. */
function example(name: string): string {
  const page = readFileSync(docPath, 'utf8');
  const at = page.indexOf(`<!-- example: ${name}`);
  assert.ok(at >= 0, `example ${name} is in the page`);
  const m = /```ts\n([\s\S]*?)```/.exec(page.slice(at));
  assert.ok(m);
  return m[1].replace(/^import .*$/gm, '');
}

describe('docs/cache/lock.md', () => {
  let target: Target;
  before(async () => {
    target = await startTarget('redis');
  });
  after(async () => target?.close());

  it('"lock around a job" runs: one holder at a time, fences passed to storage', async () => {
    const js = ts.transpileModule(example('lock-around-a-job'), { compilerOptions: { target: ts.ScriptTarget.ES2022 } }).outputText;
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...a: string[]) => (...v: unknown[]) => Promise<unknown>;
    const run = new AsyncFunction('createToolkit', 'Redis', 'loadRows', 'saveReport', `${js}\nreturn result;`);
    let running = 0;
    let maxRunning = 0;
    const fences: number[] = [];
    const loadRows = async ({ signal }: { signal: AbortSignal }) => {
      assert.equal(signal.aborted, false);
      maxRunning = Math.max(maxRunning, ++running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      return [1, 2, 3];
    };
    const saveReport = async (rows: number[], { fence }: { fence: number }) => {
      if (fences.length > 0) assert.ok(fence > fences.at(-1)!);
      fences.push(fence);
    };
    const Redis = function () {
      return target.ioredis();
    };
    const results = await Promise.all([1, 2, 3].map(() => run(createToolkit, Redis, loadRows, saveReport)));
    assert.deepEqual(results, [3, 3, 3]);
    assert.equal(maxRunning, 1);
    assert.equal(fences.length, 3);
  });
});
