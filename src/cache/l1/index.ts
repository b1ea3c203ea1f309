/** The L1 tier: stores (LRU, W-TinyLFU), the coherence channel and the two-tier read/write glue. */
import { LruStore } from './lru.js';
import { TinyLfuStore } from './tinylfu.js';
import type { L1Options, L1Store } from './store.js';

export type { L1Store, L1Stats, L1Options, L1Policy } from './store.js';
export { LruStore } from './lru.js';
export { TinyLfuStore } from './tinylfu.js';

/** The store for `options.policy` ('lru' by default). */
export function createL1Store<V>(options: L1Options<V> = {}): L1Store<V> {
  return options.policy === 'tinylfu' ? new TinyLfuStore<V>(options) : new LruStore<V>(options);
}
export {
  InvalidationChannel,
  TRACKING_CHANNEL,
  DEFAULT_STALE_WINDOW_MS,
  type CoherenceMode,
  type FlushReason,
  type InvalidationListener,
  type InvalidationChannelOptions,
  type ChannelStats,
} from './invalidation.js';
export { TwoTier, type TwoTierStats } from './two-tier.js';
