/** Cases of the string differential test (test/differential/string.test.ts), as data. */

/** Deterministic pseudo-random numbers, so a failure reproduces. */
function rng(seed: number): (n: number) => number {
  return (n) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff), seed % n);
}

/** The string-group command sequence (deterministic: same seed every run). */
export function stringCases(): string[][] {
  const out: string[][] = [];
  const add = (...c: string[]) => out.push(c);
  // SET/GETEX option parsing and expire validation (time-independent replies only).
  for (const opts of [['nx', 'xx'], ['ex', '10', 'px', '10'], ['ex'], ['ex', '0'], ['ex', '-1'], ['ex', 'abc'], ['ex', '9223372036854775'],
    ['ex', '9223372036854776'], ['px', '9223372036854775807'], ['exat', '9223372036854775'], ['exat', '9223372036854776'],
    ['pxat', '9223372036854775807'], ['keepttl', 'ex', '1'], ['ex', '1', 'keepttl'], ['get', 'get'], ['GET'], ['nx', 'get'], ['xx', 'get'],
    ['ex', '10', 'ex', '20'], ['ex', '10', 'exat', '20'], ['persist'], ['ex\0zz', '10'], ['nX', 'Nx'], [''], ['keepttl', 'keepttl', 'get']]) {
    add('SET', 'k', '1', ...opts);
  }
  for (const opts of [['persist', 'ex', '1'], ['ex', '-1'], ['ex', 'x'], ['keepttl'], ['nx'], ['get'], ['persist', 'persist'], ['ex'], ['exat', '1'], []]) {
    add('GETEX', 'nokey', ...opts);
    add('SET', 'g', 'x');
    add('GETEX', 'g', ...opts);
    add('GET', 'g');
  }
  add('SET', 'p', 'v', 'PXAT', '1');
  add('GET', 'p');
  for (const [cmd, t] of [['SETEX', '0'], ['SETEX', '-5'], ['SETEX', 'x'], ['PSETEX', '0'], ['PSETEX', '9223372036854775807'], ['SETEX', '100']]) {
    add(cmd, 'c', t, 'v');
  }
  add('SETNX', 'c', 'w');
  add('SETNX', 'c2', 'w');
  add('MSET', 'm1', '1', 'm2');
  add('MSETNX', 'm1', '1', 'm2');
  add('MSETNX', 'm1', '1', 'm3', '2');
  add('MSETNX', 'm4', '1', 'm4', '2');
  add('MGET', 'm1', 'm4', 'nokey');
  add('GETDEL', 'm4');
  add('GETDEL', 'm4');
  add('GETSET', 'm5', 'a');
  add('GETSET', 'm5', 'b');
  // Integers.
  for (const v of ['9223372036854775807', '-9223372036854775808', ' 1', '1 ', '01', '-0', '+1', '', '1.0', '9223372036854775808',
    '-9007199254740993', '9007199254740992', 'abc']) {
    add('SET', 'i', v);
    add('INCR', 'i');
    add('SET', 'i', v);
    add('DECRBY', 'i', '9223372036854775807');
    add('SET', 'i', '5');
    add('INCRBY', 'i', v);
    add('DECRBY', 'i', v);
  }
  add('DECRBY', 'i', '-9223372036854775808');
  // Floats.
  const floats = ['10.5', '0.1', '1e-7', '1e400', '-1e400', '1e4932', '1e-4940', '1e-5000', '0e-5000', '0x1.8p3', '0x', 'inf', '+inf', 'nan',
    ' 1', '1 ', '.', '1.', '.5', '1e', '12345678.123', '-0', '4.9999999999999999999', '1.7976931348623157e308'];
  for (const a of floats) {
    for (const b of ['0.1', '-1.1', '1', '1e-20', '-1e-20', '3.14159']) {
      add('SET', 'f', a);
      add('INCRBYFLOAT', 'f', b);
      add('SET', 'f', b);
      add('INCRBYFLOAT', 'f', a);
    }
  }
  add('SET', 'f', '10.5');
  for (let i = 0; i < 50; i++) add('INCRBYFLOAT', 'f', '0.1');
  // Binary values and ranges.
  let all = '';
  for (let i = 0; i < 256; i++) all += String.fromCharCode(i);
  add('SET', all, all);
  add('APPEND', all, all);
  add('GET', all);
  const rnd = rng(42);
  const bytes = (n: number) => Array.from({ length: n }, () => String.fromCharCode(rnd(256))).join('');
  for (let i = 0; i < 200; i++) {
    const key = 'r' + rnd(3);
    const op = rnd(5);
    if (op === 0) add('APPEND', key, bytes(rnd(20)));
    else if (op === 1) add('SETRANGE', key, String(rnd(60)), bytes(rnd(10)));
    else if (op === 2) add('GETRANGE', key, String(rnd(80) - 40), String(rnd(80) - 40));
    else if (op === 3) add('SUBSTR', key, String(rnd(80) - 40), String(rnd(80) - 40));
    else add('GET', key);
  }
  for (const [a, b] of [['9223372036854775807', '-9223372036854775808'], ['-9007199254740993', '-9007199254740994'], ['0', '4294967297'], ['x', '1']]) {
    add('GETRANGE', 'r0', a, b);
    add('GETRANGE', 'nokey', a, b);
  }
  for (const [off, v] of [['-1', 'x'], ['a', 'x'], ['536870908', 'world'], ['9223372036854775807', 'A'], ['5', ''], ['3', 'ab']]) {
    add('SETRANGE', 'sr', off, v);
  }
  add('GET', 'sr');
  // LCS.
  for (const opts of [[], ['len'], ['idx'], ['idx', 'len'], ['foo'], ['minmatchlen'], ['minmatchlen', 'x'], ['minmatchlen', '-5', 'idx']]) {
    add('LCS', 'x1', 'x2', ...opts);
  }
  for (let t = 0; t < 30; t++) {
    const alpha = 1 + rnd(5);
    const str = () => Array.from({ length: rnd(40) }, () => String.fromCharCode(97 + rnd(alpha))).join('');
    add('MSET', 'x1', str(), 'x2', str());
    add('LCS', 'x1', 'x2');
    add('LCS', 'x1', 'x2', 'IDX', 'WITHMATCHLEN');
    add('LCS', 'x1', 'x2', 'IDX', 'MINMATCHLEN', String(rnd(4)));
  }
  // DECR and STRLEN (added for command coverage).
  for (const v of ['-9223372036854775808', '-9223372036854775807', '0', 'abc', ' 1', '']) {
    add('SET', 'd', v);
    add('DECR', 'd');
    add('STRLEN', 'd');
  }
  add('DECR', 'nodecr');
  add('STRLEN', 'nokey');
  add('STRLEN', all);
  add('STRLEN', 'x1');
  // "-0" is not a canonical integer: Redis keeps it as a string (embstr, refcount 1).
  add('SET', 'e', '-0');
  add('OBJECT', 'ENCODING', 'e');
  add('OBJECT', 'REFCOUNT', 'e');
  // INCRBYFLOAT stores its result as a plain string object (embstr, refcount 1) even when it
  // reads as an integer; APPEND, even of nothing, makes a value raw.
  add('INCRBYFLOAT', 'f2', '1');
  add('OBJECT', 'ENCODING', 'f2');
  add('OBJECT', 'REFCOUNT', 'f2');
  add('APPEND', 'f2', '');
  add('OBJECT', 'ENCODING', 'f2');
  add('SET', 'f3', '12');
  add('APPEND', 'f3', '');
  add('OBJECT', 'ENCODING', 'f3');
  // Redis trims CR/LF from both ends of an error text before mapping inner ones to spaces.
  add('SET', 'e', 'v');
  add('EXPIREAT', 'e', '1', 'x\n');
  add('EXPIREAT', 'e', '1', '\r\nx\ny\n');
  return out;
}
