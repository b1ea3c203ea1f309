/**
 * One toolkit per target for the queue and write-behind unit tests: Sonic embedded on a virtual
 * clock (time passes by advancing it: reapers, PEL idle times and dedupe windows all follow it),
 * and redis-server on wall time (time passes by sleeping). The tests are written once against
 * `passTime`, so the same assertions hold on both.
 */
import { after, before, describe } from 'node:test';
import { startTarget, TARGET_NAMES, type Target, type TargetName } from '../cache-acceptance/targets.js';
import { VirtualClock } from '../../src/cache/testing/virtual-clock.js';
import { createToolkit, type Toolkit } from '../../src/cache/toolkit.js';

export interface StreamEnv {
  readonly target: Target;
  readonly tk: Toolkit;
  /** Lets `ms` of the toolkit's and the server's time pass. */
  passTime(ms: number): Promise<void>;
  /** Waits (passing time in small steps) until `cond` holds; fails after `ms` of that time. */
  until(what: string, cond: () => boolean | Promise<boolean>, ms?: number): Promise<void>;
  close(): Promise<void>;
}

let prefixes = 0;

export async function streamEnv(name: TargetName): Promise<StreamEnv> {
  const clock = name === 'sonic' ? new VirtualClock() : null;
  const target = await startTarget(name, { clock: clock ?? undefined });
  const tk = createToolkit({ client: target.adapter(), prefix: `t${++prefixes}`, ...(clock ? { clock } : {}) });
  const passTime = (ms: number): Promise<void> => (clock ? clock.advance(ms) : new Promise((r) => setTimeout(r, ms)));
  return {
    target,
    tk,
    passTime,
    until: async (what, cond, ms = 5000) => {
      for (let waited = 0; !(await cond()); waited += 20) {
        if (waited > ms) throw new Error(`timed out waiting for ${what}`);
        await passTime(20);
        await new Promise((r) => setImmediate(r));
      }
    },
    close: () => target.close(),
  };
}

/**
 * `describe(title on <target>)` for each target, with a fresh env started before and closed after
 * its tests; `body` gets a getter for the env and a shortcut for one command.
 */
export function describeOnTargets(title: string, body: (env: () => StreamEnv, call: (argv: string[]) => Promise<unknown>) => void): void {
  for (const name of TARGET_NAMES) {
    describe(`${title} on ${name}`, () => {
      let env: StreamEnv;
      before(async () => {
        env = await streamEnv(name);
      });
      after(async () => {
        await env?.close();
      });
      body(
        () => env,
        (argv) => env.tk.adapter.call(argv),
      );
    });
  }
}
