import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderCommandsDoc, syntaxOf } from '../../scripts/gen-commands-doc.js';
import { CommandTable } from '../../src/engine/command-table.js';
import { HANDLERS } from '../../src/commands/index.js';
import { RAW_COMMANDS } from '../../src/commands/table/generated.js';
import type { Handler, HandlerMap } from '../../src/commands/define.js';

/** The repository root: the nearest directory above cwd or this file whose package.json is sonic-kv. */
function repoRoot(): string | undefined {
  for (const start of [process.cwd(), dirname(fileURLToPath(import.meta.url))]) {
    for (let dir = resolve(start); ; dir = dirname(dir)) {
      const pkg = join(dir, 'package.json');
      if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'sonic-kv') return dir;
      if (dirname(dir) === dir) break;
    }
  }
  return undefined;
}

test('docs/COMMANDS.md is current (run npm run docs)', () => {
  const root = repoRoot();
  assert.ok(root, 'cannot find the sonic-kv repository root from the working directory');
  const committed = readFileSync(join(root, 'docs/COMMANDS.md'), 'utf8');
  const fresh = renderCommandsDoc(new CommandTable(HANDLERS));
  if (committed !== fresh) {
    const a = committed.split('\n');
    const b = fresh.split('\n');
    let i = 0;
    while (i < a.length && a[i] === b[i]) i++;
    assert.fail(`docs/COMMANDS.md is out of date: run npm run docs (first difference at line ${i + 1}:\n  committed: ${a[i]}\n  generated: ${b[i]})`);
  }
});

test('status follows the handlers: a command is "yes" exactly when it has one', () => {
  const noop: Handler = () => {};
  const doc = renderCommandsDoc(new CommandTable({ get: noop, 'client|list': noop } as HandlerMap));
  assert.match(doc, /^\| `GET` \| yes \| 2 \|/m);
  assert.match(doc, /^\| `SET` \| not yet \| -3 \|/m);
  const clientSubs = RAW_COMMANDS.filter((r) => r.container === 'client').length;
  assert.match(doc, new RegExp(`^\\| \`CLIENT\` \\| 1 of ${clientSubs} subcommands \\|`, 'm'));
  assert.match(doc, /^\| `CLIENT LIST` \| yes \|/m);
  assert.match(doc, /^\| `CLIENT KILL` \| not yet \|/m);
  const tops = RAW_COMMANDS.filter((r) => r.container === undefined).length;
  const subs = RAW_COMMANDS.length - tops;
  assert.ok(doc.includes(`Sonic implements **2 of ${tops}** Redis 7.0.15 commands and **1 of ${subs}** subcommands.`));
  // Every command and subcommand of Redis 7.0.15 is listed exactly once.
  for (const r of RAW_COMMANDS) {
    const name = r.name.toUpperCase().replace('|', ' ');
    assert.equal(doc.split(`\n| \`${name}\` |`).length, 2, name);
  }
});

test('syntax in Redis notation: optional, one-of, multiple and tokens', () => {
  const raw = (name: string) => RAW_COMMANDS.find((r) => r.name === name)!;
  assert.equal(syntaxOf(raw('get')), 'GET key');
  assert.equal(syntaxOf(raw('del')), 'DEL key [key ...]');
  assert.equal(syntaxOf(raw('mset')), 'MSET key value [key value ...]');
  assert.equal(
    syntaxOf(raw('sort')),
    'SORT key [BY pattern] [LIMIT offset count] [GET pattern [GET pattern ...]] [ASC | DESC] [ALPHA] [STORE destination]',
  );
  assert.equal(syntaxOf(raw('config|get')), 'CONFIG GET parameter [parameter ...]');
});
