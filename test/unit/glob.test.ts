import { test } from 'node:test';
import assert from 'node:assert/strict';
import { globMatch, matchesEverything } from '../../src/util/glob.js';

const yes = (p: string, s: string, nocase = false) => assert.equal(globMatch(p, s, nocase), true, `${JSON.stringify(p)} should match ${JSON.stringify(s)}`);
const no = (p: string, s: string, nocase = false) => assert.equal(globMatch(p, s, nocase), false, `${JSON.stringify(p)} should not match ${JSON.stringify(s)}`);

test('glob: stars and question marks', () => {
  yes('*', 'anything');
  yes('a*', 'a');
  yes('a*b*c', 'axxbyyc');
  no('a*b*c', 'axxbyy');
  yes('key:1??', 'key:123');
  no('key:1??', 'key:12');
  yes('**a', 'bba');
  yes('?', '\xff');
  // Redis quirk: a lone "*" does not match the empty string (KEYS/SCAN special-case "*" instead).
  no('*', '');
  no('?', '');
  yes('', '');
  no('', 'a');
});

test('glob: character classes, ranges, negation, escapes', () => {
  yes('[abc]', 'b');
  no('[abc]', 'd');
  yes('[^abc]', 'd');
  no('[^abc]', 'a');
  yes('[a-c]x', 'bx');
  yes('[c-a]x', 'bx', false); // reversed range ends are swapped
  no('[a-c]', 'd');
  yes('h[\\]]llo', 'h]llo'); // escaped ] inside a class
  yes('\\*', '*');
  no('\\*', 'a');
  yes('a\\', 'a\\'); // trailing backslash stands for itself
  yes('[ab', 'a'); // unterminated class ends at the end of the pattern
  no('[ab', 'c');
  yes('[a-]', ']'); // "a-]" is the range ']'..'a', then the class is unterminated
  yes('[\\', '\\'); // a backslash that is last inside a class is literal
});

test('glob: ranges compare bytes as signed C chars', () => {
  // [a-\xff]: \xff is -1 as a signed char, so the range is -1..'a': 0x00..'a' and 0xff only.
  yes('[a-\xff]', '\xff');
  yes('[a-\xff]', '0');
  no('[a-\xff]', '\x80');
  no('[a-\xff]', 'b');
  // [\x80-\xff] is -128..-1: every high byte, no ASCII.
  yes('[\x80-\xff]', '\x90');
  no('[\x80-\xff]', 'a');
});

test('glob: nocase folds ASCII only, escaped bytes in classes stay exact', () => {
  yes('HELLO*', 'hello world', true);
  no('HELLO*', 'hello world');
  yes('[A-C]', 'b', true);
  yes('[abc]', 'B', true);
  no('[\\B]', 'b', true); // Redis compares an escaped byte in a class without folding
  no('\xc9', '\xe9', true); // no Latin-1 folding
});

test('glob: pathological patterns finish quickly (no exponential backtracking)', () => {
  const s = 'a'.repeat(60);
  const p = 'a*'.repeat(30) + 'b';
  const t0 = performance.now();
  no(p, s);
  assert.ok(performance.now() - t0 < 200, 'matching must stay polynomial');
  // Deep star nesting reports no match instead of overflowing the stack.
  no('*a'.repeat(20000) + 'b', 'a'.repeat(20001));
});

test('matchesEverything is exactly "*"', () => {
  assert.equal(matchesEverything('*'), true);
  assert.equal(matchesEverything('**'), false);
  assert.equal(matchesEverything('a'), false);
});
