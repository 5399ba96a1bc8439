/** Options of one write. */
export interface SetOptions {
  /** Freshness of this entry in milliseconds, instead of the cache's `ttl`. */
  readonly ttl?: number;
  /** Runs exactly once when the entry expires, is deleted, invalidated, evicted or replaced. */
  readonly cleanup?: () => void | Promise<void>;
}
