/**
 * Cases of the list differential test (test/differential/list.test.ts), as data: every list
 * command with its argument errors, wrong types, edge indexes, binary elements, and the
 * non-blocking behaviour of the blocking commands. Multi-connection scenarios (a client blocks,
 * another pushes) are in ./list-blocking.ts.
 */
import type { DiffCase } from '../../helpers/differential.js';

/** Every byte value, as 256 one-byte elements and one 256-byte element. */
const BYTES = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i));
const ALL_BYTES = BYTES.join('');

const LONG_MAX = '9223372036854775807';
const LONG_MIN = '-9223372036854775808';

/** Index values that exercise clamping and 64-bit edges. */
const INDEXES = ['0', '1', '-1', '2', '-2', '4', '5', '-5', '-6', '100', '-100', LONG_MAX, LONG_MIN, '9223372036854775806', '-9223372036854775807'];
const BAD_INTEGERS = ['x', '1.5', '', ' 1', '9223372036854775808', '-9223372036854775809', '01', '+1'];

function rangeCases(): DiffCase[] {
  const cmds: string[][] = [['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e']];
  for (const s of INDEXES) for (const e of INDEXES) cmds.push(['LRANGE', 'l', s, e]);
  for (const bad of BAD_INTEGERS) cmds.push(['LRANGE', 'l', bad, '1'], ['LRANGE', 'l', '0', bad], ['LRANGE', 'nokey', bad, '0']);
  cmds.push(['LRANGE', 'nokey', '0', '-1'], ['SET', 's', 'x'], ['LRANGE', 's', '0', '-1'], ['LRANGE', 's', 'x', '0']);
  const trims: string[][] = [];
  for (const [s, e] of [['0', '-1'], ['1', '-2'], ['2', '1'], ['-100', '100'], ['5', '10'], ['-1', '-1'], ['0', '0'], [LONG_MIN, LONG_MAX],
    [LONG_MAX, LONG_MIN], ['-3', '-2'], ['3', '-1'], ['-6', '-6']]) {
    trims.push(['DEL', 't'], ['RPUSH', 't', 'a', 'b', 'c', 'd', 'e'], ['LTRIM', 't', s, e], ['LRANGE', 't', '0', '-1'], ['EXISTS', 't']);
  }
  trims.push(['LTRIM', 'nokey', '0', '1'], ['LTRIM', 's', '0', '1'], ['LTRIM', 't', 'x', '1'], ['LTRIM', 't', '0', 'y'], ['LTRIM', 'nokey', 'x', '0']);
  return [
    { name: 'LRANGE index matrix and errors', cmds },
    { name: 'LTRIM ranges, deleting the key when emptied', cmds: [['SET', 's', 'x'], ...trims] },
  ];
}

function indexCases(): DiffCase[] {
  const cmds: string[][] = [['RPUSH', 'l', 'a', 'b', 'c', 'd', 'e']];
  for (const i of INDEXES) cmds.push(['LINDEX', 'l', i], ['LSET', 'l', i, 'v' + i], ['LRANGE', 'l', '0', '-1']);
  for (const bad of BAD_INTEGERS) cmds.push(['LINDEX', 'l', bad], ['LSET', 'l', bad, 'x'], ['LINDEX', 'nokey', bad], ['LSET', 'nokey', bad, 'x']);
  cmds.push(['LINDEX', 'nokey', '0'], ['LSET', 'nokey', '0', 'x'], ['SET', 's', 'x'], ['LINDEX', 's', '0'], ['LSET', 's', '0', 'x'], ['LSET', 's', 'bad', 'x']);
  return [{ name: 'LINDEX and LSET with every index edge', cmds }];
}

function pushPopCases(): DiffCase[] {
  const pops: string[][] = [];
  for (const cmd of ['LPOP', 'RPOP']) {
    pops.push(['DEL', 'p'], ['RPUSH', 'p', '1', '2', '3', '4', '5']);
    for (const count of ['0', '1', '2', '10', '-1', 'x', '1.5', LONG_MAX, '9223372036854775808', '']) pops.push([cmd, 'p', count], [cmd, 'nokey', count]);
    pops.push([cmd, 'p'], [cmd, 'nokey'], [cmd, 'p', '1', '2'], [cmd, 'nokey', '1', '2'], [cmd, 's'], [cmd, 's', '0'], [cmd, 's', '-1'], ['EXISTS', 'p']);
  }
  return [
    {
      name: 'LPUSH/RPUSH/LPUSHX/RPUSHX order, lengths and wrong types',
      cmds: [
        ['LPUSH', 'l', 'a', 'b', 'c'],
        ['RPUSH', 'l', 'x', 'y'],
        ['LRANGE', 'l', '0', '-1'],
        ['LPUSHX', 'l', '1', '2'],
        ['RPUSHX', 'l', '3'],
        ['LPUSHX', 'nokey', 'a'],
        ['RPUSHX', 'nokey', 'a', 'b'],
        ['EXISTS', 'nokey'],
        ['LRANGE', 'l', '0', '-1'],
        ['LLEN', 'l'],
        ['LLEN', 'nokey'],
        ['SET', 's', 'x'],
        ['LPUSH', 's', 'a'],
        ['RPUSH', 's', 'a'],
        ['LPUSHX', 's', 'a'],
        ['RPUSHX', 's', 'a'],
        ['LLEN', 's'],
        ['TYPE', 'l'],
        ['OBJECT', 'ENCODING', 'l'],
        ['LPUSH', 'e', ''],
        ['LRANGE', 'e', '0', '-1'],
        ['RPUSH', 'n', '1', '-1', '0', '01', '+1', LONG_MAX, LONG_MIN, '9223372036854775808', '1.5', ' 1'],
        ['LRANGE', 'n', '0', '-1'],
      ],
    },
    { name: 'LPOP/RPOP with and without count, null shapes', cmds: [['SET', 's', 'x'], ...pops] },
    {
      name: 'every byte value as elements',
      cmds: [
        ['RPUSH', 'b', ...BYTES],
        ['LPUSH', 'b', ALL_BYTES],
        ['LRANGE', 'b', '0', '-1'],
        ['LINDEX', 'b', '0'],
        ['LPOS', 'b', '\x00'],
        ['LPOS', 'b', '\xff', 'COUNT', '0'],
        ['LREM', 'b', '0', '\x80'],
        ['LINSERT', 'b', 'BEFORE', '\x00', ALL_BYTES],
        ['LPOP', 'b', '3'],
        ['RPOP', 'b', '3'],
        ['LMOVE', 'b', ALL_BYTES, 'LEFT', 'RIGHT'],
        ['LRANGE', ALL_BYTES, '0', '-1'],
        ['LLEN', 'b'],
      ],
    },
    {
      name: 'a long list (quicklist of many nodes in Redis)',
      cmds: [
        ['RPUSH', 'big', ...Array.from({ length: 1000 }, (_, i) => String(i))],
        ['LPUSH', 'big', ...Array.from({ length: 1000 }, (_, i) => 'x'.repeat(i % 70))],
        ['LLEN', 'big'],
        ['LINDEX', 'big', '1500'],
        ['LINDEX', 'big', '-1'],
        ['LRANGE', 'big', '990', '1010'],
        ['LRANGE', 'big', '-5', '-1'],
        ['LINSERT', 'big', 'AFTER', '500', 'after500'],
        ['LINSERT', 'big', 'BEFORE', '10', 'before10'],
        ['LRANGE', 'big', '1005', '1015'],
        ['LREM', 'big', '3', 'x'],
        ['LREM', 'big', '-2', 'xx'],
        ['LREM', 'big', '0', ''],
        ['LLEN', 'big'],
        ['LPOS', 'big', 'x', 'COUNT', '0'],
        ['LTRIM', 'big', '100', '-100'],
        ['LLEN', 'big'],
        ['LPOP', 'big', '50'],
        ['RPOP', 'big', '50'],
        ['LRANGE', 'big', '0', '9'],
        ['OBJECT', 'ENCODING', 'big'],
      ],
    },
  ];
}

function editCases(): DiffCase[] {
  const rem: string[][] = [];
  for (const count of ['0', '1', '2', '-1', '-2', '10', '-10', LONG_MIN, LONG_MAX]) {
    rem.push(['DEL', 'r'], ['RPUSH', 'r', 'a', 'b', 'a', 'c', 'a', 'b', 'a'], ['LREM', 'r', count, 'a'], ['LRANGE', 'r', '0', '-1']);
  }
  rem.push(['DEL', 'r'], ['RPUSH', 'r', 'a', 'a'], ['LREM', 'r', '0', 'a'], ['EXISTS', 'r'], ['LREM', 'nokey', '0', 'a'], ['LREM', 's', '0', 'a'],
    ['LREM', 'r', 'x', 'a'], ['LREM', 's', 'x', 'a'], ['LREM', 'nokey', '1.0', 'a']);
  return [
    { name: 'LREM counts from both ends', cmds: [['SET', 's', 'x'], ...rem] },
    {
      name: 'LINSERT BEFORE/AFTER, missing pivot, wrong types, option case',
      cmds: [
        ['RPUSH', 'l', 'a', 'b', 'c', 'b'],
        ['LINSERT', 'l', 'BEFORE', 'b', 'x'],
        ['LINSERT', 'l', 'after', 'b', 'y'],
        ['LINSERT', 'l', 'AfTeR', 'c', 'z'],
        ['LINSERT', 'l', 'BEFORE', 'a', 'first'],
        ['LINSERT', 'l', 'AFTER', 'b', 'second'],
        ['LINSERT', 'l', 'before', 'nothere', 'x'],
        ['LRANGE', 'l', '0', '-1'],
        ['LINSERT', 'l', 'middle', 'b', 'x'],
        ['LINSERT', 'l', 'before\0x', 'b', 'nul'],
        ['LINSERT', 'nokey', 'BEFORE', 'a', 'b'],
        ['LINSERT', 'nokey', 'bad', 'a', 'b'],
        ['EXISTS', 'nokey'],
        ['SET', 's', 'x'],
        ['LINSERT', 's', 'BEFORE', 'a', 'b'],
        ['LINSERT', 's', 'bad', 'a', 'b'],
        ['LRANGE', 'l', '0', '-1'],
      ],
    },
    {
      name: 'LPOS with RANK, COUNT, MAXLEN and their errors',
      cmds: [
        ['RPUSH', 'p', 'a', 'b', 'c', 'a', 'b', 'c', 'a', 'x', 'a'],
        ['LPOS', 'p', 'a'],
        ['LPOS', 'p', 'c'],
        ['LPOS', 'p', 'z'],
        ...['1', '2', '3', '4', '5', '-1', '-2', '-4', '-5', LONG_MAX, '-9223372036854775807', LONG_MIN].flatMap((r) => [
          ['LPOS', 'p', 'a', 'RANK', r],
          ['LPOS', 'p', 'a', 'RANK', r, 'COUNT', '2'],
          ['LPOS', 'p', 'a', 'RANK', r, 'COUNT', '0'],
          ['LPOS', 'p', 'a', 'RANK', r, 'MAXLEN', '5'],
          ['LPOS', 'p', 'a', 'RANK', r, 'COUNT', '0', 'MAXLEN', '7'],
        ]),
        ['LPOS', 'p', 'a', 'COUNT', '1'],
        ['LPOS', 'p', 'a', 'COUNT', '100'],
        ['LPOS', 'p', 'z', 'COUNT', '0'],
        ['LPOS', 'p', 'a', 'MAXLEN', '1'],
        ['LPOS', 'p', 'a', 'MAXLEN', '0'],
        ['LPOS', 'p', 'b', 'MAXLEN', '1'],
        ['LPOS', 'p', 'a', 'RANK', '2', 'RANK', '3'],
        ['LPOS', 'p', 'a', 'rank', '0'],
        ['LPOS', 'p', 'a', 'RANK', 'x'],
        ['LPOS', 'p', 'a', 'COUNT', '-1'],
        ['LPOS', 'p', 'a', 'COUNT', 'x'],
        ['LPOS', 'p', 'a', 'MAXLEN', '-1'],
        ['LPOS', 'p', 'a', 'MAXLEN', 'x'],
        ['LPOS', 'p', 'a', 'RANK'],
        ['LPOS', 'p', 'a', 'COUNT'],
        ['LPOS', 'p', 'a', 'BOGUS', '1'],
        ['LPOS', 'p', 'a', 'RANK', '0', 'BOGUS'],
        ['LPOS', 'nokey', 'a'],
        ['LPOS', 'nokey', 'a', 'COUNT', '0'],
        ['LPOS', 'nokey', 'a', 'RANK', '0'],
        ['SET', 's', 'x'],
        ['LPOS', 's', 'a'],
        ['LPOS', 's', 'a', 'RANK', '0'],
        ['LPOS', 's', 'a', 'COUNT', '1'],
      ],
    },
  ];
}

function moveCases(): DiffCase[] {
  const cmds: string[][] = [];
  for (const from of ['LEFT', 'RIGHT']) {
    for (const to of ['LEFT', 'RIGHT']) {
      cmds.push(['DEL', 'src', 'dst'], ['RPUSH', 'src', '1', '2', '3'], ['RPUSH', 'dst', 'a'], ['LMOVE', 'src', 'dst', from, to],
        ['LRANGE', 'src', '0', '-1'], ['LRANGE', 'dst', '0', '-1'], ['LMOVE', 'src', 'src', from, to], ['LRANGE', 'src', '0', '-1'],
        ['LMOVE', 'src', 'new', from.toLowerCase(), to.toLowerCase()], ['LRANGE', 'new', '0', '-1']);
    }
  }
  return [
    { name: 'LMOVE in every direction, to itself and to a new key', cmds },
    {
      name: 'LMOVE/RPOPLPUSH edge cases',
      cmds: [
        ['RPUSH', 'one', 'x'],
        ['LMOVE', 'one', 'one', 'LEFT', 'RIGHT'],
        ['LRANGE', 'one', '0', '-1'],
        ['RPOPLPUSH', 'one', 'one'],
        ['LRANGE', 'one', '0', '-1'],
        ['RPOPLPUSH', 'one', 'other'],
        ['EXISTS', 'one'],
        ['LRANGE', 'other', '0', '-1'],
        ['RPOPLPUSH', 'nokey', 'other'],
        ['LMOVE', 'nokey', 'other', 'LEFT', 'LEFT'],
        ['SET', 's', 'x'],
        ['RPOPLPUSH', 's', 'other'],
        ['RPOPLPUSH', 'other', 's'],
        ['LMOVE', 'other', 's', 'LEFT', 'LEFT'],
        ['LMOVE', 'nokey', 's', 'LEFT', 'LEFT'],
        ['LRANGE', 'other', '0', '-1'],
        ['LMOVE', 'other', 'x', 'UP', 'LEFT'],
        ['LMOVE', 'other', 'x', 'LEFT', 'DOWN'],
        ['LMOVE', 'nokey', 'x', 'UP', 'LEFT'],
        ['LMOVE', 's', 'x', 'UP', 'LEFT'],
        ['LMOVE', 'other', 'x', 'left\0junk', 'right'],
        ['LRANGE', 'x', '0', '-1'],
      ],
    },
  ];
}

function mpopCases(): DiffCase[] {
  const cmds: string[][] = [['RPUSH', 'a', '1', '2', '3'], ['RPUSH', 'b', 'x', 'y'], ['SET', 's', 'v']];
  const args = [
    ['2', 'nokey', 'a', 'LEFT'], ['2', 'nokey', 'a', 'RIGHT', 'COUNT', '2'], ['1', 'nokey', 'LEFT'], ['3', 'nokey', 'nokey2', 'b', 'right', 'count', '10'],
    ['1', 's', 'LEFT'], ['2', 'nokey', 's', 'LEFT'], ['2', 'b', 's', 'LEFT'], ['0', 'a', 'LEFT'], ['-1', 'a', 'LEFT'], ['x', 'a', 'LEFT'],
    [LONG_MAX, 'a', 'LEFT'], ['2', 'a', 'LEFT'], ['1', 'a'], ['1', 'a', 'UP'], ['1', 'a', 'LEFT', 'COUNT'], ['1', 'a', 'LEFT', 'COUNT', '0'],
    ['1', 'a', 'LEFT', 'COUNT', '-1'], ['1', 'a', 'LEFT', 'COUNT', 'x'], ['1', 'a', 'LEFT', 'COUNT', '1', 'COUNT', '1'], ['1', 'a', 'LEFT', 'BOGUS'],
    ['1', 'a', 'LEFT', 'COUNT', LONG_MAX], ['1', 'a', 'LEFT', 'COUNT', '9223372036854775808'], ['1', 's', 'UP'], ['1', 'nokey', 'LEFT', 'COUNT', '0'],
  ];
  for (const a of args) cmds.push(['LMPOP', ...a], ['RPUSH', 'a', 'r']);
  const blocking: string[][] = [['RPUSH', 'a', '1', '2', '3'], ['SET', 's', 'v']];
  for (const a of args) blocking.push(['BLMPOP', '0.01', ...a]);
  for (const t of ['x', '-1', '-0.5', 'inf', '-inf', 'nan', '1e400', '0x10', '']) {
    blocking.push(['RPUSH', 'a', 'v'], ['BLMPOP', t, '1', 'a', 'LEFT'], ['BLMPOP', t, '0', 'a', 'LEFT']);
  }
  return [
    { name: 'LMPOP argument parsing, key order and replies', cmds },
    { name: 'BLMPOP argument errors before the timeout, and immediate pops', cmds: blocking },
  ];
}

/** What the blocking commands do when they need not block, and their argument errors. */
function blockingNoWaitCases(): DiffCase[] {
  const timeouts = ['x', '-1', '-0.001', 'inf', '+inf', '-inf', 'nan', '1e400', '9223372036854775807', '1e16', '0x10', '', ' 1', '1 ', '1e', '.'];
  const cmds: string[][] = [['RPUSH', 'a', '1', '2', '3'], ['RPUSH', 'b', 'x'], ['SET', 's', 'v']];
  // Every list stays non-empty, so the valid timeouts ("-0.001" rounds to 0, "0x10") never wait.
  for (const t of timeouts) {
    cmds.push(['DEL', 'a'], ['RPUSH', 'a', '1', '2', '3', '4'], ['BLPOP', 'a', t], ['BRPOP', 'nokey', 'a', t], ['BRPOPLPUSH', 'a', 'b', t],
      ['BLMOVE', 'a', 'b', 'LEFT', 'RIGHT', t], ['BLMOVE', 'a', 'b', 'UP', 'RIGHT', t]);
  }
  cmds.push(['DEL', 'a'], ['RPUSH', 'a', '1', '2', '3', '4', '5', '6', '7', '8', '9'], ['DEL', 'b'], ['RPUSH', 'b', 'x']);
  cmds.push(
    ['BLPOP', 'nokey', 'a', '0'],
    ['BRPOP', 'nokey', 'a', 'b', '0'],
    ['BLPOP', 'b', 'a', '1'],
    ['BLPOP', 's', 'a', '0'],
    ['BLPOP', 'nokey', 's', '0'],
    ['BLPOP', 'a', 's', '0'],
    ['BRPOPLPUSH', 'a', 'b', '0'],
    ['BRPOPLPUSH', 's', 'b', '0'],
    ['BRPOPLPUSH', 'a', 's', '0'],
    ['BLMOVE', 'a', 'a', 'RIGHT', 'LEFT', '0'],
    ['BLMOVE', 'a', 's', 'RIGHT', 'LEFT', '0'],
    ['BLMOVE', 's', 'a', 'RIGHT', 'LEFT', '0'],
    ['BLMOVE', 'a', 'b', 'left', 'DOWN', '0'],
    ['LRANGE', 'a', '0', '-1'],
    ['LRANGE', 'b', '0', '-1'],
    ['BLPOP', 'a', 'a', 'a', '0'],
    ['BLMOVE', 'a', 'n', 'RIGHT', 'LEFT', '0.5'],
    ['EXISTS', 'a'],
    ['LRANGE', 'n', '0', '-1'],
    // Short timeouts on missing keys: both servers wait and reply null.
    ['BLPOP', 'nokey', '0.01'],
    ['BRPOP', 'nokey', 'nokey2', '0.01'],
    ['BLMOVE', 'nokey', 'b', 'LEFT', 'LEFT', '0.01'],
    ['BRPOPLPUSH', 'nokey', 'b', '0.01'],
    ['BLMPOP', '0.01', '2', 'nokey', 'nokey2', 'RIGHT', 'COUNT', '3'],
    ['BLPOP', 'nokey', '0.001'],
    ['BLPOP', 'nokey', '1e-10'],
  );
  return [{ name: 'blocking commands that need not block, and their argument errors', cmds }];
}

export const LIST_CASES: DiffCase[] = [
  ...pushPopCases(),
  ...rangeCases(),
  ...indexCases(),
  ...editCases(),
  ...moveCases(),
  ...mpopCases(),
  ...blockingNoWaitCases(),
  {
    name: 'COPY, RENAME, MOVE, DUMP-free round trips keep lists independent',
    cmds: [
      ['RPUSH', 'l', 'a', 'b', 'c'],
      ['COPY', 'l', 'c'],
      ['RPUSH', 'c', 'd'],
      ['LRANGE', 'l', '0', '-1'],
      ['LRANGE', 'c', '0', '-1'],
      ['RENAME', 'c', 'r'],
      ['LRANGE', 'r', '0', '-1'],
      ['MOVE', 'r', '1'],
      ['SELECT', '1'],
      ['LPOP', 'r'],
      ['SELECT', '0'],
      ['TYPE', 'l'],
      ['OBJECT', 'ENCODING', 'l'],
    ],
  },
];
