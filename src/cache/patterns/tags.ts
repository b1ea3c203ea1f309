/**
 * Tag versions as the cache uses them (scripts/tags.lua.ts): a snapshot of each tag's version is
 * taken before a loader runs and stored with the value; a read compares it with the versions now.
 */
import type { ToolkitContext } from '../toolkit.js';
import { BUMP, ENSURE } from '../scripts/tags.lua.js';

/** tag -> version. */
export type TagSnapshot = Record<string, string>;

export class TagVersions {
  constructor(
    private readonly ctx: ToolkitContext,
    /** How long a tag key outlives its last use: the longest an entry can reference it. */
    private readonly keepMs: number,
  ) {}

  private key(tag: string): string {
    return this.ctx.keys.key(`t:${tag}`);
  }

  /** The current version of each tag (creating missing ones). One round trip. */
  async current(tags: readonly string[]): Promise<TagSnapshot> {
    if (tags.length === 0) return {};
    const now = this.ctx.scriptNow();
    const keep = String(this.keepMs);
    const versions = await Promise.all(tags.map((t) => this.ctx.adapter.runScript(ENSURE, [this.key(t)], [now, keep])));
    const out: TagSnapshot = {};
    tags.forEach((t, i) => (out[t] = String(versions[i])));
    return out;
  }

  /** Gives each tag a new version: every entry stored with an older snapshot becomes a miss. */
  async bump(tags: readonly string[]): Promise<void> {
    const now = this.ctx.scriptNow();
    const keep = String(this.keepMs);
    await Promise.all(tags.map((t) => this.ctx.adapter.runScript(BUMP, [this.key(t)], [now, keep])));
  }
}

/** True when every tag in `stored` still has the version `now` gives it. */
export function snapshotValid(stored: TagSnapshot | undefined, now: TagSnapshot): boolean {
  if (stored === undefined) return true;
  for (const t in stored) if (now[t] !== stored[t]) return false;
  return true;
}
