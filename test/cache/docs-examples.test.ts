/**
 * Every ```js example block in docs/cache/*.md runs as a user would run it (a module importing
 * sonic-kv/cache and sonic-kv/testing by package name) and must exit 0: the docs cannot rot.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const DIR = 'docs/cache';
const BLOCK = /```js example\n([\s\S]*?)```/g;

describe('docs/cache examples', () => {
  for (const file of readdirSync(DIR).filter((f) => f.endsWith('.md'))) {
    const blocks = [...readFileSync(`${DIR}/${file}`, 'utf8').matchAll(BLOCK)].map((m) => m[1]);
    blocks.forEach((code, i) => {
      it(`${file} example ${i + 1} runs`, () => {
        const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 60_000 });
        assert.equal(r.status, 0, `exit ${r.status}\n${r.stdout}\n${r.stderr}`);
      });
    });
  }
});
