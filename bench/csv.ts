/**
 * Parsing of `redis-benchmark --csv` output (redis-benchmark 7.x).
 *
 * redis-benchmark 7 prints a header line followed by one line per test, every field quoted:
 *   "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
 *   "SET","35174.11","0.963","0.120","0.775","2.591","4.951","18.735"
 * Older versions print only "test","rps"; the latency fields are then NaN. Columns are found by
 * header name, not position, so a reordered or extended header still parses.
 */

/** One test's result as redis-benchmark reports it. Latencies in milliseconds. */
export interface BenchmarkRow {
  /** The test name as printed, e.g. "SET" or "LRANGE_100 (first 100 elements)". */
  test: string;
  rps: number;
  avgMs: number;
  minMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

const COLUMNS: Record<string, Exclude<keyof BenchmarkRow, 'test'>> = {
  rps: 'rps',
  avg_latency_ms: 'avgMs',
  min_latency_ms: 'minMs',
  p50_latency_ms: 'p50Ms',
  p95_latency_ms: 'p95Ms',
  p99_latency_ms: 'p99Ms',
  max_latency_ms: 'maxMs',
};

/**
 * Splits one CSV line into fields. Fields may be quoted ("a,b" keeps its comma; "" inside quotes
 * is a literal quote) or bare.
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    let field = '';
    if (line[i] === '"') {
      i++;
      for (;;) {
        const q = line.indexOf('"', i);
        if (q < 0) throw new Error(`unterminated quoted field in CSV line: ${line}`);
        field += line.slice(i, q);
        i = q + 1;
        if (line[i] === '"') {
          field += '"';
          i++;
        } else break;
      }
    } else {
      const c = line.indexOf(',', i);
      const end = c < 0 ? line.length : c;
      field = line.slice(i, end);
      i = end;
    }
    fields.push(field);
    if (i >= line.length) return fields;
    if (line[i] !== ',') throw new Error(`unexpected character after quoted field in CSV line: ${line}`);
    i++;
  }
}

/**
 * Parses redis-benchmark's `--csv` stdout into rows. Lines before the header and blank lines are
 * ignored (warnings go to stderr, but be lenient); a line with the wrong field count is an error,
 * because silently dropping a test would misreport the run.
 */
export function parseBenchmarkCsv(text: string): BenchmarkRow[] {
  const rows: BenchmarkRow[] = [];
  let header: string[] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.trim() === '') continue;
    if (header === undefined) {
      // The header is the first line naming both "test" and "rps" columns.
      if (!line.includes('test') || !line.includes('rps')) continue;
      let fields: string[];
      try {
        fields = splitCsvLine(line);
      } catch {
        continue; // a stray message that merely mentions the words
      }
      if (fields.includes('test') && fields.includes('rps')) header = fields;
      continue;
    }
    const fields = splitCsvLine(line);
    if (fields.length !== header.length) {
      throw new Error(`CSV line has ${fields.length} fields, header has ${header.length}: ${line}`);
    }
    const row: BenchmarkRow = { test: '', rps: NaN, avgMs: NaN, minMs: NaN, p50Ms: NaN, p95Ms: NaN, p99Ms: NaN, maxMs: NaN };
    for (let k = 0; k < header.length; k++) {
      if (header[k] === 'test') {
        row.test = fields[k];
        continue;
      }
      const key = COLUMNS[header[k]];
      if (key === undefined) continue;
      const n = Number(fields[k]);
      if (fields[k] === '' || !Number.isFinite(n)) throw new Error(`not a number in column ${header[k]}: ${line}`);
      row[key] = n;
    }
    rows.push(row);
  }
  return rows;
}

/**
 * The short id of a test as `-t` names it in upper case: "LRANGE_100 (first 100 elements)" ->
 * "LRANGE_100", "MSET (10 keys)" -> "MSET". Returns undefined for the preparation step
 * "LPUSH (needed to benchmark LRANGE)", which is not a measurement of its own.
 */
export function testId(name: string): string | undefined {
  if (name.includes('needed to benchmark')) return undefined;
  const paren = name.indexOf(' (');
  return paren < 0 ? name : name.slice(0, paren);
}
