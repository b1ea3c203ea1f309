/**
 * Cache.getMany: several keys' reads in one round trip, one batch loader call for the misses this
 * process got the lease for, and their fills in one more round trip. Keys another process is
 * loading, tagged values and failed reads go through the one-key path (Cache.getOrSet).
 */
import type { Reply } from '../client/adapter.js';
import type { Script } from '../client/script.js';
import { NEGATIVE, type PayloadCodec } from '../codec/codec.js';
import { LoaderError } from '../errors.js';
import type { Counters } from '../metrics/counters.js';
import { FAIL, FILL, READ } from '../scripts/cache.lua.js';
import type { ToolkitContext } from '../toolkit.js';
import { formatMeta, leaseToken, parseRead, type EntryKeys } from './cache-entry.js';
import type { EntryOptions } from './cache-options.js';

/** What getMany uses of its cache. */
export interface BatchHost<V> {
  readonly ctx: ToolkitContext;
  readonly counters: Counters;
  readonly payloads: PayloadCodec<V>;
  readonly leaseMs: number;
  entry(key: string): Promise<EntryKeys>;
  ttlOf(opts: EntryOptions): number;
  graceOf(opts: EntryOptions): number;
  negativeTtlOf(opts: EntryOptions): number;
  /** The one-key path (getOrSet). */
  one(key: string, loader: (key: string) => Promise<V | undefined>, opts: EntryOptions): Promise<V | undefined>;
}

type BatchLoader<V> = (keys: string[]) => Promise<(V | undefined)[]>;

/** A key getMany holds the lease for. */
interface Leased {
  readonly i: number;
  readonly e: EntryKeys;
  readonly token: string;
  readonly grace: string | null;
}

interface ScriptCall {
  script: Script;
  keys: string[];
  args: string[];
}

export async function getMany<V>(host: BatchHost<V>, keys: readonly string[], batchLoader: BatchLoader<V>, opts: EntryOptions): Promise<(V | undefined)[]> {
  const { ctx, counters, payloads } = host;
  const one = async (k: string) => (await batchLoader([k]))[0];
  const entries = await Promise.all(keys.map((k) => host.entry(k)));
  const tokens = entries.map(() => leaseToken());
  const now = ctx.scriptNow();
  const reads = await runBatch(ctx, entries.map((e, i) => ({ script: READ, keys: [e.value, e.lease], args: [now, tokens[i], String(host.leaseMs), 'r'] })));
  const out = new Array<V | undefined>(keys.length);
  const leased: Leased[] = [];
  const rest: Promise<void>[] = [];
  reads.forEach((raw, i) => {
    const r = raw instanceof Error ? null : parseRead(raw);
    if (r !== null && r.status === 'H' && r.meta?.t === undefined) {
      counters.settle({ kind: 'hitL2' });
      out[i] = payloads.decode(r.payload!);
    } else if (r !== null && r.status === 'L') {
      counters.settle({ kind: 'miss', cause: r.payload !== null ? 'expired' : 'absent' });
      leased.push({ i, e: entries[i], token: tokens[i], grace: r.payload });
    } else {
      // Waiting, tagged or failed reads take the one-key path, which waits for the holder's fill.
      rest.push(host.one(keys[i], one, opts).then((v) => void (out[i] = v)));
    }
  });
  if (leased.length !== 0) await fillMany(host, leased, keys, batchLoader, opts, out);
  await Promise.all(rest);
  return out;
}

/** getMany's loads: one batch loader call for every lease taken, then the fills in one round trip. */
async function fillMany<V>(host: BatchHost<V>, leased: Leased[], keys: readonly string[], batchLoader: BatchLoader<V>, opts: EntryOptions, out: (V | undefined)[]): Promise<void> {
  const { ctx, counters, payloads } = host;
  const { clock, adapter } = ctx;
  counters.add('loaderCalls');
  const started = clock.now();
  let values: (V | undefined)[];
  try {
    values = await batchLoader(leased.map((l) => keys[l.i]));
    if (values.length !== leased.length) throw new LoaderError(`batch loader returned ${values.length} values for ${leased.length} keys`);
  } catch (err) {
    counters.add('loaderErrors');
    const text = err instanceof Error ? err.message : String(err);
    await Promise.all(leased.map((l) => adapter.runScript(FAIL, [l.e.lease], [ctx.scriptNow(), l.token, `error:${text}`, l.e.channel]).catch(() => undefined)));
    if (leased.some((l) => l.grace === null)) throw err instanceof LoaderError ? err : new LoaderError(text, { cause: err });
    for (const l of leased) out[l.i] = payloads.decode(l.grace!);
    counters.add('staleServed', leased.length);
    return;
  } finally {
    counters.loaderLatency(clock.now() - started);
  }
  const delta = Math.round(clock.now() - started);
  const now = ctx.scriptNow();
  const fills = leased.map((l, j): ScriptCall => {
    const v = values[j];
    const ttlMs = v === undefined ? host.negativeTtlOf(opts) : host.ttlOf(opts);
    out[l.i] = v;
    // A miss that is not cached gives the lease up instead (waiters get undefined).
    if (v === undefined && ttlMs === 0) return { script: FAIL, keys: [l.e.lease], args: [now, l.token, 'none', l.e.channel] };
    const payload = v === undefined ? NEGATIVE : payloads.encode(v);
    return { script: FILL, keys: [l.e.value, l.e.lease], args: [now, l.token, payload, String(ttlMs), String(v === undefined ? 0 : host.graceOf(opts)), formatMeta({ d: delta, l: ttlMs }), l.e.channel] };
  });
  const results = await runBatch(ctx, fills);
  results.forEach((r, j) => {
    if (fills[j].script === FILL && r !== 1) counters.add('fillsRejected');
  });
}

/** Runs script calls in one round trip (a pipeline), or side by side on clusters (slots differ). */
function runBatch(ctx: ToolkitContext, calls: ScriptCall[]): Promise<(Reply | Error)[]> {
  const { adapter } = ctx;
  if (!adapter.cluster) return adapter.pipeline(calls);
  return Promise.all(calls.map((c) => adapter.runScript(c.script, c.keys, c.args).catch((e: Error) => e)));
}
