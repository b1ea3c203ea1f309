import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseBenchmarkCsv, splitCsvLine, testId } from '../../bench/csv.js';
import { median } from '../../bench/report.js';
import { decodeReply, encodeCommand, RespError } from '../../bench/resp-client.js';

// Captured from redis-benchmark 7.0.15 -t set,get,lrange_100,mset --csv against redis-server 7.0.15.
const CAPTURED = [
  '"test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"',
  '"SET","35174.11","0.963","0.120","0.775","2.591","4.951","18.735"',
  '"GET","32195.75","1.032","0.112","0.863","2.303","4.775","8.775"',
  '"LPUSH (needed to benchmark LRANGE)","12820.51","2.871","0.352","2.271","7.247","8.655","8.831"',
  '"LRANGE_100 (first 100 elements)","10309.28","3.655","0.592","2.791","8.863","9.775","10.087"',
  '"MSET (10 keys)","21992.52","1.652","0.208","1.111","4.679","7.935","35.679"',
  '',
].join('\n');

test('parses redis-benchmark 7 --csv output, every column by name', () => {
  const rows = parseBenchmarkCsv(CAPTURED);
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[0], { test: 'SET', rps: 35174.11, avgMs: 0.963, minMs: 0.12, p50Ms: 0.775, p95Ms: 2.591, p99Ms: 4.951, maxMs: 18.735 });
  assert.equal(rows[3].test, 'LRANGE_100 (first 100 elements)');
  assert.equal(rows[3].p99Ms, 9.775);
  assert.equal(rows[4].rps, 21992.52);
});

test('finds columns by header name, whatever their order, and tolerates CRLF and leading noise', () => {
  const text = 'WARNING: Could not fetch server CONFIG\r\n"rps","test","p99_latency_ms"\r\n"100.5","GET","2.5"\r\n';
  const [row] = parseBenchmarkCsv(text);
  assert.equal(row.test, 'GET');
  assert.equal(row.rps, 100.5);
  assert.equal(row.p99Ms, 2.5);
  assert.ok(Number.isNaN(row.p50Ms), 'a column the header lacks is NaN, not 0');
});

test('old redis-benchmark (test,rps only) parses with NaN latencies', () => {
  const [row] = parseBenchmarkCsv('"test","rps"\n"PING_INLINE","81300.81"\n');
  assert.equal(row.rps, 81300.81);
  assert.ok(Number.isNaN(row.p50Ms));
});

test('a truncated or non-numeric line is an error, not a silently missing test', () => {
  assert.throws(() => parseBenchmarkCsv('"test","rps","p50_latency_ms"\n"SET","1000"\n'), /2 fields, header has 3/);
  assert.throws(() => parseBenchmarkCsv('"test","rps"\n"SET","fast"\n'), /not a number in column rps/);
  assert.throws(() => parseBenchmarkCsv('"test","rps"\n"SET","\n'), /unterminated/);
});

test('no header means no rows', () => {
  assert.deepEqual(parseBenchmarkCsv(''), []);
  assert.deepEqual(parseBenchmarkCsv('Error from server: ERR unknown command\n'), []);
});

test('splitCsvLine handles quoted commas, doubled quotes and bare fields', () => {
  assert.deepEqual(splitCsvLine('"a,b","say ""hi""",3,'), ['a,b', 'say "hi"', '3', '']);
  assert.deepEqual(splitCsvLine('x'), ['x']);
});

test('testId shortens names and drops the LRANGE preparation step', () => {
  assert.equal(testId('SET'), 'SET');
  assert.equal(testId('MSET (10 keys)'), 'MSET');
  assert.equal(testId('LRANGE_600 (first 600 elements)'), 'LRANGE_600');
  assert.equal(testId('LPUSH (needed to benchmark LRANGE)'), undefined);
});

test('median of odd and even counts, unsorted input', () => {
  assert.equal(median([3, 1, 2]), 2);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
});

test('RESP helper: encodes binary-safe commands and decodes replies only when complete', () => {
  assert.equal(encodeCommand(['SET', 'k', '\xff\r\n']), '*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\n\xff\r\n\r\n');
  const whole = Buffer.from('*3\r\n$3\r\nabc\r\n*-1\r\n:42\r\n+OK\r\n-ERR x\r\n', 'latin1');
  const r = decodeReply(whole, 0)!;
  assert.deepEqual(r.value, ['abc', null, 42]);
  assert.equal(decodeReply(whole, r.next)!.value, 'OK');
  const err = decodeReply(whole, r.next + 5)!.value;
  assert.ok(err instanceof RespError && err.message === 'ERR x');
  for (let cut = 0; cut < r.next; cut++) {
    assert.equal(decodeReply(whole.subarray(0, cut), 0), undefined, `prefix of ${cut} bytes is incomplete`);
  }
});
